"""The customer pages as the owner and the bookkeeper use them: the list of a store's
customers, approving with a limit, booking a payment, making the month's invoice and its
credit note, downloading its PDF, and paying it with a BgMax file uploaded on the payments-in
page. Owners write, bookkeepers read, another association's owner sees nothing; refusals are
answered in words; every change is audited."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from retail import wire
from tests.backoffice.conftest import bearer
from tests.backoffice.members.test_invoices import DETAILS, bgmax
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import T0, World, sqlite_world
from tests.store_controller.sync.harness import ADMIN, sale

__all__ = ["sqlite_world"]
MEMBER = "c" * 64
PAGE = f"/stores/a-1/members/{MEMBER}"


def device(world: World) -> str:
    admin = TestClient(world.backoffice.app)
    code = admin.post("/api/admin/stores/a-1/enrollment-codes", headers=ADMIN)
    assert code.status_code in (200, 201), code.text
    enrolled = admin.post(
        "/api/sync/v1/enroll",
        json={"protocol": 1, "code": code.json()["code"], "software_version": "0.1.0"},
    )
    assert enrolled.status_code in (200, 201), enrolled.text
    return str(enrolled.json()["token"])


def push(world: World, token: str, payloads: list[wire.OutboxPayload], start: int) -> None:
    body = wire.PushBatch(
        protocol=1,
        store_id="a-1",
        entries=tuple(
            wire.OutboxEntry(seq=start + i, created_at=T0, payload=p)
            for i, p in enumerate(payloads)
        ),
    )
    answer = TestClient(world.backoffice.app).post(
        "/api/sync/v1/push",
        content=body.model_dump_json(),
        headers={**bearer(token), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text


def on_account(receipt: int, amount: int) -> wire.Sale:
    made = sale(receipt, amount=amount, at=T0)
    paid = made.payments[0].model_copy(update={"method": wire.PaymentMethod.MEMBER_ACCOUNT})
    return wire.Sale.model_validate(
        made.model_dump() | {"payments": (paid.model_dump(),), "customer_hash": MEMBER}
    )


def a_visit() -> wire.Visit:
    return wire.Visit(
        visit_id=uuid.uuid4(),
        occurred_at=T0,
        outcome=wire.VisitOutcome.GRANTED,
        identity_hash=MEMBER,
        age=71,
    )


def actions(world: World) -> list[str]:
    with world.backoffice.sessions() as session:
        return list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_the_owner_runs_a_members_month_on_the_pages(sqlite_world: World) -> None:
    world = sqlite_world
    token = device(world)
    push(world, token, [a_visit()], start=1)
    owner = signed_in(world, "owner")
    listed = owner.get("/stores/a-1/members")
    assert listed.status_code == 200
    assert MEMBER[:10] in listed.text
    assert owner.get("/members", follow_redirects=False).headers["location"] == (
        "/stores/a-1/members"
    )
    assert 'href="/members"' in listed.text  # the nav entry "Kunder"
    form = {"csrf_token": csrf(owner)}

    assert owner.post(f"{PAGE}/approval", data={"credit_limit": "500"}).status_code == 403
    refused = owner.post(f"{PAGE}/approval", data={**form, "credit_limit": "-5"})
    assert refused.status_code == 400
    assert "Beloppet kunde inte läsas" in refused.text
    approved = owner.post(f"{PAGE}/approval", data={**form, "credit_limit": "500"})
    assert approved.status_code == 200
    assert "Kreditgränsen är sparad." in approved.text
    assert "500,00" in approved.text

    push(world, token, [on_account(7, 12_950)], start=2)
    paid = owner.post(
        f"{PAGE}/entries", data={**form, "kind": "payment", "amount": "20,50", "why": "kontant"}
    )
    assert "Bokfört." in paid.text
    no_reason = owner.post(f"{PAGE}/entries", data={**form, "kind": "adjustment", "amount": "-5"})
    assert no_reason.status_code == 400
    assert "En justering behöver en anledning." in no_reason.text

    early = owner.post(f"{PAGE}/invoices", data={**form, "period": "2026-05"})
    assert early.status_code == 400
    assert "Ange föreningens bankgironummer först." in early.text
    details = TestClient(world.backoffice.app).put(
        "/api/admin/stores/a-1/association/invoicing", json=DETAILS, headers=ADMIN
    )
    assert details.status_code == 200, details.text
    world.clock.advance(days=30)
    owner = signed_in(world, "owner")  # a new session, a month on
    form = {"csrf_token": csrf(owner)}
    page = owner.post(f"{PAGE}/invoices", data={**form, "period": "2026-05"})
    assert "Fakturan är skapad." in page.text
    assert "Obetald" in page.text
    number = page.text.split("/invoices/", 1)[1].split("/", 1)[0]
    pdf = owner.get(f"/api/admin/stores/a-1/invoices/{number}/pdf")
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    credited = owner.post(
        f"{PAGE}/invoices/{number}/credit", data={**form, "amount": "9", "why": "trasig vara"}
    )
    assert "Kreditfakturan är skapad." in credited.text

    invoice = TestClient(world.backoffice.app).get(
        f"/api/admin/stores/a-1/invoices/{number}", headers=ADMIN
    )
    left = invoice.json()["outstanding_ore"]
    assert left == 12_950 - 900  # the payment by hand was not part of the month's purchases
    file = bgmax([(invoice.json()["ocr"], left, "000120000001"), ("12345", 500, "000120000002")])
    bookkeeper = signed_in(world, "bookkeeper")
    refused_upload = bookkeeper.post(  # with a file: refused, and the file closed
        "/stores/a-1/payments-in",
        data={"csrf_token": csrf(bookkeeper)},
        files={"bgmax": ("bgmax.txt", file, "text/plain")},
    )
    assert refused_upload.status_code == 403
    forged = owner.post(  # no CSRF token, with a file
        "/stores/a-1/payments-in", files={"bgmax": ("bgmax.txt", file, "text/plain")}
    )
    assert forged.status_code == 403
    uploaded = owner.post(
        "/stores/a-1/payments-in", data=form, files={"bgmax": ("bgmax.txt", file, "text/plain")}
    )
    assert uploaded.status_code == 200
    assert "Filen är inläst: 2 nya betalningar." in uploaded.text
    assert "Okänd referens" in uploaded.text  # the unknown reference, listed for the owner
    broken = owner.post(
        "/stores/a-1/payments-in", data=form, files={"bgmax": ("x.txt", b"nonsense", "text/plain")}
    )
    assert broken.status_code == 400
    assert "Betald" in owner.get(PAGE).text

    for where in ("/stores/a-1/members", PAGE, "/stores/a-1/payments-in"):
        assert bookkeeper.get(where).status_code == 200
        assert signed_in(world, "other_owner").get(where).status_code == 404
        assert signed_in(world, "volunteer").get(where).status_code == 403
    read_only = bookkeeper.get(PAGE).text
    assert "Spara gränsen" not in read_only
    assert "Ladda ned" in read_only
    assert (
        bookkeeper.post(
            f"{PAGE}/approval", data={"csrf_token": csrf(bookkeeper), "credit_limit": "9"}
        ).status_code
        == 403
    )

    blocked = owner.post(f"{PAGE}/block", data={**form, "why": "obetalda skulder"})
    assert "Kunden är spärrad" in blocked.text
    assert "Spärrad" in owner.get("/stores/a-1/members").text
    lifted = owner.post(f"{PAGE}/block", data={**form, "why": "betalt", "lift": "1"})
    assert "Spärren är hävd." in lifted.text

    done = actions(world)
    for action in (
        "member.approval",
        "member.payment",
        "member.invoice",
        "member.credit_note",
        "member.bgmax_import",
        "member.block",
        "member.unblock",
    ):
        assert action in done
