"""The backoffice's exception tree; each error becomes one HTTP answer at the boundary."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response


class BackofficeError(Exception):
    """Base of every domain error; `status_code` is what the API answers."""

    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(BackofficeError):
    status_code = 404


class ConflictError(BackofficeError):
    status_code = 409


class UnauthenticatedError(BackofficeError):
    status_code = 401
    challenge = "Bearer"
    signin_page = "/signin"  # where a browser asking for a page is sent


class ForbiddenError(BackofficeError):
    status_code = 403


class TooManyRequestsError(BackofficeError):
    """429: slow down (`retry_after` seconds, sent as Retry-After)."""

    status_code = 429

    def __init__(self, detail: str, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class UnsupportedProtocolError(BackofficeError):
    """The store speaks a protocol version this backoffice no longer (or not yet) accepts."""

    status_code = 426


def _wants_page(request: Request) -> bool:
    """A browser navigating (GET, HTML first) without a bearer token: send it to sign in."""
    return (
        request.method == "GET"
        and "text/html" in request.headers.get("accept", "")
        and not request.headers.get("authorization")
    )


_NUMBER = re.compile(r"\d{6}(?:\d{2})?[-+]?\d{4}")
"""A personnummer as typed (YYMMDD-NNNN, YYYYMMDDNNNN, ...): masked where input is named."""


def _masked(text: str) -> str:
    return _NUMBER.sub("…", text)


def install_error_handlers(app: FastAPI) -> None:
    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BackofficeError)
        if isinstance(exc, UnauthenticatedError) and _wants_page(request):
            target = quote(
                str(request.url.path) + ("?" + request.url.query if request.url.query else "")
            )
            return RedirectResponse(f"{exc.signin_page}?next={target}", status_code=303)
        challenge = exc.challenge if isinstance(exc, UnauthenticatedError) else None
        headers = {"WWW-Authenticate": challenge} if challenge else None
        if isinstance(exc, TooManyRequestsError):
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        """A request that does not fit its route: 422 naming each field and what is wrong,
        never what was sent (it may hold a personnummer or a secret)."""
        assert isinstance(exc, RequestValidationError)
        errors = [
            {
                "type": e.get("type"),
                "loc": [_masked(part) if isinstance(part, str) else part for part in e["loc"]],
                "msg": _masked(str(e.get("msg", ""))),
            }
            for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    app.add_exception_handler(BackofficeError, handle)
    app.add_exception_handler(RequestValidationError, invalid)
