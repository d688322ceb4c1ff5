#!/usr/bin/env bash
# Permutation importance, 100k rows x 14 features, 5 repeats, a 100-tree depth-10 random forest:
# scikit-learn's permutation_importance(n_jobs=1, scoring='roc_auc') against `mlops explain --repeats 5` (whole
# process, our managed evaluator scoring the same forest exported to ONNX), side by side on the same machine.
# usage: eng/bench/permutation-importance.sh [path/to/mlops]   (needs /usr/bin/python3 with scikit-learn and onnx)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mlops="${1:-$here/../../src/MlOps.Cli/bin/Release/net8.0/mlops}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
sklearn=$(/usr/bin/python3 "$here/permutation-importance.py" "$work")
# The importance alone (--local-rows 1: one row of TreeSHAP, ~10 ms on this forest), then the stage as the pipeline runs it
# (the local contributions summarised on its default seeded sample of 1,000 rows: exact TreeSHAP on 100 trees of depth 10).
start=$(date +%s.%N)
"$mlops" explain --model "$work/forest.onnx" --data "$work/eval.csv" --label y --positive 1 --repeats 5 --local-rows 1 --out "$work/importance.json" >/dev/null
ours=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
"$mlops" explain --model "$work/forest.onnx" --data "$work/eval.csv" --label y --positive 1 --repeats 5 --out "$work/explanations.json" >/dev/null
whole=$(echo "$(date +%s.%N) - $start" | bc)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'scikit-learn permutation_importance (n_jobs=1):            %.2f s\nmlops explain, importance only (whole process):           %.2f s  speed-up %.2fx\nmlops explain, with local contributions on 1,000 rows:    %.2f s  speed-up %.2fx\n' \
  "$sklearn" "$ours" "$(echo "$sklearn / $ours" | bc -l)" "$whole" "$(echo "$sklearn / $whole" | bc -l)"
