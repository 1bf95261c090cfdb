"""Who is calling: a person through a web session (cookie) or a personal API token (Bearer)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.roles import (
    ASSOCIATION_WIDE,
    ROLE_PERMISSIONS,
    Permission,
    Role,
    Scope,
    scope_for,
)
from backoffice.audit.service import Actor
from backoffice.people.models import Person, RoleGrant
from backoffice.people.passkeys import has_passkey
from backoffice.stores.models import Store


@dataclass(frozen=True)
class Principal:
    person_id: int
    association_id: int
    email: str
    name: str
    language: str
    grants: Mapping[int | None, frozenset[Role]]
    via: Literal["session", "token"]
    address: str
    scopes: frozenset[Scope] = frozenset(Scope)
    session_id: int | None = None
    token_id: int | None = None
    token_name: str = ""
    second_factor_at: datetime | None = None
    csrf_token: str | None = field(default=None, repr=False)
    strong_sign_in: bool = False  # the person has BankID linked or a second factor turned on

    def roles_in(self, store: Store) -> frozenset[Role]:
        if store.association_id != self.association_id:
            return frozenset()
        return self.grants.get(store.id, frozenset()) | self.grants.get(None, frozenset())

    def may(self, permission: Permission, store: Store | None = None) -> bool:
        """Whether this caller may `permission` on `store` (association-wide ones: None)."""
        if self.via == "token" and scope_for(permission) not in self.scopes:
            return False
        if permission in ASSOCIATION_WIDE:
            roles = self.grants.get(None, frozenset())
        elif store is None:
            return False
        else:
            roles = self.roles_in(store)
        return any(permission in ROLE_PERMISSIONS[role] for role in roles)

    def may_somewhere(self, permission: Permission) -> bool:
        """Whether some role of this caller (in any store) allows `permission`."""
        if self.via == "token" and scope_for(permission) not in self.scopes:
            return False
        held = {role for roles in self.grants.values() for role in roles}
        return any(permission in ROLE_PERMISSIONS[role] for role in held)

    def sees(self, store: Store) -> bool:
        return bool(self.roles_in(store))

    @property
    def must_add_factor(self) -> bool:
        """An owner or admin without BankID or a second factor: every page tells them."""
        held = {role for roles in self.grants.values() for role in roles}
        return not self.strong_sign_in and bool(held & {Role.OWNER, Role.ADMIN})

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.grants.get(None, frozenset())

    @property
    def actor(self) -> Actor:
        label = self.email if self.via == "session" else f"{self.email} (token {self.token_name})"
        return Actor(label, self.address, self.person_id)


def grants_of(session: Session, person_id: int) -> dict[int | None, frozenset[Role]]:
    return grants_from(
        session.execute(
            select(RoleGrant.store_id, RoleGrant.role).where(RoleGrant.person_id == person_id)
        )
    )


def grants_from(rows: Iterable[Sequence[Any]]) -> dict[int | None, frozenset[Role]]:
    """Roles by store (None: association-wide) from (store id, role) rows."""
    found: dict[int | None, set[Role]] = {}
    for store_id, role in rows:
        found.setdefault(store_id, set()).add(Role(role))
    return {store_id: frozenset(roles) for store_id, roles in found.items()}


def visible_stores(session: Session, principal: Principal) -> list[Store]:
    rows = session.scalars(
        select(Store).where(Store.association_id == principal.association_id).order_by(Store.name)
    )
    return [store for store in rows if principal.sees(store)]


def principal_of(
    session: Session,
    person: Person,
    *,
    via: Literal["session", "token"],
    address: str,
    passkey: bool | None = None,
    grants: Mapping[int | None, frozenset[Role]] | None = None,
    **extra: object,
) -> Principal:
    """`passkey` and `grants`: the person's, when the caller read them already."""
    return Principal(
        person_id=person.id,
        association_id=person.association_id,
        email=person.email,
        name=person.name,
        language=person.language,
        grants=grants_of(session, person.id) if grants is None else grants,
        via=via,
        address=address,
        strong_sign_in=(
            person.totp_enabled_at is not None
            or person.bankid_hash is not None
            or (has_passkey(session, person.id) if passkey is None else passkey)
        ),
        **extra,  # type: ignore[arg-type]
    )
