"""`tanledger verify` and `tanledger trust export`, offline: a node's proofs verify against the trust file
exported from genesis; every tampering is refused with exit 1 and the reason code on one line."""
from __future__ import annotations

import base64
import hashlib
import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.verify import trust_app, verify_app
from helpers import genesis_doc, seed, uscc
from ledger.bundle import Bundle, format_bundle
from ledger.checkpoint import Trust, Validator, ValidatorSet, format_checkpoint, make_note, quorum_for, sign_note
from ledger.crypto import public_key
from ledger.encoding import canonical
from ledger.merkle import leaf_hash
from ledger.proof import MemoryTree
from ledger.tx import sign_transaction
from node.api import create_app
from node.settings import NodeSettings
from node_helpers import open_node

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()


def run(app, *args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def invalid(result, code: str) -> None:
    """Assert a refusal: exit 1 and the line `invalid[code]: …`."""
    assert result.exit_code == 1, result.output
    assert f"invalid[{code}]:" in result.output, result.output


# -- a real node's proofs ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Files served by a node after three blocks (logs of 2, 3 and 4 entries): bundles, proofs, trust."""
    return serve_files(tmp_path_factory.mktemp("served"), genesis_doc())


@pytest.fixture(scope="module")
def other_devnet(tmp_path_factory):
    """The files of another chain with the same chain id (and validator key): its genesis time differs."""
    return serve_files(tmp_path_factory.mktemp("other"), {**genesis_doc(), "genesis_time": "2024-01-02T08:00:00+08:00"})


def serve_files(out: Path, genesis: dict) -> Path:
    """Run a node of `genesis` for three blocks and write its bundles, proofs and trust file into `out`."""
    home = out / "home"
    home.mkdir()
    (home / "genesis.json").write_text(json.dumps(genesis), encoding="utf-8")
    (home / "validator.key").write_text(seed("validator-1").hex())
    node = open_node(NodeSettings(home=home, engine="solo", clock="sim", sim_start="2024-01-02T09:00:00+08:00",
                                  auto_produce=False))
    ids = []
    for per_block in (2, 1, 1):
        for _ in range(per_block):
            k = len(ids) + 1
            body = {"id": uscc(k), "name": f"entity {k}", "roles": ["entity"], "pubkeys": [public_key(seed(uscc(k))).hex()],
                    "province": "11", "sector": "power"}
            tx = sign_transaction("tanledger-test", "register_participant", body, [seed("REGISTRY")], k)
            node.submit(tx.raw)
            ids.append(tx.id_hex)
        node.produce_now()
        with TestClient(create_app(node.settings, node)) as client:
            (out / f"tx{len(ids) - 1}-at-{len(ids)}.tlog-proof").write_text(
                client.get(f"/v1/proof/inclusion/{ids[-1]}?format=tlog-proof").text)
    with TestClient(create_app(node.settings, node)) as client:
        for size in (2, 3):
            (out / f"consistency-{size}-4.json").write_text(client.get(f"/v1/proof/consistency?from={size}&to=4").text)
        (out / "state.json").write_text(client.get(f"/v1/proof/state/participant/{uscc(1)}?height=1").text)
        (out / "tx0-at-4.tlog-proof").write_text(client.get(f"/v1/proof/inclusion/{ids[0]}?format=tlog-proof").text)
    node.close()
    (out / "genesis.json").write_text(json.dumps(genesis), encoding="utf-8")
    result = run(trust_app, "export", "--genesis", out / "genesis.json")
    assert result.exit_code == 0, result.output
    (out / "trust.json").write_text(result.stdout)
    return out


def test_trust_export_from_genesis(served: Path) -> None:
    trust = json.loads((served / "trust.json").read_text())
    genesis_hash = hashlib.sha256(canonical(genesis_doc())).hexdigest()
    assert trust == {"origin": "tanledger.devnet/tanledger-test", "genesis_hash": genesis_hash, "validator_sets": [{
        "from_size": 0, "quorum": 1,
        "validators": [{"name": "tanledger.devnet/tanledger-test/v1", "pubkey": public_key(seed("validator-1")).hex()}]}]}


def chain_key_of(served: Path) -> str:
    """The state file's key of the chain whose files are in `served`: origin, space, genesis hash."""
    trust = json.loads((served / "trust.json").read_text())
    return f"{trust['origin']} {trust['genesis_hash']}"


def test_trust_export_refuses_a_bad_genesis(tmp_path: Path) -> None:
    (tmp_path / "g.json").write_text(json.dumps({"chain_id": "x"}))
    result = run(trust_app, "export", "--genesis", tmp_path / "g.json")
    assert result.exit_code == 1 and "error[" in result.output


def test_a_good_bundle_is_valid_and_kept(served: Path, tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    result = run(verify_app, served / "tx3-at-4.tlog-proof", "--trust", served / "trust.json", "--state", state)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: log entry 3 is in tanledger.devnet/tanledger-test at size 4")
    assert "signed by tanledger.devnet/tanledger-test/v1 (1 of 1, quorum 1)" in result.output
    assert "(register_participant), receipt ok" in result.output
    assert json.loads(state.read_text())[chain_key_of(served)]["size"] == 4
    again = run(verify_app, "bundle", served / "tx0-at-4.tlog-proof", "--trust", served / "trust.json", "--state", state)
    assert again.exit_code == 0 and "size 4 (kept)" in again.output


def test_the_leaf_can_be_given_and_must_match(served: Path, tmp_path: Path) -> None:
    bundle = (served / "tx3-at-4.tlog-proof").read_text()
    leaf = base64.b64decode(bundle.split("\n")[1].removeprefix("extra "))
    (tmp_path / "leaf").write_bytes(leaf)
    args = ("--trust", served / "trust.json", "--state", tmp_path / "s.json")
    assert run(verify_app, served / "tx3-at-4.tlog-proof", "--leaf", tmp_path / "leaf", *args).exit_code == 0
    (tmp_path / "leaf").write_bytes(leaf.replace(b'"ok"', b'"no"'))
    invalid(run(verify_app, served / "tx3-at-4.tlog-proof", "--leaf", tmp_path / "leaf", *args), "root_mismatch")


def test_a_newer_checkpoint_needs_a_consistency_proof(served: Path, tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    args = ("--trust", served / "trust.json", "--state", state)
    assert run(verify_app, served / "tx1-at-2.tlog-proof", *args).exit_code == 0
    invalid(run(verify_app, served / "tx3-at-4.tlog-proof", *args), "consistency_proof_missing")
    invalid(run(verify_app, served / "tx3-at-4.tlog-proof", "--consistency", served / "consistency-3-4.json", *args),
            "consistency_proof_missing")  # a proof from the wrong size
    doc = json.loads((served / "consistency-2-4.json").read_text())
    doc["proof"][0] = doc["proof"][0][::-1]
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    invalid(run(verify_app, served / "tx3-at-4.tlog-proof", "--consistency", tmp_path / "bad.json", *args),
            "root_mismatch")
    result = run(verify_app, served / "tx3-at-4.tlog-proof", "--consistency", served / "consistency-2-4.json", *args)
    assert result.exit_code == 0 and "size 4 (updated)" in result.output
    older = run(verify_app, served / "tx1-at-2.tlog-proof", *args)  # older than the kept size 4: needs the proof
    invalid(older, "consistency_proof_missing")
    assert run(verify_app, served / "tx1-at-2.tlog-proof", "--consistency", served / "consistency-2-4.json",
               *args).exit_code == 0


def test_verify_consistency_moves_the_kept_checkpoint(served: Path, tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    args = ("--trust", served / "trust.json", "--state", state)
    result = run(verify_app, "consistency", served / "consistency-3-4.json", *args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: the log of size 4 extends the log of size 3")
    invalid(run(verify_app, "consistency", served / "consistency-2-4.json", *args), "consistency_proof_missing")
    assert run(verify_app, served / "tx3-at-4.tlog-proof", *args).exit_code == 0  # same size, same root


@pytest.mark.parametrize("field, change, code", [
    ("proof", lambda p: p[:-1], "proof_length"),
    ("proof", lambda p: p + p[:1], "proof_length"),
    ("to_root", lambda r: "00" * 32, "root_mismatch"),
    ("to_checkpoint", lambda n: None, "proof_error"),
    ("from_checkpoint", lambda n: n.replace("\n3\n", "\n2\n"), "bad_signature"),
])
def test_a_tampered_consistency_proof_is_refused(served: Path, tmp_path: Path, field, change, code: str) -> None:
    doc = json.loads((served / "consistency-3-4.json").read_text())
    doc[field] = change(doc[field])
    (tmp_path / "c.json").write_text(json.dumps(doc))
    invalid(run(verify_app, "consistency", tmp_path / "c.json", "--trust", served / "trust.json", "--state",
                tmp_path / "s.json"), code)


# -- the remembered checkpoint is keyed by origin and genesis hash ---------------------------------

def legacy_trust(served: Path, tmp_path: Path) -> Path:
    """The trust file of `served` as older versions wrote it: no genesis_hash."""
    trust = json.loads((served / "trust.json").read_text())
    del trust["genesis_hash"]
    path = tmp_path / f"legacy-{served.name}.json"
    path.write_text(json.dumps(trust))
    return path


def test_two_devnets_with_one_chain_id_never_collide(served: Path, other_devnet: Path, tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    assert chain_key_of(served) != chain_key_of(other_devnet)
    first = run(verify_app, served / "tx3-at-4.tlog-proof", "--trust", served / "trust.json", "--state", state)
    assert first.exit_code == 0, first.output
    result = run(verify_app, other_devnet / "tx1-at-2.tlog-proof", "--trust", other_devnet / "trust.json",
                 "--state", state)
    assert result.exit_code == 0, result.output
    assert "last verified checkpoint: size 2 (updated)" in result.output
    kept = json.loads(state.read_text())
    assert {k: v["size"] for k, v in kept.items()} == {chain_key_of(served): 4, chain_key_of(other_devnet): 2}


def test_without_genesis_hash_the_two_devnets_collide_and_a_warning_says_why(served: Path, other_devnet: Path,
                                                                             tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    first = run(verify_app, served / "tx3-at-4.tlog-proof", "--trust", legacy_trust(served, tmp_path), "--state", state)
    assert first.exit_code == 0, first.output
    assert "warning: the trust file has no genesis_hash" in first.output
    assert list(json.loads(state.read_text())) == ["tanledger.devnet/tanledger-test"]
    second = run(verify_app, other_devnet / "tx1-at-2.tlog-proof", "--trust", legacy_trust(other_devnet, tmp_path),
                 "--state", state)
    invalid(second, "consistency_proof_missing")  # the collision keying by genesis hash avoids


def test_an_old_format_entry_is_ignored_with_a_note_then_dropped(served: Path, other_devnet: Path,
                                                                 tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    assert run(verify_app, other_devnet / "tx3-at-4.tlog-proof", "--trust", legacy_trust(other_devnet, tmp_path),
               "--state", state).exit_code == 0  # the old format: the other devnet's size 4 under the origin alone
    args = ("--trust", served / "trust.json", "--state", state)
    result = run(verify_app, served / "tx1-at-2.tlog-proof", *args)
    assert result.exit_code == 0, result.output
    assert ("note: the state file's checkpoint of tanledger.devnet/tanledger-test (size 4) is of the older format, "
            "not keyed by genesis hash") in result.output
    assert list(json.loads(state.read_text())) == [chain_key_of(served)]
    again = run(verify_app, served / "tx1-at-2.tlog-proof", *args)
    assert again.exit_code == 0 and "note:" not in again.output and "warning:" not in again.output


def test_verify_consistency_keys_by_genesis_hash(served: Path, tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    result = run(verify_app, "consistency", served / "consistency-3-4.json", "--trust", served / "trust.json",
                 "--state", state)
    assert result.exit_code == 0, result.output
    assert list(json.loads(state.read_text())) == [chain_key_of(served)]


def test_verify_state(served: Path, tmp_path: Path) -> None:
    result = run(verify_app, "state", served / "state.json", "--trust", served / "trust.json")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"valid: participant/{uscc(1)} = ")
    assert "after block 1" in result.output and "committed by tanledger.devnet/tanledger-test/v1" in result.output


@pytest.mark.parametrize("tamper, code", [
    (lambda d: d["value"].update(name="someone else"), "root_mismatch"),
    (lambda d: d.update(audit_path=d["audit_path"][1:]), "proof_length"),
    (lambda d: d["header"].update(state_root="00" * 32), "header_mismatch"),
    (lambda d: d["commit"]["signatures"][0].update(signature="00" * 64), "bad_signature"),
    (lambda d: d["commit"]["signatures"][0].update(validator=public_key(seed("x")).hex()), "no_quorum"),
    (lambda d: d.update(checkpoint=d["checkpoint"].replace("\n2\n", "\n3\n")), "bad_signature"),
    (lambda d: d.pop("header"), "malformed_proof"),
])
def test_a_tampered_state_proof_is_refused(served: Path, tmp_path: Path, tamper, code: str) -> None:
    doc = json.loads((served / "state.json").read_text())
    tamper(doc)
    (tmp_path / "s.json").write_text(json.dumps(doc))
    invalid(run(verify_app, "state", tmp_path / "s.json", "--trust", served / "trust.json"), code)


# -- attacks on bundles, with a log of four validators (quorum 3) --------------------------------

ORIGIN = "tanledger.devnet/attack"
NAMES = [f"{ORIGIN}/v{i}" for i in range(1, 5)]


def key(name: str) -> bytes:
    return hashlib.sha256(b"verify-cli/" + name.encode()).digest()


ENTRIES = [b"entry %d" % i for i in range(13)]


def tree_of(entries: list[bytes]) -> MemoryTree:
    tree = MemoryTree()
    for entry in entries:
        tree.append(leaf_hash(entry))
    return tree


TREE = tree_of(ENTRIES)


def note(size: int, signers=NAMES[:3], root: bytes | None = None, lines: list[str] | None = None) -> str:
    body = format_checkpoint(ORIGIN, size, TREE.root(size) if root is None else root)
    return make_note(body, lines if lines is not None else [sign_note(body, n, key(n)) for n in signers])


def bundle(index: int = 5, size: int = 13, proof: tuple | None = None, **kw) -> str:
    path = tuple(TREE.inclusion_proof(index, size)) if proof is None else proof
    return format_bundle(Bundle(index, path, note(size, **kw), ENTRIES[index]))


@pytest.fixture
def attack(tmp_path: Path):
    """Write a trust file of four validators and return a checker of one bundle text (its CLI result)."""
    trust = Trust(ORIGIN, (ValidatorSet(0, tuple(Validator(n, public_key(key(n))) for n in NAMES), quorum_for(4)),))
    (tmp_path / "trust.json").write_text(json.dumps(trust.to_json()))

    def check(text: str):
        (tmp_path / "b.tlog-proof").write_text(text)
        return run(verify_app, tmp_path / "b.tlog-proof", "--trust", tmp_path / "trust.json", "--state",
                   tmp_path / "state.json")
    return check


def _flip(h: bytes) -> bytes:
    return bytes([h[0] ^ 1]) + h[1:]


def test_a_good_bundle_with_three_of_four(attack) -> None:
    result = attack(bundle())
    assert result.exit_code == 0, result.output
    assert "(3 of 4, quorum 3)" in result.output and "not a TanLedger entry" in result.output


@pytest.mark.parametrize("make, code", [
    (lambda: bundle(proof=(_flip(TREE.inclusion_proof(5, 13)[0]), *TREE.inclusion_proof(5, 13)[1:])), "root_mismatch"),
    (lambda: bundle(proof=tuple(TREE.inclusion_proof(5, 13)[:-1])), "proof_length"),
    (lambda: bundle(proof=(*TREE.inclusion_proof(5, 13), bytes(32))), "proof_length"),
    (lambda: bundle(signers=NAMES[:2]), "no_quorum"),  # a signature removed
    (lambda: bundle(lines=[]).replace("\n\n\n", "\n\n"), "bad_note"),  # every signature removed
    (lambda: bundle(root=TREE.root(12)), "root_mismatch"),  # a wrong root, duly signed
    (lambda: bundle().replace(base64.b64encode(TREE.root(13)).decode(), base64.b64encode(TREE.root(12)).decode()),
     "bad_signature"),  # a wrong root put in after signing
    (lambda: bundle(lines=[sign_note(format_checkpoint(ORIGIN, 13, TREE.root(13)), n, key("intruder" + n))
                           for n in NAMES[:3]]), "no_quorum"),  # validators' names, unknown keys
    (lambda: bundle(lines=[sign_note(format_checkpoint(ORIGIN, 13, TREE.root(13)), f"{ORIGIN}/x{i}", key(str(i)))
                           for i in range(4)]), "no_quorum"),  # unknown names and keys
    (lambda: bundle(lines=[sign_note(format_checkpoint(ORIGIN, 13, TREE.root(13)), n, key(n))
                           for n in (NAMES[0], NAMES[1], NAMES[1])]), "no_quorum"),  # one validator twice
    (lambda: bundle().replace("index 5", "index 13"), "invalid_inclusion_proof"),
    (lambda: bundle().replace("index 5", "index 6"), "root_mismatch"),
    (lambda: bundle().replace(ORIGIN, "tanledger.devnet/other", 1).replace("\n" + ORIGIN + "\n", "\ntanledger.devnet/other\n"),
     "unknown_origin"),
    (lambda: "not a bundle", "bad_bundle"),
])
def test_a_tampered_bundle_is_refused(attack, make, code: str) -> None:
    invalid(attack(make()), code)


def test_two_checkpoints_of_one_size_are_a_split_view(attack) -> None:
    assert attack(bundle()).exit_code == 0  # keeps (13, root)
    other = tree_of([b"other " + e for e in ENTRIES])
    forked = format_bundle(Bundle(5, tuple(other.inclusion_proof(5, 13)), note(13, root=other.root(13)),
                                  b"other " + ENTRIES[5]))
    invalid(attack(forked), "split_view")
