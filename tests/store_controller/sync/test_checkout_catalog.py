"""CheckoutCatalog: pages land in the checkout's products table with the revision, at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from retail import wire
from store_controller.checkout.catalog_store import find_item
from store_controller.checkout.models import ProductRow
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.models import SyncState
from tests.store_controller.sync.harness import MILK, T0, controller_outbox

MILK_P = wire.Product(
    sku="mjolk",
    name="Mjölk",
    gtins=(MILK,),
    price_ore=1500,
    vat_class="food",
    scheduled_prices=(
        wire.ScheduledPrice(price_ore=1400, effective_at=T0 - timedelta(days=1)),
        wire.ScheduledPrice(price_ore=1700, effective_at=T0 + timedelta(days=1)),
    ),
)
CHEESE = wire.Product(
    sku="ost", name="Ost", article="23456780", unit="kg", price_ore=12900, vat_class="food"
)
BEER = wire.Product(sku="ol", name="Öl", price_ore=2500, vat_class="standard", age_limit=18)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with controller_outbox(tmp_path) as made:
        yield made


def products(sessions: sessionmaker[Session]) -> dict[str, ProductRow]:
    with sessions() as session:
        return {row.sku: row for row in session.scalars(select(ProductRow))}


def test_pages_apply_with_their_revision(sessions: sessionmaker[Session]) -> None:
    sink = CheckoutCatalog(sessions, lambda: T0)
    assert sink.revision() == 0
    settings = wire.StoreSettings(display_name="Byn", timezone="Europe/Stockholm")
    sink.apply(
        wire.CatalogChanges(
            since_revision=0, revision=4, full=True, products=(MILK_P, CHEESE), settings=settings
        )
    )
    assert sink.revision() == 4
    rows = products(sessions)
    assert rows["mjolk"].price_ore == 1500  # the backoffice's price; our clock is not asked
    assert rows["ost"].sold_by == "weight"
    with sessions() as session:
        item = find_item(session, MILK)
        assert item is not None
        assert item.sku == "mjolk"
        state = session.get_one(SyncState, 1)
        assert state.store_settings is not None
        assert state.store_settings["display_name"] == "Byn"

    sink.apply(
        wire.CatalogChanges(since_revision=4, revision=6, products=(BEER,), removed_skus=("ost",))
    )
    rows = products(sessions)
    assert (rows["ost"].active, rows["ol"].age_limit, sink.revision()) == (False, 18, 6)

    sink.apply(wire.CatalogChanges(since_revision=0, revision=9, full=True, products=(BEER,)))
    assert {sku for sku, row in products(sessions).items() if row.active} == {"ol"}


def test_a_failing_page_changes_nothing(sessions: sessionmaker[Session]) -> None:
    sink = CheckoutCatalog(sessions, lambda: T0)
    sink.apply(wire.CatalogChanges(since_revision=0, revision=2, full=True, products=(MILK_P,)))
    twin = MILK_P.model_copy(update={"sku": "mjolk2"})  # the same GTIN on two products
    with pytest.raises(IntegrityError):
        sink.apply(wire.CatalogChanges(since_revision=2, revision=3, products=(BEER, twin)))
    assert sink.revision() == 2
    assert set(products(sessions)) == {"mjolk"}
