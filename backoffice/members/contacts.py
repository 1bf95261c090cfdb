"""Where a member's invoices go: name, e-mail and postal address, per association.

`set_contact` is the one way to change them, whoever does it (the owner on the customer page
or through the API, the member on their own pages): it checks the fields, keeps the row and
leaves an audit record. Refusals are Swedish sentences (`ContactError`); messages_en has the
English."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backoffice import free_text
from backoffice.audit.service import Actor, record
from backoffice.members.models import MemberContact
from backoffice.web.messages_en import ENGLISH
from retail import contains_personnummer

EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}$")
MAX_NAME, MAX_EMAIL, MAX_ADDRESS = 120, 254, 300


class ContactError(ValueError):
    """A field that cannot be kept, in Swedish (the message is shown to the person). `blank`
    names the fields that carried a personnummer: shown again empty, never repeated."""

    def __init__(self, message: str, *, blank: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.blank = blank

    @property
    def api_detail(self) -> str:
        """The members API's 422 detail: the English sentence (after the field, if one)."""
        english = ENGLISH.get(str(self), str(self))
        return f"{', '.join(self.blank)}: {english}" if self.blank else english


def contact_of(session: Session, association: int, identity_hash: str) -> MemberContact | None:
    return session.get(MemberContact, (association, identity_hash))


def as_dict(row: MemberContact | None) -> dict[str, Any]:
    if row is None:
        return {"name": "", "email": "", "address": "", "updated_by": None, "updated_at": None}
    return {
        "name": row.name,
        "email": row.email,
        "address": row.address,
        "updated_by": row.updated_by,
        "updated_at": row.updated_at.isoformat(),
    }


def _clean(name: str, email: str, address: str) -> tuple[str, str, str]:
    name = " ".join(name.split())
    email = email.strip()
    lines = [" ".join(line.split()) for line in address.replace("\r", "").split("\n")]
    address = "\n".join(line for line in lines if line)
    fields = {"name": name, "email": email, "address": address}
    carrying = tuple(field for field, text in fields.items() if contains_personnummer(text))
    if carrying:
        raise ContactError(free_text.REFUSED, blank=carrying)
    if len(name) > MAX_NAME:
        raise ContactError("Namnet får vara högst 120 tecken.")
    if len(address) > MAX_ADDRESS:
        raise ContactError("Adressen får vara högst 300 tecken.")
    if address.count("\n") > 4:
        raise ContactError("Adressen får ha högst fem rader.")
    if email and (len(email) > MAX_EMAIL or not EMAIL.match(email)):
        raise ContactError("E-postadressen ser inte ut som en e-postadress (namn@exempel.se).")
    return name, email, address


def set_contact(
    session: Session,
    association: int,
    identity_hash: str,
    *,
    name: str,
    email: str,
    address: str,
    by: Actor,
    now: datetime,
    store_id: int | None = None,
) -> MemberContact:
    """Keep the member's name, e-mail and address for invoices (blank clears a field); audited
    as `member.contact` (target: the hash). Flushed, not committed. Raises ContactError."""
    name, email, address = _clean(name, email, address)
    row = contact_of(session, association, identity_hash)
    before = as_dict(row)
    if row is None:
        row = MemberContact(
            association_id=association,
            identity_hash=identity_hash,
            updated_by=by.label[:120],
            updated_at=now,
        )
        session.add(row)
    row.name, row.email, row.address = name, email, address
    row.updated_by, row.updated_at = by.label[:120], now
    session.flush()
    after = as_dict(row)
    record(
        session,
        actor=by,
        action="member.contact",
        now=now,
        store_id=store_id,
        association_id=association,
        target=identity_hash,
        before={k: before[k] for k in ("name", "email", "address")},
        after={k: after[k] for k in ("name", "email", "address")},
    )
    return row
