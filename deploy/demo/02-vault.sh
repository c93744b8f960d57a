#!/usr/bin/env bash
# 2. Vault: Kubernetes auth, a policy and role "app" for service account default/app-sa, and secret/app.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
need kubectl

step "kubernetes auth method"
auths="$(vault_cli auth list)"
grep -q '^kubernetes/' <<<"$auths" || vault_cli auth enable kubernetes
# Vault runs in the cluster: it reaches the API server by its service name and reviews tokens with its own.
vault_cli write auth/kubernetes/config kubernetes_host=https://kubernetes.default.svc

step "policy and role app"
vault_cli policy write app - <<'HCL'
path "secret/data/app" {
  capabilities = ["read"]
}
HCL
# audience=vault: the driver's token for the provider is minted for audience "vault" (csi-driver-values.yaml).
vault_cli write auth/kubernetes/role/app \
  bound_service_account_names=app-sa \
  bound_service_account_namespaces=default \
  audience=vault \
  policies=app \
  ttl=20m

step "secret/app"
vault_cli kv put secret/app username=demo-user password=demo-password
