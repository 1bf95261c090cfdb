"""Rows COPYed in binary through `insert_tuples` land as written, whether psycopg's row formatter
is called in blocks (the push's path) or row by row through `write_row` (a psycopg without it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db import MIGRATIONS, dialect
from backoffice.stores.service import create_store
from backoffice.sync.models import ReceivedEntry
from backoffice.sync.service import RECEIVED_COLUMNS
from byabutik.runtime.db import make_engine

pytestmark = pytest.mark.postgres
T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def rows(store_id: int, count: int) -> list[tuple[object, ...]]:
    """`count` received rows, some identities missing, long enough to span COPY blocks."""
    return [
        (
            store_id,
            seq,
            "sale",
            T0 + timedelta(seconds=seq),
            T0,
            None if seq % 7 == 0 else f"sale:{seq:036d}",
            f"{seq:064x}",
        )
        for seq in range(1, count + 1)
    ]


@pytest.mark.parametrize("blocks", [True, False], ids=["blocks", "write_row"])
def test_copied_rows_land_as_written(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, blocks: bool
) -> None:
    if not blocks:
        monkeypatch.setattr(dialect, "_FORMAT_ROW_BINARY", None)
    engine = make_engine(postgres_url)
    MIGRATIONS.upgrade(engine)
    with Session(engine) as session:
        store = create_store(session=session, slug="byn", name="Byn")
        session.flush()
        written = rows(store.id, 1_500)  # ~190 KB: several of the 32 KB blocks
        dialect.insert_tuples(session, ReceivedEntry, RECEIVED_COLUMNS, written)
        dialect.insert_tuples(session, ReceivedEntry, RECEIVED_COLUMNS, [])
        session.commit()
        columns = [getattr(ReceivedEntry, name) for name in RECEIVED_COLUMNS]
        read = session.execute(select(*columns).order_by(ReceivedEntry.seq)).all()
    engine.dispose()
    assert [tuple(row) for row in read] == written


def test_the_row_formatter_only_on_a_checked_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = psycopg.__version__.startswith(dialect.CHECKED_PSYCOPG)
    assert (dialect._format_row_binary() is not None) == checked  # 3.3 here: blocks
    monkeypatch.setattr(psycopg, "__version__", "3.9.0")
    assert dialect._format_row_binary() is None  # an unchecked one: write_row
