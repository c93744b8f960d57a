#!/usr/bin/env python3
"""Interop test with the driver's own client library: grpc-go (Debian's golang-google-grpc-dev, built by
Tests/Interop/go/build.sh) drives the provider binary's socket over one ClientConn, as the Secrets Store CSI driver
does, against the test rig's real OpenBao. The Go program prints each outcome as JSON; this file checks them.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from rig import OBJECTS, Rig, mount_tmpfs, start_provider, unmount

ARGS = None


class GoClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="go-client-")
        cls.rig = Rig(ARGS.rig, ARGS.bao)
        cls.info = cls.rig.info
        cls.kubelet = os.path.join(cls.work, "kubelet")
        os.makedirs(os.path.join(cls.kubelet, "pods"))
        cls.socket = os.path.join(cls.work, "providers", "vault.sock")
        cls.log = open(os.path.join(cls.work, "provider.log"), "w")
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        cls.health = f"127.0.0.1:{probe.getsockname()[1]}"
        probe.close()
        cls.provider = start_provider(ARGS.provider, cls.socket, cls.info["vault_addr"], cls.kubelet, cls.log,
                                      extra=[f"-health-addr={cls.health}"])
        cls.mounted = []

    @classmethod
    def tearDownClass(cls):
        for point in reversed(cls.mounted):
            unmount(point)
        cls.provider.terminate()
        cls.provider.wait(timeout=30)
        cls.log.close()
        cls.rig.stop()

    def client(self, *arguments):
        """One run of the Go client: its JSON answer."""
        result = subprocess.run([ARGS.client, "-socket", self.socket, *arguments], capture_output=True, text=True, timeout=180)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def mount(self, target, objects=OBJECTS, timeout_ms=30000, **extra):
        path = os.path.join(self.work, "request.json")
        with open(path, "w") as file:
            json.dump({"attributes": self.rig.attributes(objects, **extra), "target": target, "timeout_ms": timeout_ms}, file)
        return self.client("mount", "-request", path)

    def test_version_and_the_stream_limit_grpc_go_sees(self):
        answer = self.client("version")
        self.assertEqual(answer["version"], "v1alpha1")
        self.assertEqual(answer["runtime_name"], "vault-csi-provider")
        print(f"\n  grpc-go saw SETTINGS_MAX_CONCURRENT_STREAMS = {answer['max_concurrent_streams']}", file=sys.stderr)
        self.assertEqual(answer["max_concurrent_streams"], 1024)

    def test_driver_mode_returns_the_files(self):
        outcome = self.mount(os.path.join(self.work, "absent", "target"))
        self.assertEqual(outcome["code"], "OK", outcome)
        self.assertEqual(outcome["files"], {"password": self.info["password"], "username": self.info["username"]})
        self.assertEqual(outcome["versions"], 2)

    def test_provider_mode_writes_the_tmpfs_volume(self):
        target = mount_tmpfs(os.path.join(self.kubelet, "pods", self.info["pod_uid"], "volumes", "kubernetes.io~csi", "go", "mount"))
        self.mounted.append(target)
        outcome = self.mount(target)
        self.assertEqual(outcome["code"], "OK", outcome)
        self.assertEqual(outcome.get("files", {}), {}, "the provider wrote the files itself")
        with open(os.path.join(target, "password")) as file:
            self.assertEqual(file.read(), self.info["password"])

    def test_a_bad_class_surfaces_as_the_driver_shows_it(self):
        nowhere = os.path.join(self.work, "nowhere")
        outcome = self.mount(nowhere, roleName="")
        self.assertEqual((outcome["code"], outcome["message"]), ("InvalidArgument", "missing 'roleName' in SecretProviderClass definition"))
        missing = OBJECTS + "- objectName: missing\n  secretPath: secret/data/app\n  secretKey: nope\n"
        outcome = self.mount(nowhere, objects=missing)
        self.assertEqual(outcome["code"], "NotFound", outcome)
        self.assertIn('couldn\'t read secret "missing"', outcome["message"])

    def test_1024_concurrent_mounts_over_one_client_conn(self):
        pods = self.rig.request("pods 1024 go")["pods"]
        requests = [{"attributes": self.rig.attributes(OBJECTS, **{
            "csi.storage.k8s.io/pod.name": pod["name"], "csi.storage.k8s.io/pod.uid": pod["uid"],
            "csi.storage.k8s.io/serviceAccount.tokens": json.dumps(
                {"vault": {"token": pod["jwt"], "expirationTimestamp": "2099-01-01T00:00:00Z"}})}),
            "target": os.path.join(self.work, "absent", pod["uid"]), "timeout_ms": 110000} for pod in pods]
        path = os.path.join(self.work, "requests.json")
        with open(path, "w") as file:
            json.dump(requests, file)
        answer = self.client("mounts", "-requests", path)
        failures = [outcome for outcome in answer["outcomes"] if outcome["code"] != "OK"]
        print(f"\n  1024 Mounts over one grpc-go ClientConn in {answer['ms']} ms; "
              f"stream limit seen: {answer['max_concurrent_streams']}", file=sys.stderr)
        self.assertEqual(len(failures), 0, f"{len(failures)} failed, first: {failures[:3]}")
        self.assertEqual(answer["max_concurrent_streams"], 1024)

    def test_a_deadline_shorter_than_a_silent_vault_is_deadline_exceeded_in_time(self):
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        try:
            address = f"http://127.0.0.1:{silent.getsockname()[1]}"
            outcome = self.mount(os.path.join(self.work, "nowhere"), timeout_ms=1500, vaultAddress=address)
            self.assertEqual(outcome["code"], "DeadlineExceeded", outcome)
            self.assertLess(outcome["ms"], 2500, "the call ends at its grpc-timeout")
        finally:
            silent.close()

    def descriptors(self):
        """What the provider's descriptors point at (for a failure's message)."""
        folder = f"/proc/{self.provider.pid}/fd"
        return sorted(os.readlink(os.path.join(folder, name)) for name in os.listdir(folder))

    def provider_figures(self):
        """Open descriptors and Mounts in flight (the `vault_csi_provider_mounts_in_flight` gauge)."""
        descriptors = len(os.listdir(f"/proc/{self.provider.pid}/fd"))
        with urllib.request.urlopen(f"http://{self.health}/metrics", timeout=5) as answer:
            metrics = answer.read().decode()
        in_flight = next(float(line.split()[-1]) for line in metrics.splitlines()
                         if line.startswith("vault_csi_provider_mounts_in_flight"))
        return descriptors, in_flight

    def test_mounts_cancelled_by_a_client_that_goes_away_leave_nothing_behind(self):
        """The driver gives up (its pod went away): grpc-go cancels 50 Mounts stuck on a Vault that never answers and
        closes the connection. The calls return at once, and the provider drops the work: descriptors and Mounts in
        flight come back to their idle figures."""
        self.mount(os.path.join(self.work, "absent", "warm"))  # Clients and connections the steady state keeps.
        self.provider_figures()  # Reading /metrics once, as every later reading does.
        time.sleep(0.5)
        idle_descriptors, idle_in_flight = self.provider_figures()
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(256)
        try:
            address = f"http://127.0.0.1:{silent.getsockname()[1]}"
            requests = [{"attributes": self.rig.attributes(OBJECTS, vaultAddress=address),
                         "target": os.path.join(self.work, "absent", f"abandoned-{index}")} for index in range(50)]
            path = os.path.join(self.work, "abandon.json")
            with open(path, "w") as file:
                json.dump(requests, file)
            answer = self.client("abandon", "-requests", path, "-after", "1s")
            self.assertEqual(set(answer["codes"]), {"Canceled"}, answer["codes"][:3])
            self.assertLess(answer["returned_ms"], 1000, "the client's calls return once cancelled")
            # The silent Vault goes too (as a dead server's address would): a connection it still holds is reset.
            silent.close()
            deadline = time.time() + 15
            while self.provider_figures() != (idle_descriptors, idle_in_flight) and time.time() < deadline:
                time.sleep(0.2)
            self.assertEqual(self.provider_figures(), (idle_descriptors, idle_in_flight),
                             f"back to the idle figures; open now: {self.descriptors()}")
        finally:
            silent.close()

    def test_zz_the_provider_restarted_under_an_open_connection(self):
        """A new instance takes the socket over (a rolling update); the old one goes; grpc-go reconnects."""
        client = subprocess.Popen([ARGS.client, "-socket", self.socket, "restart"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        first = json.loads(client.stdout.readline())
        self.assertEqual(first["version"], "v1alpha1")
        replacement = start_provider(ARGS.provider, self.socket, self.info["vault_addr"], self.kubelet, self.log)
        self.provider.send_signal(signal.SIGTERM)
        self.provider.wait(timeout=30)
        type(self).provider = replacement
        client.stdin.write("go\n")
        client.stdin.flush()
        second = json.loads(client.stdout.readline())
        client.communicate(timeout=30)
        self.assertEqual(second.get("version"), "v1alpha1", second)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--provider", required=True)
    parser.add_argument("--client", required=True)
    parser.add_argument("--rig", required=True)
    parser.add_argument("--bao", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
