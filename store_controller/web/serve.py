"""The controller's web server: uvicorn, ending the screens' live streams as it stops.

A door screen or kiosk keeps its event stream open for ever; uvicorn waits for open responses
before it shuts the application down. Ending the streams first lets the controller stop within
its 5 s (uvicorn's `timeout_graceful_shutdown` cuts whatever still hangs on).
"""

from __future__ import annotations

import socket

import uvicorn

from store_controller.web.live import LiveChannel


class ControllerServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, *, live: LiveChannel) -> None:
        super().__init__(config)
        self._live = live

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._live.close()
        await super().shutdown(sockets)
