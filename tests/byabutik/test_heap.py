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
