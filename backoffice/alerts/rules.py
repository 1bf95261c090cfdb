"""The rules the backoffice runs itself, on a timer: each raises its kind of alert while its
condition holds and resolves it (by the rule) once the condition clears.

- `store_offline` (critical): no heartbeat for `offline_minutes`.
- `outbox_backlog` (warning): the backlog reported by heartbeats reached `backlog_min` and grew
  over the window; cleared when it falls below `backlog_min` or below where the window started.
- `clock_skew` (warning): every heartbeat of the last 5 minutes (two at least) was sent more than
  `clock_skew_seconds` off our clock; one replayed from an outbox cannot raise it alone.
- `essential_out_of_stock` (warning): a product marked essential has nothing on hand
  (`essential_products` is the hook; the jobs pass the catalog's, `stock.essentials`).
- `essential_expiring` (warning): all that is on hand of an essential product is in batches
  whose best-before date is today or tomorrow (Swedish local date); cleared when a later batch
  arrives or the old one is gone.
- `no_sale` (info): the last complete hour had no sale while the same weekday-hour had one in
  most of the previous weeks, and the store was online; cleared by the next sale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.config import AlertRuleSettings
from backoffice.alerts.lifecycle import Occurrence, clear, keep_alert, open_case
from backoffice.alerts.models import AlertCase
from backoffice.heartbeats.models import HeartbeatRecord, StoreStatus
from backoffice.reports.models import SalesHour
from backoffice.stock.book import sums
from backoffice.stock.deliveries import expiring
from backoffice.stock.models import StockOnHand

LOCAL = ZoneInfo("Europe/Stockholm")
SKEW_WINDOW = timedelta(minutes=5)
EXPIRY_DAYS = 1  # an essential product whose only stock expires today or tomorrow
EssentialProducts = Callable[[Session, int], set[str]]


def no_essential_products(_session: Session, _store_id: int) -> set[str]:
    """The catalog marks no product essential yet."""
    return set()


@dataclass
class RuleRun:
    """What one evaluation changed: cases raised (new) and how many were cleared."""

    raised: list[AlertCase] = field(default_factory=list)
    cleared: int = 0


def local_time(at: datetime) -> str:
    return at.astimezone(LOCAL).strftime("%H:%M")


def evaluate_rules(
    *,
    session: Session,
    now: datetime,
    settings: AlertRuleSettings,
    essential_products: EssentialProducts = no_essential_products,
) -> RuleRun:
    """Run every rule for every store that has ever sent a heartbeat. The caller commits."""
    run = RuleRun()
    for status in list(session.scalars(select(StoreStatus).order_by(StoreStatus.store_id))):
        rules = _StoreRules(session, run, now, settings, status.store_id)
        online = rules.offline(status)
        since = now - timedelta(minutes=settings.backlog_window_minutes)
        beats = rules.heartbeats(since)
        rules.backlog(beats)
        rules.skew(beats)
        essential = essential_products(session, status.store_id)
        rules.stock(essential)
        rules.expiry(essential)
        rules.no_sale(online=online)
    return run


@dataclass
class _StoreRules:
    session: Session
    run: RuleRun
    now: datetime
    s: AlertRuleSettings
    store_id: int

    def holds(
        self, kind: str, severity: str, message: str, seen_at: datetime | None = None
    ) -> None:
        occurrence = Occurrence(self.store_id, kind, severity, message, seen_at or self.now)
        case = keep_alert(session=self.session, occurrence=occurrence, now=self.now)
        if case is not None:
            self.run.raised.append(case)

    def cleared(self, kind: str, why: str) -> None:
        if clear(session=self.session, store_id=self.store_id, kind=kind, now=self.now, why=why):
            self.run.cleared += 1

    def offline(self, status: StoreStatus) -> bool:
        if self.now - status.received_at >= timedelta(minutes=self.s.offline_minutes):
            since = local_time(status.received_at)
            self.holds("store_offline", "critical", f"Butiken har inte hörts av sedan {since}")
            return False
        self.cleared("store_offline", "heartbeats again")
        return True

    def heartbeats(self, since: datetime) -> list[HeartbeatRecord]:
        query = select(HeartbeatRecord).where(
            HeartbeatRecord.store_id == self.store_id, HeartbeatRecord.received_at >= since
        )
        order = (HeartbeatRecord.received_at, HeartbeatRecord.id)
        return list(self.session.scalars(query.order_by(*order)))

    def backlog(self, beats: list[HeartbeatRecord]) -> None:
        half = timedelta(minutes=self.s.backlog_window_minutes / 2)
        if len(beats) < 2 or beats[-1].received_at - beats[0].received_at < half:
            return
        first, last = int(beats[0].body["outbox_backlog"]), int(beats[-1].body["outbox_backlog"])
        if last >= self.s.backlog_min and last > first:
            was = f"var {first} kl {local_time(beats[0].received_at)}"
            self.holds("outbox_backlog", "warning", f"{last} poster väntar på att skickas ({was})")
        elif last < self.s.backlog_min or last < first:
            self.cleared("outbox_backlog", "the backlog is draining")

    def skew(self, beats: list[HeartbeatRecord]) -> None:
        window = [b for b in beats if b.received_at >= self.now - SKEW_WINDOW]
        if len(window) < 2:
            return
        offsets = [
            (datetime.fromisoformat(b.body["sent_at"]) - b.received_at).total_seconds()
            for b in window
        ]
        skew = min(offsets, key=abs)
        if abs(skew) > self.s.clock_skew_seconds:
            way = "före" if skew > 0 else "efter"
            self.holds("clock_skew", "warning", f"Butikens klocka går {abs(round(skew))} s {way}")
        else:
            self.cleared("clock_skew", "the clock is right again")

    def stock(self, essential: set[str]) -> None:
        empty: list[str] = []
        if essential:
            query = select(StockOnHand.product_key).where(
                StockOnHand.store_id == self.store_id,
                StockOnHand.product_key.in_(essential),
                StockOnHand.quantity <= 0,
                StockOnHand.weight_g <= 0,
            )
            empty = sorted(self.session.scalars(query))
        if empty:
            self.holds("essential_out_of_stock", "warning", "Slut i lager: " + ", ".join(empty))
        else:
            self.cleared("essential_out_of_stock", "restocked")

    def expiry(self, essential: set[str]) -> None:
        """Essential products whose only stock expires within a day."""
        ending: list[str] = []
        if essential:
            today = self.now.astimezone(LOCAL).date()
            soon = expiring(self.session, store_id=self.store_id, today=today, days=EXPIRY_DAYS)
            left: dict[str, int] = {}
            for batch in soon:
                if batch.product_key in essential:
                    left[batch.product_key] = left.get(batch.product_key, 0) + batch.left
            on_hand = sums(self.session, self.store_id, left)
            ending = sorted(key for key, n in left.items() if n >= on_hand.get(key, (0, 0))[0])
        if ending:
            self.holds("essential_expiring", "warning", "Går ut inom en dag: " + ", ".join(ending))
        else:
            self.cleared("essential_expiring", "fresher stock, or none left to expire")

    def no_sale(self, *, online: bool) -> None:
        this_hour = self.now.replace(minute=0, second=0, microsecond=0)
        hour = this_hour - timedelta(hours=1)
        case = open_case(session=self.session, store_id=self.store_id, kind="no_sale")
        if case is not None:
            since = case.first_seen.replace(minute=0, second=0, microsecond=0)
            if self.receipts_between(since, self.now):
                self.cleared("no_sale", "a sale again")
            return
        earlier = [hour - timedelta(weeks=k) for k in range(1, self.s.no_sale_weeks + 1)]
        query = select(SalesHour.hour).where(
            SalesHour.store_id == self.store_id,
            SalesHour.receipt_count > 0,
            SalesHour.hour.in_(earlier),
        )
        usual = len(list(self.session.scalars(query))) >= self.s.no_sale_usual_weeks
        if online and usual and not self.receipts_between(hour, this_hour):
            span = f"{local_time(hour)}–{local_time(this_hour)}"
            self.holds("no_sale", "info", f"Ingen försäljning {span}, som brukar ha det", hour)

    def receipts_between(self, start: datetime, end: datetime) -> bool:
        query = select(SalesHour.hour).where(
            SalesHour.store_id == self.store_id,
            SalesHour.receipt_count > 0,
            SalesHour.hour >= start,
            SalesHour.hour < end,
        )
        return self.session.scalars(query.limit(1)).first() is not None
