#!/usr/bin/env bash
# 1. A local cluster and a dev-mode Vault (in memory, unsealed, root token "root": never for production).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
need minikube helm kubectl

step "minikube"
# Memory for the image build in 03-install.sh (a Swift release build).
minikube start --memory=6g

step "Vault (dev mode) in namespace vault"
helm repo add hashicorp https://helm.releases.hashicorp.com --force-update
helm upgrade --install vault hashicorp/vault -n vault --create-namespace \
  --set server.dev.enabled=true \
  --set injector.enabled=false \
  --set csi.enabled=false
# The StatefulSet creates vault-0 shortly after the install returns.
until kubectl -n vault get pod/vault-0 >/dev/null 2>&1; do sleep 2; done
kubectl -n vault wait --for=condition=Ready pod/vault-0 --timeout=180s
