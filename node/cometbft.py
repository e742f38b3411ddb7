"""CometBFT as the engine: the ABCI server it drives, the process we supervise, the RPC we submit to.

`run_validator` (what `tanledger node start` runs with the cometbft engine) opens the node,
listens on the ABCI socket, starts `cometbft start --home <home>/cometbft` once the socket
listens, serves the HTTP API, and exits when CometBFT exits (and stops CometBFT when it is
asked to stop). Submissions go to the local CometBFT's `broadcast_tx_sync` (a JSON-RPC
batch for bulk), which runs CheckTx and gossips what it admits to the other validators.
"""
from __future__ import annotations

import base64
import logging
import os
import shutil
import signal
import subprocess
import threading
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ledger.errors import LedgerError
from ledger.tx import Transaction

from .admission import decode
from .errors import EngineUnavailable, MempoolFull, NodeStartError, TooLarge, error_from_receipt

if TYPE_CHECKING:
    from .core import Node

log = logging.getLogger("tanledger.cometbft")

COMETBFT_VERSION = "0.38.25"
BATCH = 500  # transactions per JSON-RPC batch (the config's max_request_batch_size is set above it)
CHECK_TIMEOUT_S = 60.0  # how long a submission waits for CheckTx (behind a commit and its recheck)
IN_CACHE = "tx already exists in cache"


def find_binary(configured: Path | None) -> Path:
    """The cometbft binary: the configured one, the repository's .tools/bin, or the PATH."""
    candidates = [configured] if configured else []
    candidates.append(Path(__file__).resolve().parents[1] / ".tools" / "bin" / "cometbft")
    which = shutil.which("cometbft")
    if which:
        candidates.append(Path(which))
    for path in candidates:
        if path and path.exists():
            return path
    raise NodeStartError("no cometbft binary: run `make cometbft` (builds the pinned v0.38 from the Go module proxy) "
                         "or set TANLEDGER_COMETBFT to its path")


def rpc_url(cometbft_home: Path) -> str:
    """The HTTP address of the CometBFT RPC that `config.toml` in `cometbft_home` sets."""
    try:
        config = tomllib.loads((cometbft_home / "config" / "config.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise NodeStartError(f"cannot read {cometbft_home}/config/config.toml: {exc}") from None
    return config["rpc"]["laddr"].replace("tcp://", "http://")


class CometEngine:
    """Hands transactions to the local CometBFT; the app's methods are driven over ABCI."""

    def __init__(self, node: Node, rpc: str) -> None:
        self.node = node
        self.rpc = rpc
        self.client = httpx.Client(base_url=rpc, timeout=httpx.Timeout(30.0, connect=5.0),
                                   limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))
        node.engine = self

    def is_pending(self, tx_id: bytes) -> bool:
        """The app's admitted set answers; CometBFT's mempool holds the same transactions."""
        return False

    def submit(self, raw: bytes) -> Transaction:
        """Hand `raw` to CometBFT; return the transaction once CheckTx admitted it, else raise its error."""
        tx = decode(raw)
        result = self._submit([tx])[0]
        if "code" in result:
            raise error_from_receipt(result)
        return tx

    def submit_many(self, raws: list[bytes]) -> list[dict[str, Any]]:
        """Submit in order, in JSON-RPC batches, never holding a lock across the request; one result each."""
        results: list[dict[str, Any]] = []
        for start in range(0, len(raws), BATCH):
            decoded: list[Transaction | LedgerError] = []
            for raw in raws[start:start + BATCH]:
                try:
                    decoded.append(decode(raw))
                except LedgerError as exc:
                    decoded.append(exc)
            txs = [d for d in decoded if isinstance(d, Transaction)]
            answers = iter(self._submit(txs) if txs else [])
            results += [item.to_dict() if isinstance(item, LedgerError) else next(answers) for item in decoded]
        return results

    def _submit(self, txs: list[Transaction]) -> list[dict[str, Any]]:
        """broadcast_tx_async each (CometBFT queues their CheckTx in this order), then read each
        CheckTx answer from the app: `{id, status}` or `{id, code, message}`.

        Beyond `max_mempool_txs` pending, the rest is refused with mempool_full before CometBFT sees
        it: CometBFT v0.38 checks its own limit only after the app said OK, and then drops the
        transaction without telling anyone, so its limit must never be the one reached."""
        room = self.node.settings.max_mempool_txs - len(self.node.pending) - len(self.node.rechecking)
        if len(txs) > max(room, 0):
            refused = [{"id": tx.id_hex, **MempoolFull(
                f"{len(self.node.pending) + len(self.node.rechecking)} transactions are pending here, the most "
                f"this validator holds is {self.node.settings.max_mempool_txs}; send again after the next blocks"
            ).to_dict()} for tx in txs[max(room, 0):]]
            return (self._submit(txs[:room]) if room > 0 else []) + refused
        ids = [tx.id for tx in txs]
        self.node.admissions.expect(ids)
        try:
            answers = self._call([tx.raw for tx in txs])
        except BaseException:
            self.node.admissions.forget(ids)
            raise
        direct: dict[bytes, dict[str, Any]] = {}
        for tx, answer in zip(txs, answers, strict=True):
            if "error" in answer:  # CometBFT answered without asking the app: cache hit, full mempool
                error = refusal(answer)
                direct[tx.id] = ({"id": tx.id_hex, "status": "pending"} if error is None else
                                 self.node.resolve_duplicate(tx.id, error))
        admitted = self.node.admissions.collect([t for t in ids if t not in direct], CHECK_TIMEOUT_S)
        out = []
        for tx in txs:
            if tx.id in direct:
                out.append(direct[tx.id])
                continue
            admission = admitted.get(tx.id)
            if admission is None:
                out.append({"id": tx.id_hex, **EngineUnavailable(
                    f"CometBFT took the transaction but its CheckTx did not answer within {CHECK_TIMEOUT_S:.0f} s; "
                    "GET /v1/tx/{id} tells whether it is pending").to_dict()})
            elif admission.ok:
                out.append({"id": tx.id_hex, "status": "pending"})
            else:
                out.append(self.node.resolve_duplicate(tx.id, error_from_receipt(
                    {"code": admission.code, "message": admission.message})))
        return out

    def _call(self, raws: list[bytes]) -> list[dict[str, Any]]:
        """One JSON-RPC batch of broadcast_tx_async; each answer's result or error object, in order."""
        batch = [{"jsonrpc": "2.0", "id": i, "method": "broadcast_tx_async",
                  "params": {"tx": base64.b64encode(raw).decode("ascii")}} for i, raw in enumerate(raws)]
        try:
            response = self.client.post("/", json=batch if len(batch) > 1 else batch[0])
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"the local CometBFT at {self.rpc} did not take the transaction: {exc}") from None
        body = response.json()
        answers = body if isinstance(body, list) else [body]
        answers.sort(key=lambda a: a.get("id", 0))
        return [a.get("result") if a.get("result") is not None and "error" not in a else {"error": a.get("error")}
                for a in answers]

    def status(self) -> dict[str, Any]:
        """CometBFT's /status result (node info, sync info, validator info)."""
        return self.client.get("/status").json()["result"]

    def net_info(self) -> dict[str, Any]:
        """CometBFT's /net_info result (peers)."""
        return self.client.get("/net_info").json()["result"]

    def close(self) -> None:
        self.client.close()


def refusal(result: dict[str, Any]) -> LedgerError | None:
    """The error of a broadcast_tx_sync answer, or None if admitted (or already in CometBFT's cache)."""
    if "error" in result:
        err = result["error"] or {}
        text = f"{err.get('message', '')} {err.get('data', '')}".strip()
        if IN_CACHE in text:
            return None  # the same bytes are already pending: re-sending is safe
        if "mempool is full" in text:
            return MempoolFull(f"CometBFT's mempool is full ({text}); try again after the next block")
        if "too large" in text:
            return TooLarge(f"CometBFT refused the transaction: {text}")
        return EngineUnavailable(f"CometBFT refused the transaction: {text}")
    if int(result.get("code", 0)) == 0:
        return None
    code = base64.b64decode(result.get("data") or "").decode("utf-8", "replace") or "invalid_transaction"
    return error_from_receipt({"code": code, "message": result.get("log", "")})


class CometProcess:
    """The supervised `cometbft start` child process of one validator."""

    def __init__(self, binary: Path, home: Path, log_path: Path) -> None:
        self.binary, self.home, self.log_path = binary, home, log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start CometBFT (its output appended to `log_path`)."""
        env = {**os.environ, "CMTHOME": str(self.home)}
        with self.log_path.open("ab") as sink:
            self.process = subprocess.Popen([str(self.binary), "start", "--home", str(self.home)], stdout=sink,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        log.info("cometbft started (pid %d), its log in %s", self.process.pid, self.log_path)

    def watch(self, on_exit: Any) -> None:
        """Call `on_exit(returncode)` from a thread when the process ends."""
        def wait() -> None:
            assert self.process is not None
            code = self.process.wait()
            on_exit(code)
        threading.Thread(target=wait, name="cometbft-watch", daemon=True).start()

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL after `timeout` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

