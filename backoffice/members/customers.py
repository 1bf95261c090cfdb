"""The customers the owner of a store sees: everyone who came in or bought on account there
(keyed hash; name and birth date when the door reported them from BankID, never the identity
number), their visits, and their account standing if approved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.members.models import LedgerEntry, MemberAccount
from backoffice.sales.models import Sale
from backoffice.visits.models import CustomerName, Visit


@dataclass(frozen=True, slots=True)
class CustomerRow:
    identity_hash: str
    visits: int
    last_visit_at: datetime | None
    approved: bool
    credit_limit_ore: int | None
    balance_ore: int
    name: str | None = None
    birth_date: date | None = None


def age_on(birth_date: date | None, today: date) -> int | None:
    """Whole years from `birth_date` to `today` (None without a birth date)."""
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def name_of(session: Session, store_id: int, identity_hash: str) -> CustomerName | None:
    """The customer's name and birth date as the store last reported them (None: not known)."""
    return session.get(CustomerName, (store_id, identity_hash))


def matches(row: CustomerRow, search: str) -> bool:
    """Whether the row's name (any case) or hash start holds what was typed."""
    words = search.casefold().split()
    name = (row.name or "").casefold()
    return all(word in name or row.identity_hash.startswith(word) for word in words)


def known_at(session: Session, store_id: int, identity_hash: str) -> bool:
    """Whether the customer came in or bought at the store (what the store's owner may see)."""
    visited = select(Visit.visit_id).where(
        Visit.store_id == store_id, Visit.identity_hash == identity_hash
    )
    bought = select(Sale.sale_id).where(
        Sale.store_id == store_id, Sale.customer_hash == identity_hash
    )
    return (
        session.scalar(visited.limit(1)) is not None or session.scalar(bought.limit(1)) is not None
    )


def list_customers(
    session: Session, store_id: int, association_id: int | None, search: str = ""
) -> list[CustomerRow]:
    """The store's customers, the latest visitor first, with their standing in the store's
    association (a store of no association has no accounts); `search`: only those whose name
    (or hash start) holds each typed word."""
    visits = {
        row.identity_hash: (int(row.visits), row.last)
        for row in session.execute(
            select(
                Visit.identity_hash,
                func.count().label("visits"),
                func.max(Visit.occurred_at).label("last"),
            )
            .where(Visit.store_id == store_id, Visit.identity_hash.is_not(None))
            .group_by(Visit.identity_hash)
        )
    }
    buyers = set(
        session.scalars(
            select(Sale.customer_hash)
            .where(Sale.store_id == store_id, Sale.customer_hash.is_not(None))
            .distinct()
        )
    )
    members = {m for m in visits.keys() | buyers if m}
    accounts = {
        a.identity_hash: a
        for a in session.scalars(
            select(MemberAccount).where(
                MemberAccount.association_id == association_id,
                MemberAccount.identity_hash.in_(members),
            )
        )
    }
    balances: dict[str, int] = {
        member: int(total or 0)
        for member, total in session.execute(
            select(LedgerEntry.identity_hash, func.sum(LedgerEntry.amount_ore))
            .where(
                LedgerEntry.association_id == association_id,
                LedgerEntry.identity_hash.in_(members),
            )
            .group_by(LedgerEntry.identity_hash)
        )
    }
    names = {
        n.identity_hash: n
        for n in session.scalars(select(CustomerName).where(CustomerName.store_id == store_id))
    }
    rows = []
    for member in members:
        known = names.get(member)
        count, last = visits.get(member, (0, None))
        account = accounts.get(member)
        rows.append(
            CustomerRow(
                identity_hash=member,
                visits=count,
                last_visit_at=last,
                approved=account is not None,
                credit_limit_ore=None if account is None else account.credit_limit_ore,
                balance_ore=balances.get(member, 0),
                name=None if known is None else known.name,
                birth_date=None if known is None else known.birth_date,
            )
        )
    if search.strip():
        rows = [row for row in rows if matches(row, search)]
    rows.sort(key=_newest_first)
    return rows


def _newest_first(row: CustomerRow) -> tuple[bool, float, str]:
    last = row.last_visit_at
    return (last is None, -last.timestamp() if last else 0.0, row.identity_hash)
