"""Drive the plan through a validator: per phase, move the calendar, sign, submit in bulk, wait for the blocks.

The devnet's calendar moves by the MEE's signed `advance_clock` transaction, committed before
the phase's transactions are submitted. Signing happens here in the client, chunk by chunk,
while the validators execute the previous chunk. A phase ends when the log holds every
transaction it submitted. A refusal at admission stops the demo with the node's error.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from node.clock import parse_time

from ..client import NodeClient
from ..console import CliError, out
from .scenario import Phase, TxSpec
from .signing import Keyring

CHUNK = 1_000  # transactions per POST /v1/txs: small enough for the bar to move, large enough to be cheap
POLL_S = 0.05
STALL_S = 60.0  # no block for this long while transactions wait: the node is stuck, say so


@dataclass
class DriveResult:
    """What driving the plan took: transactions submitted, seconds, and the ids of each phase's transactions."""

    txs: int = 0
    clock_moves: int = 0  # advance_clock transactions the MEE signed to move the devnet calendar
    seconds: float = 0.0
    ids: dict[str, list[str]] = field(default_factory=dict)
    refused: Counter = field(default_factory=Counter)  # the attempts refused on purpose, by error code

    @property
    def rate(self) -> float:
        return self.txs / self.seconds if self.seconds else 0.0


def progress() -> Progress:
    return Progress(TextColumn("{task.description:<52}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=out)


def drive(client: NodeClient, keyring: Keyring, phases: list[Phase]) -> DriveResult:
    """Run every phase in order; raise CliError if the node refuses a transaction."""
    result = DriveResult()
    started = time.perf_counter()
    with progress() as bar:
        moved_to = None
        for phase in phases:
            task = bar.add_task(f"{phase.time[:10]}  {phase.title}", total=len(phase.txs))
            if phase.time != moved_to:  # after refused attempts no block may tell the calendar is already there
                result.clock_moves += move_clock(client, keyring, phase.time)
                moved_to = phase.time
            if phase.expect:
                result.refused[phase.expect] += run_attempts(client, keyring, phase)
                bar.update(task, completed=len(phase.txs))
                continue
            result.ids[phase.key] = run_phase(client, keyring, phase, bar, task)
            result.txs += len(phase.txs)
    result.seconds = time.perf_counter() - started
    return result


def run_phase(client: NodeClient, keyring: Keyring, phase: Phase, bar: Progress, task: TaskID) -> list[str]:
    """Submit the phase's transactions and wait until all are in blocks (the calendar is at its time)."""
    base = client.status()["log_size"]
    ids: list[str] = []
    for i in range(0, len(phase.txs), CHUNK):
        txs = [keyring.sign(spec) for spec in phase.txs[i:i + CHUNK]]
        check_admitted(phase, client.submit_bulk(txs))
        ids += [tx.id_hex for tx in txs]
        bar.update(task, completed=client.status()["log_size"] - base)
    wait_committed(client, phase, base + len(ids), lambda done: bar.update(task, completed=min(len(ids), done - base)))
    return ids


def run_attempts(client: NodeClient, keyring: Keyring, phase: Phase) -> int:
    """Submit the phase's attempts, which the node must refuse with the phase's code; return how many it refused."""
    results = client.submit_bulk([keyring.sign(spec, attempt=True) for spec in phase.txs])
    wrong = [r for r in results if r.get("code") != phase.expect]
    if wrong:
        first = wrong[0]
        raise CliError("unexpected_outcome", f"phase {phase.key!r}: an attempt meant to be refused with {phase.expect} "
                                             f"got {first.get('code') or first.get('status')}: {first.get('message', '')}")
    return len(results)


def move_clock(client: NodeClient, keyring: Keyring, moment: str) -> int:
    """Commit the MEE's advance_clock to `moment`, unless the chain's time is already there; 1 if it moved."""
    if client.status()["time_ms"] >= parse_time(moment):
        return 0
    tx = keyring.sign(TxSpec("advance_clock", {"to": moment}, ("MEE",)))
    client.submit(tx)
    answer = client.wait_tx(tx.id_hex, timeout=STALL_S)
    if answer["status"] != "committed":
        raise CliError(answer["receipt"]["code"], f"the calendar did not move to {moment}: {answer['receipt']['message']}")
    return 1


def wait_committed(client: NodeClient, phase: Phase, target: int, on_progress: Callable[[int], None]) -> None:
    """Poll until the log holds `target` entries; raise CliError if it does not grow for STALL_S seconds."""
    last_size, last_change = -1, time.monotonic()
    while True:
        size = client.status()["log_size"]
        on_progress(size)
        if size >= target:
            return
        if size != last_size:
            last_size, last_change = size, time.monotonic()
        elif time.monotonic() - last_change > STALL_S:
            raise CliError("stalled", f"phase {phase.key!r}: {target - size} transactions not in a block after "
                                      f"{STALL_S:.0f} s without progress; see the validators' logs")
        time.sleep(POLL_S)


def check_admitted(phase: Phase, results: list[dict]) -> None:
    """Raise CliError with the first refusal of a bulk submission."""
    refused = [r for r in results if r.get("status") != "pending"]
    if refused:
        first = refused[0]
        raise CliError(first.get("code", "refused"), f"phase {phase.key!r}: {len(refused)} of {len(results)} transactions "
                                                     f"refused; first: {first.get('message', '')}")
