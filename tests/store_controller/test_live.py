"""Screens get the current state at once on connect, then every change, over real SSE."""

from __future__ import annotations

import asyncio
import json

import httpx
from fastapi import FastAPI
from starlette.responses import StreamingResponse

from store_controller.web.live import LiveChannel, sse_response
from tests.servers import serving
from tests.waits import WAIT_S


def test_a_subscriber_gets_the_latest_then_only_the_newest() -> None:
    channel = LiveChannel()
    channel.publish("door", {"state": "locked"})

    async def main() -> list[str]:
        with channel.subscription("door") as queue:
            first = await queue.get()
            channel.publish("door", {"state": "unlocked"})
            channel.publish("door", {"state": "open"})  # a slow screen skips "unlocked"
            second = await queue.get()
            assert queue.empty()
        assert channel.subscribers("door") == 0
        return [first["state"], second["state"]]

    assert asyncio.run(main()) == ["locked", "open"]


def test_a_forgotten_topic_keeps_nothing() -> None:
    channel = LiveChannel()
    channel.publish("phone-abc", {"phase": "granted"})
    channel.forget("phone-abc")
    assert channel.latest("phone-abc") is None
    channel.forget("never-seen")  # harmless


def test_topics_are_separate() -> None:
    channel = LiveChannel()
    channel.publish("kiosk-1", {"total": 100})
    assert channel.latest("door") is None
    assert channel.latest("kiosk-1") == {"total": 100}


def test_sse_stream_over_http() -> None:
    channel = LiveChannel()
    app = FastAPI()

    @app.get("/events")
    def events() -> StreamingResponse:
        return sse_response(channel, "door", keepalive_s=0.05)

    @app.post("/open")
    def open_door() -> None:  # publishes on the server's loop, as the controller does
        channel.publish("door", {"state": "open"})

    # the screen's text as published: Swedish letters, a no-break space and a line break
    # (escaped in the JSON, so one event stays one `data:` line)
    channel.publish("door", {"state": "locked", "text": "Välkommen\nin, 5\u00a0kr", "n": [1, None]})
    lines: list[str] = []
    with (
        serving(app) as url,
        httpx.stream("GET", f"{url}/events", timeout=WAIT_S) as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            lines.append(line)
            if line.startswith(": keepalive"):
                httpx.post(f"{url}/open", timeout=WAIT_S)
            if line.startswith("data:") and "open" in line:
                break
    data = [json.loads(line[5:]) for line in lines if line.startswith("data:")]
    assert data == [
        {"state": "locked", "text": "Välkommen\nin, 5\u00a0kr", "n": [1, None]},
        {"state": "open"},
    ]
    assert "retry: 1000" in lines


def test_closing_the_channel_ends_every_stream_so_the_server_can_stop() -> None:
    channel = LiveChannel()
    channel.publish("door", {"state": "locked"})
    app = FastAPI()

    @app.get("/events")
    def events() -> StreamingResponse:
        return sse_response(channel, "door", keepalive_s=10 * WAIT_S)

    @app.post("/close")
    def close() -> None:  # on the server's loop, as the controller's server does at shutdown
        channel.close()

    with serving(app) as url, httpx.stream("GET", f"{url}/events", timeout=WAIT_S) as response:
        lines = response.iter_lines()
        while not next(lines).startswith("data:"):
            pass
        httpx.post(f"{url}/close", timeout=WAIT_S)
        assert list(lines) == [""]  # the stream ended by itself, long before its keepalive
        # a screen that reconnects during the stop is let go at once, and nothing is published
        channel.publish("door", {"state": "open"})
        with httpx.stream("GET", f"{url}/events", timeout=WAIT_S) as again:
            assert [line for line in again.iter_lines() if line.startswith("data:")] == []
