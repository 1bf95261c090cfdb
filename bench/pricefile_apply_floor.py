"""The apply's own floor: what an apply cannot avoid writing (part of the price-file bench's floor).

The same file's applied rows (new and changed, as the preview kept them), bulk-inserted with the
driver (executemany on SQLite, COPY on PostgreSQL) into copies of the tables an apply writes:
the new products, their GTINs, one price change per row and one catalog row the stores pull per
row, with the real tables' indexes (the trigram index of the search too), foreign keys and
storage settings, then committed. The copies first hold what the real tables held before the
apply (untimed), so their indexes are as large. Not timed either: reading the rows and the known
products' ids (given, as the parsed file is given to the issue's floor). Nothing is looked up,
classified, checked or revised: the apply's figure over this floor is what it spends on that.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any, cast

from sqlalchemy import MetaData, Table, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct
from backoffice.db.bulk import insert_many
from backoffice.products.models import PriceChange, Product, ProductGtin
from retail import wire
from retail.vat.rates import VatClass

TABLES: list[Table] = [
    cast(Table, t.__table__) for t in (Product, ProductGtin, PriceChange, CatalogProduct)
]
NAMES = [t.name for t in TABLES]
_RENAME = re.compile(r"\b(" + "|".join(NAMES) + r")\b")
_PREFIXED = re.compile(r"\b(pk|uq|fk|ix|ck)_")


PRODUCT_COLUMNS = (
    *("id", "sku", "name", "brand", "category", "unit", "vat_class", "deposit", "age_limit"),
    *("essential", "supplier", "cost_price_ore", "search_text", "active"),
    *("created_at", "updated_at"),
)


def floor_name(name: str) -> str:
    return f"floor_{name}"


def _renamed(sql: str) -> str:
    return _PREFIXED.sub(r"\1_floor_", _RENAME.sub(lambda m: floor_name(m.group(1)), sql))


def create_floor_tables(engine: Engine) -> None:
    """Copies of the apply's tables, as the migrations made them (indexes, foreign keys between
    the copies and to the real `stores`, fillfactor)."""
    with engine.begin() as connection:
        if engine.dialect.name != "postgresql":
            listed = ", ".join(f"'{name}'" for name in NAMES)
            for (sql,) in connection.execute(
                text(
                    "SELECT sql FROM sqlite_master WHERE tbl_name IN "
                    f"({listed}) AND sql IS NOT NULL ORDER BY type DESC"
                )
            ):
                connection.execute(text(_renamed(sql)))
            return
        for name in NAMES:
            connection.execute(text(f"CREATE TABLE {floor_name(name)} (LIKE {name} INCLUDING ALL)"))
            options = connection.execute(
                text("SELECT reloptions FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                {"t": name},
            ).scalar()
            if options:
                connection.execute(
                    text(f"ALTER TABLE {floor_name(name)} SET ({', '.join(options)})")
                )
        for name in NAMES:
            for (definition,) in connection.execute(
                text(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'"
                ),
                {"t": name},
            ):
                connection.execute(
                    text(f"ALTER TABLE {floor_name(name)} ADD {_renamed(definition)}")
                )


def apply_floor(engine: Engine, import_id: int, now: datetime) -> float:
    """Seconds to bulk-insert import `import_id`'s applied rows into the copies and commit."""
    with Session(engine) as session:
        rows = session.execute(
            text(
                "SELECT kind, sku, gtin, name, brand, category, price_ore, cost_price_ore "
                "FROM price_import_rows WHERE import_id = :i AND kind IN ('new', 'changed') "
                "ORDER BY line"
            ),
            {"i": import_id},
        ).all()
        _refill(session, import_id)
        known: dict[str, int] = dict(
            session.execute(text(f"SELECT sku, id FROM {floor_name('products')}")).tuples().all()
        )
        first_id = 1 + (session.execute(text("SELECT max(id) FROM products")).scalar() or 0)
        session.commit()
        _settle(engine)
        start = time.perf_counter()
        _write(session, rows, known, first_id, import_id, now)
        session.commit()
        return time.perf_counter() - start


def _settle(engine: Engine) -> None:
    """PostgreSQL: the copies vacuumed and analysed after the refill (the trigram index's
    pending entries merged), so the timed writes do not pay for the refill's."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for name in NAMES:
            connection.execute(text(f"VACUUM (ANALYZE) {floor_name(name)}"))


def _refill(session: Session, import_id: int) -> None:
    """The copies as the real tables were before the apply of `import_id` (untimed)."""
    copies = [floor_name(name) for name in reversed(NAMES)]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"TRUNCATE {', '.join(copies)}"))  # no dead rows left in indexes
    else:
        for copy in copies:
            session.execute(text(f"DELETE FROM {copy}"))  # SQLite truncates
    mine = "SELECT sku FROM price_import_rows WHERE import_id = :i AND kind = 'new'"
    source = {"i": import_id, "s": f"pricefile:{import_id}"}
    session.execute(
        text(f"INSERT INTO floor_products SELECT * FROM products WHERE sku NOT IN ({mine})"),
        source,
    )
    session.execute(
        text(
            "INSERT INTO floor_product_gtins SELECT g.* FROM product_gtins g "
            "JOIN floor_products p ON p.id = g.product_id"
        )
    )
    session.execute(
        text(
            "INSERT INTO floor_price_changes SELECT c.* FROM price_changes c "
            "JOIN floor_products p ON p.id = c.product_id WHERE c.source != :s"
        ),
        source,
    )
    session.execute(
        text(
            "INSERT INTO floor_catalog_products SELECT * FROM catalog_products "
            "WHERE sku NOT IN (SELECT sku FROM price_import_rows WHERE import_id = :i "
            "AND kind IN ('new', 'changed'))"
        ),
        {"i": import_id},
    )


def _copy(table: Table) -> Table:
    """`table` under its copy's name (for its columns' bind processing)."""
    return table.to_metadata(MetaData(), name=floor_name(table.name))


def _write(
    session: Session,
    rows: Any,
    known: dict[str, int],
    first_id: int,
    import_id: int,
    now: datetime,
) -> None:
    products, gtins, changes, catalog = (_copy(t) for t in TABLES)
    ids = dict(known)
    new = [r for r in rows if r.kind == "new"]
    for n, row in enumerate(new):
        ids[row.sku] = first_id + n
    vat = VatClass.FOOD.value
    insert_many(
        session,
        products,
        PRODUCT_COLUMNS,
        [
            (
                *(ids[r.sku], r.sku, r.name, r.brand, r.category, "piece", vat, "none", 0, False),
                *("floor", r.cost_price_ore, f"{r.name} {r.sku} {r.gtin}".lower(), True, now, now),
            )
            for r in new
        ],
    )
    insert_many(session, gtins, ("gtin", "product_id"), [(r.gtin, ids[r.sku]) for r in new])
    source = f"pricefile:{import_id}"
    insert_many(
        session,
        changes,
        ("product_id", "store_id", "price_ore", "effective_at", "created_at", "source"),
        [(ids[r.sku], None, r.price_ore, now, now, source) for r in rows],
    )
    template = wire.Product(
        sku="x", name="x", gtins=("0" * 14,), price_ore=0, vat_class=VatClass.FOOD
    ).model_dump(mode="json")
    insert_many(
        session,
        catalog,
        ("sku", "store_id", "body", "deleted", "revision", "updated_at", "next_price_at"),
        [
            (
                r.sku,
                None,
                {
                    **template,
                    "sku": r.sku,
                    "name": r.name,
                    "gtins": [r.gtin],
                    "price_ore": r.price_ore,
                },
                False,
                1_000_000 + n,
                now,
                None,
            )
            for n, r in enumerate(rows)
        ],
    )
