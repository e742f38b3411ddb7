"""The monitor's checks in process, on a chain built in memory: the replayed log, and the answers to gossip."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))  # served_chain

from cli.monitor.alarm import Alarm
from cli.monitor.gossip import receive
from cli.monitor.notes import NoteBook
from cli.monitor.progress import ProgressReport
from cli.monitor.watch import ChainWatcher
from helpers import bilateral_genesis_doc, seed
from ledger.checkpoint import format_checkpoint, make_note, sign_note
from node.trust import compute_identity, trust_from_genesis
from served_chain import block_views, build_chain, tamper


@pytest.fixture(scope="module")
def views():
    return block_views(build_chain())


@pytest.fixture
def watcher(views):
    genesis = bilateral_genesis_doc()
    watched = ChainWatcher(trust_from_genesis(genesis), genesis)
    for view in views:
        watched.check_block(view)
    return watched


def signed(size: int, root: bytes, key: str = "validator-1", origin: str | None = None) -> str:
    """A checkpoint note of the test chain's origin signed by validator v1's note key with `key`'s seed."""
    identity = compute_identity(bilateral_genesis_doc())
    body = format_checkpoint(origin or identity.origin, size, root)
    return make_note(body, [sign_note(body, identity.validators[0].name, seed(key))])


def test_replayed_leaves_give_every_header_log_root(watcher, views):
    assert watcher.log.size == views[-1]["header"]["log_size"] == 5
    for view in views:
        header = view["header"]
        assert watcher.log.leaf_root(header["log_size"]).hex() == header["log_root"]


def test_invalid_block_names_height_and_field(views):
    genesis = bilateral_genesis_doc()
    watched = ChainWatcher(trust_from_genesis(genesis), genesis)
    changed = tamper(views, 3, lambda v: v["header"].update(state_root="00" * 32))
    with pytest.raises(Alarm) as raised:
        for view in changed:
            watched.check_block(view)
    assert raised.value.line().startswith("ALARM[divergence]: block 3, field state_root: ")
    assert watched.height == 2


def test_invalid_app_hash_served_with_a_block(views):
    genesis = bilateral_genesis_doc()
    watched = ChainWatcher(trust_from_genesis(genesis), genesis)
    with pytest.raises(Alarm, match=r"^app_hash: block 1: app_hash is 00"):
        watched.check_block({**views[0], "app_hash": "00" * 32})


def test_gossip_answers(watcher):
    book = NoteBook(watcher.trust, watcher.log)
    ours = signed(4, watcher.log.root_at(4))
    book.remember(ours, 4)
    assert receive(book, ours, "peer") == (200, ours, None)
    assert receive(book, signed(3, watcher.log.root_at(3)), "peer") == (200, ours, None)
    assert receive(book, signed(9, b"\x01" * 32), "peer")[:2] == (200, ours)  # beyond the log: kept for later
    assert receive(book, "not a note", "peer")[0] == 400
    assert receive(book, signed(4, b"\x01" * 32, origin="tanledger.devnet/other"), "peer")[0] == 404
    assert receive(book, signed(4, b"\x01" * 32, key="someone"), "peer")[0] == 403
    status, body, alarm = receive(book, signed(3, b"\x01" * 32), "peer x")
    assert (status, body) == (409, ours)
    assert alarm.line().startswith("ALARM[split_view]: checkpoint of size 3 from peer x has root 0101")


def test_a_peer_note_beyond_the_log_is_checked_when_the_log_reaches_it(views):
    genesis = bilateral_genesis_doc()
    watched = ChainWatcher(trust_from_genesis(genesis), genesis)
    book = NoteBook(watched.trust, watched.log)
    book.check_foreign(signed(5, b"\x02" * 32), "peer y")
    for view in views:
        watched.check_block(view)
    with pytest.raises(Alarm, match="^split_view: checkpoint of size 5 from peer y"):
        book.check_waiting()


def test_progress_is_a_line_per_thousand_blocks_when_not_on_a_terminal():
    console = Console(file=io.StringIO(), width=200)
    progress = ProgressReport(console, live=False)
    for height in range(1, 2001):
        progress.on_block(height, 2500, 3)
    lines = console.file.getvalue().splitlines()
    assert [line.split(" / ")[0] for line in lines] == ["monitor: block 1,000", "monitor: block 2,000"]
    assert "6,000 transactions" in lines[-1] and progress.txs == 6000


def test_progress_on_a_terminal_shows_height_and_tip():
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    progress = ProgressReport(console, live=True)
    progress.on_block(7, 9, 2)
    progress.bar.refresh()
    progress.close()
    assert "height 7 / 9" in console.file.getvalue()
