"""What the owner sees of sync: the quarantined records of a store, each beside the one kept."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backoffice.deps import AdminDep, SessionDep
from backoffice.stores.service import get_store
from backoffice.sync.quarantine import quarantined

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.get("/stores/{slug}/sync/quarantine")
def get_quarantine(slug: str, _admin: AdminDep, session: SessionDep) -> list[dict[str, Any]]:
    """Conflicting and refused records, newest first: the one received verbatim (`entry`),
    why it was not applied (`reason`, `detail`) and, for a conflict, the record kept (`kept`)."""
    store = get_store(session=session, slug=slug)
    return quarantined(session=session, store_id=store.id)
