#!/usr/bin/env bash
# Regenerates tests/EscalationRisk.Benchmarks/RESULTS.md: every performance and fault figure of the project, measured
# the same way every time on this machine, as medians of repeated runs and as ratios to a baseline of the same run.
#
#   bash scripts/results.sh                  full: 3 runs of each load figure, the full fault suite, a 10-minute soak
#   bash scripts/results.sh --quick          1 run each, reduced faults, a 1-minute soak (checks the harness works)
#   bash scripts/results.sh --soak-minutes N
#
# It starts the same private RabbitMQ node and PostgreSQL server as the test command (and stops them), builds in
# Release, then: the scorer benchmarks and the alert-state benchmarks (BenchmarkDotNet), loadtest at maximum rate with
# the raw RabbitMQ.Client baseline in the same run (one worker, then two competing workers), at half the maximum rate
# for latency, with an alert worker for publish-to-alert latency, the fault tests at their full sizes, and a soak at
# half the maximum rate with the worker's working set sampled. Takes about 40 minutes in full.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
soak=10
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; soak=1 ;;
    --soak-minutes) soak="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--soak-minutes N]" >&2; exit 2 ;;
  esac
  shift
done
runs=$([ "$quick" = 1 ] && echo 1 || echo 3)
if [ "$quick" = 1 ]; then
  # The benchmarks on one input and two stores only.
  export ER_BENCH_INPUTS="${ER_BENCH_INPUTS:-sample-ar}" ER_BENCH_STORES="${ER_BENCH_STORES:-memory,sqlite}"
fi
count=$([ "$quick" = 1 ] && echo 5000 || echo 20000)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export ER_RABBIT_PORT="${ER_RABBIT_PORT:-5679}" ER_RABBIT_DIST_PORT="${ER_RABBIT_DIST_PORT:-25679}" ER_RABBIT_NODE="${ER_RABBIT_NODE:-ertest@localhost}"
export ER_RABBIT_DIR="${ER_RABBIT_DIR:-$(mktemp -d /tmp/escalationrisk-rabbitmq.XXXXXX)}"
export ER_PG_PORT="${ER_PG_PORT:-5439}" ER_PG_DIR="${ER_PG_DIR:-$(mktemp -d /tmp/escalationrisk-postgres.XXXXXX)}"
export ER_PG_CONNECTION="Host=127.0.0.1;Port=${ER_PG_PORT};Username=postgres;Database=alerts_test"
work="$(mktemp -d)"
workers=()
stop_workers() { for pid in "${workers[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; workers=(); sleep 2; }
cleanup() {
  stop_workers
  bash scripts/rabbitmq.sh stop >/dev/null 2>&1 || true
  bash scripts/postgres.sh stop >/dev/null 2>&1 || true
  rm -rf "$work" "$ER_RABBIT_DIR" "$ER_PG_DIR"
}
trap cleanup EXIT
bash scripts/rabbitmq.sh install && bash scripts/rabbitmq.sh start
bash scripts/postgres.sh install && bash scripts/postgres.sh start
(cd tests/interop-node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
dotnet build EscalationRisk.slnx -c Release -warnaserror -nologo -v quiet

echo "results: scorer and alert-state benchmarks"
(cd tests/EscalationRisk.Benchmarks && dotnet run -c Release --no-build -- --filter '*ScorerBenchmarks*' '*AlertStateBenchmarks*' \
  --job short --exporters json --artifacts "$work/bdn" >"$work/bdn.log" 2>&1)

export Messaging__Transport=RabbitMQ RabbitMqTransport__Host=127.0.0.1 RabbitMqTransport__Port="$ER_RABBIT_PORT" \
  RabbitMqTransport__User=guest RabbitMqTransport__Pass=guest Logging__LogLevel__Default=Warning ASPNETCORE_URLS=http://127.0.0.1:0
# The workers run as the containers run them: published for linux-x64, with ReadyToRun images (see the Dockerfiles).
for svc in EscalationRisk.ScoringWorker EscalationRisk.AlertWorker EscalationRisk.Api; do
  dotnet publish "services/$svc/$svc.csproj" -c Release -r linux-x64 --self-contained false -o "$work/publish/$svc" --nologo -v quiet
done
start_worker() { # name dll [extra env...]
  local name="$1" dll="$2"; shift 2
  # Its bus-start line is logged whatever the default level, to wait for: the scoring worker warms up for some
  # seconds before it declares its queues and consumes (docs/performance.md, "Warm from the start").
  env Logging__LogLevel__EscalationRisk.Messaging.BusLifetimeService=Information "$@" dotnet "$work/publish/$dll/$dll.dll" >"$work/$name.log" 2>&1 &
  workers+=("$!")
  for _ in $(seq 120); do grep -q "Bus started on" "$work/$name.log" && break; sleep 0.5; done
  sleep 1
}
loadtest() { dotnet services/EscalationRisk.Cli/bin/Release/net10.0/escalation-risk.dll loadtest "$@" 2>>"$work/loadtest.err" | tail -1; }
# The broker's OS process, for its CPU time per message.
broker_pid=$(bash scripts/rabbitmq.sh pid)

echo "results: load, one worker"
start_worker scoring1 EscalationRisk.ScoringWorker
# Warm-up: the JIT keeps compiling hot paths to their final tier for the first several thousand messages; the
# figures are for a worker in its steady state, as a long-running one is.
loadtest --count 10000 >/dev/null
: >"$work/max1.jsonl"
for _ in $(seq "$runs"); do loadtest --count "$count" --baseline --worker-pid "${workers[0]}" --broker-pid "$broker_pid" >>"$work/max1.jsonl"; done
max=$(python3 -c "import json,statistics,sys; print(statistics.median(json.loads(l)['pipelineRate'] for l in open(sys.argv[1])))" "$work/max1.jsonl")
half=$(python3 -c "print(round($max/2))")
: >"$work/half1.jsonl"
for _ in $(seq "$runs"); do loadtest --count "$((half * 20))" --rate "$half" --worker-pid "${workers[0]}" >>"$work/half1.jsonl"; done

echo "results: load, two competing workers"
start_worker scoring2 EscalationRisk.ScoringWorker
: >"$work/max2.jsonl"
for _ in $(seq "$runs"); do loadtest --count "$count" --baseline >>"$work/max2.jsonl"; done
stop_workers

echo "results: soak (${soak} min at ${half}/s)"
start_worker scoring1 EscalationRisk.ScoringWorker
loadtest --count "$((half * 60 * soak))" --rate "$half" --worker-pid "${workers[0]}" --broker-pid "$broker_pid" --timeout 900 >"$work/soak.json"
stop_workers

# After the soak: the alert worker's queue, bound to article-scored, stays behind it and would take a copy of every
# later article.
echo "results: publish to alert"
start_worker scoring1 EscalationRisk.ScoringWorker
start_worker alerts EscalationRisk.AlertWorker "ConnectionStrings__Alerts=Data Source=$work/alerts.db"
: >"$work/alerts.jsonl"
for _ in $(seq "$runs"); do loadtest --count 500 --rate 50 --alerts >>"$work/alerts.jsonl"; done
# At the maximum rate with every article alerting, the alert worker's own CPU per article (its pid as the worker's).
: >"$work/alertsmax.jsonl"
for _ in $(seq "$runs"); do loadtest --count "$count" --alerts --worker-pid "${workers[1]}" --timeout 600 >>"$work/alertsmax.jsonl"; done
stop_workers

# The Api's ingest path: articles through POST /api/articles (its rate limit off), scored by one worker.
echo "results: through the Api"
start_worker scoring1 EscalationRisk.ScoringWorker
api_port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
start_worker api EscalationRisk.Api "ConnectionStrings__Alerts=Data Source=$work/api.db" Api__Token=results-token Api__ReplayOnStart=none \
  Api__RateLimit__ArticlesPerSecond=0 "ASPNETCORE_URLS=http://127.0.0.1:$api_port"
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$api_port/health/ready" >/dev/null && break; sleep 1; done
Api__Token=results-token loadtest --count 5000 --api "http://127.0.0.1:$api_port" >/dev/null
: >"$work/api.jsonl"
for _ in $(seq "$runs"); do
  Api__Token=results-token loadtest --count "$((count / 2))" --api "http://127.0.0.1:$api_port" --api-pid "${workers[1]}" \
    --worker-pid "${workers[0]}" --broker-pid "$broker_pid" >>"$work/api.jsonl"
done
stop_workers

echo "results: fault suite"
fault_scale=$([ "$quick" = 1 ] && echo reduced || echo full)
unset Messaging__Transport RabbitMqTransport__Host RabbitMqTransport__Port RabbitMqTransport__User RabbitMqTransport__Pass ASPNETCORE_URLS
ER_FAULT_SCALE=$fault_scale dotnet test tests/EscalationRisk.Messaging.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Hostile|FullyQualifiedName~again_and_again|FullyQualifiedName~standby|FullyQualifiedName~PostgreSQL_restarted|FullyQualifiedName~broker_stopped" \
  >"$work/faults.log" 2>&1 || { tail -40 "$work/faults.log"; exit 1; }
cp artifacts/hostile-input.json artifacts/kill-run.json "$work/"

python3 scripts/results.py "$work" "$runs" "$soak" "$fault_scale" >tests/EscalationRisk.Benchmarks/RESULTS.md
echo "results: wrote tests/EscalationRisk.Benchmarks/RESULTS.md"
