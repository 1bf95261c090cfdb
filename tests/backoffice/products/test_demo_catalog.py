"""The demo catalog: valid codes, the kinds of goods a Swedish village shop has, and the same
products in the backoffice (pulled by a store through sync) as in the simulated store."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient

from backoffice.products.demo import seed_demo_products
from byabutik.demo_catalog import (
    DemoCatalogError,
    demo_item,
    demo_items,
    parse,
)
from byabutik.demo_presets import UNKNOWN
from retail import wire
from store_controller.checkout.catalog import SoldBy
from store_controller.checkout.seed import DEMO_PRODUCTS
from tests.backoffice.products.conftest import Clock, Owner
from tests.store_controller.sync.harness import T0, running_backoffice


def mod10_valid(code: str) -> bool:
    """GS1 mod 10, written out here independently of retail.barcodes."""
    digits = [int(c) for c in code]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]


def test_every_code_of_the_demo_catalog_is_valid_and_the_goods_are_varied() -> None:
    items = demo_items()
    assert 140 <= len(items) <= 170
    for item in items:
        assert item.gtin or item.article, item.sku
        if item.gtin:
            assert len(item.gtin) == 13, item
            assert mod10_valid(item.gtin), item
        if item.article:
            assert item.article[:2] in {"20", "23"}, item
            assert len(item.article) == 8, item
    gtins = [item.gtin for item in items if item.gtin]
    assert len(set(gtins)) == len(gtins)
    assert UNKNOWN not in gtins  # the scanner's 'unknown' preset stays unknown
    kinds = Counter(
        "weight" if item.unit == "kg" else "pant" if item.deposit != "none" else "other"
        for item in items
    )
    assert kinds["weight"] >= 5
    assert kinds["pant"] >= 10
    by_age = {item.sku: item.age_limit for item in items}
    assert by_age["snus-white"] == by_age["folkol-50"] == by_age["alvedon-20"] == 18
    assert by_age["energi-25"] == 15
    assert by_age["lattol-33"] == 0
    assert all(i.age_limit == 18 for i in items if i.category == "Tobak & nikotin")
    prepacked = [i for i in items if i.gtin and i.category != "Tidningar"]
    assert all(i.content_amount for i in prepacked)  # for the comparison price
    assert all(0 < i.cost_price_ore < i.price_ore for i in items if i.price_ore)
    assert {i.deposit for i in items if "1,5 l" in i.name} == {"large"}


def test_the_backoffice_demo_holds_the_products_the_simulated_store_sells(
    database_url: str,
) -> None:
    with running_backoffice(database_url, clock=Clock(T0)) as backoffice:
        with backoffice.sessions.begin() as session:
            assert seed_demo_products(session=session, now=T0) == len(demo_items())
        with backoffice.sessions.begin() as session:
            assert seed_demo_products(session=session, now=T0) == 0  # a second run adds none
        with TestClient(backoffice.app) as client:
            owner = Owner(client, Clock(T0), {})
            owner.store("demo")
            pulled: dict[str, wire.Product] = {}
            since, more = 0, True
            while more:
                page = owner.pull("demo", since)
                pulled |= {p.sku: p for p in page.products}
                since, more = page.revision, page.more
    held = {
        p.sku: (
            p.name,
            p.price_ore,
            p.gtins or (p.article,),
            p.pant_ore,
            p.age_limit or None,
            p.unit is wire.Unit.KILOGRAM,
        )
        for p in pulled.values()
    }
    sold = {
        s.sku: (s.name, s.price_ore, s.codes, s.pant_ore, s.age_limit, s.sold_by is SoldBy.WEIGHT)
        for s in DEMO_PRODUCTS
    }
    assert held == sold


HEADING = (
    "sku;name;brand;category;gtin;article;unit;price_ore;vat_class;deposit;age_limit;essential;"
    "supplier;cost_price_ore;content_amount;content_unit;stock\n"
)
GOOD = "mjolk;Mjölk;;Mejeri;7310000000010;;piece;1795;food;none;0;1;;1154;1000;ml;24\n"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (GOOD.replace("7310000000010", "7310000000011"), "wrong check digit"),
        (GOOD.replace("7310000000010;", "7310000000010;23000100"), "one of them"),
        (GOOD.replace(";;piece", ";;;piece").replace("7310000000010;", ""), "one of them"),
        (GOOD.replace("piece", "litre"), "unit 'litre'"),
        (GOOD.replace(";none;", ";huge;"), "deposit 'huge'"),
        (GOOD.replace(";ml;", ";cl;"), "content unit 'cl'"),
        (GOOD.replace("1795", "17,95"), "invalid literal"),
        (GOOD + GOOD, "a SKU is given twice"),
    ],
)
def test_a_wrong_row_of_the_data_file_is_named(row: str, reason: str) -> None:
    with pytest.raises(DemoCatalogError, match=reason):
        parse(HEADING + row)


def test_an_unknown_demo_sku_is_a_key_error() -> None:
    assert parse(HEADING + GOOD)[0].gtin14 == "07310000000010"
    with pytest.raises(KeyError):
        demo_item("no-such-product")
