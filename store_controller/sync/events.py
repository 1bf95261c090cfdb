"""What sync tells the rest of the controller, as bus events (published from sync's threads)."""

from __future__ import annotations

from dataclasses import dataclass

from retail import wire


@dataclass(frozen=True, slots=True)
class AccessPolicyReceived:
    """The backoffice sent a new access policy; it is already stored (sync_state)."""

    policy: wire.AccessPolicy
