"""`./dev bench`: every benchmark in bench/, each in its own process, and one table of results.

Each `bench/*_bench.py` runs as `python -m bench.<name>` with a time limit; what it prints is
shown as it comes, and every figure it `record`s (bench/results.py) becomes a row of the table
written to docs/benchmarks.md (a run of named ones prints it instead): figure, floor, ratio, goal,
met. A benchmark that fails or runs out of time is reported in the table and the others still
run; the exit status is 1 if any failed.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from bench.results import RESULTS_ENV

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "docs" / "benchmarks.md"
BUDGET_S = 285.0  # all of them: `./dev bench` stays under five minutes
# Smaller runs of the long benchmarks, so that all fit in the budget (the ratios hold; an
# environment variable already set wins, for a full-size run of one: `./dev bench sync_bench`
# with SYNC_BENCH_STORES=100). Each bench's docstring names its full size.
SIZES = {
    "alert_bench": {"ALERT_BENCH_RUNS": "3"},
    "catalog_search_bench": {"CATALOG_SEARCH_BENCH_REPS": "5"},
    "checkout_bench": {"CHECKOUT_BENCH_SCANS": "3000", "CHECKOUT_BENCH_SALES": "120"},
    "memory_bench": {"MEMORY_BENCH_ROUNDS": "1"},
    "pricefile_bench": {"PRICEFILE_BENCH_ROWS": "1000"},
    "reconnect_bench": {"RECONNECT_BENCH_OUTAGE_S": "5", "RECONNECT_BENCH_SALES": "100"},
    "reports_bench": {
        "REPORTS_BENCH_STORES": "1",
        "REPORTS_BENCH_SALES_PER_DAY": "30",
        "REPORTS_BENCH_RUNS": "5",
    },
    "sizing_bench": {
        "SIZING_BENCH_SECONDS": "10",
        "SIZING_BENCH_STEP_S": "2",
        "SIZING_BENCH_FLOOR_S": "1.5",
        "SIZING_BENCH_START": "8",
    },
    "stocktake_bench": {"STOCKTAKE_BENCH_SCANS": "100"},
    "sync_bench": {"SYNC_BENCH_STORES": "20", "SYNC_BENCH_SPREAD": "least-busy"},
}
# Seconds each takes at those sizes on a busy 2-core machine (load ~10, measured): the quick
# ones run first, and each gets a share of what is left of the budget in proportion to its own
# estimate, so one slow bench cannot starve the ones after it (time a quick one does not use
# goes to the rest). A bench not listed counts as DEFAULT_S.
EXPECTED_S = {
    "door_bench": 10,
    "retail_bench": 11,
    "pricefile_bench": 17,
    "catalog_search_bench": 40,
    "stocktake_bench": 20,
    "drivers_bench": 26,
    "memory_bench": 44,
    "sync_bench": 32,
    "sizing_bench": 30,
    "checkout_bench": 37,
    "reconnect_bench": 38,
    "alert_bench": 40,
    "reports_bench": 35,
}
DEFAULT_S = 30.0
SLACK = 1.25


@dataclass
class Outcome:
    name: str
    status: str = "ok"
    seconds: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list)
    tail: str = ""


def benchmarks() -> list[str]:
    names = sorted(path.stem for path in (ROOT / "bench").glob("*_bench.py"))
    return sorted(names, key=lambda name: (expected(name), name))


def expected(name: str) -> float:
    return float(EXPECTED_S.get(name, DEFAULT_S))


def slice_s(name: str, rest: list[str], left_s: float) -> float:
    """`name`'s limit: up to SLACK times its share of `left_s` beside the benches still to run
    after it (`rest`), in proportion to the estimates, and never so much that one of those would
    be left less than a third of its own estimate."""
    share = left_s * expected(name) / (expected(name) + sum(expected(n) for n in rest))
    return min(SLACK * share, left_s - sum(expected(n) for n in rest) / 3)


def run_one(name: str, limit_s: float) -> Outcome:
    outcome = Outcome(name)
    with tempfile.TemporaryDirectory() as scratch:
        results = Path(scratch) / "results.jsonl"
        env = {**SIZES.get(name, {}), **os.environ, RESULTS_ENV: str(results)}
        started = time.monotonic()
        # its own process group, so servers it started go too when it is stopped
        child = subprocess.Popen(
            [sys.executable, "-m", f"bench.{name}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            output = child.communicate(timeout=limit_s)[0].decode(errors="replace")
            if child.returncode != 0:
                outcome.status = f"failed (exit {child.returncode})"
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            output = child.communicate()[0].decode(errors="replace")
            outcome.status = f"stopped after {limit_s:.0f} s"
        outcome.seconds = time.monotonic() - started
        print(output, end="" if output.endswith("\n") else "\n", flush=True)
        if outcome.status != "ok":
            outcome.tail = "\n".join(output.strip().splitlines()[-3:])
        if results.exists():
            lines = results.read_text(encoding="utf-8").splitlines()
            outcome.rows = [json.loads(line) for line in lines if line.strip()]
    return outcome


def number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value < 10 else f"{value:.1f}"


def met(row: dict[str, Any]) -> str:
    if row["met"] is None:
        return "-"
    return "yes" if row["met"] else "**no**"


def table(outcomes: list[Outcome], took_s: float) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = ", ".join(f"{k}={os.environ.get(k, v)}" for e in SIZES.values() for k, v in e.items())
    lines = [
        "# Benchmarks",
        "",
        f"Written by `./dev bench` on {stamp} ({platform.machine()}, {os.cpu_count()} cores,"
        f" load average {os.getloadavg()[0]:.1f} at the end, {took_s:.0f} s in all).",
        "Each figure beside its floor measured in the same run; the ratio is the one the goal",
        "is about (cost in floor units for latencies and parsers, share of the floor's rate for",
        "throughputs). Figures on a shared machine vary from run to run: read them as ratios.",
        f"Sizes reduced to fit five minutes: {sizes}.",
        "",
        "| bench | figure | value | floor | ratio | goal | met? |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for outcome in outcomes:
        for row in outcome.rows:
            unit = row["unit"]
            lines.append(
                f"| {outcome.name} | {row['name']} | {number(row['figure'])} {unit}"
                f" | {number(row['floor'])} {unit} | {row['ratio']:.2f}x"
                f" | {row['goal'] or '-'} | {met(row)} |"
            )
        if outcome.status != "ok":
            lines.append(f"| {outcome.name} | **{outcome.status}** | | | | | **no** |")
    lines += ["", "| bench | status | seconds |", "| --- | --- | --- |"]
    lines += [f"| {o.name} | {o.status} | {o.seconds:.0f} |" for o in outcomes]
    return "\n".join(lines) + "\n"


USAGE = "usage: ./dev bench [name...]  (every benchmark when none is named)"


class Answer(NamedTuple):
    """What `./dev bench` says instead of running: a message and the exit status."""

    message: str
    status: int


def chosen(argv: list[str]) -> list[str] | Answer:
    """The benchmarks `argv` names (all when it names none), or the answer instead: the usage
    and the names for `-h`/`--help`, an error naming what is not a benchmark."""
    known = benchmarks()
    listing = f"{USAGE}\nbenchmarks: {' '.join(sorted(known))}"
    if any(arg in ("-h", "--help") for arg in argv):
        return Answer(listing, 0)
    unknown = [arg for arg in argv if arg not in known]
    if unknown:
        return Answer(f"not a benchmark: {' '.join(unknown)}\n{listing}", 2)
    return argv or known


def main(argv: list[str]) -> int:
    """Run the chosen benchmarks. The table goes to docs/benchmarks.md only when all ran (a
    run of some prints it), so the file always holds one whole run."""
    names = chosen(argv)
    if isinstance(names, Answer):
        print(names.message, file=sys.stderr if names.status else sys.stdout)
        return names.status
    started = time.monotonic()
    outcomes = []
    for i, name in enumerate(names):
        left = BUDGET_S - (time.monotonic() - started)
        limit = slice_s(name, names[i + 1 :], left)
        if limit < 5:
            outcomes.append(Outcome(name, status="not run: out of time"))
            continue
        print(f"==> bench.{name} (at most {limit:.0f} s)", flush=True)
        outcomes.append(run_one(name, limit))
    took = time.monotonic() - started
    if argv:
        print(table(outcomes, took), end="")
        print(
            f"{len(names)} of {len(benchmarks())} run in {took:.0f} s; {TABLE.name} left as it was"
        )
    else:
        TABLE.write_text(table(outcomes, took), encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)} in {took:.0f} s")
    return 0 if all(o.status == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
