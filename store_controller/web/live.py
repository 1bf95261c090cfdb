"""Live updates for the screens over Server-Sent Events.

The controller publishes the current state of a screen (the door screen, a kiosk) as a JSON
document on a topic. Every subscriber first receives the latest document, then each new one, so a
screen that reconnects after a network blip or a reload is immediately right. Publishing happens on
the event loop's thread; a slow screen never slows the controller (its queue keeps only the newest).
A document goes out as compact UTF-8 JSON, encoded by pydantic's serializer straight to bytes
(the standard library's `json.dumps` took ~4x as long for a kiosk's document, on every scan).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic_core import to_json
from starlette.responses import StreamingResponse

KEEPALIVE_S = 15.0
_CLOSED: dict[str, Any] = {}  # by identity: the stream ends (the controller is stopping)


class LiveChannel:
    def __init__(self) -> None:
        self._latest: dict[str, dict[str, Any]] = {}
        self._subscribers: defaultdict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)
        self._closed = False

    def close(self) -> None:
        """End every open stream now and every later one at once (the web server is stopping:
        a screen's stream never ends by itself). Call on the event loop's thread."""
        self._closed = True
        for queues in self._subscribers.values():
            for queue in queues:
                _replace(queue, _CLOSED)

    @property
    def closed(self) -> bool:
        return self._closed

    def publish(self, topic: str, document: dict[str, Any]) -> None:
        self._latest[topic] = document
        if self._closed:
            return
        for queue in self._subscribers[topic]:
            _replace(queue, document)  # the screen is behind: only the newest state matters

    def forget(self, topic: str) -> None:
        """Drop a finished topic's last document (a phone login's page): screens still
        subscribed keep what they have, a later subscriber gets nothing."""
        self._latest.pop(topic, None)
        if not self._subscribers.get(topic):
            self._subscribers.pop(topic, None)

    def latest(self, topic: str) -> dict[str, Any] | None:
        return self._latest.get(topic)

    @contextmanager
    def subscription(self, topic: str) -> Iterator[asyncio.Queue[dict[str, Any]]]:
        """A queue that holds the newest document of `topic`, starting with the current one."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1)
        if self._closed:
            queue.put_nowait(_CLOSED)
        elif (current := self._latest.get(topic)) is not None:
            queue.put_nowait(current)
        self._subscribers[topic].add(queue)
        try:
            yield queue
        finally:
            self._subscribers[topic].discard(queue)

    def subscribers(self, topic: str) -> int:
        return len(self._subscribers[topic])


async def _sse(channel: LiveChannel, topic: str, keepalive_s: float) -> AsyncIterator[bytes]:
    with channel.subscription(topic) as queue:
        yield b"retry: 1000\n\n"
        while True:
            try:
                # asyncio.timeout, not wait_for: wait_for wraps each wait in a task of its own
                async with asyncio.timeout(keepalive_s):
                    document = await queue.get()
            except TimeoutError:
                yield b": keepalive\n\n"
                continue
            if document is _CLOSED:
                return
            yield b"data: " + to_json(document) + b"\n\n"  # JSON escapes any line break


def _replace(queue: asyncio.Queue[dict[str, Any]], document: dict[str, Any]) -> None:
    if queue.full():
        queue.get_nowait()
    queue.put_nowait(document)


def sse_response(
    channel: LiveChannel, topic: str, keepalive_s: float = KEEPALIVE_S
) -> StreamingResponse:
    return StreamingResponse(
        _sse(channel, topic, keepalive_s),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
