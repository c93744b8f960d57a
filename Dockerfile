# The provider's image:
#   docker build -t ghcr.io/vault-csi-provider/vault-csi-provider:0.1.0 .

# Build: a release binary with the Swift runtime linked in statically, optimised for size (less resident
# memory on every node; docs/decisions.md), stripped.
FROM swift:6.3-bookworm AS build
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib -Xswiftc -Osize --product vault-csi-provider \
 && install -D -m 0755 "$(swift build -c release --static-swift-stdlib -Xswiftc -Osize --show-bin-path)/vault-csi-provider" \
      /out/vault-csi-provider \
 && strip /out/vault-csi-provider

# Run: the binary needs only libc, libm, libstdc++, libgcc_s and libz, all already in bookworm-slim
# (apt and dpkg depend on them); ca-certificates for Vault's TLS.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/vault-csi-provider /usr/local/bin/vault-csi-provider
# No non-root USER: provider write mode writes into the kubelet's root-owned pods directory, and the socket
# directory on the host is root's. The DaemonSet drops every capability but CHOWN and mounts the root filesystem
# read-only.
ENTRYPOINT ["/usr/local/bin/vault-csi-provider"]
