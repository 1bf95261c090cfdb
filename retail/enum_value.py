"""`read_value_in_c`: a `StrEnum` whose members' `.value` is read without a Python call.

On Python 3.11 `Enum.value` is a Python property (`enum.property.__get__`, then the `value`
function): two Python frames each time. pydantic-core reads `.value` of every enum it writes,
and the backoffice writes each pushed entry once for its digest (`to_json`), ~1,000 enum
fields a push of 450 entries. The decorated class's `.value` is a C property reading the
member's `_value_`: the same value, the same members, the same text; nothing else changes.
"""

from __future__ import annotations

import enum
from operator import attrgetter
from typing import TypeVar

E = TypeVar("E", bound=type[enum.Enum])

_VALUE = property(attrgetter("_value_"))


def read_value_in_c(cls: E) -> E:
    """`cls` with `.value` read in C (see the module's docstring)."""
    setattr(cls, "value", _VALUE)  # noqa: B010 (mypy would have `value` a member)
    return cls
