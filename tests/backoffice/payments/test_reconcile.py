"""Swish reconciliation per store and day, on SQLite and PostgreSQL: sales pushed by a store
through the sync API against the callbacks the backoffice verified with Swish. Every payment
without a sale, sale without a payment and amount that differs is listed (API and command) and
raises the store's alert; a day that balances raises none."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.models import AlertCase
from backoffice.jobs.models import JobRun
from backoffice.jobs.work import JobRuntime, run_alert_rules, tick_of
from backoffice.payments.models import SwishCallback
from backoffice.settings import BackofficeSettings
from backoffice.stores.models import Store
from byabutik.cli import cli
from retail import wire
from swish_merchant.models import payee_reference
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import ADMIN, T0, batch, running_backoffice, sale

DAY = T0.date()  # 2026-11-28, T0 is 09:00 in Stockholm
IDENTIFIER = "fedcba9876543210fedcba9876543210"
SWISH_ENV = {
    "BYABUTIK_BACKOFFICE_SWISH__BASE_URL": "https://127.0.0.1:9/swish-cpcapi/api/",
    "BYABUTIK_BACKOFFICE_SWISH__CERTIFICATE": "/nonexistent/merchant.p12",
    "BYABUTIK_BACKOFFICE_SWISH__CA_FILE": "/nonexistent/ca.pem",
    "BYABUTIK_BACKOFFICE_SWISH__CALLBACK_IDENTIFIER": IDENTIFIER,
}


def member_sale(receipt: int) -> wire.Sale:
    swish = sale(receipt, amount=700)
    payment = swish.payments[0].model_copy(update={"method": wire.PaymentMethod.MEMBER_ACCOUNT})
    return swish.model_copy(update={"payments": (payment,)})


def callback(
    session: Session,
    *,
    sale_id: uuid.UUID | None,
    amount: int,
    store: str = "byn-1",
    verified: str | None = "PAID",
    at: datetime = T0 + timedelta(seconds=5),
) -> str:
    """A callback as the route records it after the GET on Swish (`verified` None: never)."""
    reference = payee_reference(str(sale_id or uuid.uuid4()))
    swish_id = uuid.uuid4().hex.upper()
    session.add(
        SwishCallback(
            received_at=at,
            kind="payment",
            swish_id=swish_id,
            payee_payment_reference=reference,
            reported_status="PAID",
            body={"id": swish_id, "message": f"Byabutik {store}", "status": "PAID"},
            verified_status=verified,
            verified_amount_ore=amount if verified else None,
            verified_at=at if verified else None,
        )
    )
    return reference.upper()


def test_a_day_that_does_not_balance_is_listed_and_alerted(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    matched, differs, unconfirmed = sale(1, amount=1500), sale(2, amount=2000), sale(3, amount=1200)
    yesterday = sale(4, amount=800, at=T0 - timedelta(days=1))
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        backoffice.enroll_store("byn-2")
        sales: list[wire.OutboxPayload] = [matched, differs, unconfirmed, yesterday, member_sale(5)]
        answer = client.post(
            "/api/sync/v1/push",
            content=batch("byn-1", sales).model_dump_json(),
            headers={**bearer(token), "Content-Type": "application/json"},
        )
        assert answer.status_code == 200, answer.text
        with backoffice.sessions.begin() as session:
            callback(session, sale_id=matched.sale_id, amount=1500)
            wrong = callback(session, sale_id=differs.sale_id, amount=2500)
            orphan = callback(session, sale_id=None, amount=990)
            callback(session, sale_id=None, amount=4000, store="byn-2")  # another store's
            callback(session, sale_id=None, amount=5000, verified=None)  # a body, unverified
            callback(session, sale_id=yesterday.sale_id, amount=800)  # its sale is yesterday's

        report = client.get(
            "/api/stores/byn-1/swish-reconciliation", params={"day": str(DAY)}, headers=ADMIN
        )
        assert report.status_code == 200, report.text
        body = report.json()
        assert (body["swish_sales"], body["matched"], body["balanced"]) == (3, 1, False)
        found = {(f["kind"], f["reference"]): f for f in body["findings"]}
        assert set(found) == {
            ("amount_differs", wrong),
            ("payment_without_sale", orphan),
        }  # without verified callbacks configured, an unconfirmed sale is no finding
        assert (
            found[("amount_differs", wrong)]["sale_amount_ore"],
            found[("amount_differs", wrong)]["swish_amount_ore"],
        ) == (2000, 2500)
        assert (
            client.get(
                "/api/stores/byn-1/swish-reconciliation", params={"day": str(DAY)}
            ).status_code
            == 401
        )

    for name, value in SWISH_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_DATABASE_URL", database_url)
    result = CliRunner().invoke(
        cli, ["backoffice", "reconcile", "--store", "byn-1", "--day", str(DAY)]
    )
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("byn-1 2026-11-28: 3 Swish sales")
    assert f"  amount_differs: reference {wrong} (sale 20.00 kr, Swish 25.00 kr)" in lines
    assert f"  payment_without_sale: reference {orphan} (sale -, Swish 9.90 kr)" in lines
    unconfirmed_ref = payee_reference(str(unconfirmed.sale_id)).upper()
    assert f"  sale_without_payment: reference {unconfirmed_ref} (sale 12.00 kr, Swish -)" in lines
    with running_backoffice(database_url) as backoffice, backoffice.sessions() as session:
        byn_1 = session.scalar(select(Store.id).where(Store.slug == "byn-1"))
        (case,) = session.scalars(select(AlertCase).where(AlertCase.kind == "payment_mismatch"))
        assert (case.store_id, case.severity, case.status) == (byn_1, "critical", "open")
        assert "1 amount differs, 1 payment without sale, 1 sale without payment" in case.message


def test_a_day_that_balances_raises_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    paid = sale(1, amount=1500)
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        client.post(
            "/api/sync/v1/push",
            content=batch("byn-1", [paid]).model_dump_json(),
            headers={**bearer(token), "Content-Type": "application/json"},
        )
        with backoffice.sessions.begin() as session:
            callback(session, sale_id=paid.sale_id, amount=1500)
    for name, value in SWISH_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_DATABASE_URL", database_url)
    result = CliRunner().invoke(
        cli, ["backoffice", "reconcile", "--store", "byn-1", "--day", str(DAY)]
    )
    assert result.exit_code == 0, result.output
    assert "1 matched" in result.output
    other_day = str(DAY + timedelta(days=1))
    empty = CliRunner().invoke(
        cli, ["backoffice", "reconcile", "--store", "byn-1", "--day", other_day]
    )
    assert (empty.exit_code, "0 Swish sales" in empty.output) == (0, True)
    with running_backoffice(database_url) as backoffice, backoffice.sessions() as session:
        assert session.scalars(select(AlertCase)).all() == []


def test_an_unknown_store_or_day_is_refused_by_name(database_url: str) -> None:
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        missing = client.get(
            "/api/stores/nope/swish-reconciliation", params={"day": str(DAY)}, headers=ADMIN
        )
        assert missing.status_code == 404
        backoffice.enroll_store("byn-9")  # the store is checked first (access), then the day
        bad = client.get(
            "/api/stores/byn-9/swish-reconciliation", params={"day": "28/11"}, headers=ADMIN
        )
        assert bad.status_code == 422


def test_yesterday_is_reconciled_once_with_the_alert_rules(database_url: str) -> None:
    paid, unmatched = sale(1, amount=1500), sale(2, amount=2000)
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        client.post(
            "/api/sync/v1/push",
            content=batch("byn-1", [paid, unmatched]).model_dump_json(),
            headers={**bearer(token), "Content-Type": "application/json"},
        )
        with backoffice.sessions.begin() as session:
            callback(session, sale_id=paid.sale_id, amount=1500)
            callback(session, sale_id=unmatched.sale_id, amount=1999)
        settings = BackofficeSettings(database_url=database_url)
        night = datetime(2026, 11, 29, 1, 30, tzinfo=UTC)  # 02:30 in Stockholm: not yet
        clock = [night]
        runtime = JobRuntime(backoffice.sessions, settings, lambda: clock[0], "worker-1")

        def mismatch_cases() -> list[AlertCase]:
            with backoffice.sessions() as session:
                query = select(AlertCase).where(AlertCase.kind == "payment_mismatch")
                return list(session.scalars(query))

        def runs() -> list[str]:
            with backoffice.sessions() as session:
                query = select(JobRun.key).where(JobRun.task == "swish_reconciliation")
                return list(session.scalars(query))

        run_alert_rules(runtime, tick_of(night))
        assert (mismatch_cases(), runs()) == ([], [])
        clock[0] = night + timedelta(hours=1)  # 03:30
        run_alert_rules(runtime, tick_of(clock[0]))
        (case,) = mismatch_cases()
        assert "1 amount differs" in case.message
        assert runs() == ["2026-11-28"]
        clock[0] += timedelta(minutes=5)
        run_alert_rules(runtime, tick_of(clock[0]))
        assert runs() == ["2026-11-28"]
        assert [c.count for c in mismatch_cases()] == [1]
