"""Unknown barcodes (`/api/admin/unknown-barcodes`): the list per store and code, and "make
this a product" in one step."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.barcodes.todo import make_product, unknown_barcodes
from backoffice.deps import NowDep, SessionDep
from retail.vat.rates import VatClass

router = APIRouter(prefix="/api/admin/unknown-barcodes", tags=["catalog"])
ReadDep = Annotated[
    Access,
    Depends(
        require(
            Permission.STOCK_VIEW,
            from_query("store", optional=True),
            shared=Permission.SHARED_CATALOG_WRITE,
            anywhere=True,
        )
    ),
]
WriteDep = Annotated[Access, Depends(require(Permission.SHARED_CATALOG_WRITE))]


class SuggestionRead(BaseModel):
    name: str
    brand: str
    category: str
    price_ore: int | None
    cost_price_ore: int | None
    supplier: str


class UnknownRead(BaseModel):
    store: str
    code: str
    count: int
    first_seen: datetime
    last_seen: datetime
    suggestion: SuggestionRead | None


class MakeProduct(BaseModel):
    """What the owner adds; left out, it comes from the newest price file of the GTIN."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    price_ore: int | None = Field(default=None, ge=0, le=100_000_000)
    vat_class: VatClass = VatClass.FOOD


class MadeProduct(BaseModel):
    sku: str
    name: str


@router.get("")
def list_unknown(access: ReadDep, session: SessionDep) -> list[UnknownRead]:
    """Per store and code: how often, first and last seen, and what the newest price file
    says of it. With `?store=` one store; without, every store the caller sees."""
    principal = access.principal
    stores = access.stores or visible_stores(session, principal)
    ids = [s.id for s in stores if principal.may(Permission.STOCK_VIEW, s)]
    return [
        UnknownRead.model_validate(item, from_attributes=True)
        for item in unknown_barcodes(session, ids)
    ]


@router.post("/{gtin}/product", status_code=201)
def make(
    gtin: str, body: MakeProduct, _admin: WriteDep, session: SessionDep, now: NowDep
) -> MadeProduct:
    product = make_product(
        session=session,
        code=gtin,
        now=now,
        name=body.name,
        price_ore=body.price_ore,
        vat_class=body.vat_class,
    )
    session.commit()
    return MadeProduct(sku=product.sku, name=product.name)
