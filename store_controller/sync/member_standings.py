"""`AccountStandings`: the `MembersSink` that applies the backoffice's member standings to the
controller's customers and member accounts.

The backoffice is the owner's word: its list replaces what the store held (`member_standings`),
so applying it twice changes nothing and a member left off it is neither approved nor blocked
any more. An approved member gets (or keeps) an account with the backoffice's credit limit; one
no longer approved keeps their account with a limit of 0 (what they owe stays). Customers the
store knows become members or plain customers to match; a block itself is read from the
standings at the door and the kiosk (so a block's end date needs no further pull).

Balances: the backoffice counts owed as negative, the store as positive, so the store's balance
is minus the backoffice's, plus the store's own charges the backoffice had not booked when it
answered: every charge whose sale the backoffice had not acknowledged before the question (not
yet written, still in the outbox, or made since: `Snapshot`). A sale acknowledged while the
question was under way may be counted twice until the next pull: the safe side (a purchase
refused, never a limit passed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update

from retail import wire
from store_controller.customers.status import CustomerStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from store_controller.db.sessions import Sessions


@dataclass(frozen=True)
class Snapshot:
    """Taken just before asking: the local charges the backoffice surely holds."""

    booked_sales: frozenset[str]
    """Sale ids of member charges whose sale the backoffice had acknowledged then."""


class AccountStandings:
    """Applies `MemberStandings` to customers and member accounts (see `MembersSink`)."""

    def __init__(self, sessions: Sessions, now: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._now = now

    def snapshot(self) -> Snapshot:
        from store_controller.outbox.models import OutboxEntry  # the ORM, on the first pull
        from store_controller.payments.member.models import MemberLedgerRow

        with self._sessions() as session:
            sale_id = func.json_extract(OutboxEntry.payload, "$.sale_id")
            booked = session.scalars(
                select(sale_id).where(
                    OutboxEntry.kind == "sale",
                    OutboxEntry.acked_at.is_not(None),
                    sale_id.in_(select(MemberLedgerRow.sale_id)),
                )
            )
            return Snapshot(frozenset(str(s) for s in booked))

    def apply(self, standings: wire.MemberStandings, snapshot: Snapshot) -> None:
        from store_controller.customers.models import Customer
        from store_controller.payments.member.models import MemberStandingRow

        now = self._now()
        with self._sessions.begin() as session:
            session.execute(delete(MemberStandingRow))
            session.add_all(
                MemberStandingRow(
                    identity_hash=m.identity_hash,
                    credit_limit_ore=m.credit_limit_ore,
                    blocked=m.blocked,
                    blocked_until=m.blocked_until,
                )
                for m in standings.members
            )
            approved = {
                m.identity_hash: m for m in standings.members if m.credit_limit_ore is not None
            }
            self._accounts(session, approved, standings, snapshot, now)
            for customer in session.scalars(select(Customer)):
                if customer.status is CustomerStatus.BLOCKED:
                    continue  # blocked at this store alone (controller CLI): the owner's word
                approved_here = customer.identity_hash in approved
                customer.status = CustomerStatus.MEMBER if approved_here else CustomerStatus.ACTIVE
            if standings.erased:
                _erase(session, frozenset(standings.erased))

    def _accounts(
        self,
        session: Session,
        approved: dict[str, wire.MemberStanding],
        standings: wire.MemberStandings,
        snapshot: Snapshot,
        now: datetime,
    ) -> None:
        from store_controller.payments.member.models import MemberAccountRow

        unbooked = _unbooked_charges(session, snapshot)
        balances = {m.identity_hash: -m.balance_ore for m in standings.members}
        accounts = {a.identity_hash: a for a in session.scalars(select(MemberAccountRow))}
        for member, standing in approved.items():
            limit = standing.credit_limit_ore or 0
            owed = balances[member] + unbooked.get(member, 0)
            account = accounts.get(member)
            if account is None:
                session.add(
                    MemberAccountRow(
                        identity_hash=member,
                        credit_limit_ore=limit,
                        balance_ore=owed,
                        approved_at=now,
                        updated_at=now,
                    )
                )
            elif (account.credit_limit_ore, account.balance_ore) != (limit, owed):
                account.credit_limit_ore, account.balance_ore = limit, owed
                account.updated_at = now
        for member, account in accounts.items():
            if member in approved:
                continue
            owed = balances.get(member, account.balance_ore) + (
                unbooked.get(member, 0) if member in balances else 0
            )
            if (account.credit_limit_ore, account.balance_ore) != (0, owed):
                account.credit_limit_ore, account.balance_ore = 0, owed
                account.updated_at = now


def _erase(session: Session, erased: frozenset[str]) -> None:
    """People erased at the backoffice: their customer row (name, birth date) goes, their
    visits keep no link or age, and their account and standing go; the ledger rows of their
    sales stay (accounting, reaching the backoffice, which keeps them under a token).
    Applying it again finds nothing left to remove."""
    from store_controller.customers.models import Customer, VisitRecord
    from store_controller.payments.member.models import MemberAccountRow, MemberStandingRow

    gone = select(Customer.id).where(Customer.identity_hash.in_(erased))
    session.execute(
        update(VisitRecord)
        .where(VisitRecord.customer_id.in_(gone))
        .values(customer_id=None, age=None)
    )
    session.execute(delete(Customer).where(Customer.identity_hash.in_(erased)))
    session.execute(delete(MemberAccountRow).where(MemberAccountRow.identity_hash.in_(erased)))
    session.execute(delete(MemberStandingRow).where(MemberStandingRow.identity_hash.in_(erased)))


def _unbooked_charges(session: Session, snapshot: Snapshot) -> dict[str, int]:
    """Per member, the local charges the backoffice's answer cannot have held."""
    from store_controller.payments.member.models import MemberLedgerRow

    rows = session.execute(
        select(MemberLedgerRow.identity_hash, MemberLedgerRow.amount_ore).where(
            MemberLedgerRow.sale_id.not_in(snapshot.booked_sales)
        )
    )
    totals: dict[str, int] = {}
    for member, amount in rows:
        totals[member] = totals.get(member, 0) + amount
    return totals
