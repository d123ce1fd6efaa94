#!/usr/bin/env bash
# Runs every test of the solution from a fresh clone: installs and starts what the tests need (a private
# RabbitMQ node from Debian's packages on 127.0.0.1:$ER_RABBIT_PORT, a private PostgreSQL server on
# 127.0.0.1:$ER_PG_PORT, Debian's Chromium and chromedriver, kubectl, the Node.js clients' packages),
# restores, builds (warnings are errors), tests, stops the node, and prints one closing line
# "Total: N passed, N failed, N skipped". Exit code 0 only when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$(mktemp -d)"

# A private RabbitMQ node with its own port and a fresh data folder, stopped whatever happens.
export ER_RABBIT_PORT="${ER_RABBIT_PORT:-5679}"
export ER_RABBIT_DIST_PORT="${ER_RABBIT_DIST_PORT:-25679}"
export ER_RABBIT_NODE="${ER_RABBIT_NODE:-ertest@localhost}"
export ER_RABBIT_DIR="${ER_RABBIT_DIR:-$(mktemp -d /tmp/escalationrisk-rabbitmq.XXXXXX)}"
# ...and an AMQPS listener with a certificate made at start by a CA of its own ($ER_RABBIT_DIR/tls/ca.pem).
export ER_RABBIT_TLS_PORT="${ER_RABBIT_TLS_PORT:-5680}"
# A private PostgreSQL server (port $ER_PG_PORT, fresh data folder) for the alert store's tests.
export ER_PG_PORT="${ER_PG_PORT:-5439}"
export ER_PG_DIR="${ER_PG_DIR:-$(mktemp -d /tmp/escalationrisk-postgres.XXXXXX)}"
export ER_PG_CONNECTION="Host=127.0.0.1;Port=${ER_PG_PORT};Username=postgres;Database=alerts_test"
cleanup() {
  bash scripts/rabbitmq.sh stop >/dev/null 2>&1 || true
  bash scripts/postgres.sh stop >/dev/null 2>&1 || true
  rm -rf "$results" "$ER_RABBIT_DIR" "$ER_PG_DIR"
}
trap cleanup EXIT
bash scripts/rabbitmq.sh install
bash scripts/rabbitmq.sh start
# The Api's tests run their own workers beside the messaging tests: a vhost of their own keeps them apart.
export ER_RABBIT_API_VHOST="api-tests"
bash scripts/rabbitmq.sh add-vhost "$ER_RABBIT_API_VHOST"
# The security tests run each service as its own least-privileged user on a vhost of their own.
export ER_RABBIT_LEAST_VHOST="least-privilege" ER_RABBIT_SERVICE_PASSWORD="er-test-only"
bash scripts/rabbitmq.sh add-vhost "$ER_RABBIT_LEAST_VHOST"
bash scripts/rabbitmq.sh add-service-users "$ER_RABBIT_LEAST_VHOST"
export ER_RABBIT_TLS_VHOST="tls-tests"
bash scripts/rabbitmq.sh add-vhost "$ER_RABBIT_TLS_VHOST"
bash scripts/postgres.sh install
bash scripts/postgres.sh start

# Debian's Chromium and its driver for the dashboard's browser test.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "test: installing chromium and chromium-driver (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; }
fi

# LightGBM's native library, used by `train` (and its tests) to fit the second stage, needs the GNU OpenMP runtime.
if ! ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1'; then
  echo "test: installing libgomp1 (apt) for LightGBM"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libgomp1 >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libgomp1 >/dev/null; }
fi

# kubectl renders the Kustomize overlays (Debian's kubernetes-client when there is none: its kustomize v2 reads the
# manifests as well as a current one does).
if ! command -v kubectl >/dev/null 2>&1; then
  echo "test: installing kubernetes-client (apt) for kubectl kustomize"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q kubernetes-client >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q kubernetes-client >/dev/null; }
fi

# The Node.js interop client (amqplib) and the manifests' validator (kubernetes-models), from their lock files.
(cd tests/interop-node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
(cd tests/k8s-validate && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

dotnet build EscalationRisk.slnx -c Release -warnaserror -nologo -v quiet

status=0
dotnet test EscalationRisk.slnx -c Release --no-build --nologo \
  --results-directory "$results" 2>&1 | tee "$results/out.log" || status=$?

# One closing line over all test projects, from each project's "Failed: N, Passed: N, Skipped: N" summary.
totals=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$results/out.log" \
  | awk -F'[:,] +' '{f+=$2; p+=$4; s+=$6} END {printf "%d %d %d", p, f, s}' || true)
read -r passed failed skipped <<<"${totals:-0 0 0}"
projects=$(grep -c -E '^(Passed|Failed)! ' "$results/out.log" || true)
echo "Test projects: ${projects}"
echo "Total: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
