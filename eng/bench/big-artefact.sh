#!/usr/bin/env bash
# Builds a large, incompressible .mlpkg for the benchmarks: a random-weight ONNX model (big-onnx.py) packaged with
# MlPackageBuilder (make-artefact.cs). Prints the artefact's path; its .sha256 sidecar stays beside it, as the build
# writes it, and the source model is deleted to save disk.
# Usage: eng/bench/big-artefact.sh <work-folder> <size-in-MiB> <what the benchmark measures, for the card>
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="$1"
SIZE_MIB="$2"
PURPOSE="$3"
python3 eng/bench/big-onnx.py "$WORK/model.onnx" "$SIZE_MIB"
cat > "$WORK/card.md" <<CARD
---
name: bench
version: 1.0.0
owners: [bench]
description: A large random model for the $PURPOSE benchmark.
intendedUse: Benchmarking only.
licence: MIT
risk:
  probability: rare
  severity: very low
  euAiActCategory: minimal
---
CARD
dotnet run eng/bench/make-artefact.cs -- "$WORK/model.onnx" "$WORK/card.md" "$WORK/out" >/dev/null
rm -f "$WORK/model.onnx"
echo "$WORK/out/bench-1.0.0.mlpkg"
