"""One exception tree for BankID, built once from an HTTP answer at the client's edge.

`BankIdRejected` means BankID answered and said no; `BankIdUnavailable` means no usable answer
(transport, timeouts, maintenance, internal errors, non-JSON bodies). Texts never carry a personal
number: BankID's `details` pass through the log redactor before they become a message.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, ClassVar

from byabutik.runtime.logging import redact

if TYPE_CHECKING:
    import httpx


class BankIdError(Exception):
    """Base of every BankID failure; `rfa` names the recommended user message, if any."""

    rfa: ClassVar[str] = "RFA22"

    def __init__(
        self,
        message: str,
        *,
        error_code: str | None = None,
        details: str | None = None,
        http_status: int | None = None,
    ) -> None:
        self.error_code = error_code
        self.details = redact(details) if details is not None else None
        self.http_status = http_status
        super().__init__(redact(message))


class BankIdConfigError(BankIdError):
    """The BankID configuration (certificates, trust, URL) cannot be used."""


class InvalidRequest(BankIdError, ValueError):  # noqa: N818 - reads as a verdict
    """The request was refused locally before sending (size limits, missing fields)."""


class BankIdRejected(BankIdError):  # noqa: N818 - house naming (XRejected/XUnavailable)
    """BankID answered with an error code; never retried."""


class InvalidParameters(BankIdRejected):
    """400 invalidParameters: our bug or misuse (also unknown, used or cancelled orders)."""


class AlreadyInProgress(BankIdRejected):
    """400 alreadyInProgress: an order for this person exists; BankID cancelled both."""

    rfa = "RFA4"


class Unauthorized(BankIdRejected):
    """401/403 unauthorized: our RP certificate or agreement is not accepted."""


class NotFound(BankIdRejected):
    """404 notFound: wrong URL path."""


class MethodNotAllowed(BankIdRejected):
    """405 methodNotAllowed: only POST is allowed."""


class UnsupportedMediaType(BankIdRejected):
    """415 unsupportedMediaType: the content type was not exactly application/json."""


class UnknownErrorCode(BankIdRejected):
    """A 4xx errorCode this client does not know; BankID may add codes without notice."""


class BankIdUnavailable(BankIdError):  # noqa: N818 - house naming
    """No usable answer from BankID: transport failure, timeout, overload or maintenance."""

    rfa = "RFA5"


class TransportFailure(BankIdUnavailable):
    """Connection or TLS failure before an HTTP answer."""


class ClientTimeout(BankIdUnavailable):
    """Our request timeout elapsed without an answer."""


class RequestTimeout(BankIdUnavailable):
    """408 requestTimeout: BankID gave up receiving the request; not retried automatically."""


class TooManyRequests(BankIdUnavailable):
    """429 tooManyRequests: back off; `retry_after` holds BankID's RateLimit-Reset, if sent."""

    retry_after: float | None = None


class InternalError(BankIdUnavailable):
    """500 internalError: BankID failed; not retried automatically, the user may try again."""


class Maintenance(BankIdUnavailable):
    """503 maintenance: temporarily unavailable; the client retries a few times silently."""


class UnexpectedResponse(BankIdUnavailable):
    """An answer that is not BankID's JSON (a proxy page, an unknown 5xx code, a broken body)."""


_BY_CODE: dict[str, type[BankIdError]] = {
    "invalidparameters": InvalidParameters,
    "alreadyinprogress": AlreadyInProgress,
    "unauthorized": Unauthorized,
    "notfound": NotFound,
    "methodnotallowed": MethodNotAllowed,
    "unsupportedmediatype": UnsupportedMediaType,
    "requesttimeout": RequestTimeout,
    "toomanyrequests": TooManyRequests,
    "internalerror": InternalError,
    "maintenance": Maintenance,
}


def _rate_limit_reset(response: httpx.Response) -> float | None:
    value = response.headers.get("RateLimit-Reset") or response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def error_from_response(response: httpx.Response) -> BankIdError:
    """The exception for a non-2xx answer; error codes match case-insensitively."""
    status = response.status_code
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    code = body.get("errorCode") if isinstance(body, dict) else None
    if not isinstance(code, str):
        return UnexpectedResponse(
            f"BankID answered HTTP {status} without an error code", http_status=status
        )
    raw_details = body.get("details") if isinstance(body, dict) else None
    details = raw_details if isinstance(raw_details, str) else ""
    kind = _BY_CODE.get(code.lower())
    if kind is None:
        kind = UnknownErrorCode if status < 500 else UnexpectedResponse
    message = f"BankID {code} (HTTP {status}): {details}".rstrip(": ")
    error = kind(message, error_code=code, details=details, http_status=status)
    if isinstance(error, TooManyRequests):
        error.retry_after = _rate_limit_reset(response)
    return error
