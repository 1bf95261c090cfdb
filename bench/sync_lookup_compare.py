"""One store's day (900 entries, pushes of 200) applied in process, the batch's stored keys
looked up with an `IN` of n parameters vs one parameter (`among`), alternating:
`python -m bench.sync_lookup_compare` (a measurement for the issue-23 note, not in ./dev bench)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

import backoffice.db.bulk as bulk
import backoffice.sync.dedupe as dedupe
import backoffice.sync.service as service
from bench import sync_bench
from byabutik.runtime.db import make_engine
from retail import wire

ROUNDS = int(os.environ.get("COMPARE_ROUNDS", "8"))
BATCH = int(os.environ.get("COMPARE_BATCH", "200"))


def in_list(session: Session, column: Any, keys: Collection[Any]) -> Any:
    """What the lookups were: one bound parameter per key."""
    return column.in_(keys)


def main() -> None:
    sync_bench.STORES = 2 * ROUNDS
    with sync_bench.scratch_database() as url:
        stores = sync_bench.enroll_stores(url)
        engine = make_engine(url)
        one = bulk.among
        times: dict[str, list[float]] = {"IN of n parameters": [], "one parameter": []}
        for n, store in enumerate(stores):
            mode = "one parameter" if n % 2 else "IN of n parameters"
            chosen = one if n % 2 else in_list
            service.among = dedupe.among = chosen  # type: ignore[attr-defined,assignment]
            entries = [wire.OutboxEntry.model_validate(e) for e in store.entries]
            started = time.perf_counter()
            for start in range(0, len(entries), BATCH):
                with Session(engine) as session, session.begin():
                    pushed = service.apply_push(
                        session=session,
                        store_id=store.store_id,
                        entries=entries[start : start + BATCH],
                        now=datetime.now(UTC),
                    )
            times[mode].append(time.perf_counter() - started)
            assert pushed.acked_through == len(entries)
        with engine.connect() as connection:
            lines = connection.execute(text("SELECT count(*) FROM sale_lines")).scalar_one()
        assert lines == len(stores) * sync_bench.SALES_PER_DAY * sync_bench.LINES_PER_SALE
        engine.dispose()
    print(
        f"load {os.getloadavg()[0]:.1f}; {len(stores[0].entries)} entries a store, "
        f"pushes of {BATCH}"
    )
    for mode, seconds in times.items():
        ms = sorted(1000 * s for s in seconds)
        print(f"{mode}: median {statistics.median(ms):.1f} ms, min {ms[0]:.1f} ms, all {ms}")


if __name__ == "__main__":
    main()
