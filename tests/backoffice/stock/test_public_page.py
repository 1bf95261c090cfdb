"""The villagers' page (`/b/{slug}`): off (404) until the owner switches it on from the store
settings (CSRF, audited); then the week's opening hours with today first and an exception
winning, and yes / few / no per essential product: no cost, no quantities, nothing personal."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.stock.book import Move, book
from backoffice.stores.models import Store
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sqlite_world
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]
MILK, BREAD, EGGS, CANDY = "07310865071804", "07300400481588", "07350053850019", "07310350118342"
SETTINGS = "/stores/a-1/settings"


def essentials(world: World) -> None:
    admin = TestClient(world.backoffice.app)
    for sku, name, gtin, essential in (
        ("p-mjolk", "Mellanmjölk", MILK, True),
        ("p-limpa", "Limpa", BREAD, True),
        ("p-agg", "Ägg 12-pack", EGGS, True),
        ("p-godis", "Godispåse", CANDY, False),
    ):
        body = {"sku": sku, "name": name, "price_ore": 1990, "vat_class": "food",
                "gtins": [gtin], "cost_price_ore": 1234, "essential": essential}  # fmt: skip
        answer = admin.put(f"/api/admin/products/{sku}", json=body, headers=ADMIN)
        assert answer.status_code == 200, answer.text
    with world.backoffice.sessions.begin() as session:
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        book(
            session, store_id=store.id, kind="delivery", source="delivery:test",
            moves=[Move(MILK, 17), Move(BREAD, 2), Move(CANDY, 9)], now=world.clock.now,
        )  # fmt: skip


def switch(client: TestClient, on: bool, token: str | None = None) -> int:
    form = {"csrf_token": token or csrf(client), **({"enabled": "on"} if on else {})}
    answer = client.post(f"{SETTINGS}/public-page", data=form, follow_redirects=False)
    return answer.status_code


def test_off_until_the_owner_switches_it_on(sqlite_world: World) -> None:
    world = sqlite_world
    essentials(world)
    anonymous = TestClient(world.backoffice.app)
    assert anonymous.get("/b/a-1").status_code == 404
    assert anonymous.get("/b/no-such-store").status_code == 404

    volunteer = signed_in(world, "volunteer")
    assert switch(volunteer, True) in (403, 404)
    owner = signed_in(world, "owner")
    assert switch(owner, True, token="forged") == 403
    assert anonymous.get("/b/a-1").status_code == 404
    assert 'action="/stores/a-1/settings/public-page"' in owner.get(SETTINGS).text
    assert switch(owner, True) == 303
    assert 'href="/b/a-1"' in owner.get(SETTINGS).text

    page = anonymous.get("/b/a-1")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "public, max-age=60"
    assert "set-cookie" not in page.headers
    text = page.text
    assert "Mellanmjölk: <strong>Ja</strong>" in text
    assert "Limpa: <strong>Få kvar</strong>" in text
    assert "Ägg 12-pack: <strong>Slut</strong>" in text
    assert "Godispåse" not in text  # not an essential
    for secret in ("17", "12,34", "1234", "19,90", "Logga ut"):
        assert secret not in text, secret
    assert "00:00-24:00" in text  # open around the clock by default

    assert switch(owner, False) == 303
    assert anonymous.get("/b/a-1").status_code == 404
    with world.backoffice.sessions.begin() as session:
        trail = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "store.public_page")
            .order_by(AuditRecord.id)
        ).all()
        assert [json.loads(r.after or "null") for r in trail] == [
            {"enabled": True},
            {"enabled": False},
        ]


def test_hours_of_the_week_and_english(sqlite_world: World) -> None:
    world = sqlite_world  # Monday 4 May 2026, 10:00 in Stockholm
    essentials(world)
    owner = signed_in(world, "owner")
    details = owner.get("/api/admin/stores/a-1/details").json()
    hours = {day: ["07:00-22:00"] for day in (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")}  # fmt: skip
    body = {
        key: details[key]
        for key in ("name", "legal_name", "address", "time_zone", "customer_contact")
    }
    body |= {
        "org_number": "802535-1233",
        "address": "Byvägen 1, 123 45 Byn",
        "legal_name": "Byns handel ek. för.",
        "hours": {**hours, "sunday": [], "exceptions": {"2026-05-05": ["10:00-14:00"]}},
    }
    body["customer_contact"] = "Anna Andersson 070-123 45 67"
    saved = owner.put(
        "/api/admin/stores/a-1/details", json=body, headers={"X-CSRF-Token": csrf(owner)}
    )
    assert saved.status_code == 200, saved.text
    assert switch(owner, True) == 303

    anonymous = TestClient(world.backoffice.app)
    text = anonymous.get("/b/a-1").text
    today = text.split('data-testid="today">')[1].split("<")[0]
    assert today == "07:00-22:00"
    rows = text.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 7
    assert 'aria-current="date"' in rows[0]
    assert "Måndag" in rows[0]
    assert "Tisdag" in rows[1]
    assert "10:00-14:00" in rows[1]
    assert "Söndag" in rows[6]
    assert "Stängt" in rows[6]
    assert "Anna Andersson" not in text
    assert "070-123" not in text
    english = TestClient(world.backoffice.app, cookies={"byabutik_lang": "en"}).get("/b/a-1")
    assert "Opening hours this week" in english.text
    assert "Few left" in english.text
    assert "Sunday" in english.text
    assert english.headers["vary"] == "Cookie"
