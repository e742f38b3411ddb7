"""The monitor's progress: a rich line (height / tip, transactions per second) on a terminal, else a plain
line every 1,000 blocks."""
from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

LINE_EVERY_BLOCKS = 1_000


class ProgressReport:
    """Counts blocks and transactions checked and shows them; `close()` when done."""

    def __init__(self, console: Console, live: bool) -> None:
        self.console, self.started, self.txs = console, time.monotonic(), 0
        self.bar: Progress | None = None
        if live:
            self.bar = Progress(TextColumn("monitor"), BarColumn(), TextColumn("height {task.completed:,.0f} / {task.total:,.0f}"),
                                TextColumn("{task.fields[rate]:,.0f} tx/s"), TimeElapsedColumn(),
                                console=console, transient=True)
            self.task = self.bar.add_task("monitor", total=1, rate=0)
            self.bar.start()

    def tx_per_s(self) -> float:
        """Transactions checked per second since the monitor started."""
        return self.txs / max(time.monotonic() - self.started, 1e-9)

    def on_block(self, height: int, tip: int, txs: int) -> None:
        """A block of `txs` transactions at `height` checked; the node is at `tip`."""
        self.txs += txs
        if self.bar is not None:
            self.bar.update(self.task, completed=height, total=max(tip, height), rate=self.tx_per_s())
        elif height % LINE_EVERY_BLOCKS == 0:
            self.console.print(f"monitor: block {height:,} / {tip:,}, {self.txs:,} transactions, "
                               f"{self.tx_per_s():,.0f} tx/s", markup=False)

    def close(self) -> None:
        """Remove the live line."""
        if self.bar is not None:
            self.bar.stop()
