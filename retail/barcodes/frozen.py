"""Build a frozen dataclass from fields the parser has already checked, at the cost of one dict
update instead of one `object.__setattr__` per field (a frozen dataclass's `__init__`).

The scan path builds two such values per label; with 11 to 19 fields the generated `__init__`
cost more than the whole check-digit floor of the benchmark (bench/retail_bench.py). The classes
stay frozen (assignment raises) and keep their generated `__eq__`, `__hash__` and `__repr__`;
absent fields read their class-level defaults, so the classes must not use `slots=True`.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def assemble(cls: type[T], fields: dict[str, Any]) -> T:
    """An instance of the frozen dataclass `cls` holding `fields` (no `__post_init__` runs)."""
    instance = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance
