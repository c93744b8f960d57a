#!/usr/bin/env python3
"""Image test: the provider's OCI image (`make image`) run by podman with runc, as a node runs the DaemonSet.

The container gets the provider socket directory and a kubelet directory bind-mounted (at the same path as on the
host, as the DaemonSet mounts /var/lib/kubelet/pods), host networking, a read-only root file system and no
capabilities. grpcio drives real Mounts through its socket against the test OpenBao, in both write modes; SIGTERM
must stop it with exit code 0 and remove the socket.
"""
import argparse
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

from rig import Rig, generate_stubs, mount_tmpfs, unmount

ARGS = None


def podman(*arguments, check=True):
    return subprocess.run(["podman", "--runtime=runc", *arguments], check=check, capture_output=True, text=True)


class ImageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import grpc
        cls.grpc = grpc
        cls.work = tempfile.mkdtemp(prefix="image-")
        generate_stubs(cls.work)
        import service_pb2
        import service_pb2_grpc
        cls.pb = service_pb2
        cls.rig = Rig(ARGS.rig, ARGS.bao)
        cls.kubelet = os.path.join(cls.work, "kubelet")
        os.makedirs(os.path.join(cls.kubelet, "pods"))
        # Provider mode's volume exists before the container starts, so the recursive bind mount carries it in.
        cls.volume = mount_tmpfs(os.path.join(
            cls.kubelet, "pods", cls.rig.info["pod_uid"], "volumes", "kubernetes.io~csi", "secrets", "mount"))
        cls.providers = os.path.join(cls.work, "providers")
        os.makedirs(cls.providers)
        cls.socket = os.path.join(cls.providers, "vault.sock")
        cls.name = "vault-csi-provider-test-" + uuid.uuid4().hex[:8]
        podman("run", "--detach", "--name", cls.name, "--network=host", "--read-only",
               "--cap-drop=ALL", "--security-opt=no-new-privileges",
               "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096",
               "-v", f"{cls.providers}:/provider", "-v", f"{cls.kubelet}:{cls.kubelet}",
               ARGS.image, "-endpoint=/provider/vault.sock", f"-vault-addr={cls.rig.info['vault_addr']}",
               f"-kubelet-dir={cls.kubelet}", "-health-addr=127.0.0.1:0", "-log-level=debug")
        deadline = time.time() + 30
        while not os.path.exists(cls.socket):
            state = podman("inspect", "--format", "{{.State.Status}}", cls.name, check=False).stdout.strip()
            if time.time() > deadline or state in ("exited", "stopped"):
                logs = podman("logs", cls.name, check=False)
                raise RuntimeError(f"the container did not serve ({state}): {logs.stdout}{logs.stderr}")
            time.sleep(0.1)
        cls.channel = grpc.insecure_channel("unix:" + cls.socket, options=[("grpc.default_authority", "localhost")])
        cls.stub = service_pb2_grpc.CSIDriverProviderStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        podman("rm", "--force", cls.name, check=False)
        unmount(cls.volume)
        cls.rig.stop()

    def mount(self, target):
        request = self.pb.MountRequest(attributes=self.rig.attributes(), secrets="null", target_path=target, permission="420")
        return self.stub.Mount(request, timeout=30, wait_for_ready=True)

    def test_1_version(self):
        response = self.stub.Version(self.pb.VersionRequest(version="v1alpha1"), timeout=10, wait_for_ready=True)
        self.assertEqual(response.runtime_name, "vault-csi-provider")

    def test_2_driver_mode_returns_the_files(self):
        target = os.path.join(self.kubelet, "pods", "other-uid", "volumes", "kubernetes.io~csi", "secrets", "mount")
        response = self.mount(target)
        files = {f.path: f.contents for f in response.files}
        self.assertEqual(files, {"password": self.rig.info["password"].encode(), "username": self.rig.info["username"].encode()})

    def test_3_provider_mode_writes_the_volume(self):
        response = self.mount(self.volume)
        self.assertEqual(len(response.files), 0)
        with open(os.path.join(self.volume, "password"), "rb") as f:
            self.assertEqual(f.read(), self.rig.info["password"].encode())
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.volume, "username")).st_mode), 0o600)

    def test_4_file_ownership_needs_the_capability_the_default_install_drops(self):
        objects = "- objectName: owned\n  secretPath: secret/data/app\n  secretKey: password\n  fileOwner: 1000\n"
        request = self.pb.MountRequest(attributes=self.rig.attributes(objects), secrets="null", target_path=self.volume,
                                       permission="420")
        before = sorted(os.listdir(self.volume))
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.stub.Mount(request, timeout=30, wait_for_ready=True)
        self.assertEqual(caught.exception.code(), self.grpc.StatusCode.FAILED_PRECONDITION)
        self.assertEqual(caught.exception.details(), 'object "owned": fileOwner and fileGroup need the CHOWN capability, which '
                         "this install does not grant: set the Helm chart's fileOwnership=true, or add the kustomize component "
                         "components/file-ownership")
        self.assertEqual(sorted(os.listdir(self.volume)), before, "the volume is untouched")

    def test_4b_the_drivers_own_client_library(self):
        """grpc-go, as the Secrets Store CSI driver dials the image's socket: Version with the stream limit it sees, and a
        Mount in each write mode."""
        def client(*arguments):
            result = subprocess.run([ARGS.client, "-socket", self.socket, *arguments], capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            return json.loads(result.stdout)
        version = client("version")
        self.assertEqual((version["runtime_name"], version["max_concurrent_streams"]), ("vault-csi-provider", 1024))
        for target, expected in [(os.path.join(self.kubelet, "pods", "go-uid", "volumes", "kubernetes.io~csi", "s", "mount"),
                                  {"password": self.rig.info["password"], "username": self.rig.info["username"]}),
                                 (self.volume, {})]:
            path = os.path.join(self.work, "go-request.json")
            with open(path, "w") as file:
                json.dump({"attributes": self.rig.attributes(), "target": target}, file)
            outcome = client("mount", "-request", path)
            self.assertEqual(outcome["code"], "OK", outcome)
            self.assertEqual(outcome.get("files", {}), expected)

    def test_5_sigterm_stops_it_and_removes_the_socket(self):
        stopped = podman("stop", "--time", "30", self.name)
        self.assertEqual(stopped.returncode, 0, stopped.stderr)
        code = podman("inspect", "--format", "{{.State.ExitCode}}", self.name).stdout.strip()
        self.assertEqual(code, "0", podman("logs", self.name, check=False).stderr)
        self.assertFalse(os.path.exists(self.socket), "the socket is removed on SIGTERM")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--client", required=True, help="the grpc-go client (make go-client)")
    parser.add_argument("--rig", required=True)
    parser.add_argument("--bao", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
