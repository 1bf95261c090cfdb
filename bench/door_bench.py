"""Door entry latency: from BankID's collect=complete to the lock relay energised.

The measured path is what the controller runs when a collect answers `complete`: the login's
progress handler, the personnummer turned into a birth date and a keyed hash, the customer record
(SQLite on disk, migrated like the Pi's), the access policy, the visit row, the door machine's
grant and `DoorLock.unlock` on gpiozero's MockFactory pins. The floor, measured in the same run
and interleaved with it, is what an entry cannot do without: one durable SQLite commit (the
visit must be on disk: BEGIN IMMEDIATE, one INSERT, COMMIT with synchronous=FULL on the same
database) and then `DoorLock.unlock` on the same pins. The floor commits on the connection the
entry's writes use (the engine's writer connection, `store_controller.db.writer.writing`), as it
shared the pool's one connection with them before they moved there: SQLite drops a connection's
page cache when another connection has written since, which on a pooled connection would add
about half a floor's own instructions to the floor. The bare relay toggle is printed beside it,
and the same path with an in-memory database shows what the disk writes cost.

Also printed, without goals: this thread's CPU time (user + system: what load on the shared
machine moves least; blind to the wait for fsync) per entry and per floor, medians, and the WAL
pages each one's commit wrote (the `-shm` file's `mxFrame`, as `bench.sale_commits` counts them;
a commit that started the WAL over is left out).

Run: `.venv/bin/python -m bench.door_bench` (about 10 s).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import sessionmaker

from bankid_rp.config import BankIdConfig
from bankid_rp.flow import OrderProgress
from bankid_rp.messages import RFA
from bankid_rp.models import CollectResult
from bench.results import record
from bench.sale_commits import WalFrames
from byabutik.runtime.db import make_engine
from byabutik.runtime.heap import settle_after_start
from drivers.gpio.lock import DoorLock
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from drivers.timing import TimerThread
from store_controller.core.clock import SystemClock
from store_controller.db import MIGRATIONS
from store_controller.db.writer import writing
from store_controller.door import AccessPolicy, ContactClosed, ContactOpened, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.bankid import LazyBankIdClient
from store_controller.entry.commands import PolicyHolder
from store_controller.entry.config import EntryConfig
from store_controller.entry.login import EntryDesk, Login
from store_controller.entry.service import DoorService

RUNS = 300
WARMUP = 20
PIN = 17
PEOPLE = ("191212121212", "199908072391", "194408139089", "199006022397", "195005050512")


def completion(personal_number: str) -> OrderProgress:
    """The final progress of a flow whose collect said `complete` (as the simulator answers)."""
    result = CollectResult.model_validate(
        {
            "orderRef": "bench",
            "status": "complete",
            "completionData": {
                "user": {
                    "personalNumber": personal_number,
                    "name": "Bench Person",
                    "givenName": "Bench",
                    "surname": "Person",
                },
                "device": {"ipAddress": "127.0.0.1"},
                "signature": "c2ln",
                "ocspResponse": "b2NzcA==",
            },
        }
    )
    return OrderProgress("bench", "complete", RFA["RFA21"], completion=result.completion_data)


class Bench:
    """One door (service, admission, desk) on MockFactory pins over `database_url`."""

    def __init__(
        self, database_url: str, pins: Any, scheduler: TimerThread, wal: Path | None = None
    ) -> None:
        self.engine = make_engine(database_url)
        MIGRATIONS.upgrade(self.engine)
        sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.pin = pins.pin(PIN)
        self.lock = DoorLock(name="door", pin=PIN, pin_factory=pins, scheduler=scheduler)
        clock = SystemClock()
        self.door = DoorService(config=DoorConfig(), lock=self.lock, sessions=sessions, clock=clock)
        admission = Admission(
            door=self.door,
            sessions=sessions,
            clock=clock,
            policy=PolicyHolder(AccessPolicy()),  # as the controller: built once, not per entry
            hash_key=b"bench-identity-hash-key-0123456789",
        )
        self.desk = EntryDesk(
            client=LazyBankIdClient(lambda: None),  # type: ignore[arg-type, return-value]
            bankid=BankIdConfig(),
            config=EntryConfig(),
            admission=admission,
            sessions=sessions,
            clock=clock,
            on_change=lambda _login: None,
        )
        self.login = Login("door", "qr", "127.0.0.1")
        with self.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, at TEXT)")
        self.frames = None if wal is None else WalFrames(wal)

    def entry(self, progress: OrderProgress, samples: Samples) -> None:
        """From the complete collect to the relay on (wall, CPU, WAL pages); then the person
        walks in."""
        frames = self.frames.now() if self.frames is not None else 0
        start, cpu = time.perf_counter(), time.thread_time()
        self.desk._progress(self.login, progress)
        elapsed, cpu = time.perf_counter() - start, time.thread_time() - cpu
        samples.add(elapsed, cpu, self._pages(frames))
        assert self.pin.state, self.login.message
        self.door.apply(ContactOpened())
        self.door.apply(ContactClosed())

    def _pages(self, before: int) -> int | None:
        """WAL frames written since `before` (None: no WAL, or SQLite started it over)."""
        if self.frames is None:
            return None
        after = self.frames.now()
        return after - before if after >= before else None

    def toggle(self) -> float:
        start = time.perf_counter()
        self.lock.unlock(5.0)
        elapsed = time.perf_counter() - start
        assert self.pin.state
        self.lock.lock()
        return elapsed

    def commit_and_toggle(self, samples: Samples) -> None:
        """The floor: one durable commit, then the relay."""
        frames = self.frames.now() if self.frames is not None else 0
        start, cpu = time.perf_counter(), time.thread_time()
        with writing(self.engine) as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.exec_driver_sql("INSERT INTO bench_floor (at) VALUES (datetime('now'))")
            connection.commit()
        self.lock.unlock(5.0)
        elapsed, cpu = time.perf_counter() - start, time.thread_time() - cpu
        samples.add(elapsed, cpu, self._pages(frames))
        assert self.pin.state
        self.lock.lock()

    def close(self) -> None:
        if self.frames is not None:
            self.frames.close()
        self.lock.close()
        self.engine.dispose()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


@dataclass(slots=True)
class Samples:
    """Wall seconds, CPU seconds and WAL pages of one kind of run."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    def add(self, wall: float, cpu: float, pages: int | None) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)
        if pages is not None:
            self.pages.append(pages)

    def after(self, warmup: int) -> Samples:
        return Samples(self.wall[warmup:], self.cpu[warmup:], self.pages[warmup:])


def measure(bench: Bench) -> tuple[Samples, Samples, list[float]]:
    """Entries, floors and bare toggles, interleaved so a busy machine slows them alike."""
    progresses = [completion(PEOPLE[i % len(PEOPLE)]) for i in range(RUNS + WARMUP)]
    entries, floors = Samples(), Samples()
    toggles: list[float] = []
    for progress in progresses:
        bench.entry(progress, entries)
        bench.commit_and_toggle(floors)
        toggles.append(bench.toggle())
    return entries.after(WARMUP), floors.after(WARMUP), toggles[WARMUP:]


def row(label: str, samples: list[float], floor: tuple[float, float]) -> str:
    p50, p99 = percentiles(samples)
    return (
        f"{label:<44} p50 {p50 * 1e6:9.1f} µs ({p50 / floor[0]:7.1f}x)"
        f"   p99 {p99 * 1e6:9.1f} µs ({p99 / floor[1]:7.1f}x)"
    )


def run(
    make_url: Callable[[Path], str], folder: Path, wal: Path | None = None
) -> tuple[Samples, Samples, list[float]]:
    pins = make_pin_factory("mock")
    scheduler = TimerThread("lock door watchdog")  # as `drivers.factory.build_devices`
    bench = Bench(make_url(folder), pins, scheduler, wal)
    settle_after_start()  # as `byabutik controller run` once started
    try:
        return measure(bench)
    finally:
        bench.close()
        scheduler.close()
        close_pin_factory(pins)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "controller.db"
        disk, disk_floor, toggles = run(lambda _f: f"sqlite:///{database}", database, database)
    memory, memory_floor, _ = run(lambda _f: "sqlite://", Path("."))
    floor = percentiles(disk_floor.wall)
    print(f"door entry latency over {RUNS} runs (ratio = x the floor, same run; goal <= 2x)")
    print(row("floor: durable commit + DoorLock.unlock", disk_floor.wall, floor))
    print(row("bare DoorLock.unlock on MockFactory pins", toggles, floor))
    print(row("collect=complete -> relay on (SQLite file)", disk.wall, floor))
    p50, p99 = percentiles(disk.wall)
    record(
        "door entry p50", figure=p50 * 1e6, floor=floor[0] * 1e6, unit="µs", ratio=p50 / floor[0]
    )
    record(
        "door entry p99",
        figure=p99 * 1e6,
        floor=floor[1] * 1e6,
        unit="µs",
        ratio=p99 / floor[1],
        goal=("<=", 2),
    )
    print(
        row("collect=complete -> relay on (in memory)", memory.wall, percentiles(memory_floor.wall))
    )
    cpu, cpu_floor = statistics.median(disk.cpu) * 1e6, statistics.median(disk_floor.cpu) * 1e6
    pages, pages_floor = statistics.mean(disk.pages), statistics.mean(disk_floor.pages)
    print(
        f"CPU (this thread, median)   entry {cpu:7.1f} µs   floor {cpu_floor:7.1f} µs"
        f"   ({cpu / cpu_floor:4.2f}x)"
    )
    print(
        f"WAL pages a commit (mean)   entry {pages:7.2f}      floor {pages_floor:7.2f}"
        f"      ({len(disk.pages)} and {len(disk_floor.pages)} commits counted)"
    )
    record("door entry CPU", figure=cpu, floor=cpu_floor, unit="µs", ratio=cpu / cpu_floor)


if __name__ == "__main__":
    main()
