"""The controller's start page: what can be opened on this store's screens."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from store_controller.web.deps import ControllerDep, LanguageDep
from store_controller.web.templating import templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, controller: ControllerDep, lang: LanguageDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "home.html",
        {
            "lang": lang,
            "store_name": controller.settings.store_name,
            "screens": controller.screens,
            "mode": controller.settings.mode,
        },
    )
