#!/usr/bin/env bash
# Parquet vs CSV input, side by side, on the 1M-row drift benchmark: `mlops drift baseline` and `drift compare`, whole
# process (wall time, CPU, peak RSS from /usr/bin/time -v), then the readers alone (BenchmarkDotNet CsvReadBenchmarks:
# our CSV reader, Sep 0.18 and the Parquet reader reading the same table and parsing its numeric columns).
# usage: eng/bench/parquet.sh [rows] [--no-readers]     (default 1000000)
# Data: eng/bench/evidence-gen.py (seeded) into /tmp/mlops-parquet-bench-<rows>/, converted to Parquet by
# eng/bench/csv-to-parquet.cs with pyarrow's defaults (what pandas' to_parquet writes): INT64/DOUBLE/STRING columns,
# row groups of up to 1,048,576 rows, Snappy, dictionary-encoded text; reused when present. MLOPS_BENCH_GROUP_ROWS
# sets another row-group size (DuckDB writes 122,880, Polars 262,144).
# MLOPS_BENCH_BEFORE=<path to another build's mlops.dll> adds its Parquet runs to each round (before/after figures).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rows="${1:-1000000}"
export MLOPS_SLOT="${MLOPS_SLOT:-bench}"
dotnet build "$root/src/MlOps.Cli" -c Release -nologo -v q >/dev/null
mlops="$(find "$root/.slots/$MLOPS_SLOT/bin/MlOps.Cli" -name mlops.dll -path '*release*' | head -1)"
data="/tmp/mlops-parquet-bench-$rows"
[ -f "$data/current.csv" ] || /usr/bin/python3 "$root/eng/bench/evidence-gen.py" "$rows" "$data"
group_rows="${MLOPS_BENCH_GROUP_ROWS:-1048576}"
for f in reference current; do
  [ -f "$data/$f.g$group_rows.parquet" ] || dotnet run "$root/eng/bench/csv-to-parquet.cs" -- "$data/$f.csv" "$data/$f.g$group_rows.parquet" "$group_rows" >/dev/null
done
ext() { [ "$1" = csv ] && echo csv || echo "g$group_rows.parquet"; }
measure() { # label, command...
  local label="$1"; shift
  local log; log="$(mktemp)"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { local rc=$?; [ $rc -le 1 ] || { cat "$log"; exit $rc; }; }
  local wall rss user sys
  wall="$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')"
  rss="$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')"
  user="$(grep 'User time (seconds)' "$log" | awk '{print $NF}')"
  sys="$(grep 'System time (seconds)' "$log" | awk '{print $NF}')"
  printf '%-40s wall %9s  cpu %6.2f s  peak RSS %7.1f MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
  rm -f "$log"
}
echo "== $rows rows x 14 columns: CSV $(du -h "$data/reference.csv" | cut -f1), Parquet $(du -h "$data/reference.$(ext parquet)" | cut -f1) per file ($group_rows rows per row group); $(nproc) cores"
formats="csv parquet"
[ -n "${MLOPS_BENCH_BEFORE:-}" ] && formats="csv parquet before"
cli() { [ "$1" = before ] && echo "$MLOPS_BENCH_BEFORE" || echo "$mlops"; }
# Interleaved, twice, so a busy neighbour slows every format alike.
for round in 1 2; do
  for format in $formats; do
    measure "drift baseline ($format, run $round)" dotnet "$(cli $format)" drift baseline --data "$data/reference.$(ext $format)" --out "$data/baseline-$format.json"
  done
  for format in $formats; do
    measure "drift compare ($format, run $round)" dotnet "$(cli $format)" drift compare --baseline "$data/baseline-$format.json" --data "$data/current.$(ext $format)" --out "$data/drift-$format.json"
  done
done
# A large CSV file is read in parallel segments, so its floating-point sums and digests merge in another order than
# Parquet's single pass: the reports agree to rounding, not byte for byte (tests/MlOps.Parquet.Tests compare them
# exactly on files below the segmenting threshold). Two builds reading the same Parquet file must agree exactly.
if [ -n "${MLOPS_BENCH_BEFORE:-}" ]; then
  for f in baseline drift; do
    if cmp -s "$data/$f-parquet.json" "$data/$f-before.json"; then echo "$f: Parquet same bytes as before"; else echo "$f: Parquet DIFFERS from before"; fi
  done
fi
[ "${2:-}" = --no-readers ] && exit 0
# CsvReadBenchmarks reads <data>/reference.parquet: the file measured above.
ln -sfn "reference.g$group_rows.parquet" "$data/reference.parquet"
cd "$root/tests/MlOps.Benchmarks"
MLOPS_BENCH_DATA="$data" dotnet run -c Release -- --filter '*CsvReadBenchmarks*' 2>&1 | sed -n '/^| Method/,/^$/p'
