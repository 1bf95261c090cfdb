"""Backoff: doubles to a cap, jittered in the upper half, reset by success."""

from __future__ import annotations

import random

from store_controller.sync.backoff import Backoff


def test_doubles_with_jitter_up_to_the_cap() -> None:
    backoff = Backoff(base=1, cap=10, rng=random.Random(4))
    delays = [backoff.delay() for _ in range(8)]
    for delay, ceiling in zip(delays, [1, 2, 4, 8, 10, 10, 10, 10], strict=True):
        assert ceiling / 2 <= delay <= ceiling
    backoff.reset()
    assert backoff.delay() <= 1


def test_two_stores_do_not_retry_in_step() -> None:
    a, b = Backoff(rng=random.Random(1)), Backoff(rng=random.Random(2))
    assert [a.delay() for _ in range(5)] != [b.delay() for _ in range(5)]
