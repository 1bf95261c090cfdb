"""The backoffice's own rules on a manual clock: each raises its alert while the condition
holds, once, and resolves it by rule when the condition clears."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backoffice.alerts.config import AlertRuleSettings
from backoffice.alerts.rules import RuleRun, evaluate_rules
from backoffice.reports.models import SalesHour
from backoffice.stock.models import StockOnHand
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store
from tests.backoffice.alerts.test_lifecycle import alerts
from tests.store_controller.sync.harness import T0, Backoffice

SETTINGS = AlertRuleSettings()


def run(backoffice: Backoffice, clock: ManualClock, **kwargs: object) -> RuleRun:
    with backoffice.sessions.begin() as session:
        return evaluate_rules(
            session=session,
            now=clock.now(),
            settings=SETTINGS,
            **kwargs,  # type: ignore[arg-type]
        )


def kinds(client: TestClient, status: str = "active") -> list[str]:
    return [a["kind"] for a in alerts(client, status=status)]


def test_a_silent_store_is_offline_after_three_minutes_and_back_with_a_heartbeat(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    store.heartbeat()
    clock.advance(179)
    assert not run(backoffice, clock).raised
    clock.advance(1)
    assert [c.kind for c in run(backoffice, clock).raised] == ["store_offline"]
    [offline] = alerts(client)
    assert offline["severity"] == "critical"
    assert "09:00" in offline["message"], "the last heartbeat, in Swedish local time"
    clock.advance(600)
    assert not run(backoffice, clock).raised, "still the same alert, not a new one"
    assert alerts(client)[0]["count"] == 1
    store.heartbeat()
    assert run(backoffice, clock).cleared == 1
    assert kinds(client) == []
    [resolved] = alerts(client, status="resolved")
    assert (resolved["resolved_by"], resolved["resolution_note"]) == (None, "heartbeats again")


def test_a_store_never_heard_from_is_not_offline(
    backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    clock.advance(3600)
    assert not run(backoffice, clock).raised


def test_a_growing_outbox_backlog_raises_and_draining_clears(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    for backlog in (40, 80, 120, 160):
        store.heartbeat(backlog=backlog)
        clock.advance(150)
        run(backoffice, clock)
    assert kinds(client) == ["outbox_backlog"]
    assert "160" in alerts(client)[0]["message"]
    for backlog in (160, 170, 150, 90):
        store.heartbeat(backlog=backlog)
        clock.advance(150)
        run(backoffice, clock)
    assert kinds(client) == []
    assert kinds(client, "resolved") == ["outbox_backlog"]


def test_a_large_but_shrinking_backlog_raises_nothing(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    for backlog in (900, 700, 500, 300):
        store.heartbeat(backlog=backlog)
        clock.advance(150)
        run(backoffice, clock)
    assert kinds(client) == []


def test_clock_skew_needs_every_recent_heartbeat_off_and_clears_when_right(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    store.heartbeat(sent_at=clock.now() - timedelta(hours=2))  # one replayed from the outbox
    clock.advance(30)
    store.heartbeat()
    run(backoffice, clock)
    assert kinds(client) == []
    for _ in range(2):
        clock.advance(30)
        store.heartbeat(sent_at=clock.now() + timedelta(minutes=10))
    clock.advance(300)  # the right one has left the five minutes
    store.heartbeat(sent_at=clock.now() + timedelta(minutes=10))
    run(backoffice, clock)
    [skew] = alerts(client)
    assert (skew["kind"], skew["message"]) == ("clock_skew", "Butikens klocka går 600 s före")
    for _ in range(2):
        clock.advance(30)
        store.heartbeat()
    run(backoffice, clock)
    assert kinds(client) == []


def test_an_essential_product_out_of_stock_through_the_hook(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    store.heartbeat()
    with backoffice.sessions.begin() as session:
        session.add(
            StockOnHand(
                store_id=1, product_key="07310865071805", quantity=0, weight_g=0, updated_at=T0
            )
        )

    def milk(_session: Session, _store_id: int) -> set[str]:
        return {"07310865071805"}

    run(backoffice, clock, essential_products=milk)
    assert alerts(client)[0]["message"] == "Slut i lager: 07310865071805"
    with backoffice.sessions.begin() as session:
        row = session.get(StockOnHand, (1, "07310865071805"))
        assert row is not None
        row.quantity = 12
    run(backoffice, clock, essential_products=milk)
    assert kinds(client) == []


def test_no_sale_in_an_hour_that_usually_has_some(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    clock.advance(2 * 3600 + 60)  # 10:01 UTC; the hour 09-10 is over
    hour = T0 + timedelta(hours=1)
    with backoffice.sessions.begin() as session:
        for week in (1, 2, 3):
            session.add(sales_hour(hour - timedelta(weeks=week)))
    store.heartbeat()
    run(backoffice, clock)
    [quiet] = alerts(client)
    assert (quiet["kind"], quiet["severity"]) == ("no_sale", "info")
    assert quiet["message"] == "Ingen försäljning 10:00–11:00, som brukar ha det"
    clock.advance(3600)
    store.heartbeat()
    run(backoffice, clock)
    assert alerts(client)[0]["count"] == 1
    with backoffice.sessions.begin() as session:
        session.add(sales_hour(hour + timedelta(hours=1)))
    run(backoffice, clock)
    assert kinds(client) == []


def test_an_unusual_hour_or_an_offline_store_raises_no_no_sale(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    clock.advance(2 * 3600 + 60)
    hour = T0 + timedelta(hours=1)
    with backoffice.sessions.begin() as session:
        for week in (1, 2):
            session.add(sales_hour(hour - timedelta(weeks=week)))
    store.heartbeat()
    run(backoffice, clock)
    assert kinds(client) == [], "two weeks of four is not usual"
    with backoffice.sessions.begin() as session:
        session.add(sales_hour(hour - timedelta(weeks=3)))
    clock.advance(300)
    run(backoffice, clock)
    assert kinds(client) == ["store_offline"], "the store being offline says enough"


def sales_hour(hour: object) -> SalesHour:
    return SalesHour(
        store_id=1, hour=hour, receipt_count=4, return_count=0, sales_ore=9000, returns_ore=0
    )
