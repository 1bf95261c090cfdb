"""Roles, permissions and API token scopes: the one table of who may do what.

A role is held for one store (owner, volunteer, bookkeeper) or for the whole association (admin).
A permission is checked for a set of stores; an association-wide permission (people, new stores,
the shared catalog) for the caller's association. A personal API token may do what its person
may do AND what its scopes cover.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    OWNER = "owner"
    VOLUNTEER = "volunteer"
    BOOKKEEPER = "bookkeeper"
    ADMIN = "admin"


class Scope(enum.StrEnum):
    READ = "read"
    WRITE = "write"
    UNLOCK = "unlock"
    EXPORT = "export"


class Permission(enum.StrEnum):
    STORE_VIEW = "store.view"  # status, door, online, alerts
    STOCK_VIEW = "stock.view"
    STOCK_WRITE = "stock.write"  # restocking, waste, stocktaking
    ALERTS_HANDLE = "alerts.handle"
    SALES_VIEW = "sales.view"  # money: sales, receipts, reports
    REPORTS_EXPORT = "reports.export"
    ACCOUNTING_WRITE = "accounting.write"
    MEMBERS_VIEW = "members.view"  # customers, member accounts, ledgers (money)
    MEMBERS_WRITE = "members.write"  # approve, limits, payments, credits, adjustments
    CATALOG_WRITE = "catalog.write"  # products and prices of a store
    SETTINGS_WRITE = "settings.write"  # store settings, access policy
    DEVICES_MANAGE = "devices.manage"  # enrollment codes, revoking
    COMMANDS_SEND = "commands.send"  # lock-down, reload, resync
    UNLOCK = "door.unlock"
    PEOPLE_MANAGE = "people.manage"  # association-wide
    STORES_CREATE = "stores.create"  # association-wide
    SHARED_CATALOG_WRITE = "catalog.shared.write"  # association-wide
    AUDIT_VIEW = "audit.view"  # association-wide


P = Permission
ASSOCIATION_WIDE = frozenset(
    {P.PEOPLE_MANAGE, P.STORES_CREATE, P.SHARED_CATALOG_WRITE, P.AUDIT_VIEW}
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(
        {
            P.STORE_VIEW,
            P.STOCK_VIEW,
            P.STOCK_WRITE,
            P.ALERTS_HANDLE,
            P.SALES_VIEW,
            P.REPORTS_EXPORT,
            P.ACCOUNTING_WRITE,
            P.MEMBERS_VIEW,
            P.MEMBERS_WRITE,
            P.CATALOG_WRITE,
            P.SETTINGS_WRITE,
            P.DEVICES_MANAGE,
            P.COMMANDS_SEND,
            P.UNLOCK,
        }
    ),
    Role.VOLUNTEER: frozenset({P.STORE_VIEW, P.STOCK_VIEW, P.STOCK_WRITE, P.ALERTS_HANDLE}),
    Role.BOOKKEEPER: frozenset(
        {P.STORE_VIEW, P.STOCK_VIEW, P.SALES_VIEW, P.REPORTS_EXPORT, P.MEMBERS_VIEW}
    ),
    Role.ADMIN: frozenset(
        {
            P.STORE_VIEW,
            P.SETTINGS_WRITE,
            P.DEVICES_MANAGE,
            P.COMMANDS_SEND,
            P.PEOPLE_MANAGE,
            P.STORES_CREATE,
            P.SHARED_CATALOG_WRITE,
            P.AUDIT_VIEW,
        }
    ),
}

READ_ONLY = frozenset({P.STORE_VIEW, P.STOCK_VIEW, P.SALES_VIEW, P.MEMBERS_VIEW, P.AUDIT_VIEW})


def scope_for(permission: Permission) -> Scope:
    """The API token scope a permission needs."""
    if permission is P.UNLOCK:
        return Scope.UNLOCK
    if permission is P.REPORTS_EXPORT:
        return Scope.EXPORT
    return Scope.READ if permission in READ_ONLY else Scope.WRITE
