"""One exception tree for Swish, built once from an HTTP answer at the client's edge.

`SwishRejected` means Swish answered and said no (422 with error codes, 401/403, 404, 409);
`SwishUnavailable` means no usable answer (transport, timeout, 5xx, a body that is not Swish's).
Every error carries the Swish error code (if any), a customer text in Swedish and English, and an
owner-facing reason (see `messages`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from byabutik.runtime.text import Text
from swish_merchant.messages import NOT_STARTED, TRY_AGAIN, describe

if TYPE_CHECKING:
    import httpx


class SwishError(Exception):
    """Base of every Swish failure; without a Swish code the class says what went wrong."""

    customer: ClassVar[Text] = TRY_AGAIN
    reason: ClassVar[str] = "Swish failed without an error code"

    def __init__(
        self,
        message: str,
        *,
        codes: tuple[str, ...] = (),
        http_status: int | None = None,
    ) -> None:
        self.codes = codes
        self.http_status = http_status
        super().__init__(message)

    @property
    def code(self) -> str | None:
        """The first Swish error code, if Swish gave one."""
        return self.codes[0] if self.codes else None

    @property
    def customer_text(self) -> Text:
        """What the kiosk shows the customer."""
        return describe(self.code).customer if self.code else self.customer

    @property
    def owner_reason(self) -> str:
        """What the owner reads in the backoffice or the log."""
        return describe(self.code).reason if self.code else self.reason


class SwishConfigError(SwishError):
    """The Swish configuration (certificates, trust, URL) cannot be used."""

    customer = NOT_STARTED
    reason = "the [swish] configuration cannot be used (certificate, key, CA file or URL)"


class InvalidRequest(SwishError, ValueError):  # noqa: N818 - reads as a verdict
    """Refused locally before sending (a field Swish would refuse for certain)."""

    customer = NOT_STARTED
    reason = "a field Swish cannot take (negative amount, odd reference); a bug"


class SwishRejected(SwishError):  # noqa: N818 - house naming (XRejected/XUnavailable)
    """Swish answered with a refusal; never retried automatically."""

    customer = NOT_STARTED
    reason = "Swish refused the request without an error code"


class ValidationFailed(SwishRejected):
    """422: Swish refused the fields; `codes` lists every error code it gave."""


class NotCancellable(ValidationFailed):
    """422 RP07: the request is no longer CREATED (paid, declined, failed or cancelled)."""


class Unauthorized(SwishRejected):
    """401/403: our merchant certificate is missing, not trusted, or not for this payee."""

    customer = NOT_STARTED
    reason = "Swish did not accept the merchant certificate (check certificate, payee_alias)"


class NotFound(SwishRejected):
    """404: no payment request or refund with this id."""

    customer = NOT_STARTED
    reason = "Swish knows no payment request or refund with this id"


class AlreadyExists(SwishRejected):
    """409: a request with this instruction id exists already (an idempotent retry)."""

    customer = NOT_STARTED
    reason = "a request with this instruction id exists already (a retry)"


class SwishUnavailable(SwishError):  # noqa: N818 - house naming
    """No usable answer from Swish: transport failure, timeout, server error or odd body."""

    customer = TRY_AGAIN
    reason = "no usable answer from Swish"


class TransportFailure(SwishUnavailable):
    """Connection or TLS failure before an HTTP answer."""

    customer = TRY_AGAIN
    reason = "Swish could not be reached (network, DNS or TLS; check the CA file)"


class ClientTimeout(SwishUnavailable):
    """Our request timeout elapsed without an answer."""

    customer = TRY_AGAIN
    reason = "Swish did not answer within swish.request_timeout"


class ServerError(SwishUnavailable):
    """5xx: Swish failed; the same request may be retried (instruction ids make it safe)."""

    customer = TRY_AGAIN
    reason = "Swish failed (HTTP 5xx); retrying is safe"


class UnexpectedResponse(SwishUnavailable):
    """An answer that is not Swish's JSON (a proxy page, an unknown status, a broken body)."""

    customer = TRY_AGAIN
    reason = "an answer that is not Swish's (a proxy page or a broken body)"


_BY_STATUS: dict[int, type[SwishRejected]] = {
    401: Unauthorized,
    403: Unauthorized,
    404: NotFound,
    409: AlreadyExists,
}


def _codes(body: Any) -> tuple[str, ...]:
    items = body if isinstance(body, list) else [body]
    codes = (item.get("errorCode") for item in items if isinstance(item, dict))
    return tuple(code for code in codes if isinstance(code, str) and code)


def error_from_response(response: httpx.Response, *, action: str) -> SwishError:
    """The exception for a non-2xx answer to `action` (e.g. "create payment request")."""
    status = response.status_code
    try:
        body = response.json() if response.content else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    codes = _codes(body)
    if status >= 500:
        return ServerError(f"Swish {action}: HTTP {status}", codes=codes, http_status=status)
    text = f"Swish {action}: HTTP {status}" + (f" {', '.join(codes)}" if codes else "")
    if status == 422:
        kind: type[SwishError] = NotCancellable if "RP07" in codes else ValidationFailed
    else:
        other = SwishRejected if 400 <= status < 500 else UnexpectedResponse
        kind = _BY_STATUS.get(status, other)
    return kind(text, codes=codes, http_status=status)
