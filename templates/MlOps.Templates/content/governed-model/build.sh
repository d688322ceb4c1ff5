#!/usr/bin/env bash
# Restores the local tools (Cake, mlops) and runs the governed pipeline in build.cake.
#   ./build.sh                      train, evaluate, fairness, drift, reproducibility, pack, gate
#   ./build.sh --target Train       just one stage (see build/governance.cake for the list)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Cake colours its log with escape codes even when the output is piped (and always on CI servers it recognises):
# plain text unless a person is watching a terminal (https://no-color.org).
[ -t 1 ] || export NO_COLOR=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
