"""`POST /api/admin/products/labels?store=SLUG`: a PDF of shelf labels, for the SKUs in the
body or for every price changed since the last print (`{"changed": true}`); the print is remembered.
Access: the store's catalog writer (its owner), or the association's admin for every store's
prices (no `store`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ConflictError
from backoffice.labels.pdf import labels_pdf
from backoffice.labels.service import MAX_LABELS, changed_skus, labels_for, record_print
from backoffice.stores.service import get_store

router = APIRouter(prefix="/labels", tags=["products"])
"""Served under the products API (`backoffice.products.router`)."""
PrintDep = Annotated[
    Access,
    Depends(
        require(
            Permission.CATALOG_WRITE,
            from_query("store", optional=True),
            shared=Permission.SHARED_CATALOG_WRITE,
        )
    ),
]


class LabelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skus: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=MAX_LABELS
    )
    changed: bool = False
    """Every product whose price took effect since this store's last print (`skus` empty)."""

    @model_validator(mode="after")
    def _one_way(self) -> LabelRequest:
        if bool(self.skus) == self.changed:
            raise ValueError("give either skus or changed: true")
        return self


@router.post(
    "",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the label sheet"}},
)
def print_labels(
    body: LabelRequest,
    _access: PrintDep,
    session: SessionDep,
    now: NowDep,
    store: str | None = None,
) -> Response:
    shop = get_store(session=session, slug=store) if store else None
    skus = changed_skus(session, shop, now)[:MAX_LABELS] if body.changed else body.skus
    labels = labels_for(session, skus, shop, now)
    if not labels:
        raise ConflictError("no price has changed since the last print: nothing to print")
    pdf = labels_pdf(labels, f"Hyllkanter {shop.name if shop else 'alla butiker'}")
    record_print(session, shop, len(labels), now)
    session.commit()
    name = f"hyllkanter-{shop.slug if shop else 'alla'}-{now:%Y%m%d-%H%M}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
