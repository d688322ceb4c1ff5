#!/usr/bin/env bash
# Whole-process `mlops score` on a 100,000-row CSV with the managed evaluator against `mlops score --engine onnxruntime`
# (ONNX Runtime 1.32 in process, single thread), for the four evaluator speed-goal models. Prints wall-clock
# seconds (best of N runs each, runs interleaved) and checks that both outputs agree within 1e-5.
# Usage: bash eng/bench/score.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-3}"
export MLOPS_SLOT="${MLOPS_SLOT:-bench}"
bench="$root/artifacts/bench/evaluation"
out="$root/artifacts/bench/score"
mkdir -p "$out"

if [ ! -f "$bench/X.csv" ]; then
  echo "score.sh: generating the benchmark models and data (BenchmarkDotNet dry run)" >&2
  (cd "$root" && dotnet run -c Release --project tests/MlOps.Benchmarks -- --filter '*EvaluatorBenchmarks*' --job Dry >/dev/null)
fi
dotnet build -c Release "$root/src/MlOps.Cli" -v q -nologo >/dev/null
mlops="$(find "$root/.slots/$MLOPS_SLOT/bin/MlOps.Cli" -name mlops.dll -path '*release*' | head -1)"

now() { date +%s.%N; }
best() { sort -g | head -1; }

printf '%-10s %10s %10s %8s  %s\n' model "managed s" "ORT s" ratio agreement
for model in logistic forest boosted mlp; do
  ours=(); theirs=()
  for _ in $(seq "$runs"); do
    t0=$(now); dotnet "$mlops" score --model "$bench/$model.onnx" --data "$bench/X.csv" --out "$out/$model.mlops.csv" >/dev/null 2>&1; t1=$(now)
    dotnet "$mlops" score --model "$bench/$model.onnx" --data "$bench/X.csv" --out "$out/$model.ort.csv" --engine onnxruntime >/dev/null 2>&1; t2=$(now)
    ours+=("$(echo "$t1 - $t0" | bc -l)"); theirs+=("$(echo "$t2 - $t1" | bc -l)")
  done
  a=$(printf '%s\n' "${ours[@]}" | best); b=$(printf '%s\n' "${theirs[@]}" | best)
  agreement=$(python3 "$root/eng/bench/score-compare.py" "$out/$model.ort.csv" "$out/$model.mlops.csv" || true)
  printf '%-10s %10.3f %10.3f %7.2fx  %s\n' "$model" "$a" "$b" "$(echo "$b / $a" | bc -l)" "$agreement"
done
