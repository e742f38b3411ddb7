"""Response models of the search route (GET /v1/search)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SearchResult(BaseModel):
    """One thing the query names, with the explorer route of its page."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(description="account, project, instrument, serial, transaction, block, log, certificate or "
                                  "beneficiary")
    id: str = Field(description="the record's id (a certificate's and a beneficiary's id is the cancelling tx id)")
    label: str = Field(description="what people call it: a name, or the id again")
    route: str = Field(description="the explorer page of the record, e.g. #/account/MEE")
    exact: bool = Field(False, description="true when the query is this record's whole id")


class SearchAnswer(BaseModel):
    """The records a search text names, exact ids first, then id prefixes, then names."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "q": "如东", "count": 1, "results": [{"kind": "project", "id": "WIND-001", "label": "如东海上风电",
                                             "route": "#/project/WIND-001", "exact": False}]}]})

    q: str = Field(description="the search text, trimmed")
    results: list[SearchResult] = Field(description="at most `limit` results")
    count: int = Field(description="how many results matched in all")

