"""Unknown barcodes and cleared carts are recorded off the event loop: a scan right after one is
not held by its write, and each is recorded exactly once, also when the checkout stops."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store_controller.checkout import background_writes, seed, service
from store_controller.checkout.background_writes import BackgroundWrites
from store_controller.checkout.models import AbandonedCartRow, UnknownBarcodeRow
from store_controller.outbox.models import OutboxEntry
from tests.store_controller.checkout.test_service import Kiosk

pytestmark = pytest.mark.anyio

UNKNOWN = "7310000009990"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def kiosk(sessions: sessionmaker[Session]) -> AsyncIterator[Kiosk]:
    kiosk = Kiosk(sessions)
    yield kiosk
    await kiosk.service.close()


def held(monkeypatch: pytest.MonkeyPatch, name: str) -> threading.Event:
    """Make the checkout's `name` write wait (in its thread) until the returned event is set."""
    release = threading.Event()
    write: Callable[..., None] = getattr(service, name)

    def waiting(*args: Any, **kwargs: Any) -> None:
        release.wait()
        write(*args, **kwargs)

    monkeypatch.setattr(service, name, waiting)
    return release


def count(sessions: sessionmaker[Session], table: Any) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


async def test_a_scan_is_not_held_by_an_unknown_barcode_being_recorded(
    kiosk: Kiosk, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = held(monkeypatch, "record_unknown_barcode")
    await kiosk.scan(UNKNOWN)
    await kiosk.scan(seed.MJOLK)
    assert kiosk.doc["item_count"] == 1  # on screen while the unknown code is still being written
    assert kiosk.service.writes.pending == 1
    release.set()
    await kiosk.service.writes.drain()
    assert count(sessions, UnknownBarcodeRow) == 1
    assert count(sessions, OutboxEntry) == 1


async def test_a_cleared_cart_is_recorded_once_even_when_the_checkout_stops_first(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = held(monkeypatch, "record_abandoned_cart")
    kiosk = Kiosk(sessions)
    await kiosk.scan(seed.BROD)
    await kiosk.service.clear()
    await kiosk.scan(seed.MJOLK)
    assert kiosk.doc["item_count"] == 1
    assert count(sessions, AbandonedCartRow) == 0
    closing = asyncio.create_task(kiosk.service.close())
    await asyncio.sleep(0)
    assert not closing.done()  # stopping waits for the write
    release.set()
    await closing
    with sessions() as session:
        row = session.scalars(select(AbandonedCartRow)).one()
        assert (row.reason, row.line_count) == ("cleared", 1)


async def test_writes_are_recorded_in_the_order_asked(
    kiosk: Kiosk, sessions: sessionmaker[Session]
) -> None:
    await kiosk.scan(UNKNOWN, "hej", UNKNOWN[:-1] + "1")
    await kiosk.service.writes.drain()
    with sessions() as session:
        reasons = session.scalars(select(UnknownBarcodeRow.reason).order_by(UnknownBarcodeRow.id))
        assert list(reasons) == ["unknown", "not_digits", "bad_check_digit"]


async def test_a_failing_write_is_logged_and_the_next_still_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    writes = BackgroundWrites()
    done: list[str] = []

    def failing() -> None:
        raise OSError("disk full")

    writes.submit(failing, "the first could not be recorded")
    writes.submit(lambda: done.append("second"), "the second could not be recorded")
    await writes.drain()
    assert done == ["second"]
    assert writes.pending == 0
    assert "the first could not be recorded" in caplog.text


async def test_the_writer_thread_ends_when_idle_and_a_later_write_starts_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(background_writes, "IDLE_S", 0.01)
    writes = BackgroundWrites()
    done: list[int] = []
    writes.submit(lambda: done.append(1), "no")
    first = writes._thread
    assert first is not None
    await writes.drain()
    first.join(timeout=5)  # it ends by itself once idle
    assert not first.is_alive()
    assert writes._thread is None
    writes.submit(lambda: done.append(2), "no")
    await writes.drain()
    assert done == [1, 2]
    await writes.drain()  # nothing pending: returns at once
