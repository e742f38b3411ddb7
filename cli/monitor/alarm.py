"""Alarms: the first divergence a monitor finds, its one-line report and its evidence file."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ALARM_EXIT_CODE = 2  # distinct from 1 (an error of the monitor itself: a bad option, an unreachable node)


class Alarm(Exception):
    """A divergence between what the node (or a peer) serves and what the monitor recomputed."""

    def __init__(self, code: str, message: str, evidence: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.evidence = evidence or {}

    def line(self) -> str:
        """The one line reported on stderr: `ALARM[<code>]: <what, height/size>`."""
        return f"ALARM[{self.code}]: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """The evidence file's content: the code, the sentence and what proves it (notes, heights, roots)."""
        return {"code": self.code, "message": self.message, "evidence": self.evidence}


def write_evidence(alarm: Alarm, path: Path) -> None:
    """Write the alarm's evidence as JSON to `path` (replacing the file)."""
    path.write_text(json.dumps(alarm.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
