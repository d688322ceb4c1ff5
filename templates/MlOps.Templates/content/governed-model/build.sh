#!/usr/bin/env bash
# Restores the local tools (Cake, mlops) and runs the governed pipeline in build.cake.
#   ./build.sh                      train, evaluate, fairness, drift, reproducibility, pack, gate
#   ./build.sh --target Train       just one stage (see build/governance.cake for the list)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
