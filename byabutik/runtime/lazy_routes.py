"""Routes imported and built on their first request, to keep them out of an idle process.

`include_lazily(app, ("/kiosk", "/receipt"), load)` puts one placeholder in the app's routes.
The first request under one of the prefixes (or a `url_path_for`, or the OpenAPI schema, or
`route_paths`) calls `load`, which imports the routers' modules and returns the routers; they
are included into the app right where the placeholder stands, so the order of matching is the
same as if they had been included at start. From then on the placeholder matches nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

Load = Callable[[], Sequence[APIRouter]]


class LazyRoutes(BaseRoute):
    """The placeholder: builds its routers into `app` when a request under `prefixes` comes."""

    def __init__(self, app: FastAPI, prefixes: tuple[str, ...], load: Load) -> None:
        self.app = app
        self.prefixes = prefixes
        self._load: Load | None = load

    @property
    def built(self) -> bool:
        return self._load is None

    def build(self) -> None:
        """Include the routers (once) just after this placeholder in the app's routes."""
        if self._load is None:
            return
        load, self._load = self._load, None
        routes = self.app.router.routes
        count = len(routes)
        for router in load():
            self.app.include_router(router)
        added = routes[count:]
        del routes[count:]
        at = next(i for i, route in enumerate(routes) if route is self) + 1
        routes[at:at] = added  # a router's loop over the routes reaches them next

    def _serves(self, path: str) -> bool:
        return any(path == prefix or path.startswith(prefix + "/") for prefix in self.prefixes)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        http = scope["type"] in ("http", "websocket")
        if self._load is not None and http and self._serves(_route_path(scope)):
            self.build()
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        self.build()
        raise NoMatchFound(name, path_params)  # the routes after this one answer

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("a lazy placeholder never matches")  # pragma: no cover


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def include_lazily(app: FastAPI, prefixes: tuple[str, ...], load: Load) -> LazyRoutes:
    """Add routers that `load` imports and returns, built on the first request they serve."""
    lazy = LazyRoutes(app, prefixes, load)
    app.router.routes.append(lazy)
    if not getattr(app, "_lazy_openapi", False):  # the schema lists every route, built or not
        schema = app.openapi

        def openapi() -> dict[str, Any]:
            build_lazy_routes(app)
            return schema()

        app.openapi = openapi  # type: ignore[method-assign]
        app._lazy_openapi = True  # type: ignore[attr-defined]
    return lazy


def build_lazy_routes(app: FastAPI) -> None:
    """Build every placeholder's routes now (the full list of routes, e.g. for a check)."""
    for route in list(app.router.routes):
        if isinstance(route, LazyRoutes):
            route.build()
