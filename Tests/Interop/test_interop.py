#!/usr/bin/env python3
"""Interop test: drive the provider's Unix socket with gRPC's C core (Python grpcio), as the Go driver does.

It starts the test rig (a real OpenBao and the Kubernetes stand-in, via `provider-demo rig`), then the
provider binary, and checks Version and Mount in both write modes against the real Vault.
"""
import argparse
import json
import os
import stat
import sys
import tempfile
import unittest

from rig import OBJECTS, Rig, generate_stubs, mount_tmpfs, start_provider, unmount

ARGS = None


class InteropTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import grpc
        cls.grpc = grpc
        cls.work = tempfile.mkdtemp(prefix="interop-")
        generate_stubs(cls.work)
        import service_pb2
        import service_pb2_grpc
        cls.pb = service_pb2
        cls.rig = Rig(ARGS.rig, ARGS.bao)
        cls.info = cls.rig.info
        cls.kubelet = os.path.join(cls.work, "kubelet")
        os.makedirs(os.path.join(cls.kubelet, "pods"))
        cls.socket = os.path.join(cls.work, "providers", "vault.sock")
        cls.log_path = os.path.join(cls.work, "provider.log")
        cls.log = open(cls.log_path, "w")
        cls.provider = start_provider(ARGS.provider, cls.socket, cls.info["vault_addr"], cls.kubelet, cls.log)
        cls.channel = grpc.insecure_channel("unix:" + cls.socket, options=[("grpc.default_authority", "localhost")])
        cls.stub = service_pb2_grpc.CSIDriverProviderStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        for point in reversed(cls.mounted):
            unmount(point)
        cls.channel.close()
        cls.provider.terminate()
        cls.provider.wait(timeout=30)
        cls.rig.stop()
        cls.log.close()

    def attributes(self, objects, **extra):
        return self.rig.attributes(objects, **extra)

    OBJECTS = OBJECTS

    mounted = []

    @classmethod
    def tmpfs(cls, path):
        cls.mounted.append(mount_tmpfs(path))
        return path

    def rig_request(self, line):
        return self.rig.request(line)

    def pod_attributes(self, pod):
        return self.attributes(self.OBJECTS, **{
            "csi.storage.k8s.io/pod.name": pod["name"], "csi.storage.k8s.io/pod.uid": pod["uid"],
            "csi.storage.k8s.io/serviceAccount.tokens": json.dumps(
                {"vault": {"token": pod["jwt"], "expirationTimestamp": "2099-01-01T00:00:00Z"}})})

    def mount_pods_at_once(self, stub, pods):
        """One Mount per pod, all started before any answer; returns the failures."""
        calls = [stub.Mount.future(self.pb.MountRequest(
            attributes=self.pod_attributes(pod), secrets="null", permission="420",
            target_path=os.path.join(self.work, "absent", pod["uid"])), timeout=110, wait_for_ready=True) for pod in pods]
        failures = []
        for call in calls:
            try:
                files = {f.path: f.contents for f in call.result().files}
                if files.get("password") != self.info["password"].encode():
                    failures.append("wrong files")
            except self.grpc.RpcError as error:
                failures.append(f"{error.code()}: {error.details()}")
        return failures

    def test_node_scale_1024_pods_over_one_channel(self):
        """Every pod's Mount over the one channel, 1024 at once: none lost, one login each."""
        pods = self.rig_request("pods 1024 node")["pods"]
        reviews = self.rig_request("reviews")["token_reviews"]
        failures = self.mount_pods_at_once(self.stub, pods)
        self.assertEqual(len(failures), 0, f"{len(failures)} of 1024 failed, first: {failures[:3]}")
        self.assertEqual(self.rig_request("reviews")["token_reviews"] - reviews, 1024, "one login per pod")

    def test_burst_on_a_brand_new_channel(self):
        """A node that boots with its pods: 300 Mounts sent the moment a new connection opens."""
        import service_pb2_grpc
        pods = self.rig_request("pods 300 boot")["pods"]
        channel = self.grpc.insecure_channel("unix:" + self.socket, options=[("grpc.default_authority", "localhost")])
        try:
            failures = self.mount_pods_at_once(service_pb2_grpc.CSIDriverProviderStub(channel), pods)
        finally:
            channel.close()
        self.assertEqual(len(failures), 0, f"{len(failures)} of 300 failed, first: {failures[:3]}")

    def test_plain_directory_goes_back_to_the_driver(self):
        """Broken mount propagation: a plain directory is not the driver's volume; nothing lands on the node's disk."""
        target = os.path.join(self.kubelet, "pods", self.info["pod_uid"], "volumes", "kubernetes.io~csi", "plain", "mount")
        os.makedirs(target)
        response = self.mount(target)
        self.assertEqual(sorted(f.path for f in response.files), ["password", "username"])
        self.assertEqual(os.listdir(target), [])

    def mount(self, target, objects=OBJECTS, **extra):
        request = self.pb.MountRequest(
            attributes=self.attributes(objects, **extra), secrets="null", target_path=target, permission="420")
        return self.stub.Mount(request, timeout=30, wait_for_ready=True)

    def test_version(self):
        response = self.stub.Version(self.pb.VersionRequest(version="v1alpha1"), timeout=5, wait_for_ready=True)
        self.assertEqual(response.version, "v1alpha1")
        self.assertEqual(response.runtime_name, "vault-csi-provider")
        self.assertRegex(response.runtime_version, r"^\d+\.\d+\.\d+")

    def test_socket_is_private(self):
        mode = stat.S_IMODE(os.stat(self.socket).st_mode)
        self.assertEqual(mode & 0o077, 0, oct(mode))

    def test_driver_mode_returns_files(self):
        response = self.mount(os.path.join(self.work, "not-a-directory-yet"))
        files = {f.path: f for f in response.files}
        self.assertEqual(sorted(files), ["password", "username"])
        self.assertEqual(files["password"].contents, self.info["password"].encode())
        self.assertEqual(files["password"].mode, 0o644)
        self.assertEqual(files["username"].contents, self.info["username"].encode())
        self.assertEqual(files["username"].mode, 0o600)
        self.assertEqual(sorted(v.id for v in response.object_version), ["password", "username"])
        self.assertTrue(all(v.version for v in response.object_version))

    def test_provider_mode_writes_atomically(self):
        target = self.tmpfs(os.path.join(self.kubelet, "pods", self.info["pod_uid"], "volumes", "kubernetes.io~csi", "secrets", "mount"))
        response = self.mount(target)
        self.assertEqual(len(response.files), 0)
        self.assertEqual(len(response.object_version), 2)
        with open(os.path.join(target, "password"), "rb") as f:
            self.assertEqual(f.read(), self.info["password"].encode())
        self.assertEqual(os.readlink(os.path.join(target, "password")), "..data/password")
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(target, "username")).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(target, "password")).st_mode), 0o644)
        before = sorted(os.listdir(target))

        # A failing mount (a missing key) leaves the volume exactly as it was.
        bad = self.OBJECTS + "- objectName: missing\n  secretPath: secret/data/app\n  secretKey: nope\n"
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.mount(target, objects=bad)
        self.assertEqual(caught.exception.code(), self.grpc.StatusCode.NOT_FOUND)
        self.assertIn('couldn\'t read secret "missing"', caught.exception.details())
        self.assertIn('key "nope" does not exist', caught.exception.details())
        self.assertEqual(sorted(os.listdir(target)), before)

    def test_target_outside_kubelet_pods_is_refused(self):
        outside = tempfile.mkdtemp(prefix="outside-")
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.mount(outside)
        self.assertEqual(caught.exception.code(), self.grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(os.listdir(outside), [])

    def test_errors_keep_the_reference_wording(self):
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.mount(os.path.join(self.work, "nowhere"), roleName="")
        self.assertEqual(caught.exception.code(), self.grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(caught.exception.details(), "missing 'roleName' in SecretProviderClass definition")
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.mount(os.path.join(self.work, "nowhere"), roleName="other-role")
        self.assertIn(caught.exception.code(), (self.grpc.StatusCode.INVALID_ARGUMENT, self.grpc.StatusCode.PERMISSION_DENIED))
        self.assertIn("failed to login", caught.exception.details())

    def test_zz_logs_hold_no_secrets(self):
        self.log.flush()
        with open(self.log_path) as f:
            text = f.read()
        self.assertIn('"message":"mount succeeded"', text)
        self.assertIn('"level":"trace"', text, "the provider logs at trace level in this test")
        for secret in (self.info["password"], self.info["jwt"]):
            self.assertNotIn(secret, text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--provider", required=True)
    parser.add_argument("--rig", required=True)
    parser.add_argument("--bao", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
