#!/usr/bin/env bash
# Up-to-date rebuild cost of MlOps.Build: times `dotnet build --no-restore` of a model project that
# uses MlOps.Build (one MlModel item) against the same project without it, side by side, alternating
# which goes first. Goal (issue 2): governed / plain <= 1.05.
#
#   eng/bench/uptodate.sh [RUNS]        RUNS timed builds of each project (default 10)
#
# MLOPS_FEED=artifacts/packages measures a packed release instead of the current source.
# Packages restore into a private folder, so the
# machine's NuGet cache is never used or changed. Builds run with -nodeReuse:false: no process is left.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-10}"
model_src=/usr/share/libonnx-testdata/data/node/test_gemm_default_vector_bias/model.onnx
[ -f "$model_src" ] || { echo "uptodate.sh: $model_src is missing; run: bash eng/install-test-deps.sh" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1
work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-uptodate.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/nuget-packages"
slot="${MLOPS_SLOT:-bench}"
unset MLOPS_SLOT

# The package under test: MLOPS_FEED (a folder with MlOps.Build.*.nupkg, e.g. artifacts/packages),
# else the current source packed into a temporary feed (in the build slot MLOPS_SLOT, default "bench").
if [ -n "${MLOPS_FEED:-}" ]; then
  feed="$MLOPS_FEED"
  pkg="$(ls -t "$feed"/MlOps.Build.*.nupkg 2>/dev/null | head -n1 || true)"
  [ -n "$pkg" ] || { echo "uptodate.sh: no MlOps.Build.*.nupkg in $feed" >&2; exit 2; }
else
  feed="$work/feed"
  echo "uptodate.sh: packing src/MlOps.Build" >&2
  MLOPS_SLOT="$slot" dotnet pack "$root/src/MlOps.Build" -c Release -o "$feed" -p:PackageVersion=0.0.0-bench -nologo -v:q -nodeReuse:false >&2
  pkg="$feed/MlOps.Build.0.0.0-bench.nupkg"
fi
version="$(basename "$pkg" .nupkg)"; version="${version#MlOps.Build.}"
tfm="net$(dotnet --version | cut -d. -f1).0"

make_project() { # dir, extra csproj items
  mkdir -p "$1"
  cat > "$1/nuget.config" <<XML
<configuration><packageSources><clear /><add key="local" value="$feed" /></packageSources></configuration>
XML
  cat > "$1/Project.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>$tfm</TargetFramework><Nullable>enable</Nullable><Version>1.0.0</Version></PropertyGroup>
  $2
</Project>
XML
  printf 'namespace Bench;\npublic static class Scorer { public static int Answer() => 42; }\n' > "$1/Scorer.cs"
}

make_project "$work/plain" ""
make_project "$work/governed" "<ItemGroup>
    <PackageReference Include=\"MlOps.Build\" Version=\"$version\" PrivateAssets=\"all\" />
    <MlModel Include=\"model/scorer.onnx\" Card=\"model-card.md\" TrainingData=\"data/train.csv\" />
  </ItemGroup>"
mkdir -p "$work/governed/model" "$work/governed/data"
cp "$model_src" "$work/governed/model/scorer.onnx"
printf 'x,y\n1,2\n3,4\n' > "$work/governed/data/train.csv"
cat > "$work/governed/model-card.md" <<'MD'
---
name: scorer
owners: [bench@example.com]
description: A one-element Gemm used to time up-to-date builds.
intendedUse: Benchmarking MlOps.Build.
licence: MIT
risk:
  probability: rare
  severity: very low
  euAiActCategory: minimal
---
# scorer
MD

build() { dotnet build "$1" --no-restore -nologo -v:q -nodeReuse:false -p:UseSharedCompilation=false >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; }
for p in plain governed; do
  dotnet restore "$work/$p" -nologo -v:q >/dev/null
  build "$work/$p"; build "$work/$p"
done
ls "$work/governed/bin/Debug/$tfm/"scorer-1.0.0.mlpkg >/dev/null
dotnet build "$work/governed" --no-restore -nologo -v:d -nodeReuse:false >"$work/detail.log" 2>&1
grep -q 'Skipping target "MlOpsPackageModels" because all output files are up-to-date' "$work/detail.log" \
  && echo "MlOpsPackageModels: skipped in the up-to-date build (as it should be)" \
  || { echo "uptodate.sh: MlOpsPackageModels was not skipped in an up-to-date build" >&2; exit 1; }

now_ms() { date +%s%3N; }
plain=(); governed=()
for ((i = 0; i < runs; i++)); do
  order=(plain governed); ((i % 2)) && order=(governed plain)
  for p in "${order[@]}"; do
    t0=$(now_ms); build "$work/$p"; t1=$(now_ms)
    if [ "$p" = plain ]; then plain+=($((t1 - t0))); else governed+=($((t1 - t0))); fi
  done
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
minimum() { printf '%s\n' "$@" | sort -n | head -n1; }
mp=$(median "${plain[@]}"); mg=$(median "${governed[@]}")
np=$(minimum "${plain[@]}"); ng=$(minimum "${governed[@]}")
echo "up-to-date dotnet build --no-restore, $runs runs each ($tfm, MlOps.Build $version, $(nproc) cores)"
echo "  plain    ms: ${plain[*]}   median $mp, min $np"
echo "  governed ms: ${governed[*]}   median $mg, min $ng"
awk -v g="$mg" -v p="$mp" -v gm="$ng" -v pm="$np" 'BEGIN {
  r = g / p; printf "  ratio governed/plain: medians %.3f, minimums %.3f (goal <= 1.05 on medians: %s)\n", r, gm / pm, (r <= 1.05 ? "met" : "NOT met") }'
