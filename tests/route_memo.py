"""One analysis of each route's dependencies per test process, not one per app.

FastAPI (0.165) analyses an included route's endpoint and dependencies (signatures, annotations,
a pydantic adapter per parameter) lazily, at an app's first request, for every app instance. A
server builds its app once, so it pays this once; the tests build a new app for nearly every
test, and the analysis of our ~320 routes was about a quarter of the CPU of a backoffice web
test. The analysis depends only on the route's path, endpoint and dependencies, never on the
app, and FastAPI only reads what it returns, so a test process keeps it and hands it to the next
app that includes the same route (dependency overrides are looked up per app at request time).

Only on the FastAPI versions this was checked against (`CHECKED_FASTAPI`); on any other version
the tests run with FastAPI's own analysis, slower but the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import fastapi
from fastapi import params, routing

CHECKED_FASTAPI = ("0.165.",)
_NAME = "_build_dependant_with_parameterless_dependencies"


def remember_route_analysis() -> bool:
    """Install the per-process memory of route analyses; whether this FastAPI has it."""
    if not fastapi.__version__.startswith(CHECKED_FASTAPI):
        return False
    analyse = getattr(routing, _NAME, None)
    if analyse is None or getattr(analyse, "remembers", False):
        return analyse is not None
    kept: dict[tuple[str, Callable[..., Any], tuple[int, ...]], tuple[Any, Any]] = {}

    def remembered(
        *, path: str, call: Callable[..., Any], dependencies: Sequence[params.Depends]
    ) -> Any:
        key = (path, call, tuple(map(id, dependencies)))
        if key not in kept:
            # the dependencies are kept with the answer, so their ids stay theirs
            kept[key] = (analyse(path=path, call=call, dependencies=dependencies), dependencies)
        return kept[key][0]

    remembered.remembers = True  # type: ignore[attr-defined]
    setattr(routing, _NAME, remembered)
    return True
