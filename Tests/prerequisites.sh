#!/bin/sh
# The Debian packages the build, the tests, the demo and the benchmark use, besides the Swift toolchain and Python 3.
# Run by make (the `prerequisites` target, before the virtual environments) or by hand: sh Tests/prerequisites.sh
# Checks each one; prints nothing and calls no apt when none is missing. As root, installs the missing ones with
# apt-get. Otherwise prints the missing packages and the command that installs them, and fails.
set -eu

PYTHON=${PYTHON:-python3}

has() { command -v "$1"; }
postgres() { ls /usr/lib/postgresql/*/bin/initdb; }
venv() { "$PYTHON" -c 'import venv, ensurepip'; }
installed() { dpkg-query -W -f='${Status}' "$1" | grep -q 'install ok installed'; }

# One line per package: the package, then the command that succeeds once it is installed.
check() {
  missing=
  need make       has make           # runs all this (install it first, by hand: apt-get install -y make)
  need libyaml-dev installed libyaml-dev  # YAMLNodes' parser, linked statically (libyaml.a)
  need openssl    has openssl        # the test certificates
  need shellcheck has shellcheck     # the demo scripts (make deploy-test)
  need postgresql postgres           # dynamic database credentials, the benchmark's load model
  need podman     has podman         # builds and runs the image (make image-test)
  need runc       has runc
  need binutils   has strip          # strip, for the image's file system
  need python3-venv venv             # venv and ensurepip, split out of Debian's Python
  # The driver's own client library, grpc-go, for Tests/Interop/test_go_client.py (built offline in GOPATH mode).
  need golang-go has go
  need protobuf-compiler has protoc
  need protoc-gen-go has protoc-gen-go
  need protoc-gen-go-grpc has protoc-gen-go-grpc
  need golang-google-grpc-dev installed golang-google-grpc-dev
  need golang-google-protobuf-dev installed golang-google-protobuf-dev
  # Without it apt keeps golang-protobuf 1.3.5: the client builds, and its first call panics.
  need golang-github-golang-protobuf-1-5-dev installed golang-github-golang-protobuf-1-5-dev
}
need() {
  package=$1
  shift
  "$@" >/dev/null 2>&1 || missing="$missing $package"
}

check
[ -z "$missing" ] && exit 0
missing=${missing# }

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "$0: missing Debian packages: $missing" >&2
  echo "install them, then run make again:" >&2
  echo "  sudo apt-get install -y $missing" >&2
  exit 1
fi

echo "$0: installing Debian packages: $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq $missing

check
if [ -n "$missing" ]; then
  echo "$0: still missing after apt-get install:$missing" >&2
  exit 1
fi
