"""After start-up, the collector's full passes no longer walk what the process imported."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc
import backoffice.app  # the backoffice's whole import graph, as `serve` and the worker have it
from byabutik.runtime.heap import settle_after_start

before = len(gc.get_objects())
frozen = settle_after_start()
garbage = [[]]
garbage[0].append(garbage)  # a cycle made after start is still the collector's
del garbage
print(before, frozen, len(gc.get_objects()), gc.collect())
"""


def test_start_up_objects_leave_the_collectors_generations_and_new_cycles_are_still_collected() -> (
    None
):
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    before, frozen, after, collected = (int(word) for word in out.split())
    assert before > 100_000  # what a full pass used to walk
    assert frozen >= before * 0.9
    assert after < 1_000
    assert collected >= 1


BURST = """
import gc, sys, weakref
from byabutik.runtime.heap import SERVER_YOUNG_THRESHOLD, settle_after_start

settle_after_start(young_threshold=None if sys.argv[1] == "default" else SERVER_YOUNG_THRESHOLD)
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info) if phase == "stop" else None)


class Node:
    pass


push = [{"line": n, "parts": [n]} for n in range(10_000)]  # a large push's objects, alive
during_push = len(passes)
del push
cycle = Node()
cycle.self = cycle
gone = weakref.ref(cycle)
del cycle
garbage = [[n] for n in range(2 * SERVER_YOUNG_THRESHOLD)]  # later allocations, still alive
print(during_push, len(passes), gone() is None)
"""


def probe_burst(threshold: str) -> tuple[int, int, bool]:
    out = subprocess.run(
        [sys.executable, "-c", BURST, threshold],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    return int(out[0]), int(out[1]), out[2] == "True"


def test_a_request_sized_burst_of_objects_runs_no_collection_and_cycles_are_still_freed() -> None:
    during_push, passes, cycle_freed = probe_burst("server")
    assert during_push == 0
    assert passes >= 1  # the collector still runs once enough is allocated
    assert cycle_freed


def test_with_the_interpreters_threshold_the_same_burst_runs_many_collections() -> None:
    during_push, _, cycle_freed = probe_burst("default")
    assert during_push >= 20  # what every large push paid before
    assert cycle_freed
