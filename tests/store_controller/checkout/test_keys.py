"""New ids: version 7 UUIDs, ascending, unique across bursts, restarts and a clock that steps back.

These replace the test that the movement ids were version 4: that was how they were made, not
what they must be (issue 23 made them time-ordered)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

from retail import wire
from store_controller.checkout.keys import TimeOrderedIds, new_id, new_ids

T0 = 1_796_000_000_000  # Unix milliseconds, Dec 2026


class FakeClock:
    """Unix nanoseconds, set by the test."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms * 1_000_000 + 123_456


def unix_ms(text_id: str) -> int:
    return uuid.UUID(text_id).int >> 80


def counter(text_id: str) -> int:
    return uuid.UUID(text_id).int >> 64 & 0xFFF


def test_ids_are_version_7_uuids_as_text_with_the_clocks_milliseconds() -> None:
    ids = TimeOrderedIds(clock=FakeClock(T0)).texts(50)
    for text_id in ids:
        parsed = uuid.UUID(text_id)
        assert str(parsed) == text_id
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
        assert unix_ms(text_id) == T0
    assert new_id().version == 7
    assert all(uuid.UUID(text_id).version == 7 for text_id in new_ids(3))


def test_a_burst_is_unique_and_ascending_as_text() -> None:
    ids = new_ids(5_000) + [str(new_id()) for _ in range(5_000)] + new_ids(5_000)
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)  # text order is time order: the key's B-tree appends


def test_ids_in_one_millisecond_count_up_then_move_to_the_next() -> None:
    ids = TimeOrderedIds(clock=FakeClock(T0)).texts(6_000)  # more than a counter holds
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert unix_ms(ids[0]) == T0
    assert unix_ms(ids[-1]) > T0  # the counter ran out at least once: the next millisecond
    first = [i for i in ids if unix_ms(i) == T0]
    assert counter(first[0]) < 2048  # started low enough to count on
    assert [counter(i) for i in first] == list(range(counter(first[0]), 4096))


def test_a_clock_that_steps_back_keeps_ids_unique_and_ascending() -> None:
    clock = FakeClock(T0)
    ids = TimeOrderedIds(clock=clock)
    before = ids.texts(100)
    clock.ms = T0 - 3_600_000  # NTP steps a clock that ran an hour ahead back
    after = ids.texts(100)
    clock.ms = T0 + 5  # and it catches up
    later = ids.texts(10)
    together = before + after + later
    assert len(set(together)) == len(together)
    assert together == sorted(together)
    assert {unix_ms(i) for i in after} == {T0}  # the last millisecond, counted on
    assert {unix_ms(i) for i in later} == {T0 + 5}


def test_after_a_restart_with_the_clock_behind_the_random_bits_keep_ids_unique() -> None:
    """A new process (a new generator) whose clock gives the same milliseconds again: its
    ids fall among the old ones, and differ from them in their random bits."""
    clock = FakeClock(T0)
    first_run = [id_ for _ in range(20) for id_ in TimeOrderedIds(clock=clock).texts(50)]
    assert len(set(first_run)) == len(first_run)
    assert {unix_ms(i) for i in first_run} == {T0}
    clock.ms = T0 - 10_000
    old = TimeOrderedIds(clock=clock).texts(500)
    clock.ms = T0
    again = TimeOrderedIds(clock=clock).texts(500)
    together = first_run + old + again
    assert len(set(together)) == len(together)


def test_threads_drawing_at_once_get_unique_ids() -> None:
    ids = TimeOrderedIds()
    drawn: list[list[str]] = [[] for _ in range(4)]
    start = threading.Barrier(4)

    def draw(mine: list[str]) -> None:
        start.wait()
        for _ in range(500):
            mine.extend(ids.texts(2))

    threads = [threading.Thread(target=draw, args=(mine,)) for mine in drawn]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [text_id for mine in drawn for text_id in mine]
    assert len(set(every)) == len(every) == 4_000
    assert all(mine == sorted(mine) for mine in drawn)


def test_the_wire_takes_them() -> None:
    sale_id, movement_id = new_id(), new_id()
    movement = wire.StockMovement(
        movement_id=movement_id,
        occurred_at=datetime(2026, 12, 6, 19, 0, tzinfo=UTC),
        product_key="07310865071804",
        quantity_delta=-1,
        weight_delta_g=0,
        reason=wire.StockReason.SALE,
        sale_id=sale_id,
    )
    again = wire.StockMovement.model_validate_json(movement.model_dump_json())
    assert (again.movement_id, again.sale_id) == (movement_id, sale_id)
