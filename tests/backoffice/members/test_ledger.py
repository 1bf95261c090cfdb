from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.members.ledger import EntryKind, LedgerError, approve, balance, post
from backoffice.members.models import LedgerEntry
from backoffice.people.models import Association
from tests.store_controller.sync.harness import Backoffice, running_backoffice

AT = datetime(2026, 4, 2, 10, 0, tzinfo=UTC)
MEMBER = "a" * 64
_refs = count()
ASSOCIATION = 1


@pytest.fixture(scope="module")
def backoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backoffice]:
    url = f"sqlite:///{tmp_path_factory.mktemp('members') / 'backoffice.db'}"
    with running_backoffice(url) as made:
        with made.sessions() as session:
            for number, name in ((ASSOCIATION, "Byn"), (2, "Grannbyn")):
                if session.get(Association, number) is None:
                    session.add(Association(id=number, name=name))
            session.commit()
        yield made


def _post(session: Session, kind: EntryKind, amount: int, why: str = "") -> int | str:
    try:
        return post(
            session,
            ASSOCIATION,
            MEMBER,
            kind=kind,
            amount_ore=amount,
            reference=f"r{next(_refs)}",
            by="owner",
            why=why,
            at=AT,
        ).balance_ore
    except LedgerError as refused:
        return str(refused)


moves = st.lists(
    st.one_of(
        st.tuples(st.just(EntryKind.PURCHASE), st.integers(-60_000, 0)),
        st.tuples(st.just(EntryKind.PAYMENT), st.integers(0, 60_000)),
        st.tuples(st.just(EntryKind.CREDIT), st.integers(0, 5_000)),
        st.tuples(st.just(EntryKind.ADJUSTMENT), st.integers(-5_000, 5_000)),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=moves, limit=st.integers(0, 100_000))
def test_balance_is_the_sum_and_a_purchase_never_passes_the_limit(
    backoffice: Backoffice, moves: list[tuple[EntryKind, int]], limit: int
) -> None:
    with backoffice.sessions() as session:
        approve(session, ASSOCIATION, MEMBER, limit_ore=limit, by="owner", at=AT)
        start = balance(session, ASSOCIATION, MEMBER)
        accepted: list[int] = []
        for kind, amount in moves:
            before = balance(session, ASSOCIATION, MEMBER)
            outcome = _post(session, kind, amount, why="rättelse")
            if isinstance(outcome, str):
                assert kind is EntryKind.PURCHASE
                assert before + amount < -limit
                assert outcome.startswith("over the credit limit")
                assert balance(session, ASSOCIATION, MEMBER) == before
            else:
                assert outcome == before + amount
                accepted.append(amount)
            if kind is EntryKind.PURCHASE:
                assert balance(session, ASSOCIATION, MEMBER) >= min(before, -limit)
        amounts = session.scalars(
            select(LedgerEntry.amount_ore).where(
                LedgerEntry.association_id == ASSOCIATION, LedgerEntry.identity_hash == MEMBER
            )
        ).all()
        assert balance(session, ASSOCIATION, MEMBER) == sum(amounts)
        assert balance(session, ASSOCIATION, MEMBER) - start == sum(accepted)
        session.rollback()


def test_entries_say_why_and_refuse_wrong_signs(backoffice: Backoffice) -> None:
    with backoffice.sessions() as session:
        assert _post(session, EntryKind.PAYMENT, 100) == "not approved for account purchases"
        approve(session, ASSOCIATION, MEMBER, limit_ore=60_000, by="owner", at=AT)
        assert (
            _post(session, EntryKind.PURCHASE, 100) == "a purchase is owed: its amount is negative"
        )
        assert "reduces what is owed" in str(_post(session, EntryKind.PAYMENT, -100))
        assert _post(session, EntryKind.ADJUSTMENT, -100) == "an adjustment says why"
        first = post(
            session,
            ASSOCIATION,
            MEMBER,
            kind=EntryKind.PURCHASE,
            amount_ore=-51_200,
            reference="sale-1",
            by="kiosk",
            why="",
            at=AT,
        )
        assert first.balance_ore == -51_200
        again = post(
            session,
            ASSOCIATION,
            MEMBER,
            kind=EntryKind.PURCHASE,
            amount_ore=-51_200,
            reference="sale-1",
            by="kiosk",
            why="",
            at=AT,
        )
        assert again == first
        with pytest.raises(LedgerError, match="negative"):
            approve(session, ASSOCIATION, MEMBER, limit_ore=-1, by="owner", at=AT)
        session.rollback()


def test_two_associations_never_share_a_ledger(backoffice: Backoffice) -> None:
    with backoffice.sessions() as session:
        approve(session, ASSOCIATION, MEMBER, limit_ore=10_000, by="owner", at=AT)
        assert _post(session, EntryKind.PAYMENT, 100) == 100
        # the same villager in the neighbouring association: not approved there, nothing owed
        assert balance(session, 2, MEMBER) == 0
        with pytest.raises(LedgerError, match="not approved"):
            post(
                session,
                2,
                MEMBER,
                kind=EntryKind.PAYMENT,
                amount_ore=100,
                reference="r-x",
                by="owner",
                why="",
                at=AT,
            )
        approve(session, 2, MEMBER, limit_ore=500, by="other owner", at=AT)
        # the same reference in the other association's ledger is its own entry
        for association in (ASSOCIATION, 2):
            post(
                session,
                association,
                MEMBER,
                kind=EntryKind.PURCHASE,
                amount_ore=-400,
                reference="sale-same",
                by="kiosk",
                why="",
                at=AT,
            )
        assert balance(session, ASSOCIATION, MEMBER) == -300
        assert balance(session, 2, MEMBER) == -400
        session.rollback()
