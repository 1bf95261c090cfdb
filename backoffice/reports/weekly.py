"""The weekly summary e-mail: a person asks for it (audited); once a week, from Monday 06:00
Stockholm time, each of them gets last week's sales (Monday to Sunday, each store's local days)
of every store whose reports they may see, beside the week before, over the backoffice's SMTP
settings (backoffice.mail).

Once per person and week, however many workers run it: a worker first claims the person's week
(a row under a unique key, committed) and only the worker whose claim went in sends. A send the
mail server refused gives the claim back, so a later run tries again. A claim still unsent after
STALE_CLAIM (its worker died between the claim and the send) is taken over by the next run, by one
worker only: the takeover is a conditional update that only one of two concurrent runs can make.
(Should a worker die after the mail server took the e-mail but before it noted the send, the
person gets the week twice: once at least, rather than at most.)"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from backoffice.access.principal import principal_of, visible_stores
from backoffice.access.roles import Permission
from backoffice.audit.service import Actor, record
from backoffice.mail.config import MailSettings
from backoffice.mail.sender import MailError, send
from backoffice.people.models import Person
from backoffice.reports.figures import SalesSummary
from backoffice.reports.pages import METHOD_NAMES
from backoffice.reports.sales import sales_summary
from backoffice.reports.scope import ReportScope
from backoffice.reports.weekly_models import WeeklySend, WeeklySubscription
from backoffice.stores.models import Store
from backoffice.web.i18n import Language, language_of

log = logging.getLogger(__name__)
ZONE = ZoneInfo("Europe/Stockholm")
SEND_FROM_HOUR = 6
TASK = "weekly_summary"
STALE_CLAIM = timedelta(hours=1)


def is_subscribed(session: Session, person_id: int) -> bool:
    return session.get(WeeklySubscription, person_id) is not None


def subscribe(session: Session, *, person_id: int, on: bool, actor: Actor, now: datetime) -> None:
    """Turn the weekly e-mail on or off for a person (audited; the caller commits)."""
    row = session.get(WeeklySubscription, person_id)
    if on == (row is not None):
        return
    if row is None:
        session.add(WeeklySubscription(person_id=person_id, since=now))
    else:
        session.delete(row)
    record(
        session,
        actor=actor,
        action="report.weekly_summary",
        now=now,
        target=str(person_id),
        before={"subscribed": not on},
        after={"subscribed": on},
    )


def due_week(now: datetime) -> tuple[date, date] | None:
    """Last week's Monday and Sunday once this week's Monday 06:00 (Stockholm) has passed."""
    local = now.astimezone(ZONE)
    monday = local.date() - timedelta(days=local.weekday())
    if local.weekday() == 0 and local.hour < SEND_FROM_HOUR:
        return None
    return monday - timedelta(days=7), monday - timedelta(days=1)


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class StoreWeek:
    store: Store
    summary: SalesSummary


def store_weeks(session: Session, person: Person, monday: date, sunday: date) -> list[StoreWeek]:
    """The week's summary of every store whose reports the person may see (the report
    service's own figures)."""
    principal = principal_of(session, person, via="session", address="weekly-summary")
    stores = [
        s for s in visible_stores(session, principal) if principal.may(Permission.SALES_VIEW, s)
    ]
    return [
        StoreWeek(
            store,
            sales_summary(
                session=session, scope=ReportScope.of([store.id], monday, sunday, store.time_zone)
            ),
        )
        for store in stores
    ]


def compose(lang: Language, monday: date, sunday: date, weeks: list[StoreWeek]) -> tuple[str, str]:
    """The subject and the plain-text body, in the person's language."""
    _ = lang.gettext
    label = week_label(monday)
    subject = _("Veckosammanfattning {week}").format(week=label)
    lines = [
        _("Försäljningen {first} – {last}, jämfört med veckan före.").format(
            first=lang.day(monday), last=lang.day(sunday)
        ),
        "",
    ]
    for week in weeks:
        total = week.summary.total
        cmp = week.summary.comparison
        basket = total.average_basket_ore
        change = lang.money(cmp.net_change_ore)
        if cmp.net_change_bp is not None:
            change += f" ({lang.number(cmp.net_change_bp / 100)} %)"
        lines += [
            week.store.name,
            f"  {_('Nettoförsäljning')}: {lang.money(total.net_ore)}",
            f"  {_('Antal köp')}: {lang.number(total.sales_count)}",
            f"  {_('Snittköp')}: {lang.money(basket) if basket is not None else '–'}",
            f"  {_('Föregående period')}: {lang.money(cmp.previous_total.net_ore)}",
            f"  {_('Förändring')}: {change}",
        ]
        for pay in week.summary.payments:
            method = _(METHOD_NAMES.get(pay.method, pay.method))
            lines.append(f"  {method}: {lang.money(pay.amount_ore)}")
        lines.append("")
    if not weeks:
        lines += [_("Du har ingen butik vars rapporter du får se."), ""]
    lines.append(_("Du får det här brevet för att du bad om det på sidan Rapporter."))
    return subject, "\n".join(lines)


def _claim(
    sessions: sessionmaker[Session], person_id: int, week: str, worker: str, now: datetime
) -> int | None:
    with sessions.begin() as session:
        taken = session.execute(
            update(WeeklySend)
            .where(
                WeeklySend.person_id == person_id,
                WeeklySend.week == week,
                WeeklySend.sent_at.is_(None),
                WeeklySend.claimed_at < now - STALE_CLAIM,
            )
            .values(worker=worker[:128], claimed_at=now)
            .returning(WeeklySend.id)
        ).scalar_one_or_none()
    if taken is not None:
        log.warning("the weekly summary for person %s was claimed but not sent; again", person_id)
        return taken
    try:
        with sessions.begin() as session:
            claim = WeeklySend(person_id=person_id, week=week, worker=worker[:128], claimed_at=now)
            session.add(claim)
            session.flush()
            return claim.id
    except IntegrityError:
        return None  # another worker has (or had) this person's week


def send_weekly_summaries(
    sessions: sessionmaker[Session], mail: MailSettings, *, now: datetime, worker: str
) -> int:
    """Send last week's summary to everyone who asked and has not had it; how many were sent."""
    due = due_week(now)
    if due is None or not mail.host:
        return 0
    monday, sunday = due
    week = week_label(monday)
    with sessions() as session:
        sent = select(WeeklySend.person_id).where(
            WeeklySend.week == week,
            or_(WeeklySend.sent_at.is_not(None), WeeklySend.claimed_at >= now - STALE_CLAIM),
        )
        waiting = list(
            session.scalars(
                select(WeeklySubscription.person_id)
                .where(WeeklySubscription.person_id.not_in(sent))
                .order_by(WeeklySubscription.person_id)
            )
        )
    count = 0
    for person_id in waiting:
        claim = _claim(sessions, person_id, week, worker, now)
        if claim is None:
            continue
        with sessions() as session:
            person = session.get(Person, person_id)
            if person is None or person.disabled_at is not None:
                continue
            lang = language_of(None, person.language)
            subject, body = compose(
                lang, monday, sunday, store_weeks(session, person, monday, sunday)
            )
            to = person.email
        try:
            send(mail, to=to, subject=subject, body=body)
        except MailError:
            log.warning(
                "the weekly summary for person %s was not sent; tried again later", person_id
            )
            with sessions.begin() as session:
                session.execute(delete(WeeklySend).where(WeeklySend.id == claim))
            continue
        with sessions.begin() as session:
            row = session.get(WeeklySend, claim)
            assert row is not None
            row.sent_at = now
        count += 1
    return count
