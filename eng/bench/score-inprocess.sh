#!/usr/bin/env bash
# In-process evaluator speed against ONNX Runtime 1.32 (Microsoft.ML.OnnxRuntime, one thread) on the four speed-goal
# models and two ML.NET exports (SDCA logistic regression, FastTree; trained on German credit by the benchmark's setup),
# 100,000 rows in one batch. Four take turns in one process: the managed evaluator's Run and RunRecycled (outputs
# handed back after each run), the onnxruntime engine (as `--engine onnxruntime` scores: strings copied in, every
# output copied back) and ONNX Runtime's bare Run (outputs disposed after each run).
# Usage: bash eng/bench/score-inprocess.sh [repeats]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export MLOPS_SLOT="${MLOPS_SLOT:-bench}"
cd "$root"
dotnet run -c Release --project tests/MlOps.Benchmarks -- engines "${1:-15}"
