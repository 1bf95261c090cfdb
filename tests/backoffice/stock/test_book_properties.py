"""The stock book as a property: whatever movements arrive, from the stores or the backoffice,
on hand is their sum (and the running total agrees); two phones scanning one stocktake at once,
each on its own PostgreSQL connection, never lose a scan or a movement."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db import MIGRATIONS
from backoffice.stock.book import Move, book, sums
from backoffice.stock.counting import open_stocktake, scan
from backoffice.stock.models import StockOnHand
from backoffice.stock.service import record_movements
from backoffice.stores.service import create_store
from retail import wire
from tests.db_templates import migrate
from tests.store_controller.sync.harness import T0

KEYS = ("07310865071804", "07300400481588", "20012345")
KINDS = ("store", "delivery", "waste", "stocktake", "transfer_in", "transfer_out")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    made = create_engine(f"sqlite:///{tmp_path_factory.mktemp('book') / 'b.db'}")
    MIGRATIONS.upgrade(made)
    yield made
    made.dispose()


movement = st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from(KEYS),
    st.integers(-500, 500).filter(bool),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=st.lists(movement, max_size=40))
def test_on_hand_is_the_sum_of_any_sequence_of_movements(
    engine: Engine, moves: list[tuple[str, str, int]]
) -> None:
    with Session(engine) as session:
        store = create_store(session=session, slug=f"s-{uuid.uuid4().hex[:10]}", name="s")
        expected: dict[str, int] = {}
        for seq, (kind, key, delta) in enumerate(moves, start=1):
            expected[key] = expected.get(key, 0) + delta
            if kind == "store":
                reported = wire.StockMovement(
                    movement_id=uuid.uuid4(),
                    occurred_at=T0,
                    product_key=key,
                    quantity_delta=delta,
                    reason=wire.StockReason.SALE if delta < 0 else wire.StockReason.RETURN,
                )
                record_movements(
                    session=session, store_id=store.id, movements=[(seq, reported)], now=T0
                )
            else:
                book(
                    session,
                    store_id=store.id,
                    kind=kind,
                    source="t",
                    moves=[Move(key, delta)],
                    now=T0,
                )
        session.commit()
        assert {k: q for k, (q, _) in sums(session, store.id).items()} == expected
        running = session.execute(
            select(StockOnHand.product_key, StockOnHand.quantity).where(
                StockOnHand.store_id == store.id
            )
        )
        assert {str(k): int(q) for k, q in running} == expected


@pytest.mark.postgres
def test_two_phones_scanning_at_once_lose_nothing(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=4)
    migrate(engine, MIGRATIONS)
    sessions = sessionmaker(engine)
    with sessions.begin() as session:
        store = create_store(session=session, slug="byn-a", name="Byn")
        stocktake = open_stocktake(session, store_id=store.id, shelf=None, now=T0)
        store_id, stocktake_id = store.id, stocktake.id
    scans = 150
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def phone(quantity: int) -> None:
        try:
            start.wait()
            for _ in range(scans):
                with sessions.begin() as session:
                    scan(
                        session,
                        store_id=store_id,
                        stocktake_id=stocktake_id,
                        code=KEYS[0],
                        quantity=quantity,
                        now=T0,
                    )
                    book(
                        session,
                        store_id=store_id,
                        kind="delivery",
                        source="t",
                        moves=[Move(KEYS[1], quantity)],
                        now=T0,
                    )
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=phone, args=(q,)) for q in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with sessions() as session:
        counted = session.execute(
            select(StockOnHand.quantity).where(StockOnHand.product_key == KEYS[1])
        ).scalar_one()
        assert sums(session, store_id)[KEYS[1]] == (3 * scans, 0)
        assert counted == 3 * scans
        _, total = scan(
            session, store_id=store_id, stocktake_id=stocktake_id, code=KEYS[0], quantity=1, now=T0
        )
        assert total == 3 * scans + 1
    engine.dispose()
