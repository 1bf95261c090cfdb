"""What a route declares about who may call it (read by the access-matrix test)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backoffice.access.roles import Permission


@dataclass(frozen=True, slots=True)
class AccessRule:
    """What a route declares; the access matrix test reads it from the route."""

    kind: Literal["public", "device", "person", "member"]
    permission: Permission | None = None
    stores: str = ""  # how the stores are found, for the matrix ("path:slug", "query:stores")
