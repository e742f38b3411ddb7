"""The monitor's loop: poll the node, check new blocks and checkpoints, gossip, until an alarm (or the tip,
with `once`)."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from ledger.checkpoint import Trust

from ..client import NodeClient
from ..console import ApiError
from .alarm import Alarm
from .gossip import GossipServer, exchange, tell_peers
from .notes import NoteBook
from .progress import ProgressReport
from .watch import ChainWatcher

CHECKPOINTS_PAGE = 1000  # the node's largest /v1/checkpoints page

log = logging.getLogger("tanledger.monitor")


@dataclass
class MonitorConfig:
    """What to watch and how often: the node, the peers to gossip with, where to serve gossip."""

    trust: Trust
    peers: tuple[str, ...] = ()
    listen: tuple[str, int] | None = None
    once: bool = False
    poll_s: float = 1.0
    gossip_s: float = 3.0


@dataclass
class Monitor:
    """One monitor of one node; `run()` returns when the tip is reached (once) and raises the first Alarm."""

    client: NodeClient
    config: MonitorConfig
    progress: ProgressReport
    alarms: list[Alarm] = field(default_factory=list)  # raised in the gossip server's threads
    next_checkpoint: int = 0  # the smallest log size of the node's checkpoints not checked yet
    server: GossipServer | None = None

    def __post_init__(self) -> None:
        self.watcher = ChainWatcher(self.config.trust, self.client.genesis())
        self.book = NoteBook(self.config.trust, self.watcher.log)
        self.lock = threading.Lock()

    def on_alarm(self, alarm: Alarm) -> None:
        """Keep an alarm a gossip request proved; the loop raises it."""
        with self.lock:
            self.alarms.append(alarm)

    def raise_alarm(self) -> None:
        """Raise the first alarm the gossip server found, if any."""
        with self.lock:
            if self.alarms:
                raise self.alarms[0]

    def start_server(self) -> tuple[str, int] | None:
        """Serve gossip on the configured address; return the address bound (its port if 0 was asked)."""
        if self.config.listen is None:
            return None
        self.server = GossipServer(self.config.listen, self.book, self.on_alarm)
        self.server.start()
        host, port = self.server.server_address[:2]
        return str(host), int(port)

    def run(self) -> None:
        """Check the chain until an alarm is raised, or until the tip when `once`."""
        with httpx.Client(timeout=10) as http:
            try:
                self.loop(http)
            except Alarm:
                if self.book.latest is not None:
                    tell_peers(self.book, http, self.config.peers)  # so that they find the conflict too
                raise

    def loop(self, http: httpx.Client) -> None:
        """Poll the node and gossip with the peers until an alarm, or until the tip when `once`."""
        gossip_due = 0.0
        while True:
            self.poll_node()
            if time.monotonic() >= gossip_due or self.config.once:
                for peer in self.config.peers:
                    exchange(self.book, http, peer)
                gossip_due = time.monotonic() + self.config.gossip_s
            self.raise_alarm()
            if self.config.once:
                return
            time.sleep(self.config.poll_s)

    def poll_node(self) -> None:
        """One look at the node; when running continuously, a node that cannot be reached is tried again later."""
        try:
            self.step(self.client.status())
        except httpx.TransportError as exc:
            if self.config.once:
                raise
            log.warning("the node at %s did not answer (%s); trying again", self.client.url, exc)

    def step(self, status: dict[str, Any]) -> None:
        """Check the blocks up to the node's tip `status` describes, then its checkpoints."""
        self.watcher.check_tip(status)
        if status["height"] > self.watcher.height:
            for view in self.client.iter_blocks(self.watcher.height + 1, status["height"]):
                self.watcher.check_block(view)
                self.progress.on_block(self.watcher.height, status["height"], len(view["txs"]))
                self.raise_alarm()
        self.check_checkpoints()
        self.book.check_waiting()

    def check_checkpoints(self) -> None:
        """Check the node's checkpoints not checked yet (up to the replayed log's size), then its latest."""
        while True:
            page = self.client.get("/v1/checkpoints", **{"from": self.next_checkpoint, "limit": CHECKPOINTS_PAGE})
            for served in page["checkpoints"]:
                if not self.book.check_served(served["note"]):
                    return
                self.next_checkpoint = served["size"] + 1
            if page["next"] is None:
                break
        try:
            latest = self.client.get("/v1/checkpoint")["note"]
        except ApiError as exc:
            if exc.status == 404:
                return  # nothing has a quorum yet
            raise
        if self.book.latest is None or latest != self.book.latest:
            self.book.check_served(latest, count=False)

    def summary(self) -> dict[str, Any]:
        """What was checked: blocks, transactions, commits, checkpoints, the latest verified checkpoint's size."""
        report = self.watcher.report
        return {"height": self.watcher.height, "blocks": report.blocks, "txs": report.txs, "failed": report.failed,
                "signed_blocks": self.watcher.signed_blocks, "checkpoints": self.book.checked,
                "awaiting_quorum": self.book.awaiting_quorum,
                "witnessed": self.book.witnessed, "log_size": self.watcher.log.size,
                "latest_checkpoint_size": self.book.latest_size if self.book.latest else None,
                "tx_per_s": round(self.progress.tx_per_s())}
