"""Who may see the reorder list and who may set minimum levels: owners and volunteers read,
only owners change levels (on the page or by API), and every change is audited."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from tests.backoffice.stock.test_stock_pages import signed_in, stock_it
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sqlite_world

__all__ = ["sqlite_world"]
API = "/api/admin/stores/a-1/stock"
PAGE = "/stores/a-1/stock/reorder"


def test_owners_set_levels_volunteers_read(sqlite_world: World) -> None:
    world = sqlite_world
    stock_it(world)  # milk 4 on hand, bread sold 2 (below zero)
    api = TestClient(world.backoffice.app)

    def auth(who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {world.tokens[who]}"}

    for who in ("owner", "volunteer", "bookkeeper"):
        assert api.get(f"{API}/reorder", headers=auth(who)).status_code == 200, who
    assert api.get(f"{API}/reorder", headers=auth("other_owner")).status_code == 404
    body = {"min_level": 10, "pack_size": 4}
    volunteer = api.put(f"{API}/reorder-levels/p-mjolk", json=body, headers=auth("volunteer"))
    assert volunteer.status_code == 403
    owner = api.put(f"{API}/reorder-levels/p-mjolk", json=body, headers=auth("owner"))
    assert owner.status_code == 200

    page = signed_in(world, "volunteer").get(PAGE)
    assert page.status_code == 200
    assert "Mellanmjölk" in page.text
    assert "behöver räknas" in page.text  # bread: the book needs a count
    assert 'action="/stores/a-1/stock/reorder/levels"' not in page.text  # no level form
    assert "reorder.csv?supplier=" in page.text

    browser = signed_in(world, "owner")
    shown = browser.get(PAGE)
    assert 'action="/stores/a-1/stock/reorder/levels"' in shown.text
    form = {"sku": "p-limpa", "min_level": "6", "pack_size": "", "csrf_token": csrf(browser)}
    saved = browser.post(f"{PAGE}/levels", data=form, follow_redirects=False)
    assert saved.status_code == 303
    forged = browser.post(f"{PAGE}/levels", data={**form, "csrf_token": "x", "min_level": "1"})
    assert forged.status_code == 403
    lines = {
        ln["sku"]: ln
        for g in api.get(f"{API}/reorder", headers=auth("owner")).json()["suppliers"]
        for ln in g["lines"]
    }
    assert (lines["p-limpa"]["min_level"], lines["p-limpa"]["suggested"]) == (6, 6)
    assert (lines["p-mjolk"]["min_level"], lines["p-mjolk"]["suggested"]) == (10, 8)

    with world.backoffice.sessions.begin() as session:
        trail = list(
            session.scalars(
                select(AuditRecord)
                .where(AuditRecord.action == "stock.reorder_level")
                .order_by(AuditRecord.id)
            )
        )
    assert [(r.target, json.loads(r.after or "null")) for r in trail] == [
        ("p-mjolk", {"min_level": 10, "pack_size": 4}),
        ("p-limpa", {"min_level": 6, "pack_size": None}),
    ]
