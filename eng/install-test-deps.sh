#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, idempotently:
#   - Debian: libonnx-testdata (ONNX operator cases), chromium (renders the model card),
#     python3-pandas/python3-scipy (independent recomputation of evidence figures),
#     python3-sklearn/python3-onnx (scikit-learn references: permutation importance, classification report;
#     python3-onnx writes the scikit-learn forests as ONNX for our evaluator),
#     python3-cryptography (an independent DSSE verifier for the attestation tests),
#     postgresql (the catalog tests start their own server from /usr/lib/postgresql/<version>/bin),
#     docker-registry (the CNCF distribution registry that mlops push/pull are tested against)
# (ONNX Runtime, the scoring oracle, comes from NuGet with the test projects: nothing to install.)
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail

need_apt=()
[ -d /usr/share/libonnx-testdata/data/node ] || need_apt+=(libonnx-testdata)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
/usr/bin/python3 -c 'import pandas, scipy' >/dev/null 2>&1 || need_apt+=(python3-pandas python3-scipy)
/usr/bin/python3 -c 'import sklearn, onnx' >/dev/null 2>&1 || need_apt+=(python3-sklearn python3-onnx)
/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1 || need_apt+=(python3-cryptography)
# Any version will do: the tests take the newest /usr/lib/postgresql/<version>/bin holding pg_ctl and initdb.
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null 2>&1 || need_apt+=(postgresql)
[ -x /usr/bin/docker-registry ] || need_apt+=(docker-registry)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
  echo "install-test-deps: apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "install-test-deps: ok"
