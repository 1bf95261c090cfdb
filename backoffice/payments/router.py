"""`POST /api/swish/callback`: where Swish reports that a payment request or refund ended.

Contract: the route is closed (404) unless `swish.callback_identifier` is configured (the
32-36 characters the stores give Swish, which Swish echoes in the `callbackIdentifier` header):
a callback without the right header is 401. The body (Swish's object, JSON) is checked
(`callback_body`: at most 64 KiB, else 413; one flat JSON object with an `id`, else 400) and
recorded as received. If the backoffice has Swish credentials (`swish.base_url`), it then asks
Swish for the object's status with a GET and records that; when Swish cannot be asked it answers
503 so that Swish calls again later. 200 otherwise. The body is never trusted: only the
re-fetched `verified_status` is (reconciliation reads nothing else). A PAID payment to an
association's Swish number whose message carries an OCR pays that member's invoice
(`backoffice.members.swish_in`), booked once however often Swish calls.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from backoffice.access.rules import PUBLIC
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import BackofficeError, NotFoundError, UnauthenticatedError
from backoffice.members.swish_in import book_swish_payment
from backoffice.payments.callback_body import InvalidCallbackError, callback_body
from backoffice.payments.service import record_callback, verify_callback
from backoffice.payments.status import ClientStatusReader, SwishStatusReader

router = APIRouter(tags=["payments"])


def get_swish_reader(request: Request, settings: SettingsDep) -> SwishStatusReader | None:
    """The configured reader, built once per app (tests override this dependency)."""
    state = request.app.state
    if not hasattr(state, "swish_reader"):
        state.swish_reader = ClientStatusReader.from_settings(settings.swish)
    reader: SwishStatusReader | None = state.swish_reader
    return reader


SwishReaderDep = Annotated[SwishStatusReader | None, Depends(get_swish_reader)]


def _check_identifier(settings: SettingsDep, given: str | None) -> None:
    expected = settings.swish.callback_identifier
    if expected is None:
        raise NotFoundError(
            "Swish callbacks are off: set BYABUTIK_BACKOFFICE_SWISH__CALLBACK_IDENTIFIER "
            "to the callback_identifier the stores give Swish"
        )
    secret = expected.get_secret_value().encode()
    if given is None or not hmac.compare_digest(given.encode("utf-8", "replace"), secret):
        raise UnauthenticatedError("unknown callbackIdentifier")


@router.post("/api/swish/callback", dependencies=[PUBLIC])  # Swish calls; checked inside
async def swish_callback(
    *,
    request: Request,
    session: SessionDep,
    now: NowDep,
    settings: SettingsDep,
    reader: SwishReaderDep,
    callback_identifier: Annotated[str | None, Header(alias="callbackIdentifier")] = None,
) -> JSONResponse:
    _check_identifier(settings, callback_identifier)
    try:
        body = callback_body(await request.body())
    except InvalidCallbackError as exc:
        raise BackofficeError(f"not a Swish callback: {exc}") from None
    callback = record_callback(session=session, body=body, now=now)
    session.commit()
    if reader is None:
        return JSONResponse({"recorded": callback.id, "verified": None})
    verified = await verify_callback(callback=callback, reader=reader, now=now)
    if verified is not None and callback.kind == "payment":
        book_swish_payment(session, verified, at=now)  # a member's invoice paid by Swish
    session.commit()
    answer = {"recorded": callback.id, "verified": callback.verified_status}
    return JSONResponse(answer, status_code=200 if verified else 503)
