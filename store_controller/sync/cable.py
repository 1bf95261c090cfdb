"""`SimulatedCable`: the simulated store's network cable between the controller and the backoffice.

Plugged, the sync client's requests go through; pulled, every request fails at once as a dead
link does (`httpx.ConnectError`), so the sync loops back off, the outbox fills and the backoffice
stops hearing heartbeats. Used only on simulated hardware (the /sim page). httpx is imported only
when sync runs (`transport()`), as the rest of sync does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


class SimulatedCable:
    def __init__(self) -> None:
        self.plugged = True

    def pull(self) -> None:
        self.plugged = False

    def plug(self) -> None:
        self.plugged = True

    def transport(self, inner: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncBaseTransport:
        """An httpx transport around `inner` (the real one by default) that this cable cuts."""
        from store_controller.sync.cable_transport import CableTransport

        return CableTransport(self, inner)
