"""userVisibleData and userNonVisibleData: UTF-8, base64, and the size limits of v6.0."""

from __future__ import annotations

import base64
from typing import Literal

from bankid_rp.errors import InvalidRequest

OrderKind = Literal["auth", "sign"]

# Length limits of the base64 text, per order kind (reference section 2.1).
VISIBLE_LIMIT: dict[OrderKind, int] = {"auth": 1_500, "sign": 40_000}
NON_VISIBLE_LIMIT: dict[OrderKind, int] = {"auth": 1_500, "sign": 200_000}


def encode_user_data(value: str | bytes) -> str:
    raw = value.encode() if isinstance(value, str) else value
    return base64.b64encode(raw).decode("ascii")


def checked_user_data(value: str | bytes | None, *, kind: OrderKind, visible: bool) -> str | None:
    """The base64 form of `value`, refused locally if BankID would refuse it."""
    if value is None:
        return None
    encoded = encode_user_data(value)
    limit = (VISIBLE_LIMIT if visible else NON_VISIBLE_LIMIT)[kind]
    name = "userVisibleData" if visible else "userNonVisibleData"
    if not 1 <= len(encoded) <= limit:
        raise InvalidRequest(f"{name} must be 1-{limit} characters after base64 for {kind}")
    return encoded
