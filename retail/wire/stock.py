"""Stock movements made in the backoffice (deliveries, waste, stocktakes, transfers), pulled by the
store after a cursor so that its local on hand follows the book.

Each movement carries the book's row id: the store applies it once (the id names it in the store's
own movements) and never pushes it back, so it is counted once on either side.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, Strict, model_validator

from retail.wire.common import ProductKey, StrictBool, StrictInt, UtcDateTime, WireModel

MAX_MOVEMENTS_PER_PAGE = 1_000
BookId = Annotated[int, Strict(), Field(ge=0, le=2**62)]
"""A row id of the stock book (0: before the first)."""


class BookMovement(WireModel):
    """One row of the backoffice's stock book for this store."""

    book_id: BookId
    occurred_at: UtcDateTime
    product_key: ProductKey
    quantity_delta: Annotated[StrictInt, Field(ge=-1_000_000, le=1_000_000)] = 0
    weight_delta_g: Annotated[StrictInt, Field(ge=-100_000_000, le=100_000_000)] = 0
    book_kind: Literal["delivery", "waste", "stocktake", "transfer_out", "transfer_in"]


class StockChanges(WireModel):
    """One page of the book's movements after `since`, through `cursor`, in id order."""

    kind: Literal["stock_changes"] = "stock_changes"
    since: BookId
    cursor: BookId
    movements: Annotated[tuple[BookMovement, ...], Field(max_length=MAX_MOVEMENTS_PER_PAGE)] = ()
    more: StrictBool = False
    """Another page follows: ask again from `cursor`."""

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        ids = [m.book_id for m in self.movements]
        if self.cursor < self.since or any(not self.since < i <= self.cursor for i in ids):
            raise ValueError("movements lie after `since` and up to `cursor`")
        if ids != sorted(set(ids)):
            raise ValueError("movements come once each, in book order")
        return self
