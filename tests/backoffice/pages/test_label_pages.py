"""The shelf-labels page as an owner's phone posts it: when labels were last printed and how
many prices changed since; the PDF for the changed prices, for every product or for the ticked
ones, its barcodes decoded; nothing to print said on the page; CSRF; other roles refused;
English; every print audited."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.products.schemas import ProductInput
from backoffice.products.service import save_product
from retail.comparison import ContentUnit
from retail.vat.rates import VatClass
from tests.backoffice.products.test_labels import COFFEE, MILK, read
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in

PAGE = "/stores/a-1/labels"


def price(world: World, sku: str, name: str, gtin: str, ore: int, amount: int, unit: str) -> None:
    with world.backoffice.sessions.begin() as session:
        save_product(
            session=session,
            data=ProductInput(
                sku=sku,
                name=name,
                gtins=[gtin],
                price_ore=ore,
                vat_class=VatClass.FOOD,
                content_amount=amount,
                content_unit=ContentUnit(unit),
            ),
            now=world.clock(),
        )


def stock(world: World) -> None:
    price(world, "mjolk", "Mellanmjölk 1,5 % 1 l", MILK, 1795, 1000, "ml")
    price(world, "kaffe", "Bryggkaffe mellanrost 450 g", COFFEE, 6490, 450, "g")


def test_an_owner_prints_changed_all_and_chosen_labels(sqlite_world: World) -> None:
    world = sqlite_world
    stock(world)
    world.clock.advance(minutes=1)
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        assert owner.get("/labels", follow_redirects=False).headers["location"] == PAGE
        assert 'href="/labels"' in owner.get("/catalog").text  # nav and catalog link
        assert f'href="{PAGE}"' in owner.get("/stores").text
        page = owner.get(PAGE).text
        assert "Aldrig utskrivna" in page
        assert 'data-testid="changed">2<' in page
        first = owner.post(PAGE, data={"csrf_token": token, "mode": "changed"})
        assert first.status_code == 200, first.text
        assert first.headers["content-type"] == "application/pdf"
        assert "attachment" in first.headers["content-disposition"]
        codes, text = read(first.content)
        assert codes == sorted([MILK, COFFEE])
        assert "Jfr-pris 17,95 kr/l" in text
        world.clock.advance(minutes=5)
        page = owner.get(PAGE).text
        assert "Aldrig utskrivna" not in page
        assert 'data-testid="changed">0<' in page
        nothing = owner.post(PAGE, data={"csrf_token": token, "mode": "changed"})
        assert nothing.status_code == 409
        assert "inget att skriva ut" in nothing.text
        price(world, "kaffe", "Bryggkaffe mellanrost 450 g", COFFEE, 5990, 450, "g")
        world.clock.advance(minutes=1)
        assert 'data-testid="changed">1<' in owner.get(PAGE).text
        codes, text = read(owner.post(PAGE, data={"csrf_token": token, "mode": "changed"}).content)
        assert codes == [COFFEE]
        assert "59,90 kr" in text
        everything, _ = read(owner.post(PAGE, data={"csrf_token": token, "mode": "all"}).content)
        assert everything == sorted([MILK, COFFEE])
        found = owner.get(PAGE, params={"q": "mjölk"}).text
        assert 'value="mjolk"' in found
        assert 'value="kaffe"' not in found
        none_ticked = owner.post(PAGE, data={"csrf_token": token, "mode": "chosen", "q": "mjölk"})
        assert none_ticked.status_code == 400
        assert "Bocka för minst en produkt." in none_ticked.text
        assert 'value="mjolk"' in none_ticked.text  # the search kept
        chosen = owner.post(PAGE, data={"csrf_token": token, "mode": "chosen", "sku": "mjolk"})
        assert read(chosen.content)[0] == [MILK]
        assert owner.post(PAGE, data={"mode": "all"}).status_code == 403  # no CSRF token
        owner.post("/language", data={"lang": "en", "next": PAGE})
        english = owner.get(PAGE).text
        assert "Shelf labels for" in english
        assert "Changed since the last print" in english
    with world.backoffice.sessions() as session:
        printed = [
            json.loads(r.after or "{}")["mode"]
            for r in session.scalars(
                select(AuditRecord)
                .where(AuditRecord.action == "labels.print")
                .order_by(AuditRecord.id)
            )
        ]
    assert printed == ["changed", "changed", "all", "chosen"]


def test_only_the_stores_catalog_writer_prints(sqlite_world: World) -> None:
    world = sqlite_world
    stock(world)
    for who, status in (("volunteer", 403), ("bookkeeper", 403), ("other_owner", 404)):
        with TestClient(world.backoffice.app) as client:
            sign_in(client, world.emails[who])
            assert client.get(PAGE).status_code == status, who
            assert (
                client.post(PAGE, data={"csrf_token": csrf(client), "mode": "all"}).status_code
                == status
            ), who
            in_nav = 'href="/labels"' in client.get("/account").text
            assert in_nav == (who == "other_owner")  # their own store's labels
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        assert admin.get(PAGE).status_code == 403  # the shared catalog's admin: not a store's


def test_ticked_product_codes_are_limited_and_the_audit_keeps_a_few(sqlite_world: World) -> None:
    world = sqlite_world
    stock(world)
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        many = [f"kod-{n}" for n in range(501)]
        too_many = owner.post(PAGE, data={"csrf_token": token, "mode": "chosen", "sku": many})
        assert too_many.status_code == 400
        assert "Bocka för högst 500 produkter åt gången." in too_many.text
        long_code = owner.post(PAGE, data={"csrf_token": token, "mode": "chosen", "sku": "x" * 41})
        assert long_code.status_code == 400
        assert "En produktkod är högst 40 tecken." in long_code.text
        assert "x" * 41 not in long_code.text
        for n in range(5):
            price(world, f"kod-{n}", f"Vara {n}", _ean(f"735999900{n:03d}"), 1000, 1, "st")
        ticked = ["mjolk", "kaffe", *many[:5]]
        printed = owner.post(PAGE, data={"csrf_token": token, "mode": "chosen", "sku": ticked})
        assert printed.status_code == 200, printed.text
    with world.backoffice.sessions() as session:
        [row] = session.scalars(select(AuditRecord).where(AuditRecord.action == "labels.print"))
    after = json.loads(row.after or "{}")
    assert after["sku_count"] == 7
    assert after["skus"] == ["mjolk", "kaffe", "kod-0", "kod-1", "kod-2"]


def _ean(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)
