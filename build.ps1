# Restores the pinned Cake tool and runs build/build.cake with the given arguments.
#   ./build.ps1                  the main job: build, then the governed pipeline on the bundled sample
#   ./build.ps1 --target Test    build and run every test
$ErrorActionPreference = "Stop"
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = "1"
$env:DOTNET_NOLOGO = "1"
# Cake colours its log with escape codes even when the output is piped (and always on CI servers it recognises):
# plain text unless a person is watching a terminal (https://no-color.org).
if ([Console]::IsOutputRedirected) { $env:NO_COLOR = '1' }
dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build/build.cake @args
exit $LASTEXITCODE
