#!/bin/sh
# Idle wake-ups of a provider binary whose pod watch (and so its renewer) runs: OpenBao and the Kubernetes stand-in
# from `provider-demo rig`, one Running pod on the node, no Mount. After SETTLE seconds, the context switches of all
# its threads (voluntary + nonvoluntary, /proc/PID/task/*/status) over SECONDS, and `perf stat` when perf works.
# Usage: Tests/idle-wakeups.sh PROVIDER PROVIDER_DEMO [SECONDS [SETTLE]]   (BAO_BIN names OpenBao's binary)
set -eu
provider=$1 demo=$2 seconds=${3:-60} settle=${4:-10}
work=$(mktemp -d)
provider_pid='' rig_pid=''
cleanup() {
    [ -n "$provider_pid" ] && kill "$provider_pid" 2>/dev/null && wait "$provider_pid" 2>/dev/null
    exec 3>&- 2>/dev/null || true
    [ -n "$rig_pid" ] && wait "$rig_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/requests"
"$demo" rig < "$work/requests" > "$work/answers" &
rig_pid=$!
exec 3> "$work/requests"
until [ -s "$work/answers" ]; do sleep 0.2; done
# JSON may escape the address's slashes (http:\/\/...).
vault=$(head -n 1 "$work/answers" | sed 's/.*"vault_addr":"\([^"]*\)".*/\1/; s#\\/#/#g')
echo "node idle-node $work/kubeconfig" >&3
until grep -q '"kubeconfig"' "$work/answers"; do sleep 0.2; done

mkdir -p "$work/kubelet/pods"
"$provider" -endpoint="$work/vault.sock" -health-addr=127.0.0.1:0 -vault-addr="$vault" -kubelet-dir="$work/kubelet" \
    -write-mode=driver -kubeconfig="$work/kubeconfig" -node-name=idle-node -log-level=info > "$work/provider.log" 2>&1 &
provider_pid=$!
sleep "$settle"
if ! grep -q "watching this node's pods" "$work/provider.log"; then
    echo "no pod watch:" >&2
    cat "$work/provider.log" >&2
    exit 1
fi

switches() {
    cat /proc/"$provider_pid"/task/*/status | awk '/^(non)?voluntary_ctxt_switches/ { sum += $2 } END { print sum }'
}
threads=$(find /proc/"$provider_pid"/task -mindepth 1 -maxdepth 1 | wc -l)
before=$(switches)
if perf stat -e context-switches -p "$provider_pid" -o "$work/perf" sleep "$seconds" 2>/dev/null; then
    perf=$(awk '/context-switches/ { gsub(",", "", $1); print $1 }' "$work/perf")
else
    sleep "$seconds"
    perf="n/a"
fi
after=$(switches)
echo "threads=$threads seconds=$seconds proc_ctxt_switches=$((after - before)) perf_context_switches=$perf"
