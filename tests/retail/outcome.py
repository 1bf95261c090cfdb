"""Run a parser and return its result or the retail error it raised (any other error escapes)."""

from collections.abc import Callable
from typing import TypeVar

from retail.errors import RetailError

T = TypeVar("T")


def outcome(parse: Callable[[str], T], text: str) -> T | RetailError:
    """`parse(text)`, or the `RetailError` it raised."""
    try:
        return parse(text)
    except RetailError as error:
        return error
