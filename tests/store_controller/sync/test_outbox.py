"""Outbox batches: bounded in count and bytes, consecutive, poison found, acks marked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store_controller.outbox.models import OutboxEntry as OutboxRow
from store_controller.sync import outbox
from tests.store_controller.sync.harness import T0, controller_outbox, trade


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with controller_outbox(tmp_path) as made:
        yield made


def test_a_batch_is_bounded_in_count(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 10)
    batch = outbox.read_batch(sessions, max_entries=7, max_bytes=10**6)
    assert [outbox.seq_of(e) for e in batch] == list(range(1, 8))


def test_a_backlog_of_two_batches_goes_in_larger_ones(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 10)  # 20 entries

    def sizes(max_entries: int, backlog_entries: int) -> int:
        batch = outbox.read_batch(
            sessions, max_entries=max_entries, max_bytes=10**6, backlog_entries=backlog_entries
        )
        assert [outbox.seq_of(e) for e in batch] == list(range(1, len(batch) + 1))
        return len(batch)

    assert sizes(10, 15) == 15  # 20 waiting: two batches of 10
    assert sizes(8, 15) == 15
    assert sizes(11, 15) == 11  # fewer than two batches of 11: the usual bound
    assert sizes(10, 25) == 20  # all that waits
    assert sizes(10, 5) == 10  # never below the usual bound
    assert sizes(7, 15) == 15


def test_a_batch_is_bounded_in_bytes_but_never_empty(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 10)
    assert len(outbox.read_batch(sessions, max_entries=100, max_bytes=2000)) < 20
    assert len(outbox.read_batch(sessions, max_entries=100, max_bytes=1)) == 1


def test_a_batch_stops_at_a_gap(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 3)
    with sessions.begin() as session:
        session.delete(session.get_one(OutboxRow, 3))
    assert [
        outbox.seq_of(e) for e in outbox.read_batch(sessions, max_entries=100, max_bytes=10**6)
    ] == [
        1,
        2,
    ]


def test_acked_rows_leave_the_backlog(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 5)
    assert outbox.backlog(sessions) == 10
    assert outbox.mark_acked(sessions, through=4, now=T0) == 4
    assert outbox.mark_acked(sessions, through=4, now=T0) == 0
    assert outbox.backlog(sessions) == 6
    assert outbox.seq_of(outbox.read_batch(sessions, max_entries=1, max_bytes=10**6)[0]) == 5
    assert outbox.highest_seq(sessions) == 10


def test_a_row_that_is_no_wire_payload_is_sent_as_it_is(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        session.add(OutboxRow(kind="sale", payload={"kind": "sale"}, created_at=T0))
    trade(sessions, 1)
    first, *rest = outbox.read_batch(sessions, max_entries=10, max_bytes=10**6)
    assert first == {"seq": 1, "created_at": T0.isoformat(), "payload": {"kind": "sale"}}
    assert [outbox.seq_of(e) for e in rest] == [2, 3]  # the queue does not stop at it


def test_quarantined_rows_are_marked_and_kept(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 3)
    assert outbox.mark_acked(sessions, through=4, now=T0, quarantined=[2, 9]) == 4
    assert outbox.quarantined(sessions) == [2]  # 9 is past what was acknowledged
    assert outbox.backlog(sessions) == 2
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxRow)) == 6


def test_a_fresh_outbox_continues_after_the_backoffice(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 3)
    assert outbox.continue_after(sessions, 100) == 100
    trade(sessions, 1, first_receipt=4)
    batch = outbox.read_batch(sessions, max_entries=100, max_bytes=10**6)
    assert [outbox.seq_of(e) for e in batch] == list(range(101, 109))
    assert outbox.continue_after(sessions, 100) == 0  # now it is the database the backoffice knows


def test_an_empty_outbox_starts_after_the_backoffice(sessions: sessionmaker[Session]) -> None:
    assert outbox.continue_after(sessions, 50) == 50
    trade(sessions, 1)
    assert outbox.highest_seq(sessions) == 52


def test_the_known_database_is_left_alone(sessions: sessionmaker[Session]) -> None:
    trade(sessions, 3)
    assert outbox.continue_after(sessions, 4) == 0
    assert outbox.highest_seq(sessions) == 6
