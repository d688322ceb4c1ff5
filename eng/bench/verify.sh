#!/usr/bin/env bash
# Times `mlops verify` and `mlops verify --trust` (10 signed attestations in the bundle) against `sha256sum` on
# the same ~1 GiB artefact, side by side.
# Goals: mlops verify throughput >= 0.95x sha256sum, streaming (flat memory) (issue 2); the same with --trust and
# 10 attestations (issue 13: the signature checks are noise next to the hash).
# Usage: eng/bench/verify.sh [size-in-MiB (default 1024)] [runs (default 3)]
# Needs python3, bc, GNU time and the .NET 10 SDK (eng/bench/make-artefact.cs is a file-based app).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB="${1:-1024}"
RUNS="${2:-3}"
export MLOPS_SLOT="${MLOPS_SLOT:-bench}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mlops-verify-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "== generating a ${SIZE_MIB} MiB ONNX model (random float weights: incompressible) and packaging it" >&2
ARTEFACT="$(eng/bench/big-artefact.sh "$WORK" "$SIZE_MIB" verify)"
BYTES=$(stat -c %s "$ARTEFACT")

echo "== building mlops (Release)" >&2
dotnet build src/MlOps.Cli -c Release -v q -nologo >/dev/null
MLOPS="$(find ".slots/$MLOPS_SLOT/bin/MlOps.Cli" -path '*release*' -name mlops.dll | head -1)"

echo "== 10 signed attestations (mlops key new, mlops approve x10) and a trust file" >&2
dotnet "$MLOPS" key new --out "$WORK/alice" >/dev/null
printf 'principals:\n  - name: Alice\n    roles: [model-owner]\n    publicKey: alice.pub\n' > "$WORK/trust.yaml"
for i in $(seq 10); do
  dotnet "$MLOPS" approve "$ARTEFACT" --role model-owner --key "$WORK/alice.key" --comment "benchmark approval $i" >/dev/null
done

cat "$ARTEFACT" "$ARTEFACT.sha256" >/dev/null  # warm the page cache for both tools alike

now() { date +%s.%N; }
best_sha=999999; best_verify=999999; best_trust=999999
for i in $(seq "$RUNS"); do
  t0=$(now); sha256sum "$ARTEFACT" >/dev/null; t1=$(now)
  dotnet "$MLOPS" verify "$ARTEFACT" >/dev/null; t2=$(now)
  dotnet "$MLOPS" verify "$ARTEFACT" --trust "$WORK/trust.yaml" >/dev/null; t3=$(now)
  sha=$(echo "$t1 - $t0" | bc -l); ver=$(echo "$t2 - $t1" | bc -l); tru=$(echo "$t3 - $t2" | bc -l)
  printf 'run %d: sha256sum %.3f s, mlops verify %.3f s, mlops verify --trust %.3f s\n' "$i" "$sha" "$ver" "$tru"
  best_sha=$(echo "if ($sha < $best_sha) $sha else $best_sha" | bc -l)
  best_verify=$(echo "if ($ver < $best_verify) $ver else $best_verify" | bc -l)
  best_trust=$(echo "if ($tru < $best_trust) $tru else $best_trust" | bc -l)
done

RSS="n/a"
if [ -x /usr/bin/time ]; then
  RSS=$(/usr/bin/time -f '%M' dotnet "$MLOPS" verify "$ARTEFACT" 2>&1 >/dev/null | tail -1)
  RSS="${RSS} KiB"
fi
MIB=$(echo "$BYTES / 1048576" | bc -l)
printf '\nartefact: %.0f MiB (%d bytes)\n' "$MIB" "$BYTES"
printf 'sha256sum:    best %.3f s = %.0f MiB/s\n' "$best_sha" "$(echo "$MIB / $best_sha" | bc -l)"
printf 'mlops verify: best %.3f s = %.0f MiB/s (whole-file sha256 for the sidecar + every member against the manifest)\n' \
  "$best_verify" "$(echo "$MIB / $best_verify" | bc -l)"
printf 'ratio (mlops verify throughput / sha256sum throughput): %.2fx (goal >= 0.95x)\n' "$(echo "$best_sha / $best_verify" | bc -l)"
printf 'mlops verify --trust: best %.3f s = %.0f MiB/s (the above + 10 attestations: file digest, DSSE signatures, trust file)\n' \
  "$best_trust" "$(echo "$MIB / $best_trust" | bc -l)"
printf 'ratio (mlops verify --trust throughput / sha256sum throughput): %.2fx (goal >= 0.95x)\n' "$(echo "$best_sha / $best_trust" | bc -l)"
printf 'mlops verify peak RSS: %s\n' "$RSS"
