"""A small HTTP client of the node's API; every error answer becomes an ApiError(code, message).

The node answers errors as `{code, message}` with a 4xx status (5xx for its own failures).
Transactions go as their exact canonical bytes: one per POST /v1/tx, or NDJSON to /v1/txs.
"""
from __future__ import annotations

import time
from typing import Any, Iterator

import httpx

from ledger.tx import Transaction

from .console import ApiError

DEFAULT_NODE = "http://127.0.0.1:1317"  # the first validator of `tanledger network up`
MAX_BULK = 10_000  # lines per POST /v1/txs (the node's limit)
MAX_RECEIPTS = 10_000  # ids per POST /v1/receipts (the node's limit)
MAX_NONCES = 1_000  # accounts per GET /v1/nonces (the node's limit)


class NodeClient:
    """The node's API at `url`. Pass `transport` to talk to an in-process app or a stub."""

    def __init__(self, url: str = DEFAULT_NODE, transport: httpx.BaseTransport | None = None, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.http = httpx.Client(base_url=self.url, transport=transport, timeout=timeout)
        self._chain_id: str | None = None

    def close(self) -> None:
        """Close the HTTP connections."""
        self.http.close()

    def __enter__(self) -> "NodeClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------
    def request(self, method: str, path: str, **kw: Any) -> Any:
        """Send a request; return the JSON answer or raise ApiError with the node's code and message."""
        response = self.http.request(method, path, **kw)
        if response.status_code >= 400:
            raise to_api_error(response)
        return response.json()

    def get(self, path: str, **params: Any) -> Any:
        """GET `path` with the non-None `params` as its query."""
        return self.request("GET", path, params={k: v for k, v in params.items() if v is not None})

    # -- transactions ----------------------------------------------------------
    def submit(self, tx: Transaction) -> dict[str, Any]:
        """Admit one transaction; `{id, status: pending}`."""
        return self.request("POST", "/v1/tx", content=tx.raw, headers={"content-type": "application/json"})

    def submit_bulk(self, txs: list[Transaction]) -> list[dict[str, Any]]:
        """Admit many transactions in order, in requests of at most 10,000; one result per transaction."""
        results: list[dict[str, Any]] = []
        for i in range(0, len(txs), MAX_BULK):
            body = b"\n".join(tx.raw for tx in txs[i:i + MAX_BULK])
            answer = self.request("POST", "/v1/txs", content=body, headers={"content-type": "application/x-ndjson"})
            results.extend(answer["results"])
        return results

    def submit_until_committed(self, tx: Transaction, timeout: float = 60.0, poll: float = 0.1,
                               sent: bool = False) -> dict[str, Any]:
        """Submit `tx` and re-send the same bytes until a block holds it (safe: it commits exactly once).

        A 202 only means admitted: after a validator crash the transaction may be gone, and
        GET /v1/tx answers not_found; then it is sent again (`sent`: the first submission was made
        already). Raises ApiError(timeout) after `timeout`, and the node's error if it refuses it.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if not sent:
                    self.submit(tx)
                    sent = True
                answer = self.get_tx(tx.id_hex)
                if answer["status"] in ("committed", "failed"):
                    return answer
            except ApiError as exc:
                if exc.code == "not_found":
                    sent = False  # lost before its block: send it again
                elif exc.code not in ("connection_refused", "engine_unavailable", "mempool_full", "http_502",
                                      "http_503", "timeout"):
                    raise
            except httpx.TransportError:
                sent = False  # the validator is down or restarting: try again
            time.sleep(poll)
        raise ApiError(408, "timeout", f"transaction {tx.id_hex} not committed after {timeout:.0f} s")

    def get_tx(self, tx_id: str) -> dict[str, Any]:
        """GET /v1/tx/{id}: pending, or committed/failed with block and receipt."""
        return self.get(f"/v1/tx/{tx_id}")

    def wait_tx(self, tx_id: str, timeout: float = 30.0, poll: float = 0.05) -> dict[str, Any]:
        """The transaction once committed or failed; raise ApiError(timeout) if still pending after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self.get_tx(tx_id)
            if answer["status"] != "pending":
                return answer
            if time.monotonic() > deadline:
                raise ApiError(408, "timeout", f"transaction {tx_id} still pending after {timeout:.0f} s")
            time.sleep(poll)

    def wait_idle(self, timeout: float = 600.0, poll: float = 0.05) -> dict[str, Any]:
        """The node's status once its mempool is empty (every admitted transaction is in a block)."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.status()
            if status["mempool_size"] == 0:
                return status
            if time.monotonic() > deadline:
                raise ApiError(408, "timeout", f"{status['mempool_size']} transactions still pending after {timeout:.0f} s")
            time.sleep(poll)

    # -- chain -------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """GET /v1/status: height, hashes, roots, mempool size, clock."""
        return self.get("/v1/status")

    def genesis(self) -> dict[str, Any]:
        """GET /v1/genesis: the document the chain started from."""
        return self.get("/v1/genesis")

    def chain_id(self) -> str:
        """The chain id (asked once)."""
        if self._chain_id is None:
            self._chain_id = self.status()["chain_id"]
        return self._chain_id

    def block(self, height: int) -> dict[str, Any]:
        """GET /v1/blocks/{height}: header, hash, commit, transaction ids."""
        return self.get(f"/v1/blocks/{height}")

    def iter_blocks(self, first: int = 1, last: int | None = None) -> Iterator[dict[str, Any]]:
        """Every block from `first` to `last` (the tip if None) with its raw transactions, page by page."""
        page: int | None = first
        while page is not None:
            answer = self.get("/v1/blocks", **{"from": page, "to": last})
            yield from answer["blocks"]
            page = answer.get("next")

    # -- registry ------------------------------------------------------------------
    def account(self, account: str) -> dict[str, Any]:
        """GET /v1/accounts/{id}: the participant record and its last nonce."""
        return self.get(f"/v1/accounts/{account}")

    def next_nonce(self, account: str) -> int:
        """The nonce the account's next transaction should carry: its last committed nonce + 1."""
        return self.nonces([account])[account] + 1

    def holdings(self, account: str) -> dict[str, Any]:
        """GET /v1/accounts/{id}/holdings: serial ranges per instrument and sub-state."""
        return self.get(f"/v1/accounts/{account}/holdings")

    def instrument(self, iid: str) -> dict[str, Any]:
        """GET /v1/instruments/{id}: the record and its supply."""
        return self.get(f"/v1/instruments/{iid}")

    def serial(self, iid: str, serial: int) -> dict[str, Any]:
        """GET /v1/serials/{instrument}/{serial}: the provenance of one tonne."""
        return self.get(f"/v1/serials/{iid}/{serial}")

    def compliance(self, year: int, account: str | None = None, **filters: Any) -> dict[str, Any]:
        """GET /v1/compliance/{year}[/{account}]: one page of the public compliance list (`filters`: province, sector,
        status, q, sort, order, limit, cursor), or one entity's status."""
        if account:
            return self.get(f"/v1/compliance/{year}/{account}")
        return self.get(f"/v1/compliance/{year}", **filters)

    def compliance_all(self, year: int, **filters: Any) -> dict[str, Any]:
        """The public compliance list with every matching status: the first page's answer, `statuses` made whole by
        following `next` (1,000 rows a request)."""
        answer = self.compliance(year, **{"limit": 1000, **filters})
        statuses, following = list(answer["statuses"]), answer["next"]
        while following is not None:
            page = self.compliance(year, **{"limit": 1000, **filters, "cursor": following})
            statuses += page["statuses"]
            following = page["next"]
        return {**answer, "statuses": statuses, "next": None}

    def compliance_csv(self, year: int, **filters: Any) -> bytes:
        """GET /v1/compliance/{year}?format=csv: every matching entity as the node's CSV (UTF-8 with a BOM)."""
        params = {k: v for k, v in {**filters, "format": "csv"}.items() if v is not None}
        response = self.http.get(f"/v1/compliance/{year}", params=params)
        if response.status_code >= 400:
            raise to_api_error(response)
        return response.content

    def compliance_notice(self, year: int, account: str) -> dict[str, Any]:
        """GET /v1/compliance/{year}/{account}/notice: the entity's compliance notice (履约通知)."""
        return self.get(f"/v1/compliance/{year}/{account}/notice")

    def prices(self, instrument: str) -> dict[str, Any]:
        """GET /v1/prices/{instrument}: the exchange's published monthly average prices."""
        return self.get(f"/v1/prices/{instrument}")

    # -- bulk reads ------------------------------------------------------------------
    def get_txs(self, ids: list[str]) -> list[dict[str, Any]]:
        """POST /v1/receipts in requests of at most 10,000: each transaction as GET /v1/tx/{id} answers it, in order
        (`{tx_id, status: unknown}` for one the node does not know)."""
        answers: list[dict[str, Any]] = []
        for i in range(0, len(ids), MAX_RECEIPTS):
            answers += self.request("POST", "/v1/receipts", json={"ids": ids[i:i + MAX_RECEIPTS]})["receipts"]
        return answers

    def nonces(self, accounts: list[str]) -> dict[str, int]:
        """GET /v1/nonces in requests of at most 1,000 accounts: each account's last committed nonce."""
        found: dict[str, int] = {}
        for i in range(0, len(accounts), MAX_NONCES):
            found |= self.get("/v1/nonces", accounts=",".join(accounts[i:i + MAX_NONCES]))["nonces"]
        return found


def to_api_error(response: httpx.Response) -> ApiError:
    """The ApiError of an error answer, `{code, message}` or FastAPI's `{detail}`."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code") or f"http_{response.status_code}"
    message = body.get("message") or str(body.get("detail") or response.reason_phrase or "error")
    return ApiError(response.status_code, str(code), str(message))
