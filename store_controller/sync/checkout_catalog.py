"""`CheckoutCatalog`: the `CatalogSink` that feeds the checkout's local products table.

One transaction per page: products (through the checkout's own `put_product_on`), removals
(deactivated, since past sales refer to them), settings, access policy and the revision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, select, update

from retail import wire
from store_controller.checkout.catalog import SoldBy
from store_controller.checkout.catalog_store import ProductSpec, put_product_on
from store_controller.db import tables
from store_controller.db.prepared import begin_immediate
from store_controller.db.sessions import engine_of
from store_controller.sync.state_row import STATE_ID, save_state

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions

_STATE = tables.sync_state
# The reads and the features' write of every pull as Core statements on the sync state's row: a
# pull does not load the ORM (issue 23), nor does a page's apply.
_REVISION = select(_STATE.c.catalog_revision).where(_STATE.c.id == STATE_ID)
_FEATURES = select(_STATE.c.catalog_features).where(_STATE.c.id == STATE_ID)
_REMEMBER_FEATURES = (
    update(_STATE).where(_STATE.c.id == STATE_ID).values(catalog_features=bindparam("named"))
)


def spec_of(product: wire.Product) -> ProductSpec:
    """The checkout's view of a wire product. `price_ore` is the price in effect: the backoffice
    folds scheduled prices in by its own clock and republishes when one comes due, so a store
    with a wrong clock never charges next week's price."""
    price = product.price_ore
    codes = product.gtins + ((product.article,) if product.article else ())
    return ProductSpec(
        sku=product.sku,
        name=product.name,
        price_ore=price,
        vat_class=product.vat_class,
        codes=codes,
        pant_ore=product.pant_ore,
        age_limit=product.age_limit or None,
        sold_by=SoldBy.WEIGHT if product.unit is wire.Unit.KILOGRAM else SoldBy.UNIT,
        active=product.active,
    )


class CheckoutCatalog:
    """Applies catalog pages to the checkout's tables (see `CatalogSink`)."""

    def __init__(
        self,
        sessions: Sessions,
        now: Callable[[], datetime],
        *,
        on_access_policy: Callable[[wire.AccessPolicy], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self._now = now
        self._on_access_policy = on_access_policy

    def revision(self) -> int:
        with engine_of(self._sessions).connect() as connection:
            return int(connection.scalar(_REVISION) or 0)

    def apply(self, changes: wire.CatalogChanges) -> None:
        """One transaction of Core statements, as the ORM's was (issue 23), begun IMMEDIATE on
        SQLite: two applies at once (two pulls) run one after the other, and the second of the
        same page finds the revision it leads to held and writes nothing. Only that revision
        is skipped: a revision past an incremental page's may come from a full pull's later
        pages, which the page may still be needed after (see `_applied`)."""
        products = tables.products
        now = self._now()
        with engine_of(self._sessions).connect() as connection:
            if connection.dialect.name == "sqlite":
                begin_immediate(connection)  # another apply waits for this one's commit
            if _applied(connection, changes):
                return  # by another pull at the same time, which handed its access policy on
            if changes.full:
                keep = [product.sku for product in changes.products]
                connection.execute(
                    update(products).where(products.c.sku.not_in(keep)).values(active=False)
                )
            for product in changes.products:
                put_product_on(connection, spec_of(product))
            if changes.removed_skus:
                connection.execute(
                    update(products)
                    .where(products.c.sku.in_(changes.removed_skus))
                    .values(active=False)
                )
            _save_state(connection, changes, now)
            connection.commit()
        if changes.access_policy is not None and self._on_access_policy is not None:
            self._on_access_policy(changes.access_policy)  # after the commit: it is stored

    def access_policy(self) -> wire.AccessPolicy | None:
        """The last access policy the backoffice sent, if any (it outlives restarts)."""
        query = select(tables.sync_state.c.access_policy).where(tables.sync_state.c.id == STATE_ID)
        with engine_of(self._sessions).connect() as connection:
            stored = connection.scalar(query)
        return None if stored is None else wire.AccessPolicy.model_validate(stored)

    def features(self) -> frozenset[str]:
        with engine_of(self._sessions).connect() as connection:
            named = connection.scalar(_FEATURES)
        return frozenset(f for f in (named or "").split(",") if f)

    def remember_features(self, features: frozenset[str]) -> None:
        # No row yet: nothing was pulled, the next pull is a full one (nothing updated).
        with engine_of(self._sessions).begin() as connection:
            connection.execute(_REMEMBER_FEATURES, {"named": ",".join(sorted(features))})


def _applied(connection: Connection, changes: wire.CatalogChanges) -> bool:
    """The page is an incremental one whose revision is the one held: applied already (the
    same page by another pull, or one that ends there too and covers as much). A full page is
    always applied (a `Resync` repairs a catalog at the revision it holds; a restored
    backoffice's revision is behind ours). A held revision past the page's is not taken as
    applied: a full pull's first page sets the revision back and its later pages bring it up
    again, so the products of this page may not be there."""
    if changes.full:
        return False
    held = connection.scalar(_REVISION)
    return held is not None and int(held) == changes.revision


def _save_state(connection: Connection, changes: wire.CatalogChanges, now: datetime) -> None:
    """The state row with the page's revision (and settings, access policy if it has them)."""
    values: dict[str, Any] = {"catalog_revision": changes.revision, "updated_at": now}
    if changes.settings is not None:
        values["store_settings"] = changes.settings.model_dump(mode="json")
    if changes.access_policy is not None:
        values["access_policy"] = changes.access_policy.model_dump(mode="json")
    save_state(connection, values)
