"""The catalog pages as a browser posts them: create a product, search it, edit it, schedule a
price for one store and for all; refused input keeps what was typed; every change audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in

NEW = {
    "sku": "ost-1",
    "name": "Hushållsost 26 %",
    "brand": "Arla",
    "category": "Mejeri",
    "gtins": "7310865071804",
    "price": "89,90",
    "unit": "piece",
    "vat_class": "food",
    "deposit": "none",
    "age_limit": "0",
    "supplier": "Dagab",
    "cost_price": "61,20",
    "content_amount": "1100",
    "content_unit": "g",
    "active": "on",
}


def test_create_search_edit_and_schedule(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        bad = admin.post("/catalog/new", data={**NEW, "price": "nio", "csrf_token": token})
        assert bad.status_code == 400
        assert "nio" in bad.text
        assert "Hushållsost 26 %" in bad.text
        made = admin.post("/catalog/new", data={**NEW, "csrf_token": token})
        assert made.status_code == 200, made.text
        assert "89,90" in made.text
        assert "81,73" in made.text
        again = admin.post("/catalog/new", data={**NEW, "csrf_token": token})
        assert again.status_code == 400
        listed = admin.get("/catalog", params={"q": "hushåll arla"}).text
        assert "Hushållsost 26 %" in listed
        assert "1 produkter" in listed
        assert "Hushållsost" not in admin.get("/catalog", params={"q": "mjölk"}).text
        by_category = admin.get("/catalog", params={"category": "Mejeri"}).text
        assert by_category.count('href="/catalog/ost-1"') == 1
        edited = admin.post(
            "/catalog/ost-1", data={**NEW, "name": "Hushållsost", "csrf_token": token}
        )
        assert edited.status_code == 200
        assert "<h1>Hushållsost</h1>" in edited.text
        later = admin.post(
            "/catalog/ost-1/prices",
            data={"price": "79,90", "effective_at": "2030-01-01T00:00", "csrf_token": token},
        )
        assert later.status_code == 200
        assert "kommande" in later.text
        refused = admin.post("/catalog/ost-1/prices", data={"price": "-1", "csrf_token": token})
        assert refused.status_code == 400
        no_csrf = admin.post("/catalog/ost-1/prices", data={"price": "1"})
        assert no_csrf.status_code == 403
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        assert "/catalog/new" not in owner.get("/catalog").text  # the shared catalog: admin's
        assert owner.post("/catalog/new", data={**NEW, "csrf_token": token}).status_code == 403
        everywhere = owner.post("/catalog/ost-1/prices", data={"price": "80", "csrf_token": token})
        assert everywhere.status_code == 403
        own = owner.post(
            "/catalog/ost-1/prices", data={"price": "85", "store": "a-1", "csrf_token": token}
        )
        assert own.status_code == 200
        assert "85,00" in own.text
    with world.backoffice.sessions() as session:
        actions = list(
            session.scalars(select(AuditRecord.action).where(AuditRecord.target == "ost-1"))
        )
    assert actions == ["product.create", "product.save", "product.price", "product.price"]
