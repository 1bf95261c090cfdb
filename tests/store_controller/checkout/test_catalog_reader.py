"""CatalogReader: the scans' lookups on a kept connection see every commit at the next scan."""

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


def test_a_commit_elsewhere_shows_at_the_next_lookup(engine: Engine, reader: CatalogReader) -> None:
    """Mid-cart: milk and coffee were scanned; the catalog then changes (a price, a product off
    sale, a code added, one removed) through another connection: the next lookups answer as it
    now is."""
    milk, coffee = reader.find(MILK), reader.find(COFFEE)
    assert milk is not None
    assert coffee is not None
    assert coffee.active
    assert reader.find(NEW_CODE) is None
    assert reader.find(MILK) == milk
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


def test_the_kept_connection_holds_no_snapshot_between_scans(
    engine: Engine, reader: CatalogReader
) -> None:
    """After a lookup the reader's connection holds no read transaction: another connection's
    checkpoint can empty the WAL."""
    reader.find(MILK)
    with engine.begin() as connection:
        connection.execute(update(tables.products).values(name=tables.products.c.name + "!"))
    reader.find(MILK)  # the WAL holds the change
    reader.find(MILK)
    with engine.connect() as connection:
        busy, _, _ = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    assert busy == 0


def test_a_new_connection_after_an_error_reads_again(engine: Engine, reader: CatalogReader) -> None:
    """A failing lookup throws the kept connection away; the next one opens another and reads
    what is committed."""
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
