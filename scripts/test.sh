#!/usr/bin/env bash
# Runs every test of the solution from a fresh clone: restores, builds (warnings are errors), tests,
# and prints one closing line "Total: N passed, N failed, N skipped". Exit code 0 only when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

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
