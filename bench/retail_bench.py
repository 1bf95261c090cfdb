"""Retail kernel throughput: barcode parses and personnummer validations per second.

Each figure is printed beside a floor measured in the same run over the same inputs: a bare
check-digit loop (GS1 mod 10 for barcodes, Luhn for personnummer) that does nothing else. The
ratio says how many bare check-digit computations one full parse costs. The independent libraries
the tests cross-check against (python-stdnum, personnummer; dev dependencies) are printed as peers.

Run: `.venv/bin/python -m bench.retail_bench` (about 25 s).

GS1-128 labels (issue 23, goal within 5x of the floor): the profile of the first parser showed a
generic take-then-decode loop, the check digit computed twice, and frozen dataclasses with 19
and 11 fields built field by field, then copied; see docs/notes/issue-13-kernel.md.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from bench.results import record
from retail.barcodes import GS, parse_scan, with_check_digit
from retail.personnummer import Personnummer, luhn_check_digit

ROUNDS = 15
"""Best of 15: the machine is shared, and a figure is only as good as its quietest round."""
INPUTS = 10_000
TODAY = date(2026, 11, 28)


def best_rates(works: Sequence[Callable[[], object]], count: int) -> list[float]:
    """Items per second of each of `works` over `count` items: best of `ROUNDS` runs.

    The works take turns within each round, and each is timed by this process's CPU time
    (`time.process_time`), not the wall clock: these loops never wait, so CPU time is the work
    itself, while on a shared machine the wall clock also counts the time spent waiting for a
    core (a 50 ms round is interrupted far more often than a 13 ms one, which skewed the ratio).
    """
    best = [float("inf")] * len(works)
    for _ in range(ROUNDS):
        for index, work in enumerate(works):
            start = time.process_time()
            work()
            best[index] = min(best[index], time.process_time() - start)
    return [count / seconds for seconds in best]


def ean13_inputs(rng: random.Random) -> list[str]:
    """Trade items and Swedish weight and price codes, as a store's scans are."""
    codes = []
    for _ in range(INPUTS):
        prefix = rng.choice(["73", "73", "73", "64", "57", "23", "21"])
        body = prefix + "".join(rng.choice("0123456789") for _ in range(10))
        codes.append(with_check_digit(body))
    return codes


def element_string_inputs(rng: random.Random) -> list[str]:
    """GS1-128 labels: GTIN, best before (one of the next 90 days), weight, batch, serial."""
    labels = []
    for _ in range(INPUTS):
        gtin = with_check_digit("0" + "".join(rng.choice("0123456789") for _ in range(12)))
        best_before = TODAY + timedelta(days=rng.randrange(1, 91))
        weight = rng.randrange(1, 99_999)
        batch = f"LOT{rng.randrange(999)}"
        labels.append(
            f"]C101{gtin}15{best_before:%y%m%d}"
            + f"3103{weight:06d}10{batch}{GS}21{rng.randrange(10**6)}"
        )
    return labels


def personnummer_inputs(rng: random.Random) -> list[str]:
    """Valid 12-digit numbers (some samordningsnummer)."""
    numbers = []
    for _ in range(INPUTS):
        day = rng.randrange(1, 29) + rng.choice([0, 0, 0, 60])
        body = f"{rng.randrange(30, 100):02d}{rng.randrange(1, 13):02d}{day:02d}"
        body += f"{rng.randrange(1, 1000):03d}"
        numbers.append(f"19{body}{luhn_check_digit(body)}")
    return numbers


def gs1_floor(codes: Sequence[str]) -> Callable[[], object]:
    """Bare GS1 mod-10 check over each code's digits (or a label's GTIN)."""

    def run() -> int:
        ok = 0
        for code in codes:
            digits = code[5:19] if code.startswith("]C1") else code
            total = 0
            for i, char in enumerate(reversed(digits[:-1])):
                total += (ord(char) - 48) * (3 if i % 2 == 0 else 1)
            ok += (-total % 10) == ord(digits[-1]) - 48
        return ok

    return run


def luhn_floor(numbers: Sequence[str]) -> Callable[[], object]:
    """Bare Luhn over the ten digits YYMMDDNNNC of each number."""

    def run() -> int:
        ok = 0
        for number in numbers:
            total = 0
            for i, char in enumerate(number[2:11]):
                product = (ord(char) - 48) * (2 - i % 2)
                total += product - 9 if product > 9 else product
            ok += (-total % 10) == ord(number[11]) - 48
        return ok

    return run


def report(label: str, ours: float, floor: float, goal: float | None = None) -> None:
    """One line: our rate, the floor's rate, how many floor steps one of ours costs (and the
    goal for that ratio, if there is one)."""
    line = f"{label:<34} {ours:>10,.0f}/s   floor {floor:>10,.0f}/s   ratio {floor / ours:5.1f}x"
    print(line + (f"   goal <= {goal:.0f}x" if goal is not None else ""))
    record(
        label,
        figure=ours,
        floor=floor,
        unit="/s",
        ratio=floor / ours,
        goal=("<=", goal) if goal is not None else None,
    )


def peer(label: str, rate: float) -> None:
    """One line for an independent library doing comparable work."""
    print(f"  peer: {label:<27} {rate:>10,.0f}/s")


def bench_barcodes(rng: random.Random) -> None:
    """EAN-13 scans and GS1-128 labels through `parse_scan`, with stdnum as a peer."""
    from stdnum import ean

    codes = ean13_inputs(rng)
    ours, floor, stdnum_rate = best_rates(
        [
            lambda: [parse_scan(code, today=TODAY) for code in codes],
            gs1_floor(codes),
            lambda: [ean.is_valid(code) for code in codes],
        ],
        len(codes),
    )
    report("parse_scan EAN-13 (incl. 2X codes)", ours, floor)
    peer("stdnum.ean.is_valid", stdnum_rate)
    labels = element_string_inputs(rng)
    ours, floor = best_rates(
        [lambda: [parse_scan(label, today=TODAY) for label in labels], gs1_floor(labels)],
        len(labels),
    )
    report("parse_scan GS1-128 label", ours, floor, goal=5)


def bench_personnummer(rng: random.Random) -> None:
    """12-digit numbers through `Personnummer.parse`, with the personnummer package as a peer."""
    from personnummer import personnummer

    numbers = personnummer_inputs(rng)
    ours, floor, package_rate = best_rates(
        [
            lambda: [Personnummer.parse(number) for number in numbers],
            luhn_floor(numbers),
            lambda: [personnummer.valid(number) for number in numbers],
        ],
        len(numbers),
    )
    report("Personnummer.parse (12 digits)", ours, floor)
    peer("personnummer.valid", package_rate)


def main() -> None:
    """Run every measurement and print one line each."""
    rng = random.Random(20260401)
    print(f"retail bench: {INPUTS:,} inputs each, best of {ROUNDS} interleaved runs")
    bench_barcodes(rng)
    bench_personnummer(rng)


if __name__ == "__main__":
    main()
