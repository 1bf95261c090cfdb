"""What the owner sees of sync: the quarantined records of a store, each beside the one kept."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.deps import SessionDep
from backoffice.sync.quarantine import quarantined

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.get("/stores/{slug}/sync/quarantine")
def get_quarantine(
    slug: str,
    access: Annotated[Access, Depends(require(Permission.SALES_VIEW, from_path("slug")))],
    session: SessionDep,
) -> list[dict[str, Any]]:
    """Conflicting and refused records, newest first: the one received verbatim (`entry`),
    why it was not applied (`reason`, `detail`) and, for a conflict, the record kept (`kept`)."""
    store = access.store
    return quarantined(session=session, store_id=store.id)
