"""Every errorCode, unknown codes and non-JSON bodies map onto the one exception tree."""

from __future__ import annotations

import httpx
import pytest

from bankid_rp import errors
from bankid_rp.messages import error_message


def response(
    status: int, body: object = None, text: str | None = None, **headers: str
) -> httpx.Response:
    if text is not None:
        return httpx.Response(status, text=text, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


@pytest.mark.parametrize(
    ("status", "code", "kind", "rfa"),
    [
        (400, "invalidParameters", errors.InvalidParameters, "RFA22"),
        (400, "alreadyInProgress", errors.AlreadyInProgress, "RFA4"),
        (401, "unauthorized", errors.Unauthorized, "RFA22"),
        (403, "unauthorized", errors.Unauthorized, "RFA22"),
        (404, "notFound", errors.NotFound, "RFA22"),
        (405, "methodNotAllowed", errors.MethodNotAllowed, "RFA22"),
        (408, "requestTimeout", errors.RequestTimeout, "RFA5"),
        (415, "unsupportedMediaType", errors.UnsupportedMediaType, "RFA22"),
        (429, "tooManyRequests", errors.TooManyRequests, "RFA5"),
        (500, "internalError", errors.InternalError, "RFA5"),
        (503, "maintenance", errors.Maintenance, "RFA5"),
        (503, "Maintenance", errors.Maintenance, "RFA5"),
        (400, "somethingNew", errors.UnknownErrorCode, "RFA22"),
        (502, "somethingNew", errors.UnexpectedResponse, "RFA5"),
    ],
)
def test_error_codes(status: int, code: str, kind: type[errors.BankIdError], rfa: str) -> None:
    error = errors.error_from_response(response(status, {"errorCode": code, "details": "x"}))
    assert type(error) is kind
    assert (error.error_code, error.http_status, error.details) == (code, status, "x")
    assert error_message(error).rfa == rfa
    assert code in str(error)


def test_rejected_and_unavailable_branches() -> None:
    assert issubclass(errors.InvalidParameters, errors.BankIdRejected)
    assert issubclass(errors.Maintenance, errors.BankIdUnavailable)
    assert issubclass(errors.ClientTimeout, errors.BankIdUnavailable)
    assert issubclass(errors.BankIdUnavailable, errors.BankIdError)


@pytest.mark.parametrize(
    "answer",
    [
        response(502, text="<html>Bad gateway</html>"),
        response(500, text=""),
        response(400, ["not", "an", "object"]),
        response(400, {"details": "no code"}),
    ],
)
def test_answers_without_an_error_code(answer: httpx.Response) -> None:
    error = errors.error_from_response(answer)
    assert isinstance(error, errors.UnexpectedResponse)
    assert error.http_status == answer.status_code


def test_rate_limit_reset_is_kept() -> None:
    error = errors.error_from_response(
        response(429, {"errorCode": "tooManyRequests", "details": ""}, **{"RateLimit-Reset": "7"})
    )
    assert isinstance(error, errors.TooManyRequests)
    assert error.retry_after == 7.0


def test_details_never_carry_a_personal_number() -> None:
    error = errors.error_from_response(
        response(400, {"errorCode": "alreadyInProgress", "details": "pno 199908072391 busy"})
    )
    assert "199908072391" not in str(error)
    assert error.details is not None
    assert "199908072391" not in error.details
