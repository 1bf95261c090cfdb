"""A module attribute loaded from the module that holds it, on first use (PEP 562)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_attributes(
    module: str, homes: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], object]:
    """A module `__getattr__` for `module`: a name in `homes` is read from the module named
    there, then kept in `namespace` (the module's globals) so the next lookup is direct; any
    other name is an AttributeError, as for a module without one."""

    def load(name: str) -> object:
        try:
            home = homes[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        value = getattr(import_module(home), name)
        namespace[name] = value
        return value

    return load
