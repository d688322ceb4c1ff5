#!/usr/bin/env bash
# A longer fuzzing run than CI's: eng/fuzz.sh [inputs] [seed]. Failing inputs go to artifacts/fuzz-failures/<seed>/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export MLOPS_FUZZ_INPUTS="${1:-200000}" MLOPS_FUZZ_SEED="${2:-$RANDOM}"
export MLOPS_FUZZ_REPORT="${MLOPS_FUZZ_REPORT:-$PWD/artifacts/fuzz-$MLOPS_FUZZ_SEED.txt}"
mkdir -p artifacts
dotnet build tests/MlOps.Cli.Tests -c Release
dotnet test tests/MlOps.Cli.Tests -c Release --no-build --filter "FullyQualifiedName~Fuzzing" --logger "console;verbosity=normal"
cat "$MLOPS_FUZZ_REPORT"
