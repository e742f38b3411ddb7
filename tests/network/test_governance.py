"""Validator-set governance on a live network: the MEE proposes a fifth validator, a quorum of the
validators' institutions approves, CometBFT applies the update, and checkpoints follow the new set."""
from __future__ import annotations

import hashlib
import time

import httpx
import pytest

from cli.network import LocalNetwork, create_network
from ledger.checkpoint import parse_trust, verify_checkpoint
from ledger.crypto import public_key
from ledger.tx import sign_transaction

from .conftest import free_base
from .workload import wait_committed

pytestmark = pytest.mark.network

CHAIN = "tanledger-gov"


def test_a_governance_change_adds_a_fifth_validator_that_then_cosigns(tmp_path):
    api, rpc = free_base(5)
    folder = tmp_path / "net"
    specs, keys = create_network(folder, 4, CHAIN, "devnet", "2026-01-01T00:00:00+08:00", [], api, rpc,
                                 timeout_commit_ms=200)
    net = LocalNetwork(folder, specs)
    try:
        net.start()
        net.wait_height(2, timeout=90)
        seed = hashlib.sha256(b"tanledger-test/PROV-44").digest()
        consensus_key = net.add_validator("PROV-44", seed, api + 4, rpc + 40)
        net.start("PROV-44")  # a full node until the change: it follows the chain
        change = {"name": "PROV-44", "pubkey": public_key(seed).hex(), "consensus_pubkey": consensus_key, "power": 1}
        propose = sign_transaction(CHAIN, "propose_validator_update",
                                   {"id": "add-guangdong", "changes": [change], "reason": "广东省生态环境厅 joins"},
                                   [keys["MEE"].seed], 1)
        approvals = [sign_transaction(CHAIN, "approve_validator_update", {"id": "add-guangdong"},
                                      [keys[name].seed], 1) for name in ("REGISTRY", "EXCHANGE")]
        for tx in [propose, *approvals]:
            assert httpx.post(f"{specs[0].api}/v1/tx", content=tx.raw, timeout=10).status_code == 202
            answer = wait_committed(specs[0].api, [tx.id_hex])[tx.id_hex]
            assert answer["status"] == "committed", answer
        applied_at = answer["height"]

        # CometBFT applies the update two blocks later; the new validator votes and co-signs from then on
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            validators = httpx.get(f"{specs[0].rpc}/validators", timeout=5).json()["result"]
            if int(validators["total"]) == 5:
                break
            time.sleep(0.5)
        assert int(validators["total"]) == 5
        net.wait_height(applied_at + 3, timeout=90)
        after = sign_transaction(CHAIN, "create_instrument", {"id": "CEA-2026", "vintage": 2026}, [keys["MEE"].seed], 2)
        assert httpx.post(f"{specs[3].api}/v1/tx", content=after.raw, timeout=10).status_code == 202
        later = wait_committed(specs[3].api, [after.id_hex])[after.id_hex]
        net.wait_height(later["height"] + 3, timeout=90)  # its checkpoint is co-signed two blocks later
        trust = parse_trust(httpx.get(f"{specs[1].api}/v1/trust", timeout=10).json())
        assert [s.quorum for s in trust.sets] == [3, 4]
        note = httpx.get(f"{specs[2].api}/v1/checkpoint", params={"format": "note"}, timeout=10).text
        verified = verify_checkpoint(note, trust)
        assert len(verified.signers) >= 4 and trust.set_for(verified.checkpoint.size).quorum == 4
        assert f"{trust.origin}/PROV-44" in verified.signers
        status = httpx.get(f"{net.spec('PROV-44').api}/v1/status", timeout=10).json()
        assert status["validator_name"] == "PROV-44"
    finally:
        net.stop()
