"""The sync bench's client: pushes as raw HTTP/1.1 requests over asyncio streams.

A real drain has its controllers on other machines; here the client shares the two cores with
the backoffice, so what it spends is taken from the server. httpx's AsyncClient spent ~2.5 ms
of CPU a push of 200 entries (its request and response models, header handling, the pool);
this client sends each push's request bytes, built once before the clock (request line,
headers, body), on a keep-alive connection of its store to the server `LeastBusy` picks (the
one server's; or, among servers of one worker each, the least busy, as deploy's Caddy picks one
for each request), and reads the answer with asyncio's stream reader.
It is still a real socket and real HTTP, and every answer is checked: status 200, a JSON body,
and `acked_through` at least as far as the push reached. A dropped connection is opened again
and the same push sent again, as a controller retries (pushes are idempotent).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from dataclasses import dataclass

RETRIES = 5


@dataclass(frozen=True)
class Push:
    """One push, as bytes on the wire, and the `acked_through` its answer must reach."""

    request: bytes
    acked_through: int


def push_request(host: str, token: str, body: bytes, acked_through: int) -> Push:
    head = (
        "POST /api/sync/v1/push HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Authorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    return Push(head.encode() + body, acked_through)


class Connection:
    """One keep-alive HTTP/1.1 connection to the backoffice."""

    def __init__(self, host: str, port: int, dropped: list[str]) -> None:
        self.host, self.port, self.dropped = host, port, dropped
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def send(self, push: Push) -> None:
        """Send `push` and check its answer; reconnect and resend if the connection drops."""
        for attempt in range(RETRIES):
            try:
                if self.streams is None:
                    self.streams = await asyncio.open_connection(self.host, self.port)
                reader, writer = self.streams
                writer.write(push.request)
                status, body = await read_answer(reader)
                break
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                self.dropped.append(f"{type(exc).__name__} (attempt {attempt + 1})")
                await self.close()
        else:
            raise RuntimeError("the backoffice kept dropping the connection")
        if status != 200:
            raise RuntimeError(f"push answered {status}: {body[:300]!r}")
        acked = json.loads(body)["acked_through"]
        if acked < push.acked_through:  # more if another connection pushed the same store on
            raise RuntimeError(f"acked through {acked}, expected {push.acked_through}")

    async def close(self) -> None:
        if self.streams is not None:
            writer = self.streams[1]
            self.streams = None
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


class LeastBusy:
    """Caddy's `lb_policy least_conn` in front of the servers, as deploy/caddy serves the
    backoffice: each request goes to the server with the fewest requests in flight (one of the
    least busy at random). Caddy's own CPU is not spent: the bench has no proxy."""

    def __init__(self, ports: list[int]) -> None:
        self.in_flight = dict.fromkeys(ports, 0)
        self.choose = random.Random(23).choice

    def pick(self) -> int:
        least = min(self.in_flight.values())
        return self.choose([port for port, busy in self.in_flight.items() if busy == least])


class Store:
    """One store's pushes through the balancer: a keep-alive connection to each server (opened
    on its first push), each push on the one the balancer picks."""

    def __init__(self, host: str, balancer: LeastBusy, dropped: list[str]) -> None:
        self.balancer = balancer
        self.connections = {port: Connection(host, port, dropped) for port in balancer.in_flight}

    async def send(self, push: Push) -> None:
        port = self.balancer.pick()
        self.balancer.in_flight[port] += 1
        try:
            await self.connections[port].send(push)
        finally:
            self.balancer.in_flight[port] -= 1

    async def close(self) -> None:
        for connection in self.connections.values():
            await connection.close()


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """The status and body of one HTTP/1.1 response with a Content-Length."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length is None:
        raise RuntimeError(f"an answer without Content-Length: {head!r}")
    return status, await reader.readexactly(length)
