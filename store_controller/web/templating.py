"""Jinja2 templates and static files of the kiosk, the door screen and the receipt pages.

Jinja2 (~1.6 MB) loads on the first page drawn, not at start: an idle controller serves no page."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates
    from starlette.templating import _TemplateResponse

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"


@functools.cache
def _jinja() -> Jinja2Templates:
    from fastapi.templating import Jinja2Templates

    return Jinja2Templates(directory=WEB_DIR / "templates")


class Templates:
    """`Jinja2Templates` of the web folder, built on its first use."""

    def TemplateResponse(self, *args: Any, **kwargs: Any) -> _TemplateResponse:  # noqa: N802
        return _jinja().TemplateResponse(*args, **kwargs)


templates = Templates()
