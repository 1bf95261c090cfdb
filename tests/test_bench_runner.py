"""`./dev bench`'s runner: what it does with names, and where its table goes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import run_all

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.run_all", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_lists_the_benchmarks_and_runs_none() -> None:
    before = run_all.TABLE.read_bytes()
    answer = run("--help")
    assert answer.returncode == 0
    assert "usage: ./dev bench [name...]" in answer.stdout
    assert "door_bench" in answer.stdout
    assert "sync_bench" in answer.stdout
    assert "==> bench." not in answer.stdout
    assert run_all.TABLE.read_bytes() == before


def test_a_name_that_is_no_benchmark_is_refused_before_anything_runs() -> None:
    before = run_all.TABLE.read_bytes()
    answer = run("door_bench", "dor_bench")
    assert answer.returncode == 2
    assert "not a benchmark: dor_bench" in answer.stderr
    assert "==> bench." not in answer.stdout
    assert run_all.TABLE.read_bytes() == before


def test_a_run_of_some_prints_their_rows_and_leaves_the_whole_runs_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "benchmarks.md"
    table.write_text("the last whole run\n", encoding="utf-8")
    monkeypatch.setattr(run_all, "TABLE", table)
    row = {
        "name": "door entry p99",
        "figure": 900.0,
        "floor": 500.0,
        "unit": "µs",
        "ratio": 1.8,
        "goal": "<= 2x",
        "met": True,
    }
    monkeypatch.setattr(run_all, "run_one", lambda name, limit_s: run_all.Outcome(name, rows=[row]))
    assert run_all.main(["door_bench"]) == 0
    out = capsys.readouterr().out
    assert "| door_bench | door entry p99 | 900 µs | 500 µs | 1.80x | <= 2x | yes |" in out
    assert "left as it was" in out
    assert table.read_text(encoding="utf-8") == "the last whole run\n"
