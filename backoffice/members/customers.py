"""The customers the owner sees: everyone who came in with BankID (keyed hash only), their
visits, and their account standing if approved for account purchases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.members.models import LedgerEntry, MemberAccount
from backoffice.visits.models import Visit


@dataclass(frozen=True, slots=True)
class CustomerRow:
    identity_hash: str
    visits: int
    last_visit_at: datetime | None
    approved: bool
    credit_limit_ore: int | None
    balance_ore: int


def list_customers(session: Session) -> list[CustomerRow]:
    """Customers newest visit first, then approved members who never came in."""
    visits = {
        row.identity_hash: (int(row.visits), row.last)
        for row in session.execute(
            select(
                Visit.identity_hash,
                func.count().label("visits"),
                func.max(Visit.occurred_at).label("last"),
            )
            .where(Visit.identity_hash.is_not(None))
            .group_by(Visit.identity_hash)
        )
    }
    accounts = {a.identity_hash: a for a in session.scalars(select(MemberAccount))}
    balances: dict[str, int] = {
        member: int(total or 0)
        for member, total in session.execute(
            select(LedgerEntry.identity_hash, func.sum(LedgerEntry.amount_ore)).group_by(
                LedgerEntry.identity_hash
            )
        )
    }
    rows = []
    for member in visits.keys() | accounts.keys():
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
            )
        )
    rows.sort(key=_newest_first)
    return rows


def _newest_first(row: CustomerRow) -> tuple[bool, float, str]:
    last = row.last_visit_at
    return (last is None, -last.timestamp() if last else 0.0, row.identity_hash)
