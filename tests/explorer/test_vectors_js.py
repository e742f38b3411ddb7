"""The 196 RFC 6962/9162 proof vectors of transparency-dev/merkle, checked by verify.js in the browser.

Each vector must end in the browser exactly as in ledger/verify.py: verified, or the same error
code (tests/ledger/test_vectors.py says which code each kind of mutation gets).
"""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from ledger.errors import LedgerError
from ledger.verify import verify_consistency, verify_inclusion

VECTORS = Path(os.environ.get("TANLEDGER_MERKLE_VECTORS",
                              Path(__file__).resolve().parents[1] / "vectors" / "transparency-dev-merkle"))
FILES = sorted(VECTORS.glob("*/**/*.json"))


def python_code(kind: str, v: dict) -> str:
    proof = [base64.b64decode(p) for p in v["proof"] or []]
    try:
        if kind == "inclusion":
            leaf, root = base64.b64decode(v["leafHash"]), base64.b64decode(v["root"])
            verify_inclusion(leaf, v["leafIdx"], v["treeSize"], proof, root)
        else:
            verify_consistency(v["size1"], v["size2"], proof, base64.b64decode(v["root1"]), base64.b64decode(v["root2"]))
    except LedgerError as exc:
        return exc.code
    return "ok"


def as_text(v: dict) -> dict:
    """The vector with its sizes and indexes as decimal text (exact in JS, read as BigInt)."""
    return {k: str(x) if k in ("leafIdx", "treeSize", "size1", "size2") else x for k, x in v.items()}


JS = """const out = [];
for (const [kind, v] of vectors) {
  const proof = (v.proof ?? []).map(b64);
  try {
    if (kind === 'inclusion')
      await V.verifyInclusion(b64(v.leafHash), BigInt(v.leafIdx), BigInt(v.treeSize), proof, b64(v.root));
    else
      await V.verifyConsistency(BigInt(v.size1), BigInt(v.size2), proof, b64(v.root1), b64(v.root2));
    out.push('ok');
  } catch (e) { out.push(e.code ?? ('js error: ' + e.message)); }
}
return out;"""


def test_all_vectors_present() -> None:
    assert len(FILES) == 196, f"expected the 196 vector files under {VECTORS}"


def test_every_vector_ends_as_in_python(verifier) -> None:
    loaded = [(f.relative_to(VECTORS).parts[0], json.loads(f.read_text())) for f in FILES]
    python = [python_code(kind, v) for kind, v in loaded]
    browser = verifier.run(JS, vectors=[[kind, as_text(v)] for kind, v in loaded])
    assert browser["ok"], browser
    differ = [(str(f.relative_to(VECTORS)), p, b) for f, p, b in zip(FILES, python, browser["value"], strict=True) if p != b]
    assert differ == []
    assert [v["wantErr"] for _, v in loaded] == [code != "ok" for code in python]
    assert python.count("ok") == sum(1 for _, v in loaded if not v["wantErr"])
