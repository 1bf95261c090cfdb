"""What a Swish callback body may be: one flat JSON object naming a Swish payment or refund.

Swish POSTs its payment request (or refund) object: string, number, boolean or null values,
no nesting. The backoffice refuses anything else with a 4xx before it stores a byte (deep
nesting, repeated keys, NaN, huge numbers and non-UTF-8 are refused by the wire's JSON entry
point): a callback is only a hint that Swish has news, never the news itself (see `service`).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from retail.wire.jsontext import load_json

MAX_CALLBACK_BYTES = 64 * 1024
"""The largest callback body accepted (Swish's objects are well under 2 KiB)."""
MAX_KEYS = 40
MAX_KEY_CHARS = 64
MAX_TEXT_CHARS = 1024
SWISH_ID = re.compile(r"[0-9A-F]{32}")
"""A payment request's or refund's id: 32 upper-case hex, no hyphens (swish.md section 2)."""


class InvalidCallbackError(ValueError):
    """The body is not a Swish payment request or refund object."""


def callback_body(raw: bytes) -> dict[str, Any]:
    """The callback's object, or `InvalidCallbackError` saying what is wrong with it."""
    if len(raw) > MAX_CALLBACK_BYTES:
        raise InvalidCallbackError(f"a Swish callback is at most {MAX_CALLBACK_BYTES} bytes")
    try:
        body = load_json(raw)
    except ValidationError as error:
        raise InvalidCallbackError(error.errors()[0]["msg"]) from None
    if not isinstance(body, dict):
        raise InvalidCallbackError("a Swish callback is a JSON object")
    if len(body) > MAX_KEYS:
        raise InvalidCallbackError(f"a Swish callback has at most {MAX_KEYS} fields")
    for key, value in body.items():
        if len(key) > MAX_KEY_CHARS or not key.isascii() or not key.isidentifier():
            raise InvalidCallbackError("a Swish callback's field names are short ASCII names")
        if value is not None and not isinstance(value, str | int | float | bool):
            raise InvalidCallbackError(f"`{key}`: a Swish callback's values are not nested")
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise InvalidCallbackError(f"`{key}`: at most {MAX_TEXT_CHARS} characters")
    swish_id = body.get("id")
    if not isinstance(swish_id, str):
        raise InvalidCallbackError("a Swish callback names its object in `id`")
    if not SWISH_ID.fullmatch(swish_id):  # it goes into Swish's URL path when re-fetched
        raise InvalidCallbackError("`id`: a Swish id is 32 upper-case hexadecimal characters")
    return body
