"""`tanledger verify` with a witness policy and `--max-age`; `trust export --witnesses`; `trust check` of the
witness policy. A real node's proofs, their checkpoint cosigned in the test by witnesses (ledger.cosignature)."""
from __future__ import annotations

import json
import re
import time
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.trust_check import compute_checks
from cli.verify import trust_app, verify_app
from helpers import genesis_doc, seed, uscc
from ledger.checkpoint import parse_trust
from ledger.cosignature import Witness, cosign
from ledger.crypto import public_key
from ledger.tx import sign_transaction
from node.api import create_app
from node.settings import NodeSettings
from node.trust import trust_from_genesis
from node_helpers import open_node

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()
WITNESSES = ["witness-1", "witness-2", "witness-3"]


def run(app, *args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def invalid(result, code: str) -> str:
    """Assert a refusal: exit 1 and the line `invalid[code]: …`; return the output."""
    assert result.exit_code == 1, result.output
    assert f"invalid[{code}]:" in result.output, result.output
    return result.output


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Path:
    """A node's files after two blocks (logs of 2 and 3 entries): a bundle, a consistency proof, a state proof,
    the witnesses file of three witnesses (quorum 2) and the trust file exported with it."""
    out = tmp_path_factory.mktemp("witnessed")
    home = out / "home"
    home.mkdir()
    (home / "genesis.json").write_text(json.dumps(genesis_doc()), encoding="utf-8")
    (home / "validator.key").write_text(seed("validator-1").hex())
    node = open_node(NodeSettings(home=home, engine="solo", clock="sim", sim_start="2024-01-02T09:00:00+08:00",
                                  auto_produce=False))
    ids = []
    for per_block in (2, 1):
        for _ in range(per_block):
            k = len(ids) + 1
            body = {"id": uscc(k), "name": f"entity {k}", "roles": ["entity"],
                    "pubkeys": [public_key(seed(uscc(k))).hex()], "province": "11", "sector": "power"}
            node.submit(sign_transaction("tanledger-test", "register_participant", body, [seed("REGISTRY")], k).raw)
            ids.append(None)
        node.produce_now()
    with TestClient(create_app(node.settings, node)) as client:
        tx = client.get("/v1/log/2").json()["tx_id"]
        (out / "tx2.tlog-proof").write_text(client.get(f"/v1/proof/inclusion/{tx}?format=tlog-proof").text)
        (out / "consistency-2-3.json").write_text(client.get("/v1/proof/consistency?from=2&to=3").text)
        (out / "state.json").write_text(client.get(f"/v1/proof/state/participant/{uscc(3)}").text)
    node.close()
    (out / "genesis.json").write_text(json.dumps(genesis_doc()), encoding="utf-8")
    (out / "witnesses.json").write_text(json.dumps({"quorum": 2, "witnesses": [
        {"name": w, "pubkey": public_key(seed(w)).hex(), "url": f"http://127.0.0.1:{2024 + i}"}
        for i, w in enumerate(WITNESSES)]}))
    result = run(trust_app, "export", "--genesis", out / "genesis.json", "--witnesses", out / "witnesses.json")
    assert result.exit_code == 0, result.output
    (out / "trust.json").write_text(result.stdout)
    return out


def cosigned(note_text: str, *cosigners: tuple[str, int]) -> str:
    """`note_text` (a signed note, or a bundle ending in one) with a cosignature of each (witness, seconds ago)."""
    checkpoint = note_text[:note_text.rindex("\n\n")].rsplit("\n\n", 1)[-1] + "\n"
    now = int(time.time())
    return note_text + "".join(cosign(checkpoint, w, seed(w), now - ago) + "\n" for w, ago in cosigners)


def write_bundle(served: Path, tmp_path: Path, *cosigners: tuple[str, int]) -> Path:
    path = tmp_path / "b.tlog-proof"
    path.write_text(cosigned((served / "tx2.tlog-proof").read_text(), *cosigners))
    return path


def verify(served: Path, tmp_path: Path, *args: str | Path):
    return run(verify_app, *args, "--trust", served / "trust.json", "--state", tmp_path / "state.json")


def test_trust_export_with_a_witnesses_file_writes_the_policy_without_urls(served: Path) -> None:
    trust = json.loads((served / "trust.json").read_text())
    assert trust["witness_quorum"] == 2
    assert trust["witnesses"] == [{"name": w, "pubkey": public_key(seed(w)).hex()} for w in WITNESSES]
    assert parse_trust(trust).witnesses == tuple(Witness(w, public_key(seed(w))) for w in WITNESSES)


@pytest.mark.parametrize("doc, why", [
    ({"quorum": 4, "witnesses": [{"name": "w1", "pubkey": "ab" * 32}]}, ""),
    ({"witnesses": [{"name": "w1", "pubkey": "ab" * 32}]}, "witnesses file"),
    ({"quorum": 1, "witnesses": [{"name": "w1", "pubkey": "abc"}]}, "witnesses file"),
    ({"quorum": 1, "witnesses": [{"name": "w 1", "pubkey": "ab" * 32}]}, ""),
])
def test_trust_export_refuses_a_bad_witnesses_file(served: Path, tmp_path: Path, doc: dict, why: str) -> None:
    (tmp_path / "w.json").write_text(json.dumps(doc))
    result = run(trust_app, "export", "--genesis", served / "genesis.json", "--witnesses", tmp_path / "w.json")
    assert result.exit_code == 1 and "error[bad_trust]:" in result.output and why in result.output, result.output


def test_a_bundle_cosigned_by_the_quorum_is_valid_and_names_its_witnesses(served: Path, tmp_path: Path) -> None:
    result = verify(served, tmp_path, write_bundle(served, tmp_path, ("witness-3", 3), ("witness-1", 4)))
    assert result.exit_code == 0, result.output
    assert re.search(r"^  witnessed by witness-1 \(\d+ s ago\), witness-3 \(\d+ s ago\): 2 of 3, policy 2$",
                     result.output, re.M), result.output


def test_one_witness_short_of_the_quorum_is_refused(served: Path, tmp_path: Path) -> None:
    output = invalid(verify(served, tmp_path, write_bundle(served, tmp_path, ("witness-2", 3))), "no_witness_quorum")
    assert "checkpoint cosigned by 1 of the 3 trusted witnesses, the trust file's policy needs 2" in output
    assert not (tmp_path / "state.json").exists()  # a refused checkpoint is not kept


def test_a_bad_witness_signature_is_refused(served: Path, tmp_path: Path) -> None:
    text = cosigned((served / "tx2.tlog-proof").read_text(), ("witness-1", 3), ("witness-2", 4))
    lines = text.rstrip("\n").split("\n")
    dash, name, sig = lines[-1].split(" ")
    lines[-1] = f"{dash} {name} {sig[:20]}{'A' if sig[20] != 'A' else 'B'}{sig[21:]}"
    (tmp_path / "bad.tlog-proof").write_text("\n".join(lines) + "\n")
    invalid(verify(served, tmp_path, tmp_path / "bad.tlog-proof"), "bad_signature")


@pytest.mark.parametrize("ages, max_age, code", [
    ((3, 4), "60", "ok"),
    ((3, 100), "60", "stale_checkpoint"),  # the quorum's second newest cosignature is 100 s old
    ((3, 100, 5), "60", "ok"),
])
def test_max_age_counts_the_quorum_s_oldest_needed_cosignature(served: Path, tmp_path: Path, ages, max_age: str,
                                                               code: str) -> None:
    bundle = write_bundle(served, tmp_path, *zip(WITNESSES, ages, strict=False))
    result = verify(served, tmp_path, bundle, "--max-age", max_age)
    if code == "ok":
        assert result.exit_code == 0, result.output
    else:
        assert "more than the maximum age of 60 s: the node may be serving an old view" in invalid(result, code)


def test_max_age_without_witness_cosignature_is_stale(served: Path, tmp_path: Path) -> None:
    trust = {k: v for k, v in json.loads((served / "trust.json").read_text()).items()
             if k not in ("witnesses", "witness_quorum")}
    (tmp_path / "trust.json").write_text(json.dumps(trust))
    args = ("--trust", tmp_path / "trust.json", "--state", tmp_path / "state.json")
    assert run(verify_app, served / "tx2.tlog-proof", *args).exit_code == 0  # no policy: valid without witnesses
    invalid(run(verify_app, served / "tx2.tlog-proof", *args, "--max-age", "3600"), "stale_checkpoint")


def test_verify_consistency_with_the_witness_policy_and_max_age(served: Path, tmp_path: Path) -> None:
    doc = json.loads((served / "consistency-2-3.json").read_text())
    (tmp_path / "c.json").write_text(json.dumps(doc))
    invalid(verify(served, tmp_path, "consistency", tmp_path / "c.json"), "no_witness_quorum")
    doc["to_checkpoint"] = cosigned(doc["to_checkpoint"], ("witness-1", 200), ("witness-2", 300))
    (tmp_path / "c.json").write_text(json.dumps(doc))  # the older checkpoint, never witnessed, needs its validators
    invalid(verify(served, tmp_path, "consistency", tmp_path / "c.json", "--max-age", "299"), "stale_checkpoint")
    result = verify(served, tmp_path, "consistency", tmp_path / "c.json", "--max-age", "310")
    assert result.exit_code == 0, result.output
    assert re.search(r"witnessed by witness-1 \(\d+ min ago\), witness-2 \(5 min ago\): 2 of 3, policy 2", result.output)


def test_trust_check_compares_the_witness_policy() -> None:
    import dataclasses

    trust = trust_from_genesis(genesis_doc())
    witnessed = dataclasses.replace(trust, witnesses=tuple(Witness(w, public_key(seed(w))) for w in WITNESSES),
                                    witness_quorum=2)
    rows = {r.name: r for r in compute_checks(witnessed, genesis_doc(), witnessed)}
    assert rows["witnesses"].ok and rows["witnesses"].detail == "2 of witness-1, witness-2, witness-3"
    rows = {r.name: r for r in compute_checks(witnessed, genesis_doc(), trust)}
    assert not rows["witnesses"].ok
    assert rows["witnesses"].detail.startswith("the node's witness policy is none, the trust file's 2 of witness-1")
    weaker = dataclasses.replace(witnessed, witness_quorum=1)
    assert not {r.name: r for r in compute_checks(witnessed, genesis_doc(), weaker)}["witnesses"].ok


def test_check_fresh_of_a_proof_without_checkpoint_is_stale(served: Path) -> None:
    from cli.verify import check_fresh
    from ledger.errors import StaleCheckpoint

    trust = parse_trust(json.loads((served / "trust.json").read_text()))
    check_fresh(None, trust, None)  # no max age: nothing to check
    with pytest.raises(StaleCheckpoint, match="the proof carries no checkpoint"):
        check_fresh(None, trust, 60)


def test_verify_state_names_the_witnesses_of_its_checkpoint(served: Path, tmp_path: Path) -> None:
    doc = json.loads((served / "state.json").read_text())
    (tmp_path / "s.json").write_text(json.dumps(doc))
    invalid(run(verify_app, "state", tmp_path / "s.json", "--trust", served / "trust.json"), "no_witness_quorum")
    doc["checkpoint"] = cosigned(doc["checkpoint"], ("witness-2", 3), ("witness-3", 4))
    (tmp_path / "s.json").write_text(json.dumps(doc))
    result = run(verify_app, "state", tmp_path / "s.json", "--trust", served / "trust.json")
    assert result.exit_code == 0, result.output
    assert re.search(r"^  witnessed by witness-2 \(\d+ s ago\), witness-3 \(\d+ s ago\): 2 of 3, policy 2$",
                     result.output, re.M), result.output
