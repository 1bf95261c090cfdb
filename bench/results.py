"""One result line per figure, for `./dev bench`'s table (bench/run_all.py).

A benchmark prints what it prints for a reader, and calls `record` for each figure that has a
floor: when BYABUTIK_BENCH_RESULTS names a file, one JSON object per line is appended to it
(figure, floor, unit, ratio, goal); otherwise nothing more happens.
"""

from __future__ import annotations

import json
import os
from typing import Literal

RESULTS_ENV = "BYABUTIK_BENCH_RESULTS"

Direction = Literal["<=", ">="]


def record(
    name: str,
    *,
    figure: float,
    floor: float,
    unit: str,
    ratio: float,
    goal: tuple[Direction, float] | None = None,
) -> None:
    """Keep one figure beside its floor and the ratio the goal (if any) is about."""
    path = os.environ.get(RESULTS_ENV)
    if not path:
        return
    met = None
    if goal is not None:
        met = ratio <= goal[1] if goal[0] == "<=" else ratio >= goal[1]
    line = {
        "name": name,
        "figure": figure,
        "floor": floor,
        "unit": unit,
        "ratio": ratio,
        "goal": f"{goal[0]} {goal[1]:.3g}x" if goal else None,
        "met": met,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
