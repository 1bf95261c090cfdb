"""The fault queue and random fault injection of the simulator."""

from __future__ import annotations

import random
from collections import Counter

from bankid_rp.simulator.faults import RANDOM_ERRORS, Fault, FaultInjector


def test_queued_faults_match_by_path_and_run_out() -> None:
    faults = FaultInjector()
    faults.add(Fault(path="collect", error="maintenance", times=2))
    faults.add(Fault(path="*", non_json=True))
    assert faults.take("auth") == Fault(path="*", non_json=True, times=0)
    assert faults.take("collect") is not None
    assert faults.take("collect") is not None
    assert faults.take("collect") is None


def test_random_faults_at_the_configured_rate() -> None:
    faults = FaultInjector(rate=0.25, rng=random.Random(4))
    drawn = [faults.take("auth") for _ in range(2000)]
    errors = Counter(f.error for f in drawn if f is not None)
    assert 400 < sum(errors.values()) < 600
    assert set(errors) == set(RANDOM_ERRORS)
    collects = [faults.take("collect") for _ in range(400)]
    assert "alreadyInProgress" not in {f.error for f in collects if f is not None}
    assert FaultInjector().take("auth") is None
