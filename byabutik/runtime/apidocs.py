"""The interactive API documentation (/docs) of both apps, served by the app itself.

FastAPI's own /docs and /redoc pages load Swagger UI and ReDoc from a CDN, with an inline script:
neither works without internet or under our Content-Security-Policy. Here Swagger UI comes from
the npm package swagger-ui-dist (package.json, installed by `./dev` into node_modules/) and is
started by a static script. The docs and the OpenAPI schema are off in production unless a
setting switches them on: the schema is a map of every route.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

NODE_MODULES_ENV = "BYABUTIK_NODE_MODULES"
"""Where the npm packages are when not in the source tree's node_modules/ (an installed wheel)."""
SWAGGER_UI_PACKAGE = "swagger-ui-dist"
DOCS_PATH = "/docs"
ASSETS_PATH = "/docs/assets"
STARTER_PATH = "/docs/start.js"
OPENAPI_PATH = "/openapi.json"
STARTER = Path(__file__).parent / "static" / "apidocs.js"
UNAVAILABLE = 503


def node_modules_dir() -> Path:
    """The npm packages the apps serve: $BYABUTIK_NODE_MODULES, else the source tree's."""
    configured = os.environ.get(NODE_MODULES_ENV)
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "node_modules"


def docs_options(*, enabled: bool) -> dict[str, Any]:
    """Keyword arguments for `FastAPI(...)`: never FastAPI's CDN pages; the schema when on."""
    return {"docs_url": None, "redoc_url": None, "openapi_url": OPENAPI_PATH if enabled else None}


def install_api_docs(app: FastAPI, *, assets: Path | None = None) -> None:
    """Serve /docs (Swagger UI from `assets`, default node_modules/swagger-ui-dist) when the
    app has an OpenAPI schema; with the package missing, /docs says what to install."""
    if app.openapi_url is None:
        return
    folder = assets or node_modules_dir() / SWAGGER_UI_PACKAGE
    installed = (folder / "swagger-ui-bundle.js").is_file()
    page = _page(app.title, app.openapi_url)

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs() -> HTMLResponse:
        if not installed:
            return HTMLResponse(
                f"<!doctype html><title>API documentation</title><p>Swagger UI is not installed: "
                f"{escape(str(folder))} is missing. Run <code>npm ci --omit=dev</code> where "
                f"package.json is (./dev does), or set {NODE_MODULES_ENV}.</p>",
                status_code=UNAVAILABLE,
            )
        return HTMLResponse(page)

    @app.get(STARTER_PATH, include_in_schema=False)
    def starter() -> FileResponse:
        return FileResponse(STARTER, media_type="text/javascript")

    if installed:
        app.mount(ASSETS_PATH, StaticFiles(directory=folder), name="api-docs-assets")


def _page(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{escape(title)}: API</title>
  <link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
  <main id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></main>
  <script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
  <script src="{STARTER_PATH}"></script>
</body>
</html>
"""
