"""The sync client's exception tree: every httpx error is translated here, once."""

from __future__ import annotations


class SyncError(Exception):
    """Base of everything that can go wrong talking to the backoffice."""


class BackofficeUnavailable(SyncError):  # noqa: N818 - the house style names it so
    """Unreachable, timed out, 5xx, 429 or an unreadable answer: try again later."""


class BackofficeRejected(SyncError):  # noqa: N818
    """The backoffice refused the request (4xx); retrying the same request will not help."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"backoffice refused with {status}: {detail}")
        self.status = status
        self.detail = detail


class CredentialRejected(BackofficeRejected):
    """401: the device credential is unknown or revoked; re-enroll with a new code."""


class ProtocolRejected(BackofficeRejected):
    """426: this controller speaks a protocol version the backoffice does not accept."""

    def __init__(self, status: int, detail: str, *, protocol: int | None = None) -> None:
        super().__init__(status, detail)
        self.protocol = protocol
        """The version the refused request was made in (None if not known)."""


class SequenceConflict(BackofficeRejected):
    """The backoffice holds entries past ours: this database was reset or restored."""

    def __init__(self, detail: str) -> None:
        super().__init__(409, detail)


class CredentialNotStored(SyncError):  # noqa: N818
    """A rotated token could not be written to the credential file: the old one stays in use."""
