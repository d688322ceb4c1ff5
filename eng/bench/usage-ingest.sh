#!/usr/bin/env bash
# `mlops catalog usage ingest` of 1M audit records against a bare bulk insert of the same 1M rows into the same SQLite
# database (one transaction, one prepared statement), both timed in one run (issue 10, Speed; goal: ingest >= 0.5x).
# Usage: bash eng/bench/usage-ingest.sh [records]      (default 1000000; needs the .NET 10 SDK only)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
records="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tool="$root/eng/bench/usage-ingest.cs"
cd "$root"
dotnet build "$tool" -c Release >/dev/null
echo "writing $records audit records with AuditLog ..."
dotnet run --no-build -c Release "$tool" -- write "$work/predictions.jsonl" "$records"
ls -l "$work"/*.jsonl | awk '{s+=$5} END {printf "log: %.0f MiB in %d segment(s)\n", s/1048576, NR}'
echo "in-process: UsageIngester vs bare insert, same SQLite file"
dotnet run --no-build -c Release "$tool" -- bench "$work/predictions.jsonl" "$work/bench.db"
# The command a user runs, end to end (process start included), into a fresh catalog.
dotnet build src/MlOps.Cli -c Release >/dev/null
start=$(date +%s.%N)
dotnet "src/MlOps.Cli/bin/Release/net8.0/mlops.dll" catalog --catalog "$work/cli.db" usage ingest "$work" | tail -1
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$records" 'BEGIN { printf "mlops catalog usage ingest (CLI, end to end): %.2f s = %.0f records/s\n", e-s, n/(e-s) }'
