#!/usr/bin/env bash
# Restores the pinned Cake tool and runs build/build.cake with the given arguments.
#   ./build.sh                  the main job: build, then the governed pipeline on the bundled sample
#   ./build.sh --target Test    build and run every test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Cake colours its log with escape codes even when the output is piped (and always on CI servers it recognises):
# plain text unless a person is watching a terminal (https://no-color.org).
[ -t 1 ] || export NO_COLOR=1
dotnet tool restore >/dev/null
exec dotnet cake build/build.cake "$@"
