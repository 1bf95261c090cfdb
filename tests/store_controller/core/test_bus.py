"""Events published from any thread reach their handlers in order, on the loop's thread."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass

import pytest

from store_controller.core.bus import EventBus
from tests.waits import WAIT_S


@dataclass(frozen=True)
class Scanned:
    code: str


@dataclass(frozen=True)
class Opened:
    door: str


async def finish(bus: EventBus, task: asyncio.Task[None], done: asyncio.Event) -> None:
    await asyncio.wait_for(done.wait(), timeout=WAIT_S)
    bus.stop()
    await asyncio.wait_for(task, timeout=WAIT_S)


def test_events_from_threads_arrive_in_order_on_the_loop_thread() -> None:
    bus = EventBus()
    seen: list[str] = []
    threads: set[int] = set()

    async def main() -> int:
        done = asyncio.Event()

        def on_scan(event: Scanned) -> None:
            seen.append(event.code)
            threads.add(threading.get_ident())
            if len(seen) == 100:
                done.set()

        bus.subscribe(Scanned, on_scan)
        task = bus.start()

        def read_codes() -> None:
            for i in range(100):
                bus.publish(Scanned(str(i)))

        reader = threading.Thread(target=read_codes)
        reader.start()
        await finish(bus, task, done)
        reader.join()
        return threading.get_ident()

    loop_thread = asyncio.run(main())
    assert seen == [str(i) for i in range(100)]
    assert threads == {loop_thread}


def test_handlers_get_only_their_event_type_and_may_be_async() -> None:
    bus = EventBus()
    scans: list[str] = []
    doors: list[str] = []

    async def main() -> None:
        done = asyncio.Event()

        async def on_open(event: Opened) -> None:
            await asyncio.sleep(0)
            doors.append(event.door)
            done.set()

        bus.subscribe(Scanned, lambda e: scans.append(e.code))
        bus.subscribe(Opened, on_open)
        task = bus.start()
        bus.publish(Scanned("7310865004703"))
        bus.publish(Opened("front"))
        await finish(bus, task, done)

    asyncio.run(main())
    assert (scans, doors) == (["7310865004703"], ["front"])


def test_a_failing_handler_is_logged_and_the_bus_carries_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = EventBus()
    seen: list[str] = []

    def broken(_event: Scanned) -> None:
        raise ValueError("boom")

    async def main() -> None:
        done = asyncio.Event()

        def record(event: Scanned) -> None:
            seen.append(event.code)
            if event.code == "2":
                done.set()

        bus.subscribe(Scanned, broken)
        bus.subscribe(Scanned, record)
        task = bus.start()
        bus.publish(Scanned("1"))
        bus.publish(Scanned("2"))
        await finish(bus, task, done)

    with caplog.at_level(logging.ERROR):
        asyncio.run(main())
    assert seen == ["1", "2"]
    assert sum("event handler failed" in r.message for r in caplog.records) == 2


def test_events_published_before_start_are_delivered_after_it() -> None:
    bus = EventBus()
    seen: list[str] = []
    bus.publish(Scanned("early"))

    async def main() -> None:
        done = asyncio.Event()

        def record(event: Scanned) -> None:
            seen.append(event.code)
            if event.code == "late":
                done.set()

        bus.subscribe(Scanned, record)
        task = bus.start()
        bus.publish(Scanned("late"))
        await finish(bus, task, done)

    asyncio.run(main())
    assert seen == ["early", "late"]
