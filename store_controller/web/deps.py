"""FastAPI dependencies of the controller's web layer, gathered in one place."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from store_controller.i18n import Language, language_of
from store_controller.runtime import StoreController


def get_controller(request: Request) -> StoreController:
    controller: StoreController = request.app.state.controller
    return controller


def get_language(request: Request) -> Language:
    """`?lang=en` wins, then the `lang` cookie the toggle sets; Swedish otherwise."""
    return language_of(request.query_params.get("lang") or request.cookies.get("lang"))


ControllerDep = Annotated[StoreController, Depends(get_controller)]
LanguageDep = Annotated[Language, Depends(get_language)]
