"""The reorder list e-mailed to the supplier, through a real SMTP server (aiosmtpd): the order
file arrives as a CSV attachment with the lines to order, the send is audited and the page offers
the address again; only owners send, a bad address or nothing to order sends nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.mail.config import MailSettings
from backoffice.stock.book import Move, book
from backoffice.stores.models import Store
from tests.backoffice.notify.servers import Mailbox, smtp_server
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import Clock, World, build
from tests.store_controller.sync.harness import ADMIN, running_backoffice

MILK, BREAD = "07310865071804", "07300400481588"
PAGE = "/stores/a-1/stock/reorder"


@pytest.fixture
def mailed(database_url: str) -> Iterator[tuple[World, Mailbox]]:
    clock = Clock()
    with smtp_server() as (box, port):
        mail = MailSettings(host="127.0.0.1", port=port, tls="none", sender="bo@example.org")
        with running_backoffice(database_url, clock=clock, mail=mail) as backoffice:
            yield build(backoffice, clock), box


def stocked(world: World) -> None:
    admin = TestClient(world.backoffice.app)
    for sku, name, gtin, supplier in (
        ("p-mjolk", "Mellanmjölk", MILK, "Dagab"),
        ("p-limpa", "Limpa", BREAD, "Pågen"),
    ):
        body = {"sku": sku, "name": name, "price_ore": 1990, "vat_class": "food",
                "gtins": [gtin], "supplier": supplier}  # fmt: skip
        assert admin.put(f"/api/admin/products/{sku}", json=body, headers=ADMIN).status_code == 200
    with world.backoffice.sessions.begin() as session:
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        book(
            session, store_id=store.id, kind="delivery", source="delivery:test",
            moves=[Move(MILK, 2), Move(BREAD, 9)], now=world.clock.now,
        )  # fmt: skip
    headers = {"Authorization": f"Bearer {world.tokens['owner']}"}
    for sku, level in (
        ("p-mjolk", {"min_level": 12, "pack_size": 6}),
        ("p-limpa", {"min_level": 3}),
    ):
        put = admin.put(
            f"/api/admin/stores/a-1/stock/reorder-levels/{sku}", json=level, headers=headers
        )
        assert put.status_code == 200, put.text


def test_the_owner_mails_the_order_file_to_the_supplier(mailed: tuple[World, Mailbox]) -> None:
    world, box = mailed
    stocked(world)  # milk: 2 on hand, minimum 12, packs of 6 -> order 12; bread: enough
    owner = signed_in(world, "owner")
    page = owner.get(PAGE)
    assert 'action="/stores/a-1/stock/reorder/send"' in page.text
    form = {"csrf_token": csrf(owner), "supplier": "Dagab", "email": "order@dagab.example",
            "weeks": "4", "cover_days": "14"}  # fmt: skip

    assert owner.post(f"{PAGE}/send", data={**form, "csrf_token": "forged"}).status_code == 403
    bad = owner.post(f"{PAGE}/send", data={**form, "email": "order@dagab\nBcc: x@y.z"})
    assert bad.status_code == 422
    nothing = owner.post(f"{PAGE}/send", data={**form, "supplier": "Pågen"})
    assert nothing.status_code == 409
    volunteer = signed_in(world, "volunteer")
    assert 'action="/stores/a-1/stock/reorder/send"' not in volunteer.get(PAGE).text
    refused = volunteer.post(f"{PAGE}/send", data={**form, "csrf_token": csrf(volunteer)})
    assert refused.status_code == 403
    assert box.messages == []

    sent = owner.post(f"{PAGE}/send", data=form, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    assert len(box.messages) == 1
    mail = box.messages[0]
    assert mail["To"] == "order@dagab.example"
    assert "Beställning" in mail["Subject"]
    files = list(mail.iter_attachments())
    assert [f.get_filename() for f in files] == ["bestallning-a-1-Dagab-2026-05-04.csv"]
    assert files[0].get_content_type() == "text/csv"
    data = files[0].get_payload(decode=True)
    assert isinstance(data, bytes)
    text = data.decode("utf-8-sig")
    rows = [row.split(";") for row in text.splitlines()]
    assert len(rows) == 2  # the heading and milk; bread is not ordered, nor another supplier's
    assert "Mellanmjölk" in rows[1]
    assert "12" in rows[1]

    again = owner.get(f"{PAGE}?sent=1")
    assert "Beställningen är skickad" in again.text
    assert 'value="order@dagab.example"' in again.text  # offered again next time
    with world.backoffice.sessions.begin() as session:
        trail = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "stock.reorder.sent")
        ).all()
        assert [(r.target, json.loads(r.after or "null")) for r in trail] == [
            (
                "Dagab",
                {"to": "order@dagab.example", "file": "bestallning-a-1-Dagab-2026-05-04.csv",
                 "lines": 1, "cover_days": 14},
            )
        ]  # fmt: skip
