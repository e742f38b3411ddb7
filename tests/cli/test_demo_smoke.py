"""`tanledger demo` at a small scale, end to end: a node process, the year, the summary, the trace, the replay."""
from __future__ import annotations

import json
import re

import pytest


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from typer.testing import CliRunner

    from cli.main import app

    home = tmp_path_factory.mktemp("demo") / "home"
    result = CliRunner().invoke(app, ["demo", "--entities", "40", "--transfers", "100", "--exit", "--port", "0",
                                      "--home", str(home)])
    return result, home


def test_demo_finishes(demo):
    result, home = demo
    assert result.exit_code == 0, result.output
    assert (home / "genesis.json").exists() and (home / "network.json").exists()
    assert all((home / name / "node.db").exists() for name in ("REGISTRY", "EXCHANGE", "MEE", "PROV-32"))


def test_demo_runs_on_four_validators_that_agree_and_cosign(demo):
    _, home = demo
    n = json.loads((home / "summary.json").read_text())["network"]
    assert [v["name"] for v in n["validators"]] == ["REGISTRY", "EXCHANGE", "MEE", "PROV-32"]
    assert len({v["app_hash"] for v in n["validators"]}) == 1 and len({v["block_hash"] for v in n["validators"]}) == 1
    assert n["checkpoint"]["quorum"] == 3 and n["checkpoint"]["of"] == 4
    assert len(n["checkpoint"]["signers"]) >= 3


def test_demo_summary_is_consistent(demo):
    result, home = demo
    f = json.loads((home / "summary.json").read_text())
    assert f["entities"] == 40 and f["short"] == len(f["defaulters"]) == 1
    assert f["compliant"] + f["short"] == f["entities"]
    assert f["shortfall_t"] == sum(d["shortfall_t"] for d in f["defaulters"]) > 0
    assert f["verified_t"] - f["surrendered_t"] - f["offset_t"] == f["shortfall_t"]
    assert f["completion_bp"] == (f["verified_t"] - f["shortfall_t"]) * 10_000 // f["verified_t"] == 9_998
    assert f["fine_fen"] == f["shortfall_t"] * 9_749 * 5
    assert f["deducted_2025_t"] == f["shortfall_t"]
    assert f["transactions"] == f["submitted"] + f["clock_moves"] and f["blocks"] > 20 and f["clock_moves"] > 10
    supply = f["supply"]
    assert supply["balanced"] and supply["surrendered_by_year"] == {"2024": f["surrendered_t"]}
    assert set(f["opening_supply"]) == {"CEA-2019-2020", "CEA-2021", "CEA-2022", "CEA-2023"}
    assert all(s["balanced"] and s["issued"] > s["held"] > 0 for s in f["opening_supply"].values())


def test_demo_prints_the_summary_trace_and_replay(demo):
    result, home = demo
    f = json.loads((home / "summary.json").read_text())
    assert f"{f['verified_t']:,}" in result.output and f"{f['allocated_t']:,}" in result.output
    assert "completion rate" in result.output and "99.98 %" in result.output
    assert f"{f['shortfall_t']:,}" in result.output
    assert "now in SURRENDERED-2024 (terminal)" in result.output
    assert "pre_allocation" in result.output and "surrender" in result.output
    assert "opening_balance" in result.output  # a migrated tonne's trace starts at its genesis origin
    replayed = re.search(r"replay ok: ([0-9,]+) blocks, ([0-9,]+) transactions", result.output)
    assert replayed is not None, result.output
    # the validators go on making empty blocks between the summary and the replay
    assert int(replayed[1].replace(",", "")) >= f["blocks"] and replayed[2] == f"{f['transactions']:,}"
    assert "0 transactions were refused" in result.output


def test_demo_ccer_section(demo):
    result, home = demo
    f = json.loads((home / "summary.json").read_text())
    c = f["ccer"]
    assert c["projects_registered"] == 13 and c["issued_by_batch_t"] == {"1": 9_480_000, "2": 3_220_000}
    assert c["traded_t"] >= 748_800 and set(c["cancelled_by_purpose_t"]) == {
        "company_offset", "large_event_neutrality", "local_ets_offset", "public_interest"}
    assert "the CCER market in 2025" in result.output and "refused: same_vvb" in result.output
    assert c["refused_by_code"] == {"commitment_missing": 1, "deadline_passed": 1, "offset_cap_exceeded": 1,
                                    "publicity_window_open": 1, "same_vvb": 1}
    assert c["traded_t"] > 748_800 and c["offset_t"] == f["offset_t"] > 0 and c["offsetting_entities"] == c["offset_provinces"] == 1
    assert "one CCER tonne, from its project to an entity's offset" in result.output and "ccer_issuance" in result.output


def test_invalid_demo_refuses_a_used_home(demo):
    from typer.testing import CliRunner

    from cli.main import app

    _, home = demo
    result = CliRunner().invoke(app, ["demo", "--entities", "10", "--exit", "--home", str(home)])
    assert result.exit_code == 1
    assert result.output.strip() == f"error[file_exists]: {home} is not empty; the demo starts a new chain in an empty folder"


def test_demo_checkpoint_is_witnessed_and_verified_with_the_trust_file(demo):
    result, home = demo
    c = json.loads((home / "summary.json").read_text())["network"]["checkpoint"]
    assert c["witness_quorum"] == 2 and c["witnesses_of"] == 3 and len(c["witnesses"]) >= 2
    assert set(c["witnesses"]) <= {"witness-1", "witness-2", "witness-3"}
    assert "witnessed by" in result.output and "verified with trust.json" in result.output
    assert not any((home / f"witness-{i}" / "witness.pid").exists() and _alive(home / f"witness-{i}" / "witness.pid")
                   for i in (1, 2, 3))


def _alive(pid_file) -> bool:
    from cli.network import is_alive

    return is_alive(int(pid_file.read_text()))
