"""Sales committed per second beside bare commits, each loop on a WAL in the same state.

`python -m bench.sale_commits` runs this row alone; `bench.checkout_bench` runs it after the
scans. CHECKOUT_BENCH_SALES sets the count of each loop (300; `./dev bench` runs 120).

The figure: `record_sale` (one BEGIN IMMEDIATE transaction with lines, VAT, payment, stock,
journal and outbox) of a paid cart, given the sale the checkout's gate checked before it asked
for the money (`checked_sale`, made before the clock as the payment's answer is). The floor:
BEGIN IMMEDIATE; INSERT of one short row; COMMIT through a Session. Both through `make_engine`
(WAL, synchronous=FULL: one fsync of the WAL a commit), and the same number of commits.

What makes the two comparable: with synchronous=FULL the fsync of a WAL that is still growing
costs more (the file system writes its new size too) than one of a WAL that is overwritten, and
a sale writes ~20 WAL pages where a bare commit writes one. On one shared database, as this row
was measured before, which loop grew the WAL and which one paid the automatic checkpoint
depended on the round (the same code read 0.44-0.89x). So each loop has its own database file,
with the same page size and pragmas, and before any clock each is warmed with commits of its own
kind until SQLite has checkpointed its WAL and started it over from the beginning: the WAL file is
at its steady size and is overwritten from then on, as in a store that has been selling for a
while. The timed rounds alternate (sales then floor, floor then sales), so load on the shared
machine hits both alike. A sale's own checkpoints (every ~1,000 WAL pages, so every ~45 sales)
fall inside its clock: they are what its pages cost. The WAL pages each commit wrote are counted
afterwards, on one more round of each, from the WAL index (the `-shm` file's `mxFrame`), and
printed beside the figures, with this process's CPU a commit of each loop (user + system: what
load on the shared machine does not move, and what the fsync's wait does not show).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bench.results import record
from byabutik.runtime.db import make_engine
from retail.wire import PaymentMethod
from store_controller.checkout import seed
from store_controller.checkout.cart import Cart
from store_controller.checkout.keys import new_id
from store_controller.checkout.sale_record import checked_sale
from store_controller.checkout.sales_writer import record_sale
from store_controller.db import MIGRATIONS
from store_controller.payments.port import PaymentState, PaymentStatus
from tests.store_controller.checkout.helpers import scanned

SALES = int(os.environ.get("CHECKOUT_BENCH_SALES", "300"))
ROUNDS = 10
WARM_LIMIT = 5_000
"""Commits at most to bring a WAL to its steady state (a bare commit writes ~1 page of 1,000)."""


class WalFrames:
    """The frames in a database's WAL since SQLite last started it over: `mxFrame` of the
    WAL index header at the start of the `-shm` file (a native-order u32 at byte 16)."""

    def __init__(self, database: Path) -> None:
        self._fd = os.open(f"{database}-shm", os.O_RDONLY)

    def now(self) -> int:
        return int.from_bytes(os.pread(self._fd, 4, 16), sys.byteorder)

    def close(self) -> None:
        os.close(self._fd)


def written(frames: WalFrames, commit: Callable[[], object]) -> tuple[int, bool]:
    """WAL frames `commit` wrote, and whether SQLite started the WAL over for it."""
    before = frames.now()
    commit()
    after = frames.now()
    return (after - before, False) if after >= before else (after, True)


def warm(frames: WalFrames, commit: Callable[[], object]) -> int:
    """Commit until the WAL has been started over once (it is at its steady size); the count."""
    for n in range(1, WARM_LIMIT + 1):
        if written(frames, commit)[1]:
            return n
    raise RuntimeError("the WAL was not started over: is a reader holding it?")


def paid(sale_id: uuid.UUID, cart: Cart) -> PaymentState:
    return PaymentState(
        reference=str(sale_id),
        status=PaymentStatus.PAID,
        amount=cart.total,
        method=PaymentMethod.SWISH,
        provider="simulated",
        confirmed_at=datetime.now(UTC),
    )


@dataclass(slots=True)
class Loop:
    """One kind of commit on its own database, its clock and its WAL counter."""

    commit: Callable[[], object]
    frames: WalFrames
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    warm_commits: int = 0

    def timed(self, count: int) -> None:
        commit = self.commit
        cpu, start = time.process_time(), time.perf_counter()
        for _ in range(count):
            commit()
        self.seconds += time.perf_counter() - start
        self.cpu_seconds += time.process_time() - cpu

    def pages_per_commit(self, count: int) -> float:
        return sum(written(self.frames, self.commit)[0] for _ in range(count)) / count


def sales_loop(database: Path) -> tuple[Loop, Engine]:
    engine = make_engine(f"sqlite:///{database}")
    MIGRATIONS.upgrade(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions.begin() as session:
        seed.seed_demo_catalog(session)
    cart = scanned(
        sessions, seed.MJOLK, seed.LASK, seed.KAFFE, seed.weight_label(seed.OST_ARTICLE, 400)
    )
    # the payment provider's answer is made before the clock, as a paid cart reaches the
    # writer: the floor's loop makes none either; sale ids as the checkout makes them; and the
    # sale the checkout's gate checked before it asked for the money (`checked_sale`)
    paying = iter(
        [
            (paid(new_id(), cart), checked_sale(cart, "kassa-1", datetime.now(UTC), date.today()))
            for _ in range(WARM_LIMIT // 20 + 3 * SALES)
        ]
    )

    def one_sale() -> None:
        payment, checked = next(paying)
        record_sale(
            sessions=sessions,
            cart=cart,
            sale_id=uuid.UUID(payment.reference),
            store_id="bench",
            register_id="kassa-1",
            occurred_at=datetime.now(UTC),
            local_date=date.today(),
            payment=payment,
            checked=checked,
        )

    return Loop(one_sale, WalFrames(database)), engine


def bare_loop(database: Path) -> tuple[Loop, Engine]:
    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        connection.exec_driver_sql("CREATE TABLE bare (id INTEGER PRIMARY KEY, body TEXT)")
        connection.commit()
    counter = iter(range(sys.maxsize))

    def bare_commit() -> None:
        """A bare BEGIN IMMEDIATE; INSERT; COMMIT through a session."""
        with Session(engine) as session:
            session.execute(text("BEGIN IMMEDIATE"))
            session.execute(
                text("INSERT INTO bare (body) VALUES (:b)"), {"b": f"sale {next(counter)}"}
            )
            session.commit()

    return Loop(bare_commit, WalFrames(database)), engine


def page_size(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA page_size").scalar_one())


@dataclass(frozen=True, slots=True)
class SalesFigures:
    sales_per_s: float
    bare_per_s: float
    sale_cpu_us: float
    bare_cpu_us: float
    """This process's CPU (user + system) a commit: steadier than wall time on a shared machine
    (other processes' load does not count), blind to the time spent waiting on fsync."""
    sale_pages: float
    bare_pages: float
    sale_warm: int
    bare_warm: int


def sales_per_second(folder: Path) -> SalesFigures:
    """Each loop on its own warmed database; rounds alternate which loop goes first."""
    sales, sales_engine = sales_loop(folder / "sales.db")
    bare, bare_engine = bare_loop(folder / "bare.db")
    try:
        if page_size(sales_engine) != page_size(bare_engine):
            raise RuntimeError("the two databases differ in page size")
        sales.warm_commits = warm(sales.frames, sales.commit)
        bare.warm_commits = warm(bare.frames, bare.commit)
        per_round = SALES // ROUNDS
        for n in range(ROUNDS):
            first, second = (sales, bare) if n % 2 == 0 else (bare, sales)
            first.timed(per_round)
            second.timed(per_round)
        sale_pages, bare_pages = sales.pages_per_commit(per_round), bare.pages_per_commit(per_round)
    finally:
        for loop, engine in ((sales, sales_engine), (bare, bare_engine)):
            loop.frames.close()
            engine.dispose()
    done = per_round * ROUNDS
    return SalesFigures(
        sales_per_s=done / sales.seconds,
        bare_per_s=done / bare.seconds,
        sale_cpu_us=sales.cpu_seconds / done * 1e6,
        bare_cpu_us=bare.cpu_seconds / done * 1e6,
        sale_pages=sale_pages,
        bare_pages=bare_pages,
        sale_warm=sales.warm_commits,
        bare_warm=bare.warm_commits,
    )


def report(figures: SalesFigures) -> None:
    ratio = figures.sales_per_s / figures.bare_per_s
    sales, bare = figures.sales_per_s, figures.bare_per_s
    print(f"sales committed per second, WAL + synchronous=FULL ({SALES} each, own warmed WAL):")
    print(
        f"  record_sale          {sales:8.1f} /s   {figures.sale_pages:5.1f} WAL pages a commit"
        "   (4 lines, VAT, payment, stock, journal, outbox)"
    )
    print(
        f"  bare INSERT+COMMIT   {bare:8.1f} /s   {figures.bare_pages:5.1f} WAL pages a commit"
        "   (floor, same settings)"
    )
    print(
        f"  ratio                {ratio:8.2f} x of the floor   (WALs warmed with"
        f" {figures.sale_warm} sales, {figures.bare_warm} bare commits)"
    )
    sale_cpu, bare_cpu = figures.sale_cpu_us, figures.bare_cpu_us
    print(
        f"  CPU a commit         sale {sale_cpu:6.0f} us   bare {bare_cpu:6.0f} us   "
        f"{sale_cpu / bare_cpu:5.2f} x the floor's (this process, user + system)"
    )
    record(
        "sales CPU per commit",
        figure=sale_cpu,
        floor=bare_cpu,
        unit="us",
        ratio=sale_cpu / bare_cpu,
    )
    record(
        "sales committed per second",
        figure=figures.sales_per_s,
        floor=figures.bare_per_s,
        unit="/s",
        ratio=ratio,
        goal=(">=", 0.5),
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        report(sales_per_second(Path(folder)))


if __name__ == "__main__":
    main()
