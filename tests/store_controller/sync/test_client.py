"""The client translates every failure into the sync exception tree, and reads the Date."""

from __future__ import annotations

import httpx
import pytest

from retail import wire
from store_controller.sync.client import BackofficeClient
from store_controller.sync.errors import (
    BackofficeRejected,
    BackofficeUnavailable,
    CredentialRejected,
    ProtocolRejected,
)
from tests.store_controller.sync.harness import anyio_backend  # noqa: F401

pytestmark = pytest.mark.anyio


def client_answering(response: httpx.Response | Exception) -> BackofficeClient:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == "Bearer tok"
        assert request.headers["x-byabutik-protocol"] == str(wire.PROTOCOL_VERSION)
        if isinstance(response, Exception):
            raise response
        return response

    return BackofficeClient("http://bo", "tok", transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.ConnectError("refused"), BackofficeUnavailable),
        (httpx.ReadTimeout("slow"), BackofficeUnavailable),
        (httpx.Response(503), BackofficeUnavailable),
        (httpx.Response(429), BackofficeUnavailable),
        (httpx.Response(200, text="<html>proxy</html>"), BackofficeUnavailable),
        (httpx.Response(401, json={"detail": "revoked"}), CredentialRejected),
        (httpx.Response(426, json={"detail": "update"}), ProtocolRejected),
        (httpx.Response(403, json={"detail": "not yours"}), BackofficeRejected),
        (httpx.Response(413, text="too big"), BackofficeRejected),
    ],
)
async def test_failures_become_sync_errors(
    answer: httpx.Response | Exception, error: type[Exception]
) -> None:
    client = client_answering(answer)
    try:
        with pytest.raises(error):
            await client.commands()
    finally:
        await client.aclose()


async def test_a_rejection_keeps_status_and_detail() -> None:
    client = client_answering(httpx.Response(403, json={"detail": "not yours"}))
    with pytest.raises(BackofficeRejected) as caught:
        await client.heartbeat(
            wire.Heartbeat(
                sent_at="2026-11-28T12:00:00Z",
                software_version="0.1.0",
                uptime_s=1,
                outbox_backlog=0,
                catalog_revision=0,
                door=wire.DoorState.LOCKED,
                lock_down=False,
            )
        )
    await client.aclose()
    assert (caught.value.status, caught.value.detail) == (403, "not yours")


async def test_the_servers_date_is_noted() -> None:
    date = "Sat, 28 Nov 2026 12:00:00 GMT"
    client = client_answering(httpx.Response(200, json={"commands": []}, headers={"Date": date}))
    assert await client.commands() == wire.CommandList()
    assert client.server_time is not None
    assert client.server_time.hour == 12
    await client.aclose()


async def test_a_bad_date_is_ignored() -> None:
    client = client_answering(httpx.Response(200, json={"commands": []}, headers={"Date": "x"}))
    await client.commands()
    assert client.server_time is None
    await client.aclose()
