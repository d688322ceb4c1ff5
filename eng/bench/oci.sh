#!/usr/bin/env bash
# Times `mlops push` then `mlops pull` of a large artefact through a local docker-registry (CNCF distribution) against
# curl uploading (POST + PUT --upload-file) and downloading (GET -o) the same blob to the same registry, side by side.
# Goal (issue 10): push + pull throughput >= 0.8x curl's upload + download; memory flat (peak RSS printed).
# mlops does more than curl: push verifies the artefact first (every member and the whole-file SHA-256, which is also
# the layer digest), pull hashes while downloading and verifies the artefact before it moves it into place.
# Usage: eng/bench/oci.sh [size-in-MiB (default 1024)] [runs (default 1)]
# Needs docker-registry, curl, python3, bc, GNU time and the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB="${1:-1024}"
RUNS="${2:-1}"
export MLOPS_SLOT="${MLOPS_SLOT:-bench}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mlops-oci-bench.XXXXXX")"
REGISTRY_PID=
stop_registry() { if [ -n "$REGISTRY_PID" ]; then kill "$REGISTRY_PID" 2>/dev/null || true; wait "$REGISTRY_PID" 2>/dev/null || true; REGISTRY_PID=; fi; }
trap 'stop_registry; rm -rf "$WORK"' EXIT

echo "== generating a ${SIZE_MIB} MiB ONNX model and packaging it" >&2
ARTEFACT="$(eng/bench/big-artefact.sh "$WORK" "$SIZE_MIB" OCI)"  # the .sha256 sidecar stays, as the build writes it
BYTES=$(stat -c %s "$ARTEFACT")
DIGEST="sha256:$(sha256sum "$ARTEFACT" | cut -d' ' -f1)"

echo "== building mlops (Release)" >&2
dotnet build src/MlOps.Cli -c Release -v q -nologo >/dev/null
MLOPS="$(find ".slots/$MLOPS_SLOT/bin/MlOps.Cli" -path '*release*' -name mlops.dll | head -1)"

start_registry() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  rm -rf "$WORK/storage"; mkdir -p "$WORK/storage"
  cat > "$WORK/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/storage}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port, secret: bench}
YML
  docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
  REGISTRY_PID=$!
  HOST="127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "http://$HOST/v2/" >/dev/null && return 0; sleep 0.1; done
  echo "registry did not start:" >&2; cat "$WORK/registry.log" >&2; exit 1
}

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
cat "$ARTEFACT" >/dev/null  # warm the page cache for both tools alike
best_up=999999; best_down=999999; best_fsync=999999; best_push=999999; best_pull=999999
for i in $(seq "$RUNS"); do
  # curl: a fresh registry, the blob up (monolithic upload streamed from the file) and down.
  start_registry
  t0=$(now)
  location=$(curl -fsS -X POST -D - -o /dev/null "http://$HOST/v2/bench/curl/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case "$location" in http*) ;; *) location="http://$HOST$location" ;; esac
  curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --upload-file "$ARTEFACT" "$location&digest=$DIGEST" -o /dev/null
  t1=$(now)
  curl -fsS "http://$HOST/v2/bench/curl/blobs/$DIGEST" -o "$WORK/curl-down.bin"
  t2=$(now)
  # What curl does not do and mlops pull does (as every output the product writes): make the file durable.
  sync "$WORK/curl-down.bin"
  t2s=$(now)
  rm -f "$WORK/curl-down.bin"
  stop_registry

  # mlops: a fresh registry, push (verify + upload) and pull (download + hash + verify + move into place).
  start_registry
  rm -rf "$WORK/pulled"
  t3=$(now)
  dotnet "$MLOPS" push "$ARTEFACT" "$HOST/bench/mlops:1.0.0" >/dev/null
  t4=$(now)
  dotnet "$MLOPS" pull "$HOST/bench/mlops:1.0.0" --out "$WORK/pulled" >/dev/null
  t5=$(now)
  cmp -s "$ARTEFACT" "$WORK/pulled/bench-1.0.0.mlpkg" || { echo "pulled artefact differs" >&2; exit 1; }
  stop_registry
  up=$(secs "$t0" "$t1"); down=$(secs "$t1" "$t2"); fsync=$(secs "$t2" "$t2s"); push=$(secs "$t3" "$t4"); pull=$(secs "$t4" "$t5")
  printf 'run %d: curl up %.3f s, down %.3f s (then fsync %.3f s); mlops push %.3f s, pull %.3f s\n' "$i" "$up" "$down" "$fsync" "$push" "$pull"
  best_fsync=$(echo "if ($fsync < $best_fsync) $fsync else $best_fsync" | bc -l)
  best_up=$(echo "if ($up < $best_up) $up else $best_up" | bc -l)
  best_down=$(echo "if ($down < $best_down) $down else $best_down" | bc -l)
  best_push=$(echo "if ($push < $best_push) $push else $best_push" | bc -l)
  best_pull=$(echo "if ($pull < $best_pull) $pull else $best_pull" | bc -l)
done

RSS_PUSH="n/a"; RSS_PULL="n/a"
if [ -x /usr/bin/time ]; then
  start_registry
  RSS_PUSH="$(/usr/bin/time -f '%M' dotnet "$MLOPS" push "$ARTEFACT" "$HOST/bench/mlops:1.0.0" 2>&1 >/dev/null | tail -1) KiB"
  rm -rf "$WORK/pulled"
  RSS_PULL="$(/usr/bin/time -f '%M' dotnet "$MLOPS" pull "$HOST/bench/mlops:1.0.0" --out "$WORK/pulled" 2>&1 >/dev/null | tail -1) KiB"
  stop_registry
fi

MIB=$(echo "$BYTES / 1048576" | bc -l)
rate() { echo "$MIB / $1" | bc -l; }
printf '\nartefact: %.0f MiB (%d bytes), %d run(s), best of each\n' "$MIB" "$BYTES" "$RUNS"
printf '%-34s %10s %10s\n' "" "seconds" "MiB/s"
printf '%-34s %10.3f %10.0f\n' "curl upload (POST + PUT)" "$best_up" "$(rate "$best_up")"
printf '%-34s %10.3f %10.0f\n' "mlops push (verify + upload)" "$best_push" "$(rate "$best_push")"
printf '%-34s %10.3f %10.0f\n' "curl download (GET)" "$best_down" "$(rate "$best_down")"
printf '%-34s %10.3f %10.0f\n' "curl download + fsync" "$(echo "$best_down + $best_fsync" | bc -l)" "$(rate "$(echo "$best_down + $best_fsync" | bc -l)")"
printf '%-34s %10.3f %10.0f\n' "mlops pull (download + verify)" "$best_pull" "$(rate "$best_pull")"
curl_total=$(echo "$best_up + $best_down" | bc -l); mlops_total=$(echo "$best_push + $best_pull" | bc -l)
printf '%-34s %10.3f %10.0f\n' "curl up + down" "$curl_total" "$(echo "2 * $MIB / $curl_total" | bc -l)"
printf '%-34s %10.3f %10.0f\n' "mlops push + pull" "$mlops_total" "$(echo "2 * $MIB / $mlops_total" | bc -l)"
printf 'ratio (mlops push+pull throughput / curl up+down throughput): %.2fx (goal >= 0.8x)\n' "$(echo "$curl_total / $mlops_total" | bc -l)"
printf 'ratio with curl download made durable as mlops pull makes it (fsync): %.2fx\n' "$(echo "($curl_total + $best_fsync) / $mlops_total" | bc -l)"
printf 'peak RSS: mlops push %s, mlops pull %s\n' "$RSS_PUSH" "$RSS_PULL"
