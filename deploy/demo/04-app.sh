#!/usr/bin/env bash
# 4. An application: a SecretProviderClass for secret/data/app and a Deployment mounting it; shows the files.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
need kubectl

step "SecretProviderClass vault-demo-app, ServiceAccount app-sa, Deployment demo-app"
kubectl apply -f "$ROOT/deploy/demo/app.yaml"
kubectl rollout status deployment/demo-app --timeout=180s

step "the mounted files"
kubectl exec deploy/demo-app -- ls -l /mnt/secrets/
kubectl exec deploy/demo-app -- cat /mnt/secrets/username
echo
kubectl exec deploy/demo-app -- cat /mnt/secrets/password
echo
