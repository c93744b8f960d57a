#!/usr/bin/env bash
# 3. The Secrets Store CSI driver (with this provider's values) and the provider, from the chart in this repository.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
need minikube helm kubectl

# There is no published image: it is built inside minikube (imagePullPolicy IfNotPresent then finds it).
IMAGE_REPOSITORY=ghcr.io/vault-csi-provider/vault-csi-provider
IMAGE_TAG=0.1.0

step "secrets-store-csi-driver"
helm repo add secrets-store-csi-driver https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts --force-update
helm upgrade --install csi-secrets-store secrets-store-csi-driver/secrets-store-csi-driver -n kube-system \
  -f "$ROOT/deploy/kubernetes/csi-driver-values.yaml"
kubectl -n kube-system rollout status daemonset/csi-secrets-store-secrets-store-csi-driver --timeout=180s

step "provider image (built inside minikube from the root Dockerfile; the Swift build takes minutes)"
minikube image build -t "$IMAGE_REPOSITORY:$IMAGE_TAG" "$ROOT"

step "vault-csi-provider"
# helm --create-namespace cannot label a namespace, and the provider's hostPath volumes need Pod Security "privileged".
kubectl create namespace csi --dry-run=client -o yaml | kubectl apply -f -
kubectl label namespace csi pod-security.kubernetes.io/enforce=privileged --overwrite
helm upgrade --install vault-csi-provider "$ROOT/deploy/helm/vault-csi-provider" -n csi \
  --set vault.address=http://vault.vault:8200 \
  --set image.repository="$IMAGE_REPOSITORY" \
  --set image.tag="$IMAGE_TAG"
kubectl -n csi rollout status daemonset/vault-csi-provider --timeout=180s
