"""Every `tanledger tx` subcommand builds a body its handler's check_shape accepts (no node needed)."""
from __future__ import annotations

import pytest

from cli.commands import tx, tx_orders, tx_rules, tx_validators
from cli.commands import tx_accounts
from cli.commands import tx_compliance
from cli.commands import tx_ccer_issuance
from cli.commands import tx_ccer_projects
from cli.commands import tx_ccer_fraud
from cli.commands import tx_ccer_offset
from cli_helpers import A, B
from contracts import HANDLERS

K = ("-k", "any.json")
PUB = "ab" * 32
CASES = {
    "register": ("register_participant", ("--id", A, "--name", "企业", "--role", "entity", "--pubkey", PUB, "--province", "11",
                                          "--sector", "steel")),
    "create-instrument": ("create_instrument", ("--id", "CEA-2019-2020", "--vintage", "2020")),
    "set-cycle": ("set_compliance_cycle", ("--year", "2024", "--deadline", "2025-12-31T23:59:59+08:00", "--vintage", "CEA-2023",
                                           "--vintage", "CEA-2024", "--offset-cap-bp", "500")),
    "designate-forced": ("designate_forced_compliance", ("--account", A, "--year", "2024", "--reason", "履约风险")),
    "allocate": ("allocate", ("--account", A, "--year", "2024", "--kind", "true-up", "--final", "1234.567")),
    "record-emissions": ("record_emissions", ("--account", A, "--year", "2024", "--verified", "99")),
    "transfer": ("transfer", ("--from", A, "--to", B, "--instrument", "CEA-2024", "--ranges", "5-9,1-2", "--trade-ref", "T-1")),
    "surrender": ("surrender", ("--account", A, "--year", "2024", "--instrument", "CEA-2024", "--amount", "3")),
    "cancel": ("cancel", ("--account", A, "--instrument", "CEA-2024", "--amount", "3", "--purpose", "public_interest",
                          "--beneficiary", "x", "--reason", "y")),
    "forced-surrender": ("forced_surrender", ("--account", A, "--year", "2024", "--instrument", "CEA-2024", "--amount", "3",
                                              "--order-ref", "QZ-1")),
    "release": ("release_allocation", ("--account", A, "--year", "2024", "--instrument", "CEA-2024", "--amount", "3")),
    "enforce-shortfall": ("enforce_shortfall", ("--account", A, "--year", "2024", "--price-month", "2025-12", "--multiple", "7",
                                                "--order-ref", "CF-1", "--correction-deadline", "2026-03-31T23:59:59+08:00")),
    "court-order": ("court_order", ("--order-ref", "(2025)京01执1号", "--account", A, "--action", "deduct", "--court", "北京一中院",
                                    "--instrument", "CEA-2024", "--amount", "3", "--to", B)),
    "carryover-notice": ("carryover_notice", ("--old-vintage", "CEA-2019-2020", "--old-vintage", "CEA-2024", "--target", "CEA-2025")),
    "carryover-apply": ("carryover_apply", ("--account", A, "--amount", "10000")),
    "carryover-execute": ("carryover_execute", ("--account", A, "--application", "2")),
    "rotate-key": ("rotate_key", ("--account", A, "--add", PUB, "--remove", "cd" * 32)),
    "set-account-status": ("set_account_status", ("--account", A, "--status", "restricted", "--reason", "法院冻结")),
    "advance-clock": ("advance_clock", ("--to", "2025-12-31T23:59:59+08:00")),
    "propose-validator-update": ("propose_validator_update", ("--id", "drop-x", "--name", "PROV-32", "--power", "0",
                                                              "--reason", "退出")),
    "approve-validator-update": ("approve_validator_update", ("--id", "drop-x")),
    "set-market-rules": ("set_market_rules", ("--rule", "bilateral_transfers=true")),
    "request-key-recovery": ("request_key_recovery", ("--account", A, "--request-ref", "KR-1", "--pubkey", PUB,
                                                      "--pubkey", "cd" * 32, "--threshold", "2")),
    "veto-key-recovery": ("veto_key_recovery", ("--account", A, "--request-ref", "KR-1", "--reason", "密钥未丢失")),
    "complete-key-recovery": ("complete_key_recovery", ("--account", A, "--request-ref", "KR-1")),
    "set-calendar": ("set_calendar", ("--year", "2025")),
    "publish-price": ("publish_price", ("--instrument", "CEA-2024", "--month", "2025-12", "--avg-price-fen", "9749")),
    "record-exemption": ("record_exemption", ("--account", A, "--year", "2024", "--reason", "停产关闭")),
    "submit-reduction": ("submit_reduction", ("--project", "WIND-01", "--period-start", "2024-01-01", "--period-end",
                                              "2024-12-31", "--verifying-vvb", B, "--report-hash", PUB)),
    "verify-reduction": ("verify_reduction", ("--project", "WIND-01", "--report", "1", "--report-hash", PUB,
                                              "--verified", "2023=400", "--verified", "2024=600")),
    "apply-issuance": ("apply_issuance", ("--project", "WIND-01", "--report", "1", "--amount", "1000",
                                          "--commitment-hash", PUB)),
    "decide-issuance": ("decide_issuance", ("--project", "WIND-01", "--report", "1", "--outcome", "refuse",
                                            "--reason", "监测数据不完整")),
    "set-methodology": ("set_methodology", ("--code", "CCER-01-002-V01")),
    "accredit-vvb": ("accredit_vvb", ("--vvb", A, "--status", "active", "--field", "01", "--field", "14")),
    "record-external-claim": ("record_external_claim", ("--kind", "green_certificate", "--ref", "GEC-2024-0001")),
    "submit-project": ("submit_project", ("--project", "HW-JS-001", "--name", "海上风电", "--methodology", "CCER-01-002-V01",
                                          "--province", "32", "--location", "江苏省盐城市", "--facility", "FAC-1",
                                          "--construction-start", "2019-06-01", "--crediting-start", "2021-01-01",
                                          "--crediting-years", "10", "--pdd-hash", PUB, "--validating-vvb", B,
                                          "--external-ref", "GEC-1")),
    "validate-project": ("validate_project", ("--project", "HW-JS-001", "--report-hash", PUB, "--conclusion", "positive")),
    "apply-project": ("apply_project", ("--project", "HW-JS-001", "--commitment-hash", PUB)),
    "decide-project": ("decide_project", ("--project", "HW-JS-001", "--outcome", "refuse", "--reason", "材料不全")),
    "comment-project": ("comment_project", ("--project", "HW-JS-001", "--content-hash", PUB)),
    "cancel-project": ("cancel_project", ("--project", "HW-JS-001", "--reason", "项目停止运行")),
    "order-fraud-cancellation": ("order_fraud_cancellation", ("--project", "P-WIND-01", "--ref", "(2026)注登字第3号",
                                                              "--amount", "500", "--due", "2026-06-30T23:59:59+08:00",
                                                              "--reason", "虚报减排量")),
    "enforce-fraud-cancellation": ("enforce_fraud_cancellation", ("--project", "P-WIND-01")),
    "freeze-offset": ("freeze_offset", ("--account", A, "--year", "2024", "--instrument", "CCER-P1-2024", "--ranges", "1-30")),
}


@pytest.fixture
def sent(monkeypatch):
    """Capture what the commands would sign and send."""
    captured = []

    def fake_send(node, type_, body, key_files, nonce, wait):
        captured.append((type_, body, [str(k) for k in key_files], nonce, wait))
    monkeypatch.setattr(tx, "send", fake_send)
    monkeypatch.setattr(tx_orders, "send", fake_send)
    monkeypatch.setattr(tx_validators, "send", fake_send)
    monkeypatch.setattr(tx_rules, "send", fake_send)
    monkeypatch.setattr(tx_accounts, "send", fake_send)
    monkeypatch.setattr(tx_compliance, "send", fake_send)
    monkeypatch.setattr(tx_ccer_issuance, "send", fake_send)
    monkeypatch.setattr(tx_ccer_projects, "send", fake_send)
    monkeypatch.setattr(tx_ccer_fraud, "send", fake_send)
    monkeypatch.setattr(tx_ccer_offset, "send", fake_send)
    return captured


def test_every_transaction_kind_has_a_subcommand():
    assert sorted(t for t, _ in CASES.values()) == sorted(HANDLERS)


@pytest.mark.parametrize("command", sorted(CASES))
def test_tx_body_passes_check_shape(invoke, sent, command):
    type_, args = CASES[command]
    result = invoke("tx", command, *K, *args)
    assert result.exit_code == 0, result.output
    (sent_type, body, key_files, nonce, wait), = sent
    assert sent_type == type_ and key_files == ["any.json"] and nonce is None and wait is True
    HANDLERS[type_].check_shape(body)


def test_tx_transfer_ranges_are_normalized(invoke, sent):
    invoke("tx", "transfer", *K, *CASES["transfer"][1])
    assert sent[0][1]["ranges"] == [[1, 2], [5, 9]]


def test_tx_allocate_defaults_to_the_years_vintage(invoke, sent):
    invoke("tx", "allocate", *K, "-k", "b.json", "--account", A, "--year", "2025", "--nonce", "9", "--no-wait")
    _, body, key_files, nonce, wait = sent[0]
    assert body == {"account": A, "year": 2025, "kind": "pre", "instrument": "CEA-2025"}
    assert key_files == ["any.json", "b.json"] and nonce == 9 and wait is False


def test_invalid_tx_bad_ranges(invoke, sent):
    result = invoke("tx", "surrender", *K, "--account", A, "--year", "2024", "--instrument", "CEA-2024", "--ranges", "9-1")
    assert result.exit_code == 1 and not sent
    assert result.output.startswith("error[invalid_option]: --ranges '9-1' is not like 1-100,250-300")


def test_invalid_tx_pubkey_neither_hex_nor_file(invoke, sent):
    result = invoke("tx", "rotate-key", *K, "--account", A, "--add", "not-a-key")
    assert result.exit_code == 1 and not sent
    assert "error[invalid_option]: --pubkey 'not-a-key'" in result.output


def test_tx_propose_validator_update_reads_the_cometbft_key_file(invoke, sent, tmp_path):
    import base64
    import json

    key_file = tmp_path / "priv_validator_key.json"
    key_file.write_text(json.dumps({"pub_key": {"type": "tendermint/PubKeyEd25519",
                                                "value": base64.b64encode(bytes(range(32))).decode()}}))
    result = invoke("tx", "propose-validator-update", *K, "--id", "add-44", "--name", "PROV-44", "--pubkey", PUB,
                    "--consensus-key", str(key_file), "--reason", "广东省生态环境厅加入")
    assert result.exit_code == 0, result.output
    body = sent[0][1]
    assert body["changes"] == [{"name": "PROV-44", "power": 1, "pubkey": PUB, "consensus_pubkey": bytes(range(32)).hex()}]
    HANDLERS["propose_validator_update"].check_shape(body)


def test_invalid_tx_propose_validator_update_with_a_file_that_is_no_cometbft_key(invoke, sent, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = invoke("tx", "propose-validator-update", *K, "--id", "x", "--name", "PROV-44", "--consensus-key", str(bad),
                    "--reason", "r")
    assert result.exit_code == 1 and not sent
    assert "is not a CometBFT priv_validator_key.json" in result.output


def test_tx_carryover_apply_names_vintages_and_amounts(invoke, sent):
    result = invoke("tx", "carryover-apply", *K, "--account", A, "--part", "CEA-2024=5000", "--part", "CEA-2023=1000")
    assert result.exit_code == 0, result.output
    body = sent[0][1]
    assert body == {"account": A, "parts": [{"instrument": "CEA-2024", "amount": 5000}, {"instrument": "CEA-2023", "amount": 1000}]}
    HANDLERS["carryover_apply"].check_shape(body)


@pytest.mark.parametrize("args", [("--part", "CEA-2023"), ("--part", "CEA-2023=x"), ("--amount", "1", "--part", "CEA-2023=1"), ()])
def test_invalid_tx_carryover_apply_parts(invoke, sent, args):
    result = invoke("tx", "carryover-apply", *K, "--account", A, *args)
    assert result.exit_code == 1 and not sent
    assert result.output.startswith("error[invalid_option]: ")


def test_tx_set_cycle_names_only_what_changes(invoke, sent):
    result = invoke("tx", "set-cycle", *K, "--year", "2025", "--pre-allocation-bp", "5000", "--sector-rule", "steel=0:verified",
                    "--sector-rule", "cement=3000:plan")
    assert result.exit_code == 0, result.output
    body = sent[0][1]
    assert body == {"year": 2025, "pre_allocation_bp": 5000, "sector_rules": {
        "steel": {"pre_allocation_bp": 0, "final": "verified"}, "cement": {"pre_allocation_bp": 3000, "final": "plan"}}}
    HANDLERS["set_compliance_cycle"].check_shape(body)


def test_invalid_tx_set_cycle_sector_rule(invoke, sent):
    result = invoke("tx", "set-cycle", *K, "--year", "2025", "--sector-rule", "steel:0")
    assert result.exit_code == 1 and not sent
    assert "error[invalid_option]: --sector-rule 'steel:0' is not like steel=0:verified" in result.output


def test_tx_verify_reduction_names_tonnes_per_year(invoke, sent):
    result = invoke("tx", "verify-reduction", *K, *CASES["verify-reduction"][1])
    assert result.exit_code == 0, result.output
    assert sent[0][1]["verified"] == {"2023": 400, "2024": 600} and sent[0][1]["conclusion"] == "positive"


@pytest.mark.parametrize("verified", ["2024", "2024=x", "24=1", "2024=-1"])
def test_invalid_tx_verify_reduction_tonnes(invoke, sent, verified):
    result = invoke("tx", "verify-reduction", *K, "--project", "WIND-01", "--report", "1", "--report-hash", PUB,
                    "--verified", verified)
    assert result.exit_code == 1 and not sent
    assert result.output.startswith(f"error[invalid_option]: --verified '{verified}' is not like 2024=1000")


def test_tx_set_cycle_names_the_ccer_eligibility_date(invoke, sent):
    result = invoke("tx", "set-cycle", *K, "--year", "2025", "--ccer-registered-after", "2024-01-22")
    assert result.exit_code == 0, result.output
    body = sent[0][1]
    assert body == {"year": 2025, "ccer_registered_after": "2024-01-22"}
    HANDLERS["set_compliance_cycle"].check_shape(body)
