"""Response models of the home page's route: the instrument list with supply (GET /v1/instruments)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Supply(BaseModel):
    """Where an instrument's issued tonnes are (integers, tonnes)."""

    model_config = ConfigDict(extra="allow")

    issued: int = Field(description="tonnes issued")
    held: int = Field(description="tonnes held by accounts, any sub-state")
    surrendered: int = Field(description="tonnes surrendered for compliance")
    cancelled: int = Field(description="tonnes cancelled for good")
    withdrawn: int = Field(description="tonnes withdrawn by the authority")


class InstrumentLine(BaseModel):
    """One instrument with its supply."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(description="instrument id, e.g. CEA-2024")
    kind: str = Field(description="CEA or CCER")
    name: str = Field(description="its name")
    supply: Supply = Field(description="issued, held, surrendered, cancelled, withdrawn")


class InstrumentList(BaseModel):
    """A page of instruments: CEA vintages newest first, then CCER batches by id."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "instruments": [{"id": "CEA-2024", "kind": "CEA", "name": "CEA-2024", "vintage": 2024, "supply": {
            "issued": 2100, "held": 1550, "surrendered": 500, "cancelled": 50, "withdrawn": 0}}],
        "count": 1, "next": "CEA-2024"}]})

    instruments: list[InstrumentLine] = Field(description="the page")
    count: int = Field(description="instruments matching in all")
    next: str | None = Field(description="cursor of the next page, null on the last")
