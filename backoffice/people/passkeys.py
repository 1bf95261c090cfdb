"""Passkeys (WebAuthn) as a second factor: registration and authentication ceremonies through
the `webauthn` package. The challenge of a ceremony lives on the web session that asked for it
(the signed-in session on /account, the pending one at sign-in) and is used up by the answer,
right or wrong. The relying party is this backoffice: its origin is `public_url` (else the
request's own base URL) and its id that origin's host."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from backoffice.audit.service import Actor, record
from backoffice.errors import BackofficeError, NotFoundError
from backoffice.people.models import Passkey, Person, WebSession

RP_NAME = "Byabutik"
MAX_CREDENTIAL = 20_000  # characters of a browser's answer; real ones are < 2 000


class PasskeyRefusedError(BackofficeError):
    """The browser's answer does not prove the passkey (wrong origin, signature, challenge,
    counter, or an unknown credential)."""


@dataclass(frozen=True)
class RelyingParty:
    id: str  # the host name the passkey is bound to
    origin: str  # scheme://host[:port] the browser must report


def relying_party(public_url: str | None, base_url: str) -> RelyingParty:
    parts = urlsplit(public_url or base_url)
    if not parts.scheme or not parts.hostname:
        raise BackofficeError("public_url must be an absolute URL for passkeys")
    return RelyingParty(id=parts.hostname, origin=f"{parts.scheme}://{parts.netloc}")


def of_person(session: Session, person_id: int) -> list[Passkey]:
    return list(
        session.scalars(select(Passkey).where(Passkey.person_id == person_id).order_by(Passkey.id))
    )


def has_passkey(session: Session, person_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Passkey.person_id == person_id))))


def _descriptors(keys: list[Passkey]) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id)) for k in keys]


def registration_options(
    session: Session, person: Person, row: WebSession, rp: RelyingParty
) -> str:
    """The options for navigator.credentials.create (JSON); keeps the challenge on `row`."""
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=RP_NAME,
        user_name=person.email,
        user_id=f"byabutik-person-{person.id}".encode(),
        user_display_name=person.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(of_person(session, person.id)),
    )
    row.webauthn_challenge = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _take_challenge(row: WebSession) -> bytes:
    challenge = row.webauthn_challenge
    row.webauthn_challenge = None  # one answer per challenge, right or wrong
    if not challenge:
        raise PasskeyRefusedError("no passkey request is under way; try again")
    return base64url_to_bytes(challenge)


def _parse(credential: str) -> dict[str, object]:
    if len(credential) > MAX_CREDENTIAL:
        raise PasskeyRefusedError("the passkey's answer is too long")
    try:
        parsed = json.loads(credential)
    except ValueError as exc:
        raise PasskeyRefusedError("the passkey's answer is not JSON") from exc
    if not isinstance(parsed, dict):
        raise PasskeyRefusedError("the passkey's answer is not a JSON object")
    return parsed


def register(
    session: Session,
    *,
    person: Person,
    row: WebSession,
    rp: RelyingParty,
    credential: str,
    name: str,
    actor: Actor,
    now: datetime,
) -> Passkey:
    """Checks the browser's answer to `registration_options` and keeps the new passkey."""
    challenge = _take_challenge(row)
    try:
        verified = verify_registration_response(
            credential=_parse(credential),
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
        )
    except WebAuthnException as exc:
        raise PasskeyRefusedError(f"the passkey was not accepted: {exc}") from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if session.scalar(select(exists().where(Passkey.credential_id == credential_id))):
        raise PasskeyRefusedError("this passkey is registered already")
    key = Passkey(
        person_id=person.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name.strip() or RP_NAME,
        created_at=now,
    )
    session.add(key)
    session.flush()
    record(
        session,
        actor=actor,
        action="person.passkey_added",
        now=now,
        target=person.email,
        after={"passkey": key.id, "name": key.name},
    )
    return key


def authentication_options(
    session: Session, person: Person, row: WebSession, rp: RelyingParty
) -> str:
    """The options for navigator.credentials.get (JSON); keeps the challenge on `row`."""
    options = generate_authentication_options(
        rp_id=rp.id,
        allow_credentials=_descriptors(of_person(session, person.id)),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    row.webauthn_challenge = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def authenticate(
    session: Session,
    *,
    person: Person,
    row: WebSession,
    rp: RelyingParty,
    credential: str,
    now: datetime,
) -> Passkey:
    """Checks the browser's answer to `authentication_options`: one of the person's passkeys,
    signed over this challenge and origin, its counter past the last one seen (a cloned
    authenticator or a replayed answer is refused)."""
    challenge = _take_challenge(row)
    parsed = _parse(credential)
    raw_id = parsed.get("rawId", parsed.get("id"))
    key = session.scalar(
        select(Passkey).where(Passkey.person_id == person.id, Passkey.credential_id == raw_id)
    )
    if key is None:
        raise PasskeyRefusedError("this passkey is not one of yours")
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=key.public_key,
            credential_current_sign_count=key.sign_count,
        )
    except WebAuthnException as exc:
        raise PasskeyRefusedError(f"the passkey was not accepted: {exc}") from exc
    key.sign_count = verified.new_sign_count
    key.last_used_at = now
    return key


def remove(
    session: Session, *, person: Person, passkey_id: int, actor: Actor, now: datetime
) -> Passkey:
    key = session.get(Passkey, passkey_id)
    if key is None or key.person_id != person.id:
        raise NotFoundError("no such passkey")
    session.delete(key)
    record(
        session,
        actor=actor,
        action="person.passkey_removed",
        now=now,
        target=person.email,
        before={"passkey": key.id, "name": key.name},
    )
    return key
