"""One result line per figure, for `./dev bench`'s table (bench/run_all.py).

A benchmark prints what it prints for a reader, and calls `record` for each figure that has a
floor: when BYABUTIK_BENCH_RESULTS names a file, one JSON object per line is appended to it
(figure, floor, unit, ratio, goal); otherwise nothing more happens. A goal is about the ratio,
or (`goal_on="figure"`) about the figure itself in its unit, e.g. a drain in under 60 s.
"""

from __future__ import annotations

import json
import os
from typing import Literal

RESULTS_ENV = "BYABUTIK_BENCH_RESULTS"

Direction = Literal["<", "<=", ">=", ">"]


def record(
    name: str,
    *,
    figure: float,
    floor: float,
    unit: str,
    ratio: float,
    goal: tuple[Direction, float] | None = None,
    goal_on: Literal["ratio", "figure"] = "ratio",
) -> None:
    """Keep one figure beside its floor and the ratio; the goal (if any) is about the ratio,
    or about the figure with `goal_on="figure"`."""
    path = os.environ.get(RESULTS_ENV)
    if not path:
        return
    met = None
    text = None
    if goal is not None:
        value = ratio if goal_on == "ratio" else figure
        met = reached(value, goal)
        text = f"{goal[0]} {goal[1]:.3g}" + ("x" if goal_on == "ratio" else f" {unit}")
    line = {
        "name": name,
        "figure": figure,
        "floor": floor,
        "unit": unit,
        "ratio": ratio,
        "goal": text,
        "met": met,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def reached(value: float, goal: tuple[Direction, float]) -> bool:
    direction, bound = goal
    if direction == "<":
        return value < bound
    if direction == "<=":
        return value <= bound
    if direction == ">=":
        return value >= bound
    return value > bound
