"""kill -9 at random points of selling: no sale the kiosk called paid is lost, none is doubled,
the receipt series stays unbroken and the journal verifies, run after run on the same database."""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from byabutik.runtime.db import make_engine
from store_controller.checkout.models import PendingPaymentRow, SaleRow
from store_controller.checkout.seed import seed_demo_catalog
from store_controller.checkout.verify import verify_journal
from store_controller.db import MIGRATIONS

RUNS = 30
MIN_RUNS = 8
BUDGET_S = 25.0
REPO = Path(__file__).resolve().parents[3]


FIRST_SALE_S = 60.0


def run_and_kill(db: Path, seed: int, rng: random.Random) -> list[tuple[str, int]]:
    """One child until killed at a random point of selling: the kill comes after its first
    paid sale (a busy machine may spend a while loading what the first sale needs), so every
    run kills a checkout that is really selling."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store_controller.checkout.sale_child", str(db), str(seed)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert child.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=read_lines, args=(child.stdout, lines), daemon=True)
    reader.start()
    output: list[str] = []
    try:
        assert next_line(lines) == "READY"
        first = next_line(lines)
        assert first.startswith("PAID "), first
        output.append(first)
        time.sleep(rng.uniform(0.0, 0.6))  # a random point of some later sale: the kill itself
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        reader.join()
        child.stdout.close()
    while (line := lines.get_nowait()) is not None:
        output.append(line)
    said = []
    for line in output:
        if line.startswith("PAID "):
            _, sale_id, number = line.split()
            said.append((sale_id, int(number.rsplit("/", 1)[1])))
    return said


def next_line(lines: queue.Queue[str | None]) -> str:
    try:
        line = lines.get(timeout=FIRST_SALE_S)
    except queue.Empty:
        pytest.fail(f"the selling child printed nothing for {FIRST_SALE_S:.0f} s")
    assert line is not None, "the selling child ended by itself"
    return line


def read_lines(stream: IO[bytes], lines: queue.Queue[str | None]) -> None:
    """Every line the child prints, then None when its output ends."""
    for raw in stream:
        lines.put(raw.decode().strip())
    lines.put(None)


@pytest.mark.slow
def test_kill_9_never_loses_or_doubles_a_paid_sale(tmp_path: Path) -> None:
    db = tmp_path / "controller.db"
    engine = make_engine(f"sqlite:///{db}")
    MIGRATIONS.upgrade(engine)
    with Session(engine) as session:
        seed_demo_catalog(session)
        session.commit()
    engine.dispose()
    rng = random.Random(7)
    said: dict[str, int] = {}
    deadline = time.monotonic() + BUDGET_S
    runs = 0
    while runs < RUNS and (runs < MIN_RUNS or time.monotonic() < deadline):
        for sale_id, number in run_and_kill(db, runs, rng):
            assert sale_id not in said
            said[sale_id] = number
        runs += 1
        engine = make_engine(f"sqlite:///{db}")
        try:
            with engine.connect() as connection:
                rows = connection.execute(select(SaleRow.sale_id, SaleRow.receipt_number))
                on_disk: dict[str, int] = {row[0]: row[1] for row in rows}
                open_payments = connection.execute(
                    select(func.count())
                    .select_from(PendingPaymentRow)
                    .where(PendingPaymentRow.settled_at.is_(None))
                ).scalar_one()
            report = verify_journal(engine)
        finally:
            engine.dispose()
        assert report.ok, (runs, report.problems)
        missing = {sale_id for sale_id in said if sale_id not in on_disk}
        assert not missing, f"run {runs}: the kiosk said paid for sales not on disk: {missing}"
        assert all(on_disk[sale_id] == number for sale_id, number in said.items())
        assert sorted(on_disk.values()) == list(range(1, len(on_disk) + 1))
        assert open_payments <= 1  # at most the one the kill interrupted
    assert len(said) >= runs  # every run sold at least once before its kill
