"""Build a frozen dataclass from fields the parser has already checked, by filling its instance
dict instead of one `object.__setattr__` per field (a frozen dataclass's `__init__`).

The scan path builds two such values per label; with 11 to 19 fields the generated `__init__`
cost more than the whole check-digit floor of the benchmark (bench/retail_bench.py). The classes
stay frozen (assignment raises) and keep their generated `__eq__`, `__hash__` and `__repr__`;
absent fields read their class-level defaults, so the classes must not use `slots=True`.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def blank(cls: type[T]) -> tuple[T, dict[str, Any]]:
    """A new instance of the frozen dataclass `cls` with no field set, and the dict that holds
    its fields: fill it before the instance is handed out (unset fields read their defaults).

    Cheapest when a parser reads straight into it: no dict is built and then copied.
    """
    instance = object.__new__(cls)
    return instance, instance.__dict__
