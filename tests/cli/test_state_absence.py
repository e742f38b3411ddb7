"""`tanledger verify state` on absence proofs, offline: a node's proof that an account holds no allowance (and has
no obligation) verifies against the trust file exported from genesis; a changed proof is refused with its code."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.verify import trust_app, verify_app
from helpers import bilateral_genesis_doc, uscc
from node.api import create_app
from node_helpers import CEA, Signer, grow_chain, make_settings, open_node, write_home

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()
NO_HOLDING = f"holding/{uscc(9)}/{CEA}"
NO_OBLIGATION = f"obligation/2031/{uscc(1)}"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Path:
    """A folder with the trust file and the node's proofs of two absent keys and a present one, after block 9."""
    out = tmp_path_factory.mktemp("absence")
    node = open_node(make_settings(write_home(out / "home")))
    grow_chain(node, Signer())
    with TestClient(create_app(node.settings, node)) as client:
        for name, key in (("no-holding", NO_HOLDING), ("no-obligation", NO_OBLIGATION),
                          ("holding", f"holding/{uscc(1)}/{CEA}"), ("holds-nothing", f"holding/{uscc(9)}/"),
                          ("holds-something", f"holding/{uscc(1)}/")):
            (out / f"{name}.json").write_text(client.get(f"/v1/proof/state/{key}?height=9").text)
    node.close()
    (out / "genesis.json").write_text(json.dumps(bilateral_genesis_doc()), encoding="utf-8")
    exported = runner.invoke(trust_app, ["export", "--genesis", str(out / "genesis.json")])
    assert exported.exit_code == 0, exported.output
    (out / "trust.json").write_text(exported.stdout)
    return out


def verify(served: Path, proof: Path):
    return runner.invoke(verify_app, ["state", str(proof), "--trust", str(served / "trust.json")])


@pytest.mark.parametrize("name, key", [("no-holding", NO_HOLDING), ("no-obligation", NO_OBLIGATION)])
def test_verify_state_proves_a_key_absent(served: Path, name: str, key: str) -> None:
    result = verify(served, served / f"{name}.json")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"valid: {key} is absent after block 9"
    state_size = json.loads((served / f"{name}.json").read_text())["header"]["state_size"]
    assert f"{state_size} state entries), committed by tanledger.devnet/tanledger-test/v1" in lines[1]


def test_verify_state_proves_an_account_holds_nothing(served: Path) -> None:
    nothing, something = verify(served, served / "holds-nothing.json"), verify(served, served / "holds-something.json")
    assert nothing.exit_code == something.exit_code == 0, nothing.output + something.output
    assert nothing.output.splitlines()[:2] == [f"valid: holding/{uscc(9)}/ is absent after block 9",
                                               f"  and no key starts with holding/{uscc(9)}/"]
    assert "no key starts with" not in something.output


def test_verify_state_of_a_present_key_names_its_value(served: Path) -> None:
    result = verify(served, served / "holding.json")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f'valid: holding/{uscc(1)}/{CEA} = {{"available": ')
    assert "after block 9 (hash " in result.output


@pytest.mark.parametrize("tamper, code", [
    (lambda d: d["left"].update(value={"available": [[1, 2]]}), "root_mismatch"),
    (lambda d: d["right"].update(index=d["right"]["index"] + 1), "not_adjacent"),
    (lambda d: d.update(left=None), "not_adjacent"),
    (lambda d: d.update(key=d["right"]["key"]), "key_not_between"),
    (lambda d: d.update(tree_size=d["tree_size"] - 1), "state_size_mismatch"),
    (lambda d: d["header"].update(state_size=d["tree_size"] + 1), "header_mismatch"),
    (lambda d: d.update(present=None), "malformed_proof"),
])
def test_a_changed_absence_proof_is_refused(served: Path, tmp_path: Path, tamper, code: str) -> None:
    doc = json.loads((served / "no-holding.json").read_text())
    tamper(doc)
    (tmp_path / "s.json").write_text(json.dumps(doc))
    result = verify(served, tmp_path / "s.json")
    assert result.exit_code == 1, result.output
    assert f"invalid[{code}]:" in result.output, result.output


def test_a_present_key_presented_as_absent_is_refused(served: Path, tmp_path: Path) -> None:
    present = json.loads((served / "holding.json").read_text())
    doc = {**json.loads((served / "no-holding.json").read_text()), "key": present["key"]}
    (tmp_path / "s.json").write_text(json.dumps(doc))
    result = verify(served, tmp_path / "s.json")
    assert result.exit_code == 1 and "invalid[key_not_between]: the left neighbour's key" in result.output, result.output
