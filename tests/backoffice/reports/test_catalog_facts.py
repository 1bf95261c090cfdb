"""The reports read categories and cost prices from the owner's products (issue 18): margins per
product and category, the stock value at cost, the catalog's categories in the region figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from backoffice.products.schemas import ProductInput
from backoffice.products.service import save_product
from backoffice.reports.products import category_report, product_report
from backoffice.reports.region import region_figures
from backoffice.reports.scope import ReportScope
from backoffice.reports.stock import stock_value
from backoffice.stock.models import StockOnHand
from retail.money import Money
from retail.vat import SWEDISH_VAT, VatClass, vat_included
from tests.backoffice.reports.trading import NOW, PRODUCTS, LineSpec, SaleSpec, store_sales

MILK, COFFEE, BATTERIES = "07310865071804", "07311041013557", "07310500143019"
AT = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
ZONE = "Europe/Stockholm"


@pytest.fixture(autouse=True)
def valid_gtins(monkeypatch: pytest.MonkeyPatch) -> None:
    """The owner's products take valid GTINs only (the trading world's milk and batteries have
    none): the same goods under their valid codes."""
    monkeypatch.setitem(PRODUCTS, MILK, ("Mjölk 1,5 %", VatClass.FOOD))
    monkeypatch.setitem(PRODUCTS, BATTERIES, ("Batterier AA", VatClass.STANDARD))


def _products(session: Session) -> None:
    for sku, name, gtin, category, cost, vat in [
        ("mjolk", "Mjölk 1,5 % Arla", MILK, "Mejeri", 1000, VatClass.FOOD),
        ("kaffe", "Kaffe Zoégas", COFFEE, "Kaffe och te", None, VatClass.FOOD),
    ]:
        data = ProductInput(
            sku=sku,
            name=name,
            gtins=[gtin],
            category=category,
            price_ore=1900 if sku == "mjolk" else 5900,
            cost_price_ore=cost,
            vat_class=vat,
        )
        save_product(session=session, data=data, now=NOW)


def _world(session: Session, slug: str) -> int:
    _products(session)
    lines = (LineSpec(MILK, 3, 1900), LineSpec(COFFEE, 1, 5900), LineSpec(BATTERIES, 1, 4900))
    store_id, _ = store_sales(session, slug, [SaleSpec(AT, lines)])
    return store_id


def _net(gross: int) -> int:
    rate = SWEDISH_VAT.rate_bp(VatClass.FOOD, AT.date())
    return gross - vat_included(Money(gross), rate).ore


def test_a_product_with_a_cost_price_shows_its_margin(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        store_id = _world(session, "kostnad")
        scope = ReportScope.of([store_id], date(2026, 3, 1), date(2026, 3, 31), ZONE)
        rows = {r.product_key: r for r in product_report(session=session, scope=scope).rows}
        milk, coffee, batteries = rows[MILK], rows[COFFEE], rows[BATTERIES]
        assert (milk.name, milk.category) == ("Mjölk 1,5 % Arla", "Mejeri")
        assert milk.cost_ore == 3000
        assert milk.margin_ore == _net(5700) - 3000
        assert (coffee.category, coffee.cost_ore, coffee.margin_ore) == ("Kaffe och te", None, None)
        assert (batteries.category, batteries.margin_ore) == ("Övrigt (25 %)", None)

        categories = category_report(session=session, scope=scope)
        assert categories.source == "catalog"
        by_name = {c.category: c for c in categories.rows}
        assert set(by_name) == {"Mejeri", "Kaffe och te", "Övrigt (25 %)"}
        assert by_name["Mejeri"].margin_ore == _net(5700) - 3000
        assert by_name["Kaffe och te"].margin_ore is None

        region = region_figures(session=session, store_id=store_id, year=2026, zone=ZONE)
        assert region.category_source == "catalog"
        assert {c.category: c.products for c in region.categories}["Mejeri"] == 1


def test_the_stock_is_valued_at_cost_where_the_product_has_one(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        store_id = _world(session, "lager")
        session.add(
            StockOnHand(
                store_id=store_id, product_key=MILK, quantity=12, weight_g=0, updated_at=NOW
            )
        )
        session.flush()
        milk_only = stock_value(session=session, store_ids=(store_id,))
        assert milk_only.cost_value_ore == 12 * 1000
        assert milk_only.shelf_value_ore == 12 * 1900
        session.add(
            StockOnHand(
                store_id=store_id, product_key=COFFEE, quantity=2, weight_g=0, updated_at=NOW
            )
        )
        session.flush()
        both = stock_value(session=session, store_ids=(store_id,))
        assert both.cost_value_ore is None
        assert [(r.product_key, r.cost_value_ore) for r in both.rows] == [
            (MILK, 12000),
            (COFFEE, None),
        ]
        assert both.shelf_value_ore == 12 * 1900 + 2 * 5900
