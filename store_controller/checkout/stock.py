"""Local stock: levels per product, changed only together with a recorded movement."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import BindParameter

from retail.wire import StockMovement, StockReason
from store_controller.checkout.cart import CartLine
from store_controller.checkout.catalog import SoldBy
from store_controller.checkout.keys import new_ids
from store_controller.db import tables
from store_controller.db.prepared import Prepared, Target, prepared

_MOVEMENT_COLUMNS = (
    "movement_id",
    "product_id",
    "occurred_at",
    "quantity_delta",
    "weight_delta_g",
    "reason",
    "sale_id",
    "negative",
)


@dataclass(frozen=True, slots=True)
class _Statements:
    dialect: Dialect
    levels_of: dict[int, Prepared]
    """The read of `n` products' levels (`IN` with `n` parameters `p0`...), made on first use."""
    write_level: Prepared
    record: Prepared

    def read_levels(self, connection: Target, product_ids: Sequence[int]) -> list[Any]:
        """(product_id, quantity, weight_g) of those of `product_ids` that have a level."""
        count = len(product_ids)
        statement = self.levels_of.get(count)
        if statement is None:
            levels = tables.stock_levels
            wanted: list[BindParameter[int]] = [bindparam(f"p{n}") for n in range(count)]
            statement = self.levels_of[count] = Prepared(
                select(levels.c.product_id, levels.c.quantity, levels.c.weight_g).where(
                    levels.c.product_id.in_(wanted)
                ),
                self.dialect,
                [bind.key for bind in wanted],
                rows=True,
            )
        return list(statement.execute_rows(connection, [product_ids]).fetchall())


def _statements(dialect: Dialect) -> _Statements:
    levels = tables.stock_levels
    upsert = sqlite_insert(levels)
    return _Statements(
        dialect=dialect,
        levels_of={},
        write_level=Prepared(
            upsert.on_conflict_do_update(
                index_elements=[levels.c.product_id],
                set_={
                    "quantity": upsert.excluded.quantity,
                    "weight_g": upsert.excluded.weight_g,
                    "updated_at": upsert.excluded.updated_at,
                },
            ),
            dialect,
            ("product_id", "quantity", "weight_g", "updated_at"),
            rows=True,
        ),
        record=Prepared(insert(tables.stock_movements), dialect, _MOVEMENT_COLUMNS, rows=True),
    )


class Move(NamedTuple):
    """One change of one product's stock, before it is applied (a named tuple: a sale makes one
    a line, and a frozen dataclass's `__init__` cost twice as much)."""

    product_id: int
    product_key: str
    quantity_delta: int
    weight_delta_g: int


def sale_deltas(line: CartLine) -> tuple[int, int]:
    """(pieces, grams) a sold line takes from stock: weighed goods by weight, others by piece."""
    if line.item.sold_by is SoldBy.WEIGHT and line.weight_g is not None:
        return 0, -line.weight_g * line.quantity
    return -line.quantity, 0


def sale_moves(lines: Iterable[CartLine]) -> list[Move]:
    """What the sold `lines` take from stock, one move per line."""
    return [Move(ln.item.product_id, ln.product_key, *sale_deltas(ln)) for ln in lines]


def move_stock(
    connection: Connection,
    moves: Sequence[Move],
    *,
    reason: StockReason,
    occurred_at: datetime,
    sale_id: uuid.UUID | None = None,
    movement_ids: Sequence[uuid.UUID] | None = None,
) -> list[StockMovement]:
    """Record `moves` and apply them to the levels, in the connection's open transaction (SQLite):
    one read of the levels, one write of them, one write of the movements. A level below zero is
    allowed but flagged on the movement that took it there. `movement_ids` (one per move) name
    movements that come from elsewhere (the backoffice's book), else each gets a new
    (time-ordered) id."""
    if movement_ids is not None and len(movement_ids) != len(moves):
        raise ValueError("one movement id per move")
    if not moves:
        return []
    if movement_ids is None:
        movement_ids = [uuid.UUID(text) for text in new_ids(len(moves))]
    movements = [
        StockMovement(
            movement_id=movement_ids[index],
            occurred_at=occurred_at,
            product_key=move.product_key,
            quantity_delta=move.quantity_delta,
            weight_delta_g=move.weight_delta_g,
            reason=reason,
            sale_id=sale_id,
        )
        for index, move in enumerate(moves)
    ]
    _write(
        connection,
        moves,
        [str(movement.movement_id) for movement in movements],
        occurred_at=occurred_at,
        reason=reason,
        sale_key=None if sale_id is None else str(sale_id),
    )
    return movements


def move_sale_stock(
    connection: Target,
    moves: Sequence[Move],
    *,
    occurred_at: datetime,
    occurred_text: str,
    sale_id: str,
) -> list[tuple[str, str]]:
    """`move_stock` of a sale's `moves` (reason SALE), the movements given as outbox rows: (kind,
    the text `StockMovement.model_dump_json()` gives), made without the models. The sale's wire
    check has passed the product keys and the time (`occurred_text`, the sale's own JSON text
    of `occurred_at`); a delta the movement would refuse goes through the model, which raises
    as `move_stock` does."""
    if not moves:
        return []
    ids = new_ids(len(moves))
    texts: list[tuple[str, str]] = []
    occurred = encode_basestring(occurred_text)
    for move, movement_id in zip(moves, ids, strict=True):
        pieces, grams = move.quantity_delta, move.weight_delta_g
        if not (
            type(pieces) is int
            and type(grams) is int
            and (pieces or grams)
            and -_MAX_PIECES <= pieces <= _MAX_PIECES
            and -_MAX_GRAMS <= grams <= _MAX_GRAMS
        ):
            movement = StockMovement(
                movement_id=uuid.UUID(movement_id),
                occurred_at=occurred_at,
                product_key=move.product_key,
                quantity_delta=pieces,
                weight_delta_g=grams,
                reason=StockReason.SALE,
                sale_id=uuid.UUID(sale_id),
            )
            texts.append((_MOVEMENT_KIND, movement.model_dump_json()))
            continue
        texts.append(
            (
                _MOVEMENT_KIND,
                _MOVEMENT_JSON.format(
                    movement_id,
                    occurred,
                    encode_basestring(move.product_key),
                    pieces,
                    grams,
                    sale_id,
                ),
            )
        )
    _write(
        connection,
        moves,
        ids,
        occurred_at=occurred_at,
        reason=StockReason.SALE,
        sale_key=sale_id,
    )
    return texts


_MOVEMENT_KIND = "stock_movement"
_MAX_PIECES = 100_000
_MAX_GRAMS = 10_000_000
"""`StockMovement`'s bounds of `quantity_delta` and `weight_delta_g`."""
_MOVEMENT_JSON = (
    '{{"kind":"stock_movement","movement_id":"{}","occurred_at":{},"product_key":{},'
    '"quantity_delta":{},"weight_delta_g":{},"reason":"sale","sale_id":"{}"}}'
)
"""A sale's `StockMovement` as pydantic writes it: fields in their order, no spaces."""


def _write(
    connection: Target,
    moves: Sequence[Move],
    movement_ids: Sequence[str],
    *,
    occurred_at: datetime,
    reason: StockReason,
    sale_key: str | None,
) -> None:
    """The movements' rows and the levels after them: one read of the levels, one write of
    them, one write of the movements."""
    statements = prepared(connection, _statements)
    levels = dict.fromkeys((m.product_id for m in moves), (0, 0))
    for product_id, quantity, grams in statements.read_levels(connection, list(levels)):
        levels[product_id] = (quantity, grams)
    movement_rows: list[tuple[object, ...]] = []
    reason_value = reason.value
    for move, movement_id in zip(moves, movement_ids, strict=True):
        quantity, grams = levels[move.product_id]
        quantity, grams = quantity + move.quantity_delta, grams + move.weight_delta_g
        levels[move.product_id] = (quantity, grams)
        movement_rows.append(
            (
                movement_id,
                move.product_id,
                occurred_at,
                move.quantity_delta,
                move.weight_delta_g,
                reason_value,
                sale_key,
                quantity < 0 or grams < 0,
            )
        )
    statements.write_level.execute_rows(
        connection, [(pid, q, g, occurred_at) for pid, (q, g) in levels.items()]
    )
    statements.record.execute_rows(connection, movement_rows)
