"""Signed, single-use, expiring acknowledge links: the token names one alert and one contact,
carries its expiry and a nonce, and is signed with HMAC-SHA256 under the backoffice's secret
key. The nonce is recorded when used, so a link works once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime


class BadLinkError(Exception):
    """A link that is forged, garbled or expired (the message says which)."""


@dataclass(frozen=True)
class AckClaim:
    case_id: int
    contact_id: int
    expires: datetime
    nonce: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode(), b"ack:" + body.encode(), hashlib.sha256).digest())


def make_token(secret: str, *, case_id: int, contact_id: int, expires: datetime) -> str:
    payload = [case_id, contact_id, int(expires.timestamp()), secrets.token_hex(12)]
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body}.{_sign(secret, body)}"


def read_token(secret: str, token: str, *, now: datetime) -> AckClaim:
    body, _, signature = token.partition(".")
    if not body or not hmac.compare_digest(signature, _sign(secret, body)):
        raise BadLinkError("this link is not valid")
    try:
        case_id, contact_id, expires, nonce = json.loads(_unb64(body))
        claim = AckClaim(
            int(case_id), int(contact_id), datetime.fromtimestamp(expires, UTC), str(nonce)
        )
    except (ValueError, TypeError) as exc:
        raise BadLinkError("this link is not valid") from exc
    if claim.expires <= now:
        raise BadLinkError("this link has expired")
    return claim
