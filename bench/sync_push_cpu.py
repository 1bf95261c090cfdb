"""CPU per sync push, in process, on PostgreSQL: `python -m bench.sync_push_cpu` (a measurement for
the issue-23 notes, not in ./dev bench).

Stores push one day of trading each (900 entries, pushes of 200, as `bench.sync_bench` sends
them) straight into `apply_push` on one connection, after one warm-up store. Per push it prints
the client's CPU (`time.process_time`: validation is outside, the push's statements inside) and
the database backend's CPU (`/proc/<pg_backend_pid()>/stat`, utime + stime; the server must run
on this machine), which a loaded shared machine distorts far less than wall time. To compare two
versions, run this file alternately with PYTHONPATH pointing at each source tree.
SYNC_CPU_STORES (default 8) stores; SYNC_CPU_PROFILE=path writes a cProfile of the timed pushes.
"""

from __future__ import annotations

import cProfile
import os
import statistics
import time
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from backoffice.sync.service import apply_push
from bench import sync_bench
from byabutik.runtime.db import make_engine
from retail import wire

STORES = int(os.environ.get("SYNC_CPU_STORES", "8"))
PROFILE = os.environ.get("SYNC_CPU_PROFILE", "")
TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    """Seconds of CPU the backend process has used (user + system)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main() -> None:
    sync_bench.STORES = STORES + 1
    client: list[float] = []
    server: list[float] = []
    wall: list[float] = []
    profile = cProfile.Profile(time.process_time) if PROFILE else None
    with sync_bench.scratch_database() as url:
        stores = sync_bench.enroll_stores(url)
        engine = make_engine(url)
        for n, store in enumerate(stores):
            entries = [wire.OutboxEntry.model_validate(e) for e in store.entries]
            for start in range(0, len(entries), sync_bench.BATCH):
                batch = entries[start : start + sync_bench.BATCH]
                with Session(engine) as session:
                    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
                    session.commit()
                    before = (backend_cpu(pid), time.process_time(), time.perf_counter())
                    if profile is not None and n:
                        profile.enable()
                    with session.begin():
                        pushed = apply_push(
                            session=session,
                            store_id=store.store_id,
                            entries=batch,
                            now=datetime.now(UTC),
                        )
                    if profile is not None:
                        profile.disable()
                    after = (backend_cpu(pid), time.process_time(), time.perf_counter())
                if n:  # the first store warms the caches
                    server.append(after[0] - before[0])
                    client.append(after[1] - before[1])
                    wall.append(after[2] - before[2])
            assert pushed.acked_through == len(entries)
        with engine.connect() as connection:
            lines = connection.execute(text("SELECT count(*) FROM sale_lines")).scalar_one()
            stock = connection.execute(
                text("SELECT min(quantity), max(quantity), count(*) FROM stock_on_hand")
            ).one()
        engine.dispose()
    assert lines == len(stores) * sync_bench.SALES_PER_DAY * sync_bench.LINES_PER_SALE
    if profile is not None:
        profile.dump_stats(PROFILE)
    pushes = len(client)
    print(
        f"load {os.getloadavg()[0]:.1f}; {STORES} stores, {pushes} pushes of up to "
        f"{sync_bench.BATCH}; on hand min/max/rows {tuple(stock)}"
    )
    for name, seconds in (("client CPU", client), ("server CPU", server), ("wall", wall)):
        ms = [1000 * s for s in seconds]
        print(
            f"{name}: {sum(ms) / pushes:.1f} ms a push (median {statistics.median(ms):.1f}, "
            f"min {min(ms):.1f})"
        )


if __name__ == "__main__":
    main()
