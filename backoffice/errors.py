"""The backoffice's exception tree; each error becomes one HTTP answer at the boundary."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


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


class AdminUnauthenticatedError(UnauthenticatedError):
    """401 that makes a browser ask for the admin token (as the HTTP Basic password)."""

    challenge = 'Basic realm="byabutik backoffice"'


class ForbiddenError(BackofficeError):
    status_code = 403


class UnsupportedProtocolError(BackofficeError):
    """The store speaks a protocol version this backoffice no longer (or not yet) accepts."""

    status_code = 426


def install_error_handlers(app: FastAPI) -> None:
    async def handle(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BackofficeError)
        challenge = exc.challenge if isinstance(exc, UnauthenticatedError) else None
        headers = {"WWW-Authenticate": challenge} if challenge else None
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    app.add_exception_handler(BackofficeError, handle)
