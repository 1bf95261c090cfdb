"""CPU time of a bench's server processes, and an optional profile of their event loop.

`cpu_ns(pid)`: nanoseconds every live thread of `pid` has run on a CPU (the first field of
/proc/<pid>/task/<tid>/schedstat). Unlike wall time it hardly moves with the shared machine's
load, so "CPU per scan" compares the kiosk's work with the echo's even on a busy box.

`cpu_snapshot(*servers)` and `cpu_spent(url, before, after)`: CPU seconds between two moments
of uvicorn servers' workers, one database's PostgreSQL backends, PostgreSQL's writers and the
bench itself (bench/sync_bench.py's timed window).

`profile_loop(controller, path)`: cProfile (CPU clock) of the event loop's thread from the
controller's start to its stop, written to `path` (see `python -m pstats path`).
"""

from __future__ import annotations

import cProfile
import os
import time
from pathlib import Path

from store_controller.runtime import StoreController


def cpu_ns(pid: int) -> int:
    """CPU nanoseconds used so far by the live threads of process `pid` (0 if not readable)."""
    total = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # the thread ended meanwhile
    return total


def profile_loop(controller: StoreController, path: Path) -> None:
    """Profile the event loop's thread of `controller` while it runs; write `path` at stop."""
    profile = cProfile.Profile(time.process_time)

    async def start() -> None:
        profile.enable()

    async def stop() -> None:
        profile.disable()
        profile.dump_stats(str(path))

    controller.on_start(start)
    controller.on_stop(stop)


def children(pid: int) -> list[int]:
    """The direct children of `pid` (every thread's list in /proc), [] if it is gone."""
    found: list[int] = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as listed:
                found += [int(child) for child in listed.read().split()]
        except (OSError, ValueError):
            continue
    return found


def named(name: str) -> list[int]:
    """Every process whose command name is `name` (e.g. "postgres"), whoever runs it."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() == name:
                        found.append(int(entry))
            except OSError:
                continue
    return found


Snapshot = dict[str, dict[int, int]]


def cpu_snapshot(*servers: int) -> Snapshot:
    """CPU nanoseconds so far of each server's worker processes (itself if it has none), of
    every postgres process and of this process."""
    return {
        "workers": {pid: cpu_ns(pid) for s in servers for pid in children(s) or [s]},
        "postgres": {pid: cpu_ns(pid) for pid in named("postgres")},
        "bench": {os.getpid(): cpu_ns(os.getpid())},
    }


def cpu_spent(url: str, before: Snapshot, after: Snapshot) -> dict[str, float]:
    """Seconds of CPU between two snapshots: the server's workers, the backends of `url`'s
    database (a SQLAlchemy URL on PostgreSQL; one that opened meanwhile counts from its start),
    PostgreSQL's shared writers (WAL writer, checkpointer, background writer) and the bench.
    Backends of other databases (other work on a shared machine) are left out."""
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        rows = connection.execute(
            "SELECT pid, datname IS NOT NULL FROM pg_stat_activity "
            "WHERE (datname = current_database() AND pid <> pg_backend_pid()) "
            "OR backend_type IN ('walwriter', 'checkpointer', 'background writer')"
        ).fetchall()

    def spent(kind: str, pids: set[int]) -> float:
        return sum(after[kind].get(p, 0) - before[kind].get(p, 0) for p in pids) / 1e9

    return {
        "workers": spent("workers", set(after["workers"])),
        "backends": spent("postgres", {pid for pid, backend in rows if backend}),
        "pg writers": spent("postgres", {pid for pid, backend in rows if not backend}),
        "bench": spent("bench", set(after["bench"])),
    }
