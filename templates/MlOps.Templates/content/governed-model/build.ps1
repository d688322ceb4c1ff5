# Restores the local tools (Cake, mlops) and runs the governed pipeline in build.cake.
#   ./build.ps1                     train, evaluate, fairness, drift, reproducibility, pack, gate
#   ./build.ps1 --target Train      just one stage (see build/governance.cake for the list)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# Cake colours its log with escape codes even when the output is piped (and always on CI servers it recognises):
# plain text unless a person is watching a terminal (https://no-color.org).
if ([Console]::IsOutputRedirected) { $env:NO_COLOR = '1' }
dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build.cake @args
exit $LASTEXITCODE
