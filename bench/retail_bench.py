"""Retail kernel throughput: barcode parses and personnummer validations per second.

Each figure is printed beside a floor measured in the same run over the same inputs: a bare
check-digit loop (GS1 mod 10 for barcodes, Luhn for personnummer) that does nothing else. The
ratio says how many bare check-digit computations one full parse costs. Where the independent
libraries used by the tests are installed, their figures are printed as peers.

Run: `.venv/bin/python -m bench.retail_bench` (about 10-15 s).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from datetime import date

from retail.barcodes import GS, parse_scan, with_check_digit
from retail.personnummer import Personnummer, luhn_check_digit

ROUNDS = 3
INPUTS = 20_000
TODAY = date(2026, 11, 28)


def best_rate(work: Callable[[], object], count: int) -> float:
    """Items per second: the best of `ROUNDS` timed runs of `work` over `count` items."""
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return count / best


def ean13_inputs(rng: random.Random) -> list[str]:
    """Trade items and Swedish weight and price codes, as a store's scans are."""
    codes = []
    for _ in range(INPUTS):
        prefix = rng.choice(["73", "73", "73", "64", "57", "23", "21"])
        body = prefix + "".join(rng.choice("0123456789") for _ in range(10))
        codes.append(with_check_digit(body))
    return codes


def element_string_inputs(rng: random.Random) -> list[str]:
    """GS1-128 labels: GTIN, best before, weight, batch, serial."""
    labels = []
    for _ in range(INPUTS):
        gtin = with_check_digit("0" + "".join(rng.choice("0123456789") for _ in range(12)))
        weight = rng.randrange(1, 99_999)
        batch = f"LOT{rng.randrange(999)}"
        labels.append(
            f"]C101{gtin}15270131" + f"3103{weight:06d}10{batch}{GS}21{rng.randrange(10**6)}"
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


def report(label: str, ours: float, floor: float) -> None:
    """One line: our rate, the floor's rate, and how many floor steps one of ours costs."""
    print(f"{label:<34} {ours:>12,.0f}/s   floor {floor:>12,.0f}/s   ratio {floor / ours:6.1f}x")


def peer(label: str, rate: float) -> None:
    """One line for an independent library doing comparable work."""
    print(f"  peer: {label:<27} {rate:>12,.0f}/s")


def bench_barcodes(rng: random.Random) -> None:
    """EAN-13 scans and GS1-128 labels through `parse_scan`."""
    codes = ean13_inputs(rng)
    report(
        "parse_scan EAN-13 (incl. 2X codes)",
        best_rate(lambda: [parse_scan(c, today=TODAY) for c in codes], len(codes)),
        best_rate(gs1_floor(codes), len(codes)),
    )
    try:
        from stdnum import ean
    except ImportError:  # pragma: no cover (stdnum is a dev dependency)
        pass
    else:
        peer("stdnum.ean.is_valid", best_rate(lambda: [ean.is_valid(c) for c in codes], INPUTS))
    labels = element_string_inputs(rng)
    report(
        "parse_scan GS1-128 label",
        best_rate(lambda: [parse_scan(label, today=TODAY) for label in labels], len(labels)),
        best_rate(gs1_floor(labels), len(labels)),
    )


def bench_personnummer(rng: random.Random) -> None:
    """12-digit numbers through `Personnummer.parse`."""
    numbers = personnummer_inputs(rng)
    report(
        "Personnummer.parse (12 digits)",
        best_rate(lambda: [Personnummer.parse(n) for n in numbers], len(numbers)),
        best_rate(luhn_floor(numbers), len(numbers)),
    )
    try:
        from personnummer import personnummer
    except ImportError:  # pragma: no cover (personnummer is a dev dependency)
        return
    peer("personnummer.valid", best_rate(lambda: [personnummer.valid(n) for n in numbers], INPUTS))


def main() -> None:
    """Run every measurement and print one line each."""
    rng = random.Random(20260401)
    print(f"retail bench: {INPUTS:,} inputs each, best of {ROUNDS} runs")
    bench_barcodes(rng)
    bench_personnummer(rng)


if __name__ == "__main__":
    main()
