#!/usr/bin/env python3
"""Checks of the install artifacts: deploy/kubernetes/, the Helm chart, examples/ and deploy/demo/.

The static checks read the files; test_rendered.py renders them with the real tools (Helm, kubectl kustomize) and
validates and scans what they produce.

Run from the repository root: make deploy-test
"""
import os
import posixpath
import re
import shutil
import subprocess
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "kubernetes"
CHART = ROOT / "deploy" / "helm" / "vault-csi-provider"
DEMO = ROOT / "deploy" / "demo"
EXAMPLES = ROOT / "examples"

PROVIDERS_DIR = "/var/run/secrets-store-csi-providers"
KUBELET_PODS = "/var/lib/kubelet/pods"
NAMESPACE = "csi"
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding"}


def load_all(path):
    """Every non-empty document of a (multi-document) YAML file."""
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def manifests():
    """The plain manifests' objects: the files kustomization.yaml lists."""
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    return [obj for name in kustomization["resources"] for obj in load_all(K8S / name)]


def the(objects, kind):
    found = [obj for obj in objects if obj.get("kind") == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def container(daemonset):
    containers = daemonset["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, "the DaemonSet should run one container"
    return containers[0]


def flag(args, name):
    """The value of -name=value (or --name=value) in args."""
    values = [arg.split("=", 1)[1] for arg in args if re.fullmatch(rf"--?{re.escape(name)}=.*", arg)]
    assert len(values) == 1, f"expected one -{name}=... in {args}"
    return values[0]


def volume_with_host_path(pod_spec, host_path):
    """(volume, its mount) for the hostPath volume at host_path."""
    volumes = [v for v in pod_spec["volumes"] if v.get("hostPath", {}).get("path") == host_path]
    assert len(volumes) == 1, f"expected one hostPath volume at {host_path}"
    mounts = [m for m in pod_spec["containers"][0]["volumeMounts"] if m["name"] == volumes[0]["name"]]
    assert len(mounts) == 1, f"expected one mount of volume {volumes[0]['name']}"
    return volumes[0], mounts[0]


def spc_objects(spc):
    """A SecretProviderClass's objects (a YAML document inside a string)."""
    return yaml.safe_load(spc["spec"]["parameters"]["objects"])


class DeployTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objects = manifests()
        cls.daemonset = the(cls.objects, "DaemonSet")
        cls.container = container(cls.daemonset)
        cls.args = cls.container["args"]
        cls.pod_spec = cls.daemonset["spec"]["template"]["spec"]
        cls.values = yaml.safe_load((CHART / "values.yaml").read_text())
        cls.templates = {p.name: p.read_text() for p in sorted((CHART / "templates").glob("*.yaml"))}

    def test_yaml_files_parse(self):
        files = sorted(K8S.glob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml")) + sorted(DEMO.glob("*.yaml"))
        files += [CHART / "Chart.yaml", CHART / "values.yaml"]
        self.assertGreater(len(files), 10)
        for path in files:
            with self.subTest(file=str(path.relative_to(ROOT))):
                documents = load_all(path)
                self.assertTrue(documents, "empty")
                for doc in documents:
                    self.assertIsInstance(doc, dict)
        # Every Kubernetes object file in deploy/kubernetes/ is one that kubectl apply -k applies.
        listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
        for path in sorted(K8S.glob("*.yaml")):
            if path.name in ("kustomization.yaml", "csi-driver-values.yaml"):
                continue
            self.assertIn(path.name, listed, f"{path.name} is missing from kustomization.yaml")

    def test_namespaced_objects_are_in_csi(self):
        self.assertEqual(the(self.objects, "Namespace")["metadata"]["name"], NAMESPACE)
        for obj in self.objects:
            with self.subTest(kind=obj["kind"], name=obj["metadata"]["name"]):
                if obj["kind"] in CLUSTER_SCOPED:
                    self.assertNotIn("namespace", obj["metadata"])
                else:
                    self.assertEqual(obj["metadata"].get("namespace"), NAMESPACE)
                for subject in obj.get("subjects", []):
                    self.assertEqual(subject.get("namespace"), NAMESPACE)
        self.assertEqual(the(self.objects, "Role")["metadata"].get("namespace"), NAMESPACE)

    def test_socket_is_in_the_providers_directory(self):
        endpoint = flag(self.args, "endpoint")
        _, mount = volume_with_host_path(self.pod_spec, PROVIDERS_DIR)
        directory, name = posixpath.split(endpoint)
        self.assertEqual(directory, mount["mountPath"].rstrip("/"))
        self.assertEqual(name, "vault.sock")

    def test_kubelet_pods_volume(self):
        volume, mount = volume_with_host_path(self.pod_spec, KUBELET_PODS)
        self.assertEqual(mount["mountPath"], volume["hostPath"]["path"])
        self.assertEqual(mount.get("mountPropagation"), "HostToContainer")

    def test_probes_use_the_health_port(self):
        port = int(flag(self.args, "health-addr").rsplit(":", 1)[1])
        named = {p["name"]: p["containerPort"] for p in self.container["ports"] if "name" in p}
        for probe, path in (("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live")):
            with self.subTest(probe=probe):
                get = self.container[probe]["httpGet"]
                self.assertEqual(get["path"], path)
                self.assertEqual(named.get(get["port"], get["port"]), port)

    def test_security_context(self):
        context = self.container["securityContext"]
        self.assertIs(context.get("readOnlyRootFilesystem"), True)
        self.assertIs(context.get("allowPrivilegeEscalation"), False)
        self.assertEqual(context["capabilities"].get("drop"), ["ALL"])
        self.assertNotIn("add", context["capabilities"], "CHOWN is opt-in: components/file-ownership")

    def test_chart_has_a_template_for_every_kind(self):
        kinds = {obj["kind"] for obj in self.objects} - {"Namespace"}  # helm install --create-namespace
        for kind in sorted(kinds):
            with self.subTest(kind=kind):
                having = [n for n, t in self.templates.items() if re.search(rf"^kind: {kind}\s*$", t, re.MULTILINE)]
                self.assertTrue(having, f"no template has kind: {kind}")
                for name in having:
                    if kind not in CLUSTER_SCOPED:
                        self.assertIn("namespace: {{ .Release.Namespace }}", self.templates[name], name)

    def test_csi_driver_values(self):
        values = yaml.safe_load((K8S / "csi-driver-values.yaml").read_text())
        self.assertIn({"audience": "vault"}, values["tokenRequests"])
        self.assertIs(values["enableSecretRotation"], True)
        self.assertTrue(values["rotationPollInterval"])
        self.assertIs(values["syncSecret"]["enabled"], True)

    def test_examples_are_consistent(self):
        documents = [d for p in sorted(EXAMPLES.glob("*.yaml")) + sorted(DEMO.glob("*.yaml")) for d in load_all(p)]
        classes = {d["metadata"]["name"]: d for d in documents if d["kind"] == "SecretProviderClass"}
        synced = set()
        for name, spc in classes.items():
            with self.subTest(secretProviderClass=name):
                self.assertEqual(spc["spec"]["provider"], "vault")
                self.assertTrue(spc["spec"]["parameters"]["roleName"])
                object_names = [o["objectName"] for o in spc_objects(spc)]
                self.assertEqual(len(object_names), len(set(object_names)), "duplicate objectName")
                for secret in spc["spec"].get("secretObjects", []):
                    synced.add(secret["secretName"])
                    for item in secret["data"]:
                        self.assertIn(item["objectName"], object_names)
        for deployment in (d for d in documents if d["kind"] == "Deployment"):
            pod = deployment["spec"]["template"]["spec"]
            with self.subTest(deployment=deployment["metadata"]["name"]):
                for volume in pod["volumes"]:
                    self.assertEqual(volume["csi"]["driver"], "secrets-store.csi.k8s.io")
                    self.assertIs(volume["csi"]["readOnly"], True)
                    self.assertIn(volume["csi"]["volumeAttributes"]["secretProviderClass"], sorted(classes))
                for env in (e for c in pod["containers"] for e in c.get("env", [])):
                    self.assertIn(env["valueFrom"]["secretKeyRef"]["name"], synced)

    def test_idle_wakeups_script_passes_shellcheck(self):
        # Tests/idle-wakeups.sh measures the figures of docs/benchmarks.md's "Idle wake-ups".
        if shutil.which("shellcheck") is None:
            self.fail("shellcheck is not installed: install Debian's shellcheck (apt-get install -y shellcheck)")
        result = subprocess.run(["shellcheck", "Tests/idle-wakeups.sh"], cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_demo_scripts_pass_shellcheck(self):
        scripts = sorted(DEMO.glob("*.sh"))
        self.assertTrue(scripts)
        if shutil.which("shellcheck") is None:
            self.fail("shellcheck is not installed: install Debian's shellcheck (apt-get install -y shellcheck)")
        result = subprocess.run(["shellcheck", "-x", *map(str, scripts)], cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        for script in scripts:
            if script.name == "lib.sh":
                continue
            with self.subTest(script=script.name):
                self.assertIn("set -euo pipefail", script.read_text())
                self.assertTrue(os.access(script, os.X_OK), "not executable")


from test_rendered import RenderedDeployTests  # noqa: E402,F401  (run with the static checks)

if __name__ == "__main__":
    unittest.main(verbosity=2)
