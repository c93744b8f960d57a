# The provider's image, for a Docker or BuildKit build:
#   docker build -t ghcr.io/vault-csi-provider/vault-csi-provider:0.1.0 .
# CI proves `make image` instead (podman, from the same deploy/image/rootfs.sh): both ship exactly the same files.

# Build: a release binary with the Swift runtime linked in statically, optimised for size (less resident
# memory on every node; docs/decisions.md); then the image's whole file system laid out by deploy/image/rootfs.sh:
# the stripped binary, the libraries it links (ldd), the loader, the CA bundle and the mount points.
FROM swift:6.3-bookworm AS build
# libyaml's headers and static library: YAMLNodes links libyaml.a, so the image needs no libyaml.so.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libyaml-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib -Xswiftc -Osize --product vault-csi-provider \
 && sh deploy/image/rootfs.sh \
      "$(swift build -c release --static-swift-stdlib -Xswiftc -Osize --show-bin-path)/vault-csi-provider" /rootfs

# Run: nothing but those files (no shell, no package manager).
FROM scratch
COPY --from=build /rootfs/ /
# No non-root USER: provider write mode writes into the kubelet's root-owned pods directory, and the socket
# directory on the host is root's. The DaemonSet drops every capability and mounts the root filesystem read-only.
# checkov:skip=CKV_DOCKER_3: root is needed to write into the kubelet's root-owned pods directory; the DaemonSet sets the user
# checkov:skip=CKV_DOCKER_2: no HEALTHCHECK: Kubernetes ignores it; the DaemonSet probes /health/ready and /health/live
ENTRYPOINT ["/usr/local/bin/vault-csi-provider"]
