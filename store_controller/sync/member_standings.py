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
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Update, bindparam, delete, func, insert, select, update

from retail import wire
from store_controller.customers.status import CustomerStatus
from store_controller.db import tables
from store_controller.db.sessions import engine_of

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


@dataclass(frozen=True)
class Snapshot:
    """Taken just before asking: the local charges the backoffice surely holds."""

    booked_sales: frozenset[str]
    """Sale ids of member charges whose sale the backoffice had acknowledged then."""


class AccountStandings:
    """Applies `MemberStandings` to customers and member accounts (see `MembersSink`).

    Core statements on the tables (the pull runs every half minute, whatever changed: it does
    not load the ORM, issue 23); the rows written are the ones the ORM's unit of work wrote:
    the standings in the list's order, new accounts in it, and an UPDATE only of an account or
    a customer whose values changed."""

    def __init__(self, sessions: Sessions, now: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._now = now

    def snapshot(self) -> Snapshot:
        outbox, ledger = tables.outbox, tables.member_ledger
        sale_id = func.json_extract(outbox.c.payload, "$.sale_id")
        query = select(sale_id).where(
            outbox.c.kind == "sale",
            outbox.c.acked_at.is_not(None),
            sale_id.in_(select(ledger.c.sale_id)),
        )
        with engine_of(self._sessions).connect() as connection:
            booked = connection.scalars(query)
            return Snapshot(frozenset(str(s) for s in booked))

    def apply(self, standings: wire.MemberStandings, snapshot: Snapshot) -> None:
        now = self._now()
        with engine_of(self._sessions).begin() as connection:
            _replace_standings(connection, standings)
            approved = {
                m.identity_hash: m for m in standings.members if m.credit_limit_ore is not None
            }
            _accounts(connection, approved, standings, snapshot, now)
            _statuses(connection, frozenset(approved))
            if standings.erased:
                _erase(connection, frozenset(standings.erased))


def _replace_standings(connection: Connection, standings: wire.MemberStandings) -> None:
    connection.execute(delete(tables.member_standings))
    rows = [
        {
            "identity_hash": m.identity_hash,
            "credit_limit_ore": m.credit_limit_ore,
            "blocked": m.blocked,
            "blocked_until": m.blocked_until,
        }
        for m in standings.members
    ]
    if rows:
        connection.execute(insert(tables.member_standings), rows)


def _statuses(connection: Connection, approved: frozenset[str]) -> None:
    """Customers the store knows become members or plain customers to match the standings."""
    customers = tables.customers
    changed = []
    for row in connection.execute(
        select(customers.c.id, customers.c.identity_hash, customers.c.status)
    ):
        if row.status is CustomerStatus.BLOCKED:
            continue  # blocked at this store alone (controller CLI): the owner's word
        status = CustomerStatus.MEMBER if row.identity_hash in approved else CustomerStatus.ACTIVE
        if row.status is not status:
            changed.append({"key": row.id, "status": status})
    if changed:
        connection.execute(_set_status(), changed)


@cache
def _set_status() -> Update:
    """Built on first use: the members' tables are declared with it (`tables`, issue 23)."""
    customers = tables.customers
    return (
        update(customers)
        .where(customers.c.id == bindparam("key"))
        .values(status=bindparam("status"))
    )


def _accounts(
    connection: Connection,
    approved: dict[str, wire.MemberStanding],
    standings: wire.MemberStandings,
    snapshot: Snapshot,
    now: datetime,
) -> None:
    table = tables.member_accounts
    unbooked = _unbooked_charges(connection, snapshot)
    balances = {m.identity_hash: -m.balance_ore for m in standings.members}
    accounts = {
        row.identity_hash: (row.credit_limit_ore, row.balance_ore)
        for row in connection.execute(
            select(table.c.identity_hash, table.c.credit_limit_ore, table.c.balance_ore)
        )
    }
    new, changed = [], []
    for member, standing in approved.items():
        limit = standing.credit_limit_ore or 0
        owed = balances[member] + unbooked.get(member, 0)
        held = accounts.get(member)
        if held is None:
            new.append(
                {
                    "identity_hash": member,
                    "credit_limit_ore": limit,
                    "balance_ore": owed,
                    "approved_at": now,
                    "updated_at": now,
                }
            )
        elif held != (limit, owed):
            changed.append({"key": member, "limit": limit, "owed": owed, "now": now})
    for member, (limit, balance) in accounts.items():
        if member in approved:
            continue
        owed = balances.get(member, balance) + (
            unbooked.get(member, 0) if member in balances else 0
        )
        if (limit, balance) != (0, owed):
            changed.append({"key": member, "limit": 0, "owed": owed, "now": now})
    if new:
        connection.execute(insert(table), new)
    if changed:
        connection.execute(_set_account(), sorted(changed, key=lambda row: str(row["key"])))


@cache
def _set_account() -> Update:
    accounts = tables.member_accounts
    return (
        update(accounts)
        .where(accounts.c.identity_hash == bindparam("key"))
        .values(
            credit_limit_ore=bindparam("limit"),
            balance_ore=bindparam("owed"),
            updated_at=bindparam("now"),
        )
    )


def _erase(connection: Connection, erased: frozenset[str]) -> None:
    """People erased at the backoffice: their customer row (name, birth date) goes, their
    visits keep no link or age, and their account and standing go; the ledger rows of their
    sales stay (accounting, reaching the backoffice, which keeps them under a token).
    Applying it again finds nothing left to remove."""
    customers, visits = tables.customers, tables.visits
    accounts, standings = tables.member_accounts, tables.member_standings
    gone = select(customers.c.id).where(customers.c.identity_hash.in_(erased))
    connection.execute(
        update(visits).where(visits.c.customer_id.in_(gone)).values(customer_id=None, age=None)
    )
    connection.execute(delete(customers).where(customers.c.identity_hash.in_(erased)))
    connection.execute(delete(accounts).where(accounts.c.identity_hash.in_(erased)))
    connection.execute(delete(standings).where(standings.c.identity_hash.in_(erased)))


def _unbooked_charges(connection: Connection, snapshot: Snapshot) -> dict[str, int]:
    """Per member, the local charges the backoffice's answer cannot have held."""
    ledger = tables.member_ledger
    rows = connection.execute(
        select(ledger.c.identity_hash, ledger.c.amount_ore).where(
            ledger.c.sale_id.not_in(snapshot.booked_sales)
        )
    )
    totals: dict[str, int] = {}
    for member, amount in rows:
        totals[member] = totals.get(member, 0) + amount
    return totals
