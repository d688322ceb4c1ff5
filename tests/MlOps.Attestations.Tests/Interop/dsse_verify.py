"""An independent DSSE v1 / in-toto Statement v1 verifier (python3-cryptography), for the interoperability tests.

usage: dsse_verify.py <bundle.intoto.jsonl> <public-key.pem> <artefact-file>
Prints one line per envelope: "<line> ok <predicateType>" or "<line> FAIL <why>"; exit 0 only when every line is ok.
Written from the specifications, not from our code: PAE from
https://github.com/secure-systems-lab/dsse/blob/master/protocol.md, the statement from
https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md.
"""
import base64, hashlib, json, os, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.exceptions import InvalidSignature

def pae(payload_type: str, payload: bytes) -> bytes:
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)

bundle, pem, artefact = sys.argv[1:4]
key = serialization.load_pem_public_key(open(pem, "rb").read())
assert isinstance(key.curve, ec.SECP256R1), "not a P-256 key"
spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
keyid = hashlib.sha256(spki).hexdigest()
digest = hashlib.sha256(open(artefact, "rb").read()).hexdigest()
name = os.path.basename(artefact)
ok = True
for number, line in enumerate(open(bundle, "rb").read().split(b"\n"), start=1):
    if not line:
        continue
    try:
        env = json.loads(line)
        payload = base64.b64decode(env["payload"], validate=True)
        assert env["payloadType"] == "application/vnd.in-toto+json", "payloadType"
        sigs = [s for s in env["signatures"] if s["keyid"] == keyid]
        assert sigs, "no signature with keyid " + keyid
        key.verify(base64.b64decode(sigs[0]["sig"]), pae(env["payloadType"], payload), ec.ECDSA(hashes.SHA256()))
        statement = json.loads(payload)
        assert statement["_type"] == "https://in-toto.io/Statement/v1", "_type"
        assert any(s["name"] == name and s["digest"]["sha256"] == digest for s in statement["subject"]), "subject"
        print(number, "ok", statement["predicateType"])
    except InvalidSignature:
        ok = False
        print(number, "FAIL signature")
    except Exception as e:  # noqa: BLE001 - every failure is reported per line
        ok = False
        print(number, "FAIL", repr(e))
sys.exit(0 if ok else 1)
