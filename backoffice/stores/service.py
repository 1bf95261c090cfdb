"""Stores: create and find."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.errors import ConflictError, NotFoundError
from backoffice.stores.models import Store

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def create_store(
    *,
    session: Session,
    slug: str,
    name: str,
    org_number: str = "",
    address: str = "",
    association_id: int | None = None,
) -> Store:
    """A new store; `slug` is what the store's controller calls itself on the wire."""
    if not SLUG.match(slug):
        raise ConflictError("a slug is lowercase letters, digits and -, at most 64")
    if session.scalar(select(Store.id).where(Store.slug == slug)) is not None:
        raise ConflictError(f"a store {slug!r} exists already")
    store = Store(
        slug=slug, name=name, org_number=org_number, address=address, association_id=association_id
    )
    session.add(store)
    session.flush()
    return store


def get_store(*, session: Session, slug: str) -> Store:
    store = session.scalar(select(Store).where(Store.slug == slug))
    if store is None:
        raise NotFoundError(f"no store {slug!r}")
    return store


def ensure_store(*, session: Session, slug: str, name: str) -> Store:
    """The store `slug`, created if missing (for the demo and scripted setups)."""
    store = session.scalar(select(Store).where(Store.slug == slug))
    return store or create_store(session=session, slug=slug, name=name)
