#!/bin/sh
# Lays out the provider image's whole file system from a release binary: the one list of files that both
# `make image` (podman, FROM scratch) and the root Dockerfile's final stage ship.
#   deploy/image/rootfs.sh BINARY OUTDIR
# OUTDIR gets: the stripped binary; the shared libraries it needs (ldd) and the dynamic loader; the CA bundle;
# and the directories the DaemonSet mounts (/provider, /var/lib/kubelet) plus /tmp.
set -eu
binary=$1
out=$2
[ -x "$binary" ] || { echo "rootfs.sh: $binary is not an executable" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/usr/local/bin" "$out/etc/ssl/certs" "$out/provider" "$out/var/lib/kubelet" "$out/tmp"
chmod 1777 "$out/tmp"
strip -o "$out/usr/local/bin/vault-csi-provider" "$binary"
chmod 0755 "$out/usr/local/bin/vault-csi-provider"
# Each library at the path the loader looks for it, as a regular file (links resolved).
for library in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
  mkdir -p "$out$(dirname "$library")"
  cp -L "$library" "$out$library"
done
cp -L /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/ca-certificates.crt"
# Nothing else: no shell, no package manager, no users file (the DaemonSet sets the uid).
