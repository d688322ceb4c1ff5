#!/usr/bin/env bash
# In-process evaluator speed against ONNX Runtime on the four speed-goal models (100,000 rows, one batch,
# single thread): BenchmarkDotNet short job for the managed evaluator, then eng/bench/score-ort-bench.js
# (onnxruntime-node, intraOpNumThreads=1) on the same model files, written by the benchmark's setup.
# Usage: bash eng/bench/score-inprocess.sh      (needs node + tests/oracle/node_modules: bash eng/install-test-deps.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export MLOPS_SLOT="${MLOPS_SLOT:-bench}"
cd "$root"
dotnet run -c Release --project tests/MlOps.Benchmarks -- --filter '*EvaluatorBenchmarks*' --job short \
  | grep -E '^\|' || true
node eng/bench/score-ort-bench.js 15
