"""Password hashing with Argon2id at OWASP's current parameters (19 MiB, 2 passes, 1 lane)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
"""OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1."""

MIN_LENGTH = 12
MAX_LENGTH = 256
_DUMMY = HASHER.hash("a password nobody has, to spend the same time on unknown accounts")


class WeakPasswordError(ValueError):
    """A password the service refuses to store (the message says why)."""


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPasswordError(f"a password has at most {MAX_LENGTH} characters")
    if len(set(password)) < 5:
        raise WeakPasswordError("a password needs more than a few different characters")


def hash_password(password: str) -> str:
    check_strength(password)
    return HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True if `password` matches `stored`; an unknown account (None) costs the same time."""
    try:
        return HASHER.verify(stored or _DUMMY, password[:MAX_LENGTH]) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return HASHER.check_needs_rehash(stored)
