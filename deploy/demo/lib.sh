# Shared by the walkthrough scripts (sourced, not run).
# shellcheck shell=bash

# The repository's root, whatever the caller's working directory.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT

step() { printf '\n== %s\n' "$*"; }

# Fails early, naming the missing tool.
need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool" >&2; exit 1; }
  done
}

# Runs the vault CLI inside the dev-mode server pod, as root (dev mode's root token is "root").
vault_cli() {
  kubectl -n vault exec -i vault-0 -- env VAULT_TOKEN=root vault "$@"
}
