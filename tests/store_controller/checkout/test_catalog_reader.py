"""CatalogReader: the scans' lookups on a kept connection, answers kept while nothing committed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, insert, text, update

from retail.barcodes import to_gtin14
from store_controller.checkout import seed
from store_controller.checkout.catalog_store import CatalogReader, find_item
from store_controller.db import tables

MILK, COFFEE = to_gtin14(seed.MJOLK), to_gtin14(seed.KAFFE)
NEW_CODE = "07350000000019"


@pytest.fixture
def reader(engine: Engine) -> Iterator[CatalogReader]:
    reader = CatalogReader(engine)
    try:
        yield reader
    finally:
        reader.close()


def test_a_kept_answer_is_read_again_after_another_connection_commits(
    engine: Engine, reader: CatalogReader
) -> None:
    """Mid-cart: milk and coffee were scanned; the catalog then changes (a price, a product off
    sale, a code added) through another connection: the next lookups answer as it now is."""
    milk, coffee = reader.find(MILK), reader.find(COFFEE)
    assert milk is not None
    assert coffee is not None
    assert coffee.active
    assert reader.find(NEW_CODE) is None
    assert reader.find(MILK) == milk  # unchanged database: the same answer
    products = tables.products
    with engine.begin() as connection:
        connection.execute(
            update(products).where(products.c.id == milk.product_id), {"price_ore": 1990}
        )
        connection.execute(
            update(products).where(products.c.id == coffee.product_id), {"active": False}
        )
        connection.execute(
            insert(tables.product_codes), {"code": NEW_CODE, "product_id": milk.product_id}
        )
    now_milk, now_coffee, now_new = reader.find(MILK), reader.find(COFFEE), reader.find(NEW_CODE)
    assert now_milk is not None
    assert now_milk.price.ore == 1990
    assert now_coffee is not None
    assert not now_coffee.active
    assert now_new is not None
    assert now_new.product_id == milk.product_id
    with engine.begin() as connection:
        connection.execute(delete(tables.product_codes).where(tables.product_codes.c.code == MILK))
    assert reader.find(MILK) is None
    with engine.connect() as connection:
        assert find_item(connection, MILK) is None
        assert find_item(connection, NEW_CODE) == now_new


def test_an_unchanged_database_is_asked_only_for_its_version(
    engine: Engine, reader: CatalogReader
) -> None:
    """The same code scanned again with nothing committed meanwhile: SQLite is asked only
    whether anything changed (PRAGMA data_version), not for the product again."""
    assert reader.find(MILK) is not None
    statements: list[str] = []
    reader._held.driver_connection.set_trace_callback(statements.append)
    assert reader.find(MILK) is not None
    assert reader.find(MILK) is not None
    assert statements == ["PRAGMA data_version", "PRAGMA data_version"]
    with engine.begin() as connection:  # any commit elsewhere, here a stock level
        connection.execute(
            update(tables.stock_levels).values(quantity=tables.stock_levels.c.quantity + 1)
        )
    assert reader.find(MILK) is not None
    assert len(statements) == 4
    assert statements[3].startswith("SELECT products.id")


def test_the_kept_connection_holds_no_snapshot_between_scans(
    engine: Engine, reader: CatalogReader
) -> None:
    """After a lookup (asked anew or answered from what was kept) the reader's connection holds
    no read transaction: another connection's checkpoint can empty the WAL."""
    reader.find(MILK)
    with engine.begin() as connection:
        connection.execute(update(tables.products).values(name=tables.products.c.name + "!"))
    reader.find(MILK)  # read again: the WAL holds the change
    reader.find(MILK)  # kept
    with engine.connect() as connection:
        busy, _, _ = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    assert busy == 0


def test_a_new_connection_after_an_error_reads_again(engine: Engine, reader: CatalogReader) -> None:
    """A failing lookup throws the kept connection away; the next one opens another and does
    not trust a version counted on the old one."""
    milk = reader.find(MILK)
    assert milk is not None
    reader._cursor.close()  # the next execute on it fails
    with pytest.raises(Exception, match="closed"):
        reader.find(MILK)
    with engine.begin() as connection:
        products = tables.products
        connection.execute(
            update(products).where(products.c.id == milk.product_id), {"price_ore": 990}
        )
    again = reader.find(MILK)
    assert again is not None
    assert again.price.ore == 990
