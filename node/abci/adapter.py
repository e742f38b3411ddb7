"""From ABCI protobuf requests to the app's methods and back: the only place that knows both.

CheckTx errors carry code 1, the stable error code in `data` and the message in `log`, so
`broadcast_tx_sync` hands the API the same `{code, message}` as the solo engine. Every
transaction result of FinalizeBlock carries the receipt's code the same way.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from contracts.evidence import Misbehavior

from .pb.tendermint.abci import types_pb2 as pb
from .pb.tendermint.crypto import keys_pb2 as keys_pb

if TYPE_CHECKING:
    from ..core import Node

CODESPACE = "tanledger"
KINDS = {pb.UNKNOWN: "unknown", pb.DUPLICATE_VOTE: "duplicate_vote", pb.LIGHT_CLIENT_ATTACK: "light_client_attack"}


def to_ms(ts: object) -> int:
    """A protobuf Timestamp as milliseconds since the epoch."""
    return ts.seconds * 1000 + ts.nanos // 1_000_000  # type: ignore[attr-defined]


class AbciAdapter:
    """The ABCI handler the socket server calls: one method per request kind."""

    def __init__(self, node: Node, version: str = "0.1.0") -> None:
        self.node = node
        self.version = version

    def info(self, req: pb.RequestInfo) -> pb.ResponseInfo:
        height, app_hash = self.node.info()
        return pb.ResponseInfo(data="tanledger", version=self.version, app_version=1, last_block_height=height,
                               last_block_app_hash=app_hash if height else b"")

    def init_chain(self, req: pb.RequestInitChain) -> pb.ResponseInitChain:
        import json
        app_state = json.loads(req.app_state_bytes) if req.app_state_bytes else None
        return pb.ResponseInitChain(app_hash=self.node.init_chain(req.chain_id, app_state))

    def query(self, req: pb.RequestQuery) -> pb.ResponseQuery:
        return pb.ResponseQuery(code=1, log="TanLedger answers queries on its HTTP API, not over ABCI",
                                codespace=CODESPACE)

    def check_tx(self, req: pb.RequestCheckTx) -> pb.ResponseCheckTx:
        admission = self.node.check_tx(req.tx, recheck=req.type == pb.RECHECK)
        if admission.ok:
            return pb.ResponseCheckTx(code=0, gas_wanted=1)
        return pb.ResponseCheckTx(code=1, data=admission.code.encode(), log=admission.message, codespace=CODESPACE)

    def prepare_proposal(self, req: pb.RequestPrepareProposal) -> pb.ResponsePrepareProposal:
        extensions = [(v.validator.address, v.vote_extension) for v in req.local_last_commit.votes if v.vote_extension]
        txs = self.node.prepare_proposal(req.height, list(req.txs), extensions, req.max_tx_bytes)
        return pb.ResponsePrepareProposal(txs=txs)

    def process_proposal(self, req: pb.RequestProcessProposal) -> pb.ResponseProcessProposal:
        ok = self.node.process_proposal(req.height, list(req.txs))
        return pb.ResponseProcessProposal(status=pb.ResponseProcessProposal.ACCEPT if ok else
                                          pb.ResponseProcessProposal.REJECT)

    def extend_vote(self, req: pb.RequestExtendVote) -> pb.ResponseExtendVote:
        return pb.ResponseExtendVote(vote_extension=self.node.extend_vote(req.height))

    def verify_vote_extension(self, req: pb.RequestVerifyVoteExtension) -> pb.ResponseVerifyVoteExtension:
        ok = self.node.verify_vote_extension(req.height, req.validator_address, req.vote_extension)
        return pb.ResponseVerifyVoteExtension(status=pb.ResponseVerifyVoteExtension.ACCEPT if ok else
                                              pb.ResponseVerifyVoteExtension.REJECT)

    def finalize_block(self, req: pb.RequestFinalizeBlock) -> pb.ResponseFinalizeBlock:
        misbehavior = [Misbehavior(KINDS.get(m.type, "unknown"), m.validator.address.hex(), m.height, to_ms(m.time),
                                   m.total_voting_power) for m in req.misbehavior]
        done = self.node.finalize_block(list(req.txs), req.height, to_ms(req.time), req.proposer_address,
                                        misbehavior, req.hash)
        results = [pb.ExecTxResult(code=0 if r["code"] == "ok" else 1, data=r["code"].encode(), log=r["message"],
                                   codespace=CODESPACE) for r in done.results]
        updates = [pb.ValidatorUpdate(pub_key=keys_pb.PublicKey(ed25519=bytes.fromhex(u["consensus_pubkey"])),
                                      power=u["power"]) for u in done.validator_updates]
        return pb.ResponseFinalizeBlock(tx_results=results, app_hash=done.app_hash, validator_updates=updates)

    def commit(self, req: pb.RequestCommit) -> pb.ResponseCommit:
        return pb.ResponseCommit(retain_height=self.node.commit())

    def list_snapshots(self, req: pb.RequestListSnapshots) -> pb.ResponseListSnapshots:
        return pb.ResponseListSnapshots()

    def offer_snapshot(self, req: pb.RequestOfferSnapshot) -> pb.ResponseOfferSnapshot:
        return pb.ResponseOfferSnapshot(result=pb.ResponseOfferSnapshot.REJECT)

    def load_snapshot_chunk(self, req: pb.RequestLoadSnapshotChunk) -> pb.ResponseLoadSnapshotChunk:
        return pb.ResponseLoadSnapshotChunk()

    def apply_snapshot_chunk(self, req: pb.RequestApplySnapshotChunk) -> pb.ResponseApplySnapshotChunk:
        return pb.ResponseApplySnapshotChunk(result=pb.ResponseApplySnapshotChunk.ABORT)
