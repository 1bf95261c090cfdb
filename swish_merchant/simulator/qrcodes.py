"""Swish's commerce QR service, simulated: `POST /qrg-swish/api/v1/commerce` (swish.md section 9).

A PaymentRequestToken in, the QR code the Swish app scans out (what it holds: "D" + token), as
PNG or SVG. Like the real service it needs no client certificate. JPEG, which the real service
also makes, is refused here with 400 and a reason (no image library to draw it with).
"""

from __future__ import annotations

import io
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from swish_merchant.models import qr_data

QR_PATH = "/qrg-swish/api/v1/commerce"
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
MIN_SIZE, MAX_SIZE = 300, 2000


def _problem(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


def _checked(body: Any) -> tuple[str, str, int, int, bool] | str:
    """(token, format, size, border, transparent), or what is wrong with the body."""
    if not isinstance(body, dict):
        return "the body is a JSON object"
    token, fmt = body.get("token"), body.get("format")
    size, border = body.get("size", MIN_SIZE), body.get("border", 0)
    transparent = body.get("transparent", False)
    problem = None
    if not isinstance(token, str) or not 1 <= len(token) <= 64 or not token.isascii():
        problem = "token: the PaymentRequestToken of an m-commerce request"
    elif fmt not in MEDIA_TYPES:
        problem = f"format: one of {', '.join(MEDIA_TYPES)} (the simulator draws no jpg)"
    elif type(size) is not int or not MIN_SIZE <= size <= MAX_SIZE:
        problem = f"size: pixels, {MIN_SIZE} to {MAX_SIZE}"
    elif type(border) is not int or not 0 <= border <= 4:
        problem = "border: modules of quiet zone, 0 to 4"
    elif type(transparent) is not bool:
        problem = "transparent: true or false"
    if problem is not None:
        return problem
    return str(token), str(fmt), size, border, transparent


def render(token: str, fmt: str, *, size: int, border: int, transparent: bool) -> bytes:
    """The QR code of `token`, about `size` pixels wide."""
    import segno

    code = segno.make(qr_data(token), error="m")
    modules = code.symbol_size(scale=1, border=border)[0]
    scale = max(1, size // modules)
    light = None if transparent else "white"
    out = io.BytesIO()
    code.save(out, kind=fmt, scale=scale, border=border, light=light)
    return out.getvalue()


def qr_router() -> APIRouter:
    router = APIRouter()

    @router.post(QR_PATH)
    async def commerce(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _problem("the body is JSON")
        checked = _checked(body)
        if isinstance(checked, str):
            return _problem(checked)
        token, fmt, size, border, transparent = checked
        image = render(token, fmt, size=size, border=border, transparent=transparent)
        return Response(image, media_type=MEDIA_TYPES[fmt])

    return router
