"""Rendering a page of the shell: `render(request, "page.html", principal=..., **context)`.

Every template extends `base.html` (the header, navigation, language switch, sign-out) and gets
`_` (the page's language), `money`, `number`, `day`, `when`, `csrf_token` and `principal`. A feature
keeps its templates in its own folder and calls `add_folder(path)` once at import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from backoffice.access.principal import Principal
from backoffice.web import nav
from backoffice.web.i18n import COOKIE, Language, language_of

_loaders: list[FileSystemLoader] = [FileSystemLoader(Path(__file__).parent / "templates")]
ENV = Environment(
    loader=ChoiceLoader(_loaders),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def add_folder(folder: Path) -> None:
    """Templates of a feature (its own names; `base.html` stays the shell's)."""
    _loaders.append(FileSystemLoader(folder))


def language(request: Request, principal: Principal | None = None) -> Language:
    return language_of(request.cookies.get(COOKIE), principal.language if principal else None)


def render(
    request: Request,
    template: str,
    *,
    principal: Principal | None,
    status_code: int = 200,
    csrf_token: str | None = None,
    **context: Any,
) -> HTMLResponse:
    lang = language(request, principal)
    html = ENV.get_template(template).render(
        request=request,
        principal=principal,
        nav=nav.entries_for(principal) if principal else [],
        path=request.url.path,
        lang=lang.code,
        _=lang.gettext,
        money=lang.money,
        number=lang.number,
        when=lang.when,
        day=lang.day,
        csrf_token=csrf_token or (principal.csrf_token if principal else ""),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
