"""A preview kept before the preview's rows carried their search text is applied after the
upgrade with the same search text as a preview made today (migration 0047)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from backoffice.db import MIGRATIONS
from backoffice.pricefiles.service import apply_import
from backoffice.products.models import Product
from backoffice.products.service import search_text_of
from byabutik.runtime.db import make_engine
from retail.vat.rates import VatClass

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
MUST = "07310070005120"


def test_a_preview_kept_before_the_upgrade_applies_with_its_search_text(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        MIGRATIONS.upgrade(engine, "0046")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO price_imports (id, supplier, filename, encoding, delimiter, "
                    "status, rows_total, rows_done, created_at) "
                    "VALUES (7, 'dagab', 'pris.csv', 'windows-1252', ';', 'previewed', 1, 1, :t)"
                ),
                {"t": NOW},
            )
            connection.execute(
                text(
                    "INSERT INTO price_import_rows (import_id, line, kind, gtin, name, brand, "
                    "category, price_ore, sku) "
                    "VALUES (7, 2, 'new', :g, 'ÄPPELMUST Örtagården', 'Ö-Must', '', 2490, :s)"
                ),
                {"g": MUST, "s": MUST[1:]},
            )
        MIGRATIONS.upgrade(engine)
        with Session(engine) as session:
            apply_import(session=session, import_id=7, vat_class=VatClass.FOOD, now=NOW)
            session.commit()
            words = session.scalar(select(Product.search_text).where(Product.sku == MUST[1:]))
        made_today = search_text_of(("ÄPPELMUST Örtagården", "Ö-Must", "", MUST[1:], MUST))
        assert words == made_today == f"äppelmust örtagården ö-must {MUST[1:]} {MUST}"
    finally:
        engine.dispose()
