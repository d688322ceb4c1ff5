#!/usr/bin/env bash
# Measures what MlOps.Analyzers cost on a large real C# code base: dnlib 2.1 (Debian source package
# "dnlib", ~100k lines, 371 files), compiled with the analyzers, -p:ReportAnalyzer=true. Prints the
# compiler's analyzer time for MlOps.Analyzers next to the Csc task's wall time (SDK default analyzers
# stay on, as in any new project), for:
#   default  no .editorconfig options (the code base calls no ONNX/ML.NET/MlOps API: the usual case)
#   onnx     the same code base plus a file that uses ONNX Runtime / MlOps.Runtime (stand-in declarations):
#            every rule is active on every member, as in a real ML application
#   stress   every System.String, StringBuilder and List<T> method named an inference method and
#            Debug.* a logging method, so MLOPS001/003/004/005 build control-flow graphs all over
# Options in the stress run come from a global analyzer config (the same keys as .editorconfig).
# Usage: bash eng/bench/analyzers.sh [runs]   (needs deb-src for bookworm, or DNLIB_SRC=<unpacked dnlib>)
set -euo pipefail
runs="${1:-3}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${MLOPS_BENCH_DIR:-/tmp/mlops-analyzers-bench}"
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

src="${DNLIB_SRC:-}"
if [ -z "$src" ]; then
  src="$(find "$work/src" -maxdepth 1 -type d -name 'dnlib-*' 2>/dev/null | head -n1 || true)"
  if [ -z "$src" ]; then
    mkdir -p "$work/src"
    if ! (cd "$work/src" && apt-get source --download-only dnlib >/dev/null 2>&1 && tar xf dnlib_*.orig.tar.gz); then
      echo "could not fetch the dnlib source package: enable deb-src for bookworm (a 'Types: deb-src' entry in" >&2
      echo "/etc/apt/sources.list.d/, then apt-get update), or set DNLIB_SRC to an unpacked dnlib 2.1 source tree" >&2
      exit 2
    fi
    src="$(find "$work/src" -maxdepth 1 -type d -name 'dnlib-*' | head -n1)"
  fi
fi
echo "code base: $src ($(find "$src/src" -name '*.cs' | wc -l) files, $(find "$src/src" -name '*.cs' -exec cat {} + | wc -l) lines)" >&2

dotnet build "$repo/src/MlOps.Analyzers" -c Release -v:q -nologo >/dev/null
dll="$(dotnet msbuild "$repo/src/MlOps.Analyzers" -getProperty:TargetPath -p:Configuration=Release)"
[ -f "$dll" ] || { echo "MlOps.Analyzers.dll not found at '$dll'" >&2; exit 2; }

proj="$work/dnlib"
mkdir -p "$proj"
cat > "$proj/dnlib.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <NoWarn>\$(NoWarn);CS0618;CS0162;CS0168;CS0219;CS0414;CS0649;CS0169;CS0672;CS8981;SYSLIB0011;SYSLIB0050;SYSLIB0051</NoWarn>
    <UseSharedCompilation>false</UseSharedCompilation>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$src/src/**/*.cs" />
    <Analyzer Include="$dll" />
    <GlobalAnalyzerConfigFiles Include="mlops.globalconfig" Condition="Exists('mlops.globalconfig')" />
  </ItemGroup>
</Project>
XML
# dnlib 2.1 targets .NET Framework; one shim keeps the code base itself untouched.
cat > "$proj/Shim.cs" <<'CS'
namespace System { internal static class AppDomainShim {
  public static System.Reflection.Emit.AssemblyBuilder DefineDynamicAssembly(this AppDomain d, System.Reflection.AssemblyName n, System.Reflection.Emit.AssemblyBuilderAccess a) =>
    System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(n, a); } }
CS
sed -i 's#<Compile Include="'"$src"'/src/\*\*/\*.cs" />#&<Compile Include="Shim.cs" />#' "$proj/dnlib.csproj"
dotnet restore "$proj" -v:q >/dev/null

measure() { # $1 = label; .editorconfig already in place
  local total_a=0 total_c=0 i log a c
  for i in $(seq "$runs"); do
    log="$work/build-$1-$i.log"
    dotnet build "$proj" --no-restore --no-incremental -v:d -p:ReportAnalyzer=true -clp:PerformanceSummary -nologo >"$log" 2>&1 || { tail -20 "$log" >&2; exit 2; }
    # "   0.123   12   MlOps.Analyzers, Version=..." : seconds in the compiler's analyzer report ("<1" percent
    # when under 1% of all analyzers, "<0.001" s when under a millisecond: counted as 1 ms)
    a="$(grep -E '^\s+[<0-9.]+\s+[<0-9]+\s+MlOps\.Analyzers, Version' "$log" | head -n1 | awk '{print $1}' | tr -d '<' || true)"
    # "     1234 ms  Csc    1 calls" in the task performance summary
    c="$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$log" | head -n1 | awk '{print $1}' || true)"
    [ -n "$a" ] && [ -n "$c" ] || { echo "could not read the analyzer report from $log" >&2; exit 2; }
    total_a="$(echo "$total_a + $a * 1000" | bc -l)"; total_c="$(echo "$total_c + $c" | bc -l)"
    echo "  $1 run $i: MlOps.Analyzers ${a}s, Csc ${c} ms" >&2
  done
  printf '%-8s MlOps.Analyzers %7.0f ms  Csc %7.0f ms  share %5.2f%%\n' "$1" "$(echo "$total_a / $runs" | bc -l)" "$(echo "$total_c / $runs" | bc -l)" "$(echo "100 * $total_a / $total_c" | bc -l)"
}

# The sources live outside the project folder, so options go in a global analyzer config.
rm -f "$proj/mlops.globalconfig" "$proj/Scoring.cs"
measure default
cat > "$proj/Scoring.cs" <<'CS'
namespace Microsoft.ML.OnnxRuntime {
  public sealed class NamedOnnxValue { }
  public sealed class InferenceSession : System.IDisposable {
    public InferenceSession(string path) { }
    public System.Collections.Generic.List<NamedOnnxValue> Run(System.Collections.Generic.IReadOnlyCollection<NamedOnnxValue> inputs) => new();
    public void Dispose() { } } }
namespace MlOps.Runtime.Auditing {
  public sealed class AuditLog { public void Append(string modelVersion) { } } }
namespace Bench {
  using Microsoft.ML.OnnxRuntime;
  public sealed class Scoring {
    private readonly InferenceSession _s = new("m.onnx");
    private readonly MlOps.Runtime.Auditing.AuditLog _log = new();
    public int Logged(System.Collections.Generic.List<NamedOnnxValue> x) { var r = _s.Run(x); if (r.Count == 0) throw new System.Exception(); _log.Append("1.0.0"); return r.Count; }
    public int Unlogged(System.Collections.Generic.List<NamedOnnxValue> x) { try { return _s.Run(x).Count; } catch { return 0; } } } }
CS
sed -i 's#<Compile Include="Shim.cs" />#&<Compile Include="Scoring.cs" Condition="Exists(\x27Scoring.cs\x27)" />#' "$proj/dnlib.csproj"
measure onnx
rm -f "$proj/Scoring.cs"
cat > "$proj/mlops.globalconfig" <<'INI'
is_global = true
mlops.inference_methods = System.String.*, System.Text.StringBuilder.*, System.Collections.Generic.List`1.*
mlops.logging_methods = System.Diagnostics.Debug.*
INI
measure stress
