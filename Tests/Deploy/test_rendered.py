"""The install artifacts as the real tools produce them: Helm lints and renders the chart (defaults, every option
on, driver mode), kubectl kustomize builds the manifests and their components; kubernetes-validate checks every
object for the oldest and newest supported Kubernetes, checkov scans them and the Dockerfiles. Each tool is also
shown failing on an input that breaks its rule, so a check that cannot fail would be noticed.

The tools come from .venv-tools (make deploy-test sets TOOLS to its bin folder).
"""
import copy
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "vault-csi-provider"
K8S = ROOT / "deploy" / "kubernetes"
HERE = Path(__file__).resolve().parent
TOOLS = Path(os.environ.get("TOOLS", ROOT / ".venv-tools" / "bin"))
KUBERNETES_VERSIONS = ["1.28.0", "1.35.0"]
# Custom resources kubernetes-validate has no schema for: checked by hand below instead.
CUSTOM_KINDS = {"ServiceMonitor": "the Prometheus Operator's CRD schema is not among kubernetes-validate's schemas"}
DOCKERFILES = [ROOT / "Dockerfile", ROOT / "deploy" / "image" / "Dockerfile"]


def run(*command, check=True):
    result = subprocess.run([str(c) for c in command], cwd=ROOT, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def documents(text):
    return [d for d in yaml.safe_load_all(text) if d]


def helm_template(*arguments):
    return documents(run(TOOLS / "helm", "template", "vault-csi-provider", CHART, "--namespace", "csi", *arguments).stdout)


def kustomize(path):
    return documents(run(TOOLS / "kubectl", "kustomize", path).stdout)


def by_kind(objects, kind):
    found = [o for o in objects if o["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def pod_spec(objects):
    return by_kind(objects, "DaemonSet")["spec"]["template"]["spec"]


def host_paths(objects):
    return sorted(v["hostPath"]["path"] for v in pod_spec(objects)["volumes"] if "hostPath" in v)


def without_helm_metadata(obj):
    """The object without what only Helm adds (its labels), so the chart and the manifests compare equal."""
    obj = copy.deepcopy(obj)
    for metadata in [obj["metadata"], obj.get("spec", {}).get("template", {}).get("metadata", {})]:
        labels = metadata.get("labels", {})
        for key in ("app.kubernetes.io/instance", "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "helm.sh/chart"):
            labels.pop(key, None)
    selector = obj.get("spec", {}).get("selector", {})
    if isinstance(selector, dict):
        selector.get("matchLabels", selector).pop("app.kubernetes.io/instance", None)
    for subject in obj.get("subjects", []):
        subject.pop("apiGroup", None)
    return obj


class RenderedDeployTests(unittest.TestCase):
    """What users deploy, as Helm and kustomize render it."""

    @classmethod
    def setUpClass(cls):
        cls.renders = {
            "chart defaults": helm_template(),
            "chart, every option": helm_template("-f", HERE / "all-options-values.yaml", "--api-versions", "monitoring.coreos.com/v1"),
            "chart, driver mode": helm_template("--set", "writeMode=driver"),
            "chart, OpenBao": helm_template("-f", CHART / "values-openbao.yaml", "--set", "vault.address=https://openbao:8200"),
            "manifests": kustomize(K8S),
            "manifests + driver-mode": kustomize(HERE / "kustomize" / "driver-mode"),
            "manifests + file-ownership": kustomize(HERE / "kustomize" / "file-ownership"),
            "manifests + openbao": kustomize(HERE / "kustomize" / "openbao"),
        }
        cls.scratch = tempfile.mkdtemp(prefix="rendered-")

    def write(self, name, objects):
        path = Path(self.scratch) / (name.replace(" ", "-").replace(",", "").replace("+", "plus") + ".yaml")
        path.write_text(yaml.safe_dump_all(objects, sort_keys=False))
        return path

    def test_helm_lint_strict(self):
        run(TOOLS / "helm", "lint", "--strict", CHART)
        run(TOOLS / "helm", "lint", "--strict", CHART, "-f", HERE / "all-options-values.yaml")

    def test_values_schema_refuses_bad_values(self):
        for bad in ("writeMode=bogus", "healthPort=0", "unknownOption=1", "vault.address=vault:8200",
                    "allowedVaultAddresses={vault.example.com}", "allowedTLSDirs={tls}", "maxMountBytes=1024"):
            with self.subTest(value=bad):
                result = run(TOOLS / "helm", "template", "x", CHART, "--set", bad, check=False)
                self.assertNotEqual(result.returncode, 0, bad)
                self.assertIn("values don't meet the specifications of the schema", result.stderr)

    def test_chart_defaults_render_the_manifests(self):
        """The chart's defaults and deploy/kubernetes describe the same objects (the Namespace aside: see README)."""
        chart = {(o["kind"], o["metadata"]["name"]): without_helm_metadata(o) for o in self.renders["chart defaults"]}
        manifests = {(o["kind"], o["metadata"]["name"]): o for o in self.renders["manifests"] if o["kind"] != "Namespace"}
        self.assertEqual(sorted(chart), sorted(manifests))
        for key in sorted(chart):
            with self.subTest(object=key):
                self.assertEqual(chart[key], manifests[key])

    def test_the_pod_watch_has_its_node_and_its_permissions(self):
        """NODE_NAME from the downward API, and get/list/watch on pods: the watch behind renewal and revocation."""
        for name in ("chart defaults", "manifests", "chart, every option"):
            with self.subTest(render=name):
                objects = self.renders[name]
                env = pod_spec(objects)["containers"][0]["env"]
                self.assertIn({"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}, env)
                rules = by_kind(objects, "ClusterRole")["rules"]
                self.assertIn({"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}, rules)

    def test_every_option_reaches_the_objects(self):
        objects = self.renders["chart, every option"]
        spec = pod_spec(objects)
        container = spec["containers"][0]
        args = container["args"]
        for arg in ("-write-mode=provider", "-log-level=debug", "-log-format=text", "-health-addr=:9090",
                    "-vault-namespace=team-a", "-vault-mount=kubernetes-prod", "-vault-addresses-share-tokens=false", "-vault-tls-ca-cert=/vault/tls/ca.pem",
                    "-vault-tls-skip-verify", "-cache-size=2000", "-hmac-secret-name=custom-hmac-key",
                    "-kubelet-dir=/var/lib/k0s/kubelet", "-max-concurrent-reads=32", "-max-concurrent-vault-requests=128",
                    "-revoke-on-pod-delete=false",
                    "-allowed-vault-addresses=https://vault.example.com:8200,https://vault-dr.example.com",
                    "-allowed-audiences=vault,vault-team-a", "-max-mount-bytes=33554432",
                    "-lease-renew-fraction=5/6", "-token-renew-fraction=0.75", "-allow-node-publish-secret-auth"):
            self.assertIn(arg, args)
        # One -allowed-tls-dir per entry, in order (a list replaces the provider's default, /vault/tls).
        self.assertEqual([a for a in args if a.startswith("-allowed-tls-dir")],
                         ["-allowed-tls-dir=/vault/tls", "-allowed-tls-dir=/etc/extra-ca"])
        self.assertEqual(container["securityContext"]["capabilities"]["add"], ["CHOWN"], "fileOwnership adds CHOWN")
        self.assertIn("checkov.io/skip7", by_kind(objects, "DaemonSet")["metadata"]["annotations"])
        self.assertEqual(host_paths(objects), ["/etc/kubernetes/secrets-store-csi-providers", "/var/lib/k0s/kubelet/pods"])
        self.assertEqual(spec["priorityClassName"], "system-cluster-critical")
        quota = by_kind(objects, "ResourceQuota")
        self.assertEqual(quota["spec"]["scopeSelector"]["matchExpressions"][0]["values"], ["system-cluster-critical"])
        self.assertEqual(container["readinessProbe"]["failureThreshold"], 6)
        self.assertEqual(spec["securityContext"]["fsGroup"], 0)
        self.assertIn({"name": "extra-ca", "mountPath": "/etc/extra-ca", "readOnly": True}, container["volumeMounts"])
        monitor = by_kind(objects, "ServiceMonitor")
        service = by_kind(objects, "Service")
        self.assertEqual(monitor["spec"]["endpoints"][0]["port"], "health")
        self.assertEqual(service["spec"]["selector"], by_kind(objects, "DaemonSet")["spec"]["selector"]["matchLabels"])

    def test_file_ownership_cannot_be_asked_of_driver_mode(self):
        result = run(TOOLS / "helm", "template", "x", CHART, "--set", "fileOwnership=true", "--set", "writeMode=driver", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("fileOwnership needs writeMode auto or provider", result.stderr)

    def test_the_openbao_forks_install(self):
        """As the fork installs its provider: openbao.sock, its HMAC key Secret, uid 1000 owning the providers
        directory, driver mode without the kubelet mount, BAO_ADDR."""
        for name in ("chart, OpenBao", "manifests + openbao"):
            with self.subTest(render=name):
                objects = self.renders[name]
                spec = pod_spec(objects)
                container = spec["containers"][0]
                self.assertIn("-endpoint=/provider/openbao.sock", container["args"])
                self.assertIn("-write-mode=driver", container["args"])
                self.assertEqual(host_paths(objects), ["/var/run/secrets-store-csi-providers"])
                self.assertEqual(container["securityContext"]["runAsUser"], 1000)
                self.assertIs(container["securityContext"]["runAsNonRoot"], True)
                self.assertEqual([e["name"] for e in container["env"]], ["NODE_NAME", "BAO_ADDR"])
                init = spec["initContainers"][0]
                self.assertEqual(init["command"], ["chown", "1000:1000", "/provider"])
                self.assertEqual(init["volumeMounts"], [{"name": "providervol", "mountPath": "/provider"}])
                self.assertEqual(by_kind(objects, "Role")["rules"][0]["resourceNames"], ["openbao-csi-provider-hmac-key"])
        # The socket's name alone is enough: the Role follows the provider's default for it.
        alone = helm_template("--set", "socketName=openbao.sock")
        self.assertEqual(by_kind(alone, "Role")["rules"][0]["resourceNames"], ["openbao-csi-provider-hmac-key"])
        self.assertFalse([a for a in pod_spec(alone)["containers"][0]["args"] if a.startswith("-hmac-secret-name")])

    def test_service_monitor_needs_the_prometheus_operator(self):
        """Enabled without the operator's API, the chart renders neither the ServiceMonitor nor its Service."""
        objects = helm_template("--set", "serviceMonitor.enabled=true")
        self.assertEqual([o for o in objects if o["kind"] in ("ServiceMonitor", "Service")], [])

    def test_driver_mode_has_no_access_to_pod_volumes(self):
        for name in ("chart, driver mode", "manifests + driver-mode"):
            with self.subTest(render=name):
                objects = self.renders[name]
                self.assertEqual(host_paths(objects), ["/var/run/secrets-store-csi-providers"])
                container = pod_spec(objects)["containers"][0]
                self.assertIn("-write-mode=driver", container["args"])
                self.assertNotIn("add", container["securityContext"]["capabilities"])

    def test_pod_security_and_priority(self):
        namespace = by_kind(self.renders["manifests"], "Namespace")
        self.assertEqual(namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"], "privileged")
        for name in ("chart defaults", "manifests"):
            with self.subTest(render=name):
                objects = self.renders[name]
                self.assertEqual(pod_spec(objects)["priorityClassName"], "system-node-critical")
                quota = by_kind(objects, "ResourceQuota")
                self.assertEqual(quota["spec"]["scopeSelector"]["matchExpressions"][0]["values"], ["system-node-critical"])
        without = helm_template("--set", "priorityClassName=")
        self.assertNotIn("priorityClassName", pod_spec(without))
        self.assertEqual([o for o in without if o["kind"] == "ResourceQuota"], [])

    def test_kubernetes_validate_strict(self):
        for name, objects in self.renders.items():
            path = self.write(name, [o for o in objects if o["kind"] not in CUSTOM_KINDS])
            for version in KUBERNETES_VERSIONS:
                with self.subTest(render=name, kubernetes=version):
                    result = run(TOOLS / "kubernetes-validate", "--strict", "--quiet", "-k", version, path, check=False)
                    self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                    self.assertNotIn("ERROR", result.stdout + result.stderr)

    def test_kubernetes_validate_refuses_a_broken_daemonset(self):
        broken = copy.deepcopy(self.renders["manifests"])
        pod_spec(broken)["containers"][0]["securityContext"]["readOnlyRootFilesytem"] = True  # misspelt field
        path = self.write("broken", broken)
        result = run(TOOLS / "kubernetes-validate", "--strict", "--quiet", "-k", KUBERNETES_VERSIONS[0], path, check=False)
        self.assertNotEqual(result.returncode, 0, result.stdout)

    def checkov(self, path, framework):
        return run(TOOLS / "checkov", "--file", path, "--framework", framework, "--compact", "--quiet", "--skip-download",
                   check=False)

    def test_checkov_passes_every_manifest_and_dockerfile(self):
        for name, objects in self.renders.items():
            with self.subTest(render=name):
                result = self.checkov(self.write(name, objects), "kubernetes")
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                self.assertIn("Failed checks: 0", result.stdout)
        for dockerfile in DOCKERFILES:
            with self.subTest(dockerfile=str(dockerfile.relative_to(ROOT))):
                result = self.checkov(dockerfile, "dockerfile")
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                self.assertIn("Failed checks: 0", result.stdout)

    def test_checkov_fails_without_the_reasoned_skips(self):
        unskipped = copy.deepcopy(self.renders["manifests"])
        by_kind(unskipped, "DaemonSet")["metadata"].pop("annotations")
        result = self.checkov(self.write("unskipped", unskipped), "kubernetes")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CKV_K8S_23", result.stdout)
        for obj in self.renders["manifests"] + self.renders["chart defaults"]:
            for key, value in obj["metadata"].get("annotations", {}).items():
                if key.startswith("checkov.io/skip"):
                    check, _, reason = value.partition("=")
                    self.assertGreater(len(reason.split()), 4, f"{check} is skipped without a reason")


if __name__ == "__main__":
    unittest.main(verbosity=2)
