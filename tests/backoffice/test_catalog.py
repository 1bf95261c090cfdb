"""Catalog revisions: a store sees the global catalog and its own, pages, removals, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.catalog.service import (
    changes_since,
    put_product,
    remove_product,
    set_store_settings,
)
from backoffice.errors import ConflictError, NotFoundError
from backoffice.stores.service import get_store
from retail import wire
from tests.store_controller.sync.harness import T0, Backoffice


def product(sku: str, price: int = 1000) -> wire.Product:
    return wire.Product(sku=sku, name=sku.title(), price_ore=price, vat_class="food")


def test_a_store_sees_global_and_own_products_only(backoffice: Backoffice) -> None:
    backoffice.enroll_store("byn-a")
    backoffice.enroll_store("byn-b")
    with backoffice.sessions.begin() as session:
        a = get_store(session=session, slug="byn-a").id
        b = get_store(session=session, slug="byn-b").id
        put_product(session=session, product=product("mjolk"), store_id=None, now=T0)
        put_product(session=session, product=product("a-bulle"), store_id=a, now=T0)
        with pytest.raises(ConflictError):
            put_product(session=session, product=product("a-bulle"), store_id=b, now=T0)
        seen_a = changes_since(session=session, store_id=a, since=0)
        seen_b = changes_since(session=session, store_id=b, since=0)
    assert {p.sku for p in seen_a.products} == {"mjolk", "a-bulle"}
    assert {p.sku for p in seen_b.products} == {"mjolk"}
    assert seen_a.full
    assert seen_a.revision == 2


def test_changes_page_and_carry_removals_and_settings(backoffice: Backoffice) -> None:
    backoffice.enroll_store("byn-a")
    with backoffice.sessions.begin() as session:
        store = get_store(session=session, slug="byn-a").id
        for n in range(5):
            put_product(session=session, product=product(f"p{n}"), store_id=None, now=T0)
        first = changes_since(session=session, store_id=store, since=0, page_size=3)
        assert (len(first.products), first.more, first.revision) == (3, True, 3)
        second = changes_since(session=session, store_id=store, since=3, page_size=3)
        assert (len(second.products), second.more, second.revision) == (2, False, 5)

        remove_product(session=session, sku="p1", now=T0)
        put_product(session=session, product=product("p2", 1200), store_id=None, now=T0)
        settings = wire.StoreSettings(display_name="Byn", timezone="Europe/Stockholm")
        policy = wire.AccessPolicy(version=1, rules={"min_age": 18})
        set_store_settings(session=session, store_id=store, now=T0, settings=settings)
        set_store_settings(session=session, store_id=store, now=T0, policy=policy)
        delta = changes_since(session=session, store_id=store, since=5)
        assert delta.removed_skus == ("p1",)
        assert [(p.sku, p.price_ore) for p in delta.products] == [("p2", 1200)]
        assert (delta.settings, delta.access_policy) == (settings, policy)
        assert not delta.full
        assert changes_since(session=session, store_id=store, since=delta.revision).products == ()
        ahead = changes_since(session=session, store_id=store, since=999)
        assert ahead.full
        assert "p1" not in {p.sku for p in ahead.products}
        with pytest.raises(NotFoundError):
            remove_product(session=session, sku="p1", now=T0)


def test_ensure_store_creates_once(backoffice: Backoffice) -> None:
    from backoffice.stores.service import ensure_store

    with backoffice.sessions.begin() as session:
        first = ensure_store(session=session, slug="demo", name="Demo")
        assert ensure_store(session=session, slug="demo", name="Other").id == first.id


def test_a_code_finds_one_product_per_store(backoffice: Backoffice) -> None:
    backoffice.enroll_store("byn-a")
    backoffice.enroll_store("byn-b")
    gtin = "07310865071805"
    with backoffice.sessions.begin() as session:
        a = get_store(session=session, slug="byn-a").id
        b = get_store(session=session, slug="byn-b").id
        own = product("a-mjolk").model_copy(update={"gtins": (gtin,)})
        put_product(session=session, product=own, store_id=a, now=T0)
        other = product("b-mjolk").model_copy(update={"gtins": (gtin,)})
        put_product(session=session, product=other, store_id=b, now=T0)  # another store: fine
        everyone = product("mjolk").model_copy(update={"gtins": (gtin,)})
        with pytest.raises(ConflictError, match="already finds"):
            put_product(session=session, product=everyone, store_id=None, now=T0)
        cheese = product("ost").model_copy(update={"article": "23456780"})
        put_product(session=session, product=cheese, store_id=None, now=T0)
        put_product(session=session, product=cheese, store_id=None, now=T0)  # itself: fine
        rival = product("a-ost").model_copy(update={"article": "23456780"})
        with pytest.raises(ConflictError):
            put_product(session=session, product=rival, store_id=a, now=T0)


def test_a_scheduled_price_is_published_when_it_comes_due(tmp_path: Path) -> None:
    from datetime import timedelta

    from fastapi.testclient import TestClient

    from tests.backoffice.conftest import bearer
    from tests.store_controller.sync.harness import running_backoffice

    now = [T0]
    later = T0 + timedelta(days=2)
    schedule = (
        wire.ScheduledPrice(price_ore=900, effective_at=T0 - timedelta(days=1)),
        wire.ScheduledPrice(price_ore=1100, effective_at=later),
    )
    milk = product("mjolk").model_copy(update={"scheduled_prices": schedule})
    with running_backoffice(f"sqlite:///{tmp_path / 'bo.db'}", clock=lambda: now[0]) as bo:
        token = bo.enroll_store("byn-a")
        with bo.sessions.begin() as session:
            put_product(session=session, product=milk, store_id=None, now=T0)
        with TestClient(bo.app) as client:

            def pull(since: int) -> wire.CatalogChanges:
                answer = client.get(f"/api/sync/v1/catalog?since={since}", headers=bearer(token))
                return wire.CatalogChanges.model_validate(answer.json())

            first = pull(0)
            assert [(p.price_ore, len(p.scheduled_prices)) for p in first.products] == [(900, 1)]
            assert pull(first.revision).products == ()
            now[0] = later
            due = pull(first.revision)
            assert [(p.price_ore, p.scheduled_prices) for p in due.products] == [(1100, ())]
            assert pull(due.revision).products == ()
