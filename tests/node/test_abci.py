"""The ABCI application in process and over its socket: framing, every method, crash recovery, admission.

The app is driven here exactly as CometBFT drives it (CheckTx, FinalizeBlock, Commit, Info,
InitChain, the vote-extension methods) through `AbciAdapter` and the socket server, with
protobuf messages generated from CometBFT's own `.proto` files.
"""
from __future__ import annotations

import json
import socket

import pytest

from helpers import CHAIN_ID, seed
from ledger.cosign import decode_extension, decode_record, is_record
from ledger.errors import Malformed
from ledger.tx import sign_transaction
from node.abci.adapter import AbciAdapter
from node.abci.pb.tendermint.abci import types_pb2 as pb
from node.abci.server import AbciServer
from node.abci.wire import Decoder, FramingError, encode, encode_varint
from node.app import compute_app_hash
from node.core import Node

from node_helpers import Signer, make_settings, market_setup, write_home

T0 = 1_704_157_200_000  # 2024-01-02T09:00:00+08:00, the test genesis' time


def ts(ms: int) -> dict:
    return {"seconds": ms // 1000, "nanos": (ms % 1000) * 1_000_000}


@pytest.fixture
def node(tmp_path):
    opened = Node.open(make_settings(write_home(tmp_path / "home"), engine="cometbft"))
    yield opened
    opened.close()


def finalize(adapter: AbciAdapter, height: int, txs: list[bytes], ms: int) -> pb.ResponseFinalizeBlock:
    return adapter.finalize_block(pb.RequestFinalizeBlock(txs=txs, height=height, time=ts(ms),
                                                          proposer_address=bytes(20), hash=bytes([height]) * 32))


# -- framing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 127, 128, 300, 16_384, 2**31])
def test_varint_roundtrip(n):
    data = encode(b"x" * min(n, 1000)) if n <= 1000 else encode_varint(n)
    if n <= 1000:
        assert Decoder().feed(data) == [b"x" * n]
    else:
        assert Decoder(max_bytes=2**32).feed(data) == []  # the length alone: waits for the body


def test_decoder_splits_a_stream_fed_byte_by_byte():
    stream = encode(b"one") + encode(b"") + encode(b"three" * 100)
    decoder, out = Decoder(), []
    for i in range(len(stream)):
        out += decoder.feed(stream[i:i + 1])
    assert out == [b"one", b"", b"three" * 100]


def test_invalid_length_prefix_too_large_or_too_long():
    with pytest.raises(FramingError):
        Decoder(max_bytes=10).feed(encode(b"x" * 11))
    with pytest.raises(FramingError):
        Decoder().feed(b"\xff" * 11)


# -- the methods in process ------------------------------------------------------------------

def test_info_init_chain_and_the_genesis_app_hash(node):
    adapter = AbciAdapter(node)
    info = adapter.info(pb.RequestInfo())
    assert info.last_block_height == 0 and info.last_block_app_hash == b""
    app_state = json.dumps(node.genesis).encode()
    answer = adapter.init_chain(pb.RequestInitChain(chain_id=CHAIN_ID, app_state_bytes=app_state))
    assert answer.app_hash == compute_app_hash(node.state.root(), len(node.state), 0, node.tip.log.root())
    with pytest.raises(Exception, match="chain id"):
        adapter.init_chain(pb.RequestInitChain(chain_id="another-chain", app_state_bytes=app_state))


def test_finalize_persists_nothing_commit_stores_and_an_empty_block_keeps_the_app_hash(node):
    adapter, signer = AbciAdapter(node), Signer()
    txs = market_setup(signer, [1, 2])[0]
    for tx in txs:
        assert adapter.check_tx(pb.RequestCheckTx(tx=tx.raw)).code == 0
    done = finalize(adapter, 1, [tx.raw for tx in txs], T0 + 1000)
    assert [r.code for r in done.tx_results] == [0] * len(txs)
    assert node.store.height() == 0 and not node.store.has_tx(txs[0].id)  # nothing stored yet
    adapter.commit(pb.RequestCommit())
    assert node.store.height() == 1 and node.store.has_tx(txs[0].id)
    assert adapter.info(pb.RequestInfo()).last_block_app_hash == done.app_hash
    empty = finalize(adapter, 2, [], T0 + 2000)
    adapter.commit(pb.RequestCommit())
    assert empty.app_hash == done.app_hash and node.tip.height == 2


def test_crash_between_finalize_and_commit_replays_to_the_same_app_hash(tmp_path):
    settings = make_settings(write_home(tmp_path / "home"), engine="cometbft")
    txs = market_setup(Signer(), [1, 2, 3])[0]
    first = Node.open(settings)
    done = finalize(AbciAdapter(first), 1, [tx.raw for tx in txs], T0 + 1000)
    first.close()  # the process dies here: FinalizeBlock ran, Commit never did
    again = Node.open(settings)
    adapter = AbciAdapter(again)
    assert adapter.info(pb.RequestInfo()).last_block_height == 0  # CometBFT's handshake replays block 1
    replayed = finalize(adapter, 1, [tx.raw for tx in txs], T0 + 1000)
    adapter.commit(pb.RequestCommit())
    assert replayed.app_hash == done.app_hash
    again.close()
    reopened = Node.open(settings)  # and after Commit, a restart reports the stored block
    assert AbciAdapter(reopened).info(pb.RequestInfo()).last_block_app_hash == done.app_hash
    reopened.close()


def test_finalize_block_of_a_wrong_height_is_a_bug_that_stops_the_chain(node):
    with pytest.raises(Exception, match="height 5"):
        finalize(AbciAdapter(node), 5, [], T0 + 1000)


def test_undecodable_bytes_in_a_block_get_an_error_result_and_stay_out_of_the_log(node):
    adapter = AbciAdapter(node)
    done = finalize(adapter, 1, [b"not a transaction"], T0 + 1000)
    adapter.commit(pb.RequestCommit())
    assert done.tx_results[0].code == 1 and done.tx_results[0].data == b"malformed"
    assert node.tip.log.size == 0


# -- admission -------------------------------------------------------------------------------

def test_check_tx_judges_a_second_pending_transaction_after_the_first(node):
    adapter, signer = AbciAdapter(node), Signer()
    first = signer.sign("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE")
    second = signer.sign("create_instrument", {"id": "CEA-2025", "vintage": 2025}, "MEE")
    assert adapter.check_tx(pb.RequestCheckTx(tx=first.raw)).code == 0
    assert adapter.check_tx(pb.RequestCheckTx(tx=second.raw)).code == 0  # nonce 2 after the pending 1
    gap = signer.sign("create_instrument", {"id": "CEA-2026", "vintage": 2026}, "MEE", nonce=9)
    answer = adapter.check_tx(pb.RequestCheckTx(tx=gap.raw))
    assert answer.code == 1 and answer.data == b"nonce_gap"
    again = adapter.check_tx(pb.RequestCheckTx(tx=first.raw))
    assert again.data == b"duplicate"
    same_nonce = sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2027", "vintage": 2027}, [seed("MEE")], 1)
    assert adapter.check_tx(pb.RequestCheckTx(tx=same_nonce.raw)).data == b"nonce_reused"


def test_recheck_after_commit_evicts_what_became_invalid(node):
    adapter, signer = AbciAdapter(node), Signer()
    a = signer.sign("create_instrument", {"id": "CEA-2024", "vintage": 2024}, "MEE")
    b = sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2025", "vintage": 2025}, [seed("MEE")], 1)
    assert adapter.check_tx(pb.RequestCheckTx(tx=a.raw)).code == 0
    finalize(adapter, 1, [b.raw], T0 + 1000)  # another validator's block took nonce 1 with b
    adapter.commit(pb.RequestCommit())
    assert node.is_pending(a.id)  # until its recheck says otherwise
    answer = adapter.check_tx(pb.RequestCheckTx(tx=a.raw, type=pb.RECHECK))
    assert answer.data == b"nonce_reused" and not node.is_pending(a.id)


def count_verifications(monkeypatch) -> list[int]:
    """Count Ed25519 verifications from here on."""
    import ledger.tx
    calls = [0]
    real = ledger.tx.is_valid_signature

    def counting(*args):
        calls[0] += 1
        return real(*args)
    monkeypatch.setattr(ledger.tx, "is_valid_signature", counting)
    return calls


def test_check_tx_refuses_a_thousand_random_signers_before_any_signature(node, monkeypatch):
    seeds = [i.to_bytes(2, "big") * 16 for i in range(1000)]
    nine = sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2024", "vintage": 2024}, seeds[:9], 1)
    thousand = sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2024", "vintage": 2024}, seeds, 1)
    calls = count_verifications(monkeypatch)
    assert node.check_tx(nine.raw).code == "too_many_signers"
    assert node.check_tx(thousand.raw).code in ("too_many_signers", "malformed")  # by count, or by size
    assert calls[0] == 0


def test_check_tx_refuses_unknown_signers_before_verifying_signatures(node, monkeypatch):
    stranger = sign_transaction(CHAIN_ID, "create_instrument", {"id": "CEA-2024", "vintage": 2024}, [b"\x07" * 32], 1)
    raw = json.loads(stranger.raw)
    raw["signatures"] = ["00" * 64]  # a bad signature too: the unknown signer is what is reported
    calls = count_verifications(monkeypatch)
    answer = node.check_tx(json.dumps(raw, separators=(",", ":")).encode())
    assert answer.code == "unauthorized" and calls[0] == 0


# -- vote extensions -------------------------------------------------------------------------

def test_vote_extension_cosigns_the_last_committed_block_and_goes_into_the_next_proposal(node):
    adapter = AbciAdapter(node)
    for height in (1, 2):
        finalize(adapter, height, [], T0 + 1000 * height)
        adapter.commit(pb.RequestCommit())
    assert adapter.extend_vote(pb.RequestExtendVote(height=1)).vote_extension == b""
    extension = adapter.extend_vote(pb.RequestExtendVote(height=3)).vote_extension
    cosig = decode_extension(extension)
    assert cosig.height == 2 and cosig.validator == node.validator_name
    ok = adapter.verify_vote_extension(pb.RequestVerifyVoteExtension(height=3, vote_extension=extension,
                                                                      validator_address=bytes(20)))
    assert ok.status == pb.ResponseVerifyVoteExtension.REJECT  # not the address of the validator that signed
    tampered = extension.replace(b'"height":2', b'"height":1')
    assert not node.verify_vote_extension(3, bytes(20), tampered)
    txs = node.prepare_proposal(4, [], [], 1 << 20)
    assert txs == []  # no verified extension from a known validator address, no record


def test_socket_server_answers_requests_in_order_and_flushes(node, tmp_path):
    server = AbciServer(AbciAdapter(node), f"unix://{tmp_path / 'abci.sock'}")
    server.start()
    try:
        with socket.socket(socket.AF_UNIX) as conn:
            conn.connect(str(tmp_path / "abci.sock"))
            for request in (pb.Request(echo=pb.RequestEcho(message="hi")), pb.Request(info=pb.RequestInfo()),
                            pb.Request(flush=pb.RequestFlush())):
                conn.sendall(encode(request.SerializeToString()))
            decoder, answers = Decoder(), []
            while len(answers) < 3:
                answers += decoder.feed(conn.recv(65536))
        kinds = [pb.Response.FromString(a).WhichOneof("value") for a in answers]
        assert kinds == ["echo", "info", "flush"]
        assert pb.Response.FromString(answers[0]).echo.message == "hi"
    finally:
        server.stop()


def test_cosignature_record_is_first_and_outside_the_log(node):
    assert is_record(b"tanledger/cosignatures/v1\n{}")
    with pytest.raises(Malformed):
        decode_record(b"tanledger/cosignatures/v1\n{\"height\":1}")
    assert not node.process_proposal(3, [b"x", b"tanledger/cosignatures/v1\n{}"])  # misplaced record
