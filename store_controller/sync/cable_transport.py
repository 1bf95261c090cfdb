"""The httpx side of `SimulatedCable` (imported only when sync runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from store_controller.sync.cable import SimulatedCable


class CableTransport(httpx.AsyncBaseTransport):
    def __init__(self, cable: SimulatedCable, inner: httpx.AsyncBaseTransport | None) -> None:
        self._cable = cable
        self._inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._cable.plugged:
            raise httpx.ConnectError("the network cable is pulled (simulated)", request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
