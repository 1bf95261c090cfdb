"""FastAPI imported for a small long-running process (a store controller on a Pi 3, issue 23).

Two things FastAPI pays for at start that such a process never or only later uses:

- **Its own pydantic models** (the OpenAPI document's ~30, the security schemes', the SSE event's)
  are built into validators and serializers when `fastapi` is imported. They are used only by
  `/openapi.json` and the docs pages (or a security scheme, an SSE model). Imported while
  pydantic's `defer_build` default is on, each is built the first time it is used instead, with
  the same schema and behaviour (pydantic's own deferral). ~1.2 MB resident.
- **`pydantic.v1`** (23 modules, ~1.6 MB resident): FastAPI refuses pydantic.v1 models, and asks
  `is_pydantic_v1_model_class` of every parameter and response type of every route it builds
  (`jsonable_encoder` asks `is_pydantic_v1_model_instance` of objects it does not know); both
  import `pydantic.v1` to answer. A class or object can only be a pydantic.v1 model once
  `pydantic.v1` has been imported, so while it is not in `sys.modules` the answer is no without
  importing it; once anything has imported it, FastAPI's own checks answer.

Both reach into FastAPI's and pydantic's internals; where those are not as expected (another
version), that part does nothing and FastAPI is as it was.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]


def import_fastapi_lean() -> None:
    """Import `fastapi` with its own models built on first use (unless something imported it
    already), and answer its pydantic.v1 checks without importing `pydantic.v1`. Call it before
    the first route is built (a module's router decorators build theirs at its import)."""
    if "fastapi" not in sys.modules:
        _import_deferring_builds("fastapi")
    refuse_pydantic_v1_without_importing_it()


def _import_deferring_builds(name: str) -> None:
    defaults = _pydantic_config_defaults()
    if defaults is None:  # pragma: no cover - pydantic changed: built as usual
        importlib.import_module(name)
        return
    before = defaults["defer_build"]
    defaults["defer_build"] = True
    try:
        importlib.import_module(name)
    finally:
        defaults["defer_build"] = before


def _pydantic_config_defaults() -> dict[str, Any] | None:
    try:
        from pydantic._internal import _config
    except ImportError:  # pragma: no cover - pydantic changed
        return None
    defaults = getattr(_config, "config_defaults", None)
    return defaults if isinstance(defaults, dict) and "defer_build" in defaults else None


def refuse_pydantic_v1_without_importing_it() -> bool:
    """Wrap FastAPI's pydantic.v1 checks where FastAPI looks them up (once; idempotent). False
    if this FastAPI has no such checks (an older or a later one): it is then left as it is."""
    try:
        import fastapi._compat
        from fastapi import encoders
        from fastapi._compat import shared
    except ImportError:  # pragma: no cover - a FastAPI without `_compat.shared`
        return False
    places: tuple[tuple[Any, str], ...] = (
        (shared, "is_pydantic_v1_model_class"),  # annotation_is_pydantic_v1 calls it: routes
        (shared, "is_pydantic_v1_model_instance"),
        (fastapi._compat, "is_pydantic_v1_model_instance"),
        (encoders, "is_pydantic_v1_model_instance"),  # imported by name: jsonable_encoder
    )
    if not all(callable(getattr(module, name, None)) for module, name in places):
        return False  # pragma: no cover - FastAPI changed; nothing is wrapped
    for module, name in places:
        check = getattr(module, name)
        if not hasattr(check, "__wrapped__"):
            setattr(module, name, _only_once_loaded(check))
    return True


def _only_once_loaded(check: Check) -> Check:
    def unless_unloaded(value: Any) -> bool:
        return "pydantic.v1" in sys.modules and check(value)

    unless_unloaded.__wrapped__ = check  # type: ignore[attr-defined]
    return unless_unloaded
