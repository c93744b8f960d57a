"""Shared by the grpcio tests: gRPC stubs from our proto, the test rig (a real OpenBao and the Kubernetes stand-in,
via `provider-demo rig`), the driver's Mount attributes, and tmpfs targets shaped as the driver makes them."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

OBJECTS = (
    "- objectName: password\n  secretPath: secret/data/app\n  secretKey: password\n"
    "- objectName: username\n  secretPath: /v1/secret/data/app\n  secretKey: username\n  filePermission: 0600\n"
)


def generate_stubs(out_dir):
    """Builds the Python stubs from our own Protos/service.proto with grpcio-tools' protoc."""
    from grpc_tools import protoc
    code = protoc.main([
        "protoc", f"-I{ROOT}/Protos", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}",
        f"{ROOT}/Protos/service.proto",
    ])
    if code != 0:
        raise RuntimeError("protoc failed")
    sys.path.insert(0, out_dir)


class Rig:
    """OpenBao and the stand-in, run by `provider-demo rig`; `info` describes them and the demo pod."""

    def __init__(self, rig_binary, bao):
        env = dict(os.environ, BAO_BIN=bao)
        self.process = subprocess.Popen([rig_binary, "rig"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the rig did not start")
        self.info = json.loads(line)

    def request(self, line):
        """One request to the rig (`pods COUNT PREFIX`, `reviews`), answered with one JSON line."""
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)

    def attributes(self, objects=OBJECTS, **extra):
        """The `attributes` JSON the driver sends for the demo pod; `extra` overrides or adds keys."""
        info = self.info
        attributes = {
            "roleName": info["role"],
            "objects": objects,
            "secretProviderClass": "vault-app",
            "csi.storage.k8s.io/pod.name": info["pod_name"],
            "csi.storage.k8s.io/pod.namespace": info["namespace"],
            "csi.storage.k8s.io/pod.uid": info["pod_uid"],
            "csi.storage.k8s.io/serviceAccount.name": info["service_account"],
            "csi.storage.k8s.io/ephemeral": "false",
            "csi.storage.k8s.io/serviceAccount.tokens": json.dumps(
                {"vault": {"token": info["jwt"], "expirationTimestamp": "2099-01-01T00:00:00Z"}}),
        }
        attributes.update(extra)
        return json.dumps(attributes)


def start_provider(binary, socket, vault_addr, kubelet, log, extra=()):
    """The provider binary serving `socket` (debug logs into the open file `log`), once its socket exists."""
    import time
    provider = subprocess.Popen(
        [binary, "-endpoint", socket, f"-vault-addr={vault_addr}", "--kubelet-dir", kubelet, "-log-level=trace",
         "-health-addr=127.0.0.1:0", *extra],
        stdout=log, stderr=subprocess.STDOUT, env={"PATH": os.environ.get("PATH", "")})
    # A new instance takes an existing socket over: wait for the path to be a new inode.
    before = os.stat(socket).st_ino if os.path.exists(socket) else None
    deadline = time.time() + 30
    while not os.path.exists(socket) or os.stat(socket).st_ino == before:
        if time.time() > deadline or provider.poll() is not None:
            raise RuntimeError("the provider did not start: " + open(log.name).read())
        time.sleep(0.05)
    return provider


def mount_tmpfs(path):
    """Gives a target the driver's shape: a tmpfs mounted on it (the tests run as root, as CI does)."""
    os.makedirs(path)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", path], check=True)
    return path


def unmount(path):
    subprocess.run(["umount", "-l", path], check=False)
