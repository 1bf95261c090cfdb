"""The stores' own payment records (protocol 3) on SQLite and PostgreSQL: applied once per
state, a contradicting one quarantined with an alert, refused in an older protocol's batch, and
read by the Swish reconciliation: a payment the store saw PAID (or never resolved) with no sale
is listed, and so is a paid amount other than the sale's."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.payments.models import StorePayment
from backoffice.sync.models import QuarantinedEntry
from retail import wire
from swish_merchant.models import payee_reference
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import ADMIN, T0, entries, running_backoffice, sale

DAY = T0.date()
State = wire.PaymentRecordState


def record(sale_id: uuid.UUID, state: State, amount: int, *, after: int = 2) -> wire.PaymentRecord:
    return wire.PaymentRecord(
        sale_id=sale_id,
        provider="swish",
        state=state,
        amount_ore=amount,
        requested_at=T0 - timedelta(seconds=5),
        occurred_at=T0 - timedelta(seconds=5 - after) if state != State.CREATED else T0,
    )


def push(
    client: TestClient,
    token: str,
    payloads: list[wire.OutboxPayload],
    *,
    start: int = 1,
    protocol: int = 3,
) -> dict[str, Any]:
    document = wire.PushBatch(
        protocol=protocol, store_id="byn-1", entries=entries(payloads, start)
    ).model_dump_json()
    answer = client.post(
        "/api/sync/v1/push",
        content=document,
        headers={**bearer(token), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def reference(sale_id: uuid.UUID) -> str:
    return payee_reference(str(sale_id)).upper()


def test_store_records_reconcile_with_the_sales(database_url: str) -> None:
    matched, differs = sale(1, amount=1500), sale(2, amount=2000)
    orphan, open_, declined = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    payloads: list[wire.OutboxPayload] = [
        record(matched.sale_id, State.CREATED, 1500),
        record(matched.sale_id, State.PAID, 1500),
        matched,
        record(differs.sale_id, State.PAID, 2100),
        differs,
        record(orphan, State.CREATED, 990),
        record(orphan, State.PAID, 990),  # charged, and the sale never came
        record(open_, State.CREATED, 450),
        record(open_, State.UNRESOLVED, 450, after=600),
        record(declined, State.CREATED, 700),
        record(declined, State.DECLINED, 700),
    ]
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        ack = push(client, token, payloads)
        assert (ack["acked_through"], ack["quarantined"]) == (len(payloads), [])
        again = push(client, token, payloads)  # a replay changes nothing
        assert (again["acked_through"], again["quarantined"]) == (len(payloads), [])
        with backoffice.sessions() as session:
            states = {
                row.sale_id: (row.state, row.amount_ore)
                for row in session.scalars(select(StorePayment))
            }
        assert states == {
            matched.sale_id: ("paid", 1500),
            differs.sale_id: ("paid", 2100),
            orphan: ("paid", 990),
            open_: ("unresolved", 450),
            declined: ("declined", 700),
        }

        report = client.get(
            "/api/stores/byn-1/swish-reconciliation", params={"day": str(DAY)}, headers=ADMIN
        )
        assert report.status_code == 200, report.text
        body = report.json()
        found = {(f["kind"], f["reference"]): f for f in body["findings"]}
        assert set(found) == {
            ("amount_differs", reference(differs.sale_id)),
            ("payment_without_sale", reference(orphan)),
            ("payment_unresolved", reference(open_)),
        }
        shown = found[("amount_differs", reference(differs.sale_id))]
        assert (shown["sale_amount_ore"], shown["swish_amount_ore"]) == (2000, 2100)
        assert found[("payment_without_sale", reference(orphan))]["swish_amount_ore"] == 990
        assert (body["swish_sales"], body["matched"], body["balanced"]) == (2, 1, False)

        # The orphan's sale arrives late (the store recovered it): that finding goes.
        late = sale(3, amount=990).model_copy(update={"sale_id": orphan})
        push(client, token, [late], start=len(payloads) + 1)
        body = client.get(
            "/api/stores/byn-1/swish-reconciliation", params={"day": str(DAY)}, headers=ADMIN
        ).json()
        assert ("payment_without_sale", reference(orphan)) not in {
            (f["kind"], f["reference"]) for f in body["findings"]
        }


def test_a_contradicting_record_is_quarantined_and_the_first_kept(database_url: str) -> None:
    paid = uuid.uuid4()
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        push(client, token, [record(paid, State.PAID, 1500)])
        ack = push(client, token, [record(paid, State.DECLINED, 1500)], start=2)
        assert ack["acked_through"] == 2  # acknowledged: the outbox flows past it
        push(client, token, [record(paid, State.PAID, 1600, after=3)], start=3)
        with backoffice.sessions() as session:
            row = (
                session.get(StorePayment, (1, paid)) or session.scalars(select(StorePayment)).one()
            )
            assert (row.state, row.amount_ore) == ("paid", 1500)
            kept = session.scalars(select(QuarantinedEntry).order_by(QuarantinedEntry.seq)).all()
        assert [(q.seq, q.kind, q.reason) for q in kept] == [
            (2, "payment", "conflict"),
            (3, "payment", "conflict"),
        ]
        assert "state declined, held paid" in kept[0].detail
        listed = client.get("/api/admin/stores/byn-1/sync/quarantine", headers=ADMIN).json()
        assert {row["seq"] for row in listed} == {2, 3}


def test_a_payment_record_in_an_older_protocol_is_refused(database_url: str) -> None:
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        first = sale(1)
        ack = push(client, token, [first, record(uuid.uuid4(), State.PAID, 990)], protocol=2)
        assert (ack["protocol"], ack["acked_through"], ack["quarantined"]) == (2, 2, [2])
        with backoffice.sessions() as session:
            assert session.scalars(select(StorePayment)).all() == []
            (kept,) = session.scalars(select(QuarantinedEntry)).all()
        assert (kept.reason, kept.detail) == (
            "refused",
            "payload.kind: payment is a kind of protocol 3 on",
        )
