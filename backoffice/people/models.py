"""Associations, people, their roles per store, second factors, web sessions and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base
from byabutik.runtime.db import utcnow


class Association(Base):
    """A village association (förening): owns stores, has people."""

    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What its members' invoices print (set by an owner; an invoice needs the Bankgiro number).
    org_number: Mapped[str | None] = mapped_column(String(11), default=None)
    address: Mapped[str | None] = mapped_column(String(300), default=None)
    bankgiro: Mapped[str | None] = mapped_column(String(9), default=None)
    # Unique: Swish payments are booked to the association by the number paid to.
    swish_number: Mapped[str | None] = mapped_column(
        String(12), default=None, unique=True, index=True
    )


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    email: Mapped[str] = mapped_column(String(254), unique=True, comment="lower case")
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(default=None)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, default=None)
    language: Mapped[str] = mapped_column(String(8), default="sv")
    bankid_hash: Mapped[str | None] = mapped_column(
        String(64), unique=True, default=None, comment="HMAC of the number"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)


class RoleGrant(Base):
    """One role of one person: for one store, or (store_id None) the whole association."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("person_id", "store_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None)
    role: Mapped[str] = mapped_column(String(20))


class RecoveryCode(Base):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class WebSession(Base):
    """A signed-in browser; the cookie holds a token whose SHA-256 is `token_hash`."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    pending_second_factor: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    second_factor_at: Mapped[datetime | None] = mapped_column(default=None)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    webauthn_challenge: Mapped[str | None] = mapped_column(
        String(200), default=None, comment="base64url; the passkey ceremony under way"
    )


class ApiToken(Base):
    """A personal API token: scopes, expiry; the token itself is shown once, kept as SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(100), comment="space-separated")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)


class SignInThrottle(Base):
    """Failed sign-ins per key ("account:<email>" or "address:<ip>") and the lock they earned."""

    __tablename__ = "sign_in_throttles"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime]
    locked_until: Mapped[datetime | None] = mapped_column(default=None)


class EmailLink(Base):
    """A link sent by e-mail (an invitation or a password reset): works once, until it expires;
    the link's token is kept as SHA-256 only."""

    __tablename__ = "email_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20), comment="invite or reset")
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class Passkey(Base):
    """A WebAuthn credential a person registered as a second factor (a passkey or security
    key): its COSE public key and the authenticator's last signature counter."""

    __tablename__ = "passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True, comment="base64url")
    public_key: Mapped[bytes] = mapped_column(LargeBinary, comment="COSE key")
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
