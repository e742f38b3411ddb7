"""Response models of the API's chain and transaction routes, and what every model shares.

The models document the answers (OpenAPI schema with field descriptions and one example each); they allow
extra fields (`extra="allow"`) because a record carries the fields of its kind, and a new field is not a break.
Hashes and ids are lowercase hex; times are RFC 3339 China time with the same instant in ms beside as `*_ms`.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializerFunctionWrapHandler, ValidatorFunctionWrapHandler
from pydantic import model_serializer, model_validator

HASH = "5dfa93c4f2cdd5199a7c9b0bf09027c42bbad10aa2df9d79684a2bbca24a9fed"
TX = "9ad579a8a93c68b494a545797d02593029efdaded937fa5f44164b113e554770"
KEY = "8117a99ad34aa9eb4ec4e0222a15b951973cd6e0849a2fd1786b4109b5c2c0bf"
TIME, TIME_MS = "2026-01-02T09:00:00.001+08:00", 1767315600001
BLOCK = {"height": 3, "hash": HASH, "time": TIME, "time_ms": TIME_MS, "app_hash": HASH,
         "header": {"height": 3, "time": TIME_MS, "prev_hash": HASH, "tx_root": HASH, "log_size": 13, "log_root": HASH,
                    "state_root": HASH, "state_size": 41, "proposer": KEY, "validators_hash": HASH, "last_commit_hash": HASH},
         "commit": {"block_hash": HASH, "height": 3, "signatures": [{"signature": "f8e9…", "validator": KEY}]},
         "header_commit": {"block_hash": HASH, "height": 3, "signatures": [{"signature": "f8e9…", "validator": KEY}]},
         "tx_ids": [TX]}
BLOCK_WITH_TXS = {**BLOCK, "txs": ["eyJwYXlsb2FkIjp7…"]}


def record(example: dict[str, Any]) -> ConfigDict:
    """The config of a response model: extra fields allowed, `example` shown in the OpenAPI document (which drops
    null values: an example gives a value to every field it must show)."""
    return ConfigDict(extra="allow", json_schema_extra={"examples": [example]})


class Record(BaseModel):
    """A response model that answers its fields in the order the route gave them (declared ones first otherwise)."""

    _order: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        model = handler(data)
        if isinstance(data, dict):
            model._order = tuple(data)
        return model

    @model_serializer(mode="wrap")
    def _in_given_order(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # no return annotation: the OpenAPI schema stays the model's own
        out = handler(self)
        return {name: out[name] for name in self._order if name in out} | out


class ErrorBody(BaseModel):
    """Every refusal: a stable machine-readable code and a message a person can act on."""

    model_config = record({"code": "not_found", "message": "no block at height 99; the chain is at 19"})
    code: str = Field(description="stable error code (listed per status in the API description)")
    message: str = Field(description="what went wrong, naming the field and the values")


class Status(Record):
    """Where the chain stands."""

    model_config = record({
        "chain_id": "tanledger-test", "height": 19, "block_hash": HASH, "time": TIME, "time_ms": TIME_MS,
        "state_root": HASH, "log_size": 36, "log_root": HASH, "mempool_size": 0, "validator": KEY,
        "validator_name": "v1", "engine": "solo", "clock": "sim", "app_hash": HASH, "clock_offset_ms": 0})
    chain_id: str = Field(description="the chain's id, from its genesis")
    height: int = Field(description="height of the last committed block (0: only the genesis)")
    block_hash: str = Field(description="hash of the last block, hex")
    time: str = Field(description="time of the last block, RFC 3339")
    time_ms: int = Field(description="time of the last block, ms since the epoch")
    state_root: str = Field(description="root of the state after the last block, hex")
    log_size: int = Field(description="entries in the transaction log")
    log_root: str = Field(description="RFC 9162 root of the transaction log, hex")
    mempool_size: int = Field(description="transactions pending here")
    validator: str = Field(description="this validator's public key, hex")
    engine: str = Field(description="consensus engine: solo or cometbft")


class Block(Record):
    """One block."""

    model_config = record(BLOCK)
    height: int = Field(description="block height")
    hash: str = Field(description="block hash, hex")
    time: str = Field(description="block time, RFC 3339")
    time_ms: int = Field(description="block time, ms since the epoch")
    app_hash: str = Field(description="what CometBFT records: H(state_root, state_size, log_size, log_root), hex")
    header: dict[str, Any] = Field(description="the header as hashed (time in ms)")
    commit: dict[str, Any] | None = Field(description="the commit record the next header's last_commit_hash hashes "
                                                      "(with the solo engine, the validator's signature too)")
    header_commit: dict[str, Any] = Field(description="{height, block_hash, signatures: [{validator, signature}]}: "
                                                      "every validator signature of the block hash known here (on "
                                                      "CometBFT they arrive with the next two blocks)")
    tx_ids: list[str] = Field(description="the block's transaction ids, in order")


class BlockWithTxs(Block):
    """A block with its raw transactions, for audit replay."""

    model_config = record(BLOCK_WITH_TXS)
    txs: list[str] = Field(description="each transaction's canonical bytes, base64")


class BlocksPage(Record):
    """Blocks `from`..`to` with their transactions."""

    model_config = record({"blocks": [BLOCK_WITH_TXS], "next": 4})
    blocks: list[BlockWithTxs] = Field(description="the page of blocks, by height")
    next: int | None = Field(description="the `from` of the next page, null on the last")


class Evidence(Record):
    """Misbehaviour proven against validators."""

    model_config = record({"evidence": []})
    evidence: list[dict[str, Any]] = Field(description="each entry with its state key and the validator's institution")


class Trust(Record):
    """The trust root: origin and every validator set with the log size it is in force from."""

    model_config = record({"origin": "tanledger.devnet/tanledger-test", "validator_sets": [
        {"from_size": 0, "quorum": 1, "validators": [{"name": "tanledger.devnet/tanledger-test/v1", "pubkey": KEY}]}]})
    origin: str = Field(description="the checkpoint origin line of this chain")
    validator_sets: list[dict[str, Any]] = Field(description="validator sets, by the log size they apply from")


class TxAccepted(Record):
    """A transaction admitted (pending) or already committed."""

    model_config = record({"id": TX, "status": "pending"})
    id: str = Field(description="transaction id, hex")
    status: str = Field(description="pending, or committed (200) with the rest of GET /v1/tx/{id}")


class TxsAccepted(Record):
    """The result of each line of a bulk submission."""

    model_config = record({"accepted": 1, "results": [{"id": TX, "status": "pending"},
                                                       {"code": "malformed", "message": "line 2 is not JSON"}]})
    accepted: int = Field(description="how many lines are pending")
    results: list[dict[str, Any]] = Field(description="per line `{id, status}` or `{id?, code, message}`")


class TxRecord(Record):
    """A transaction's status; a committed or failed one with its block, receipt and proofs."""

    model_config = record({
        "id": TX, "status": "committed", "type": "cancel", "height": 15, "index": 0, "block_hash": HASH,
        "time": "2024-03-30T09:00:00.000+08:00", "time_ms": 1711760400000, "log_index": 29,
        "receipt": {"code": "ok", "message": "", "events": [{"op": "move", "instrument": "CCER-WIND-9-2021",
                                                             "ranges": [[1, 100]], "amount": 100}]},
        "payload": {"chain_id": "tanledger-test", "type": "cancel", "nonce": 5, "signers": [KEY],
                    "body": {"account": "91110000000000041M", "instrument": "CCER-WIND-9-2021", "amount": 100}},
        "proof": {"inclusion": f"/v1/proof/inclusion/{TX}", "bundle": f"/v1/proof/inclusion/{TX}?format=tlog-proof"}})
    id: str = Field(description="transaction id, hex")
    status: str = Field(description="pending, committed or failed")
    type: str | None = Field(None, description="transaction type (absent while pending)")
    height: int | None = Field(None, description="block height")
    time: str | None = Field(None, description="block time, RFC 3339")
    time_ms: int | None = Field(None, description="block time, ms since the epoch")
    log_index: int | None = Field(None, description="position in the transaction log")
    receipt: dict[str, Any] | None = Field(None, description="`{code, message, events}`; code `ok` or the refusal")
    payload: dict[str, Any] | None = Field(None, description="the signed payload: chain_id, type, body, signers, nonce")


class Genesis(Record):
    """The genesis document the chain started from."""

    model_config = record({"chain_id": "tanledger-test", "genesis_time": "2024-01-02T09:00:00+08:00",
                           "participants": [{"id": "MEE", "name": "生态环境部", "roles": ["mee"], "pubkeys": [KEY]}],
                           "validators": [{"name": "v1", "pubkey": KEY, "power": 1}],
                           "params": {"market_rules": {"entity_min_signers": 1, "bilateral_transfers": True}}})
    chain_id: str = Field(description="the chain's id")
    genesis_time: str = Field(description="the chain's start, RFC 3339")
    participants: list[dict[str, Any]] = Field(description="the authorities and accounts that exist from the start")
    validators: list[dict[str, Any]] = Field(description="the first validator set: name, Ed25519 public key, power")
