"""What the search box can find by name or id prefix: participants, projects, instruments and cancellation
beneficiaries, read from the committed state once per height and kept in memory (3,500 entities stay fast)."""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any, Iterator

Hit = dict[str, Any]


@dataclass(frozen=True)
class Entry:
    """One searchable record: its kind, id, label, route and the lower-cased texts a name query is matched against."""

    kind: str
    id: str
    label: str
    route: str
    names: tuple[str, ...]


def hit(entry: Entry, exact: bool = False) -> Hit:
    """The API's result line for `entry`; `exact` when the query was its whole id."""
    return {"kind": entry.kind, "id": entry.id, "label": entry.label, "route": entry.route, "exact": exact}


def _participants(records: list[Any]) -> Iterator[Entry]:
    for p in records:
        yield Entry("account", p["id"], p.get("name") or p["id"], f"#/account/{p['id']}", (p.get("name") or "",))


def _projects(records: list[Any]) -> Iterator[Entry]:
    for p in records:
        names = tuple(n for n in (p.get("name"), p.get("name_en")) if n)
        yield Entry("project", p["id"], p.get("name") or p["id"], f"#/project/{p['id']}", names)


def _instruments(records: list[Any]) -> Iterator[Entry]:
    for i in records:
        name = i.get("name") or i["id"]
        yield Entry("instrument", i["id"], name, f"#/instrument/{i['id']}", (name,) if name != i["id"] else ())


def _beneficiaries(records: list[Any]) -> Iterator[Entry]:
    for c in records:
        name = c.get("beneficiary") or ""
        yield Entry("beneficiary", c["tx"], f"{name} · {c.get('amount', 0)} t", f"#/certificate/{c['tx']}", (name,))


SOURCES = (("participant/", _participants), ("ccer/project/", _projects), ("instrument/", _instruments),
           ("ccer/certificate/", _beneficiaries))


class SearchIndex:
    """The searchable records of one node at one height; `entries_of(node)` rebuilds it when the height moves."""

    def __init__(self, height: int, entries: list[Entry]) -> None:
        self.height = height
        self.entries = entries
        self.ids = {(e.kind, e.id.lower()): e for e in entries if e.kind != "beneficiary"}

    def by_id(self, text: str) -> list[Hit]:
        """Records whose id is `text` (exact first) or starts with it, case-insensitive."""
        needle = text.lower()
        exact = [hit(e, True) for (_, key), e in self.ids.items() if key == needle]
        prefix = [hit(e) for (_, key), e in self.ids.items() if key.startswith(needle) and key != needle]
        return exact + sorted(prefix, key=lambda r: r["id"])

    def by_name(self, text: str) -> list[Hit]:
        """Records one of whose names contains `text`, case-insensitive (Chinese or Latin)."""
        needle = text.casefold()
        return [hit(e) for e in self.entries if any(needle in n.casefold() for n in e.names)]


_INDEXES: "weakref.WeakKeyDictionary[Any, SearchIndex]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def index_of(node: Any) -> SearchIndex:
    """The node's search index at its current height, rebuilt from the committed state if the height moved."""
    height = node.tip.height
    with _LOCK:
        index = _INDEXES.get(node)
        if index is None or index.height != height:
            entries = [e for prefix, build in SOURCES for e in build([v for _k, v in node.store.scan_state(prefix)])]
            index = _INDEXES[node] = SearchIndex(height, entries)
    return index
