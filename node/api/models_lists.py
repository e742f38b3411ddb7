"""Response models of the lists and bulk reads (routes_lists.py): what each answer holds, with one example each."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

TX_ID = "5f1c0a7e3b9d4c2a8e6f1b3d5a7c9e0f2b4d6f8a0c2e4a6c8e0a2c4e6a8c0e2f"
ENTITY = "91110000MA00000001"


class Page(BaseModel):
    """What every page of a list carries besides its items."""

    model_config = ConfigDict(extra="allow")
    count: int = Field(description="how many items the list holds in all (every page)")
    next: str | None = Field(description="cursor of the next page (pass it as `cursor`), null on the last page")


class AccountTx(BaseModel):
    """One transaction of an account's history."""

    model_config = ConfigDict(extra="allow")
    tx_id: str = Field(description="transaction id (hex); for the genesis (height 0) the genesis hash")
    height: int = Field(description="block height; 0 for the genesis's opening balances")
    log_index: int | None = Field(description="its entry in the transparency log; None for the genesis")
    type: str = Field(description="transaction type; `genesis` for the opening balances")
    time: str = Field(description="block time, RFC 3339 China time")
    role: str = Field(description="`signer`: the account signed it; `party`: its body or an event names the account")
    status: str = Field(description="committed, or failed (the block refused it; its receipt says why)")


class AccountTxs(Page):
    """A page of an account's transactions, newest first."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "account": ENTITY, "count": 3, "next": "7.0", "txs": [{"tx_id": TX_ID, "height": 7, "log_index": 12, "type": "transfer",
                                                               "time": "2024-01-02T09:00:07+08:00", "role": "signer",
                                                               "status": "committed"}]}]})
    account: str = Field(description="account id")
    txs: list[AccountTx] = Field(description="this page, newest first")


class Holder(BaseModel):
    """One account's holding of an instrument."""

    model_config = ConfigDict(extra="allow")
    account: str = Field(description="account id (a terminal account: SURRENDERED-<year>, CANCELLED, WITHDRAWN)")
    name: str | None = Field(description="the participant's name; None for a terminal account")
    amount: int = Field(description="tonnes held, every sub-state")
    sub_states: dict[str, Any] = Field(description="per sub-state: amount (t) and serial ranges")


class Holders(Page):
    """A page of an instrument's holders, largest first."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "instrument": "CEA-2024", "count": 3, "next": ENTITY, "holders": [{
            "account": ENTITY, "name": "重点排放单位 1", "amount": 700,
            "sub_states": {"available": {"amount": 700, "ranges": [[1, 700]]}}}]}]})
    instrument: str = Field(description="instrument id")
    holders: list[Holder] = Field(description="this page, largest holding first (then by account id)")


class BlockTx(BaseModel):
    """One transaction of a block."""

    model_config = ConfigDict(extra="allow")
    tx_id: str = Field(description="transaction id (hex)")
    type: str = Field(description="transaction type")
    signers: list[str] = Field(description="the accounts whose keys signed it")


class BlockTxs(Page):
    """A page of a block's transactions, in block order."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "height": 7, "count": 3, "next": TX_ID, "txs": [{"tx_id": TX_ID, "type": "transfer", "signers": [ENTITY],
                                                       "index": 0, "log_index": 12, "status": "committed"}]}]})
    height: int = Field(description="block height")
    txs: list[BlockTx] = Field(description="this page, in block order")


class ReceiptsRequest(BaseModel):
    """Which transactions to read."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [TX_ID]}]})
    ids: list[str] = Field(description="transaction ids, 64 hex characters each, at most 10,000")


class Receipts(BaseModel):
    """Each asked transaction as GET /v1/tx/{id} answers it, in the order asked."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{"receipts": [
        {"tx_id": TX_ID, "status": "unknown"}]}]})
    receipts: list[dict[str, Any]] = Field(description="per id: the GET /v1/tx/{id} answer, or "
                                                       "{tx_id, status: unknown} when neither pending nor committed here")


class Nonces(BaseModel):
    """The last committed nonce of each asked account."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{"nonces": {ENTITY: 3, "MEE": 0}}]})
    nonces: dict[str, int] = Field(description="account → last committed nonce (0: none yet); its next is this + 1")
