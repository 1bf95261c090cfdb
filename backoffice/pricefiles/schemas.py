"""What the price-file API reads and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Heading = Annotated[str, Field(min_length=1, max_length=80)]


class MappingInput(BaseModel):
    """The heading of the supplier's column for each field (GTIN and price required)."""

    model_config = ConfigDict(extra="forbid")

    gtin: Heading
    price: Heading
    name: Heading | None = None
    brand: Heading | None = None
    category: Heading | None = None
    cost_price: Heading | None = None

    def columns(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class MappingRead(MappingInput):
    supplier: str


class ImportRead(BaseModel):
    id: int
    supplier: str
    filename: str
    encoding: str
    delimiter: str
    status: str
    rows_total: int
    rows_done: int
    counts: dict[str, int]
    """Rows per kind: new, changed, unchanged, error."""
    created_at: datetime
    applied_at: datetime | None


class RowRead(BaseModel):
    line: int
    kind: str
    gtin: str | None
    sku: str | None
    name: str
    price_ore: int | None
    old_price_ore: int | None
    cost_price_ore: int | None
    error: str | None
