#!/usr/bin/env python3
"""Measures what provider write mode costs the provider's memory cgroup (run by hand, as root; figures go to
docs/security.md). Pages the provider writes into a tmpfs volume are charged to the memory cgroup of the process that
writes them: the provider container's, not the pod's. The image (`make image`) runs under podman with `--memory`;
each Mount writes three files of about 1 MB into one more tmpfs volume of the same pod; the container's cgroup usage
is read after each, until every volume is written or the container is killed.

    .venv/bin/python Tests/Interop/measure_tmpfs_memory.py --image localhost/vault-csi-provider:VERSION \\
        --rig .build/debug/provider-demo --bao .venv/bin/bao --memory 128m --volumes 60
"""
import argparse
import json
import os
import subprocess
import tempfile
import time
import urllib.request
import uuid

from rig import Rig, generate_stubs, mount_tmpfs, unmount


def podman(*arguments, check=True):
    return subprocess.run(["podman", "--runtime=runc", *arguments], check=check, capture_output=True, text=True)


def cgroup_bytes(name):
    """The container's memory usage as its cgroup counts it (page cache and tmpfs pages included)."""
    pid = podman("inspect", "--format", "{{.State.Pid}}", name).stdout.strip()
    if pid in ("", "0"):
        return None
    with open(f"/proc/{pid}/cgroup") as lines:
        for line in lines:
            _, controllers, path = line.strip().split(":", 2)
            if "memory" in controllers.split(","):
                with open(f"/sys/fs/cgroup/memory{path}/memory.usage_in_bytes") as usage:
                    return int(usage.read())
            if controllers == "":
                with open(f"/sys/fs/cgroup{path}/memory.current") as usage:
                    return int(usage.read())
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--rig", required=True)
    parser.add_argument("--bao", required=True)
    parser.add_argument("--memory", default="128m")
    parser.add_argument("--volumes", type=int, default=60)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="tmpfs-memory-")
    generate_stubs(work)
    import grpc
    import service_pb2
    import service_pb2_grpc

    rig = Rig(args.rig, args.bao)
    info = rig.info
    # Three keys of about 1 MB each at the path the demo role may read: three files, under the 1 MiB file and 3.5 MiB
    # mount limits.
    payload = {"data": {f"k{index}": ("%d" % index) * 1_000_000 for index in range(3)}}
    request = urllib.request.Request(info["vault_addr"] + "/v1/secret/data/app", data=json.dumps(payload).encode(),
                                     headers={"X-Vault-Token": info["root_token"]}, method="POST")
    urllib.request.urlopen(request).read()
    objects = "".join(f"- {{objectName: k{index}, secretPath: secret/data/app, secretKey: k{index}}}\n" for index in range(3))

    kubelet = os.path.join(work, "kubelet")
    volumes = [mount_tmpfs(os.path.join(kubelet, "pods", info["pod_uid"], "volumes", "kubernetes.io~csi", f"v{index}", "mount"))
               for index in range(args.volumes)]
    providers = os.path.join(work, "providers")
    os.makedirs(providers)
    name = "tmpfs-memory-" + uuid.uuid4().hex[:8]
    podman("run", "--detach", "--name", name, "--network=host", "--read-only", "--memory", args.memory,
           "--cap-drop=ALL", "--security-opt=no-new-privileges",
           "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096",
           "-v", f"{providers}:/provider", "-v", f"{kubelet}:{kubelet}",
           args.image, "-endpoint=/provider/vault.sock", f"-vault-addr={info['vault_addr']}",
           f"-kubelet-dir={kubelet}", "-health-addr=127.0.0.1:0", "-log-level=warn")
    socket = os.path.join(providers, "vault.sock")
    deadline = time.time() + 30
    while not os.path.exists(socket) and time.time() < deadline:
        time.sleep(0.1)
    channel = grpc.insecure_channel("unix://" + socket)
    stub = service_pb2_grpc.CSIDriverProviderStub(channel)
    idle = cgroup_bytes(name)
    print(f"memory limit {args.memory}; idle cgroup usage {idle / 2**20:.1f} MiB")
    print("| volumes written | MiB of files | cgroup usage (MiB) |")
    print("| --- | --- | --- |")
    written = 0
    try:
        for index, volume in enumerate(volumes):
            try:
                stub.Mount(service_pb2.MountRequest(attributes=rig.attributes(objects), secrets="null", target_path=volume,
                                                    permission="420"), timeout=30)
            except grpc.RpcError as error:
                state = podman("inspect", "--format", "{{.State.Status}} oom={{.State.OOMKilled}} exit={{.State.ExitCode}}",
                               name, check=False).stdout.strip()
                print(f"volume {index + 1}: {error.code().name}; container {state}")
                break
            written += sum(os.path.getsize(os.path.join(volume, f"k{key}")) for key in range(3))
            usage = cgroup_bytes(name)
            if usage is None:
                print(f"volume {index + 1}: the container is gone")
                break
            if index % 5 == 4 or index == 0:
                print(f"| {index + 1} | {written / 2**20:.1f} | {usage / 2**20:.1f} |")
        state = podman("inspect", "--format", "{{.State.Status}} oom={{.State.OOMKilled}}", name, check=False).stdout.strip()
        print(f"end: {written / 2**20:.1f} MiB of files written; container {state}")
    finally:
        channel.close()
        podman("rm", "--force", name, check=False)
        for volume in volumes:
            unmount(volume)
        rig.stop()


if __name__ == "__main__":
    main()
