"""Local stock: levels per product, changed only together with a recorded movement."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import BindParameter

from retail.wire import StockMovement, StockReason
from store_controller.checkout.cart import CartLine
from store_controller.checkout.catalog import SoldBy
from store_controller.db import tables
from store_controller.db.prepared import Prepared, prepared

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

    def read_levels(self, connection: Connection, product_ids: Sequence[int]) -> list[Any]:
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
            )
        values = {f"p{n}": product_id for n, product_id in enumerate(product_ids)}
        return list(statement.execute(connection, values).fetchall())


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


@dataclass(frozen=True, slots=True)
class Move:
    """One change of one product's stock, before it is applied."""

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
    movements that come from elsewhere (the backoffice's book), else each gets a new id."""
    if movement_ids is not None and len(movement_ids) != len(moves):
        raise ValueError("one movement id per move")
    if not moves:
        return []
    statements = prepared(connection, _statements)
    levels = dict.fromkeys((m.product_id for m in moves), (0, 0))
    for product_id, quantity, grams in statements.read_levels(connection, list(levels)):
        levels[product_id] = (quantity, grams)
    movements: list[StockMovement] = []
    movement_rows: list[tuple[object, ...]] = []
    sale_key = None if sale_id is None else str(sale_id)
    for index, move in enumerate(moves):
        quantity, grams = levels[move.product_id]
        quantity, grams = quantity + move.quantity_delta, grams + move.weight_delta_g
        levels[move.product_id] = (quantity, grams)
        movement = StockMovement(
            movement_id=uuid.uuid4() if movement_ids is None else movement_ids[index],
            occurred_at=occurred_at,
            product_key=move.product_key,
            quantity_delta=move.quantity_delta,
            weight_delta_g=move.weight_delta_g,
            reason=reason,
            sale_id=sale_id,
        )
        movements.append(movement)
        movement_rows.append(
            (
                str(movement.movement_id),
                move.product_id,
                occurred_at,
                move.quantity_delta,
                move.weight_delta_g,
                reason.value,
                sale_key,
                quantity < 0 or grams < 0,
            )
        )
    statements.write_level.execute_rows(
        connection, [(pid, q, g, occurred_at) for pid, (q, g) in levels.items()]
    )
    statements.record.execute_rows(connection, movement_rows)
    return movements
