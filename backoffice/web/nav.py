"""The navigation: one `register(...)` line per page; a person sees the entries their roles allow.

    nav.register("/catalog", "Sortiment", order=30, permission=Permission.CATALOG_WRITE)

`permission` None: every signed-in person; an association-wide permission: checked for the
association; a store permission: shown when the person has it in at least one store.
"""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.access.principal import Principal
from backoffice.access.roles import ASSOCIATION_WIDE, ROLE_PERMISSIONS, Permission


@dataclass(frozen=True, slots=True)
class NavEntry:
    path: str
    label: str  # Swedish; translated by the page's language
    order: int
    permission: Permission | None
    shared: Permission | None = None  # also shown to whoever has this one


_ENTRIES: dict[str, NavEntry] = {}


def register(
    path: str,
    label: str,
    *,
    order: int,
    permission: Permission | None = None,
    shared: Permission | None = None,
) -> None:
    _ENTRIES[path] = NavEntry(path, label, order, permission, shared)


def allowed(principal: Principal, permission: Permission | None) -> bool:
    if permission is None:
        return True
    if permission in ASSOCIATION_WIDE:
        return principal.may(permission)
    return any(
        permission in ROLE_PERMISSIONS[role]
        for roles in principal.grants.values()
        for role in roles
    )


def entries_for(principal: Principal) -> list[NavEntry]:
    return sorted(
        (
            e
            for e in _ENTRIES.values()
            if allowed(principal, e.permission)
            or (e.shared is not None and allowed(principal, e.shared))
        ),
        key=lambda e: e.order,
    )


register("/", "Hem", order=0)
register("/stores", "Butiker", order=10, permission=Permission.STORE_VIEW)
register("/people", "Personer", order=80, permission=Permission.PEOPLE_MANAGE)
register("/audit", "Logg", order=90, permission=Permission.AUDIT_VIEW)
register("/account", "Konto", order=100)
