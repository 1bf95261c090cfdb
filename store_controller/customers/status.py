"""A customer's standing at the door, as stored in `customers.status`."""

from __future__ import annotations

import enum


class CustomerStatus(enum.StrEnum):
    ACTIVE = "active"
    MEMBER = "member"
    BLOCKED = "blocked"
