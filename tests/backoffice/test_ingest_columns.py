"""Every field a store sends with a sale, a stock movement or a visit is stored: the backoffice
writes those rows field by field, so a field added to the wire must be added to its row too."""

from __future__ import annotations

from backoffice.sales.service import LINE_COLUMNS, PAYMENT_COLUMNS, VAT_COLUMNS
from backoffice.stock.service import MOVEMENT_COLUMNS
from backoffice.visits.service import VISIT_COLUMNS
from retail import wire
from retail.wire.events import PERSON_FIELDS

KEYS = {"store_id", "sale_id"}


def test_every_field_of_a_sale_line_vat_row_and_payment_is_stored() -> None:
    assert set(LINE_COLUMNS) - KEYS == set(wire.SaleLine.model_fields)
    assert set(VAT_COLUMNS) - KEYS == set(wire.VatLine.model_fields)
    assert set(PAYMENT_COLUMNS) - KEYS - {"position"} == set(wire.Payment.model_fields)


def test_every_field_of_a_stock_movement_is_stored() -> None:
    stored = set(MOVEMENT_COLUMNS) - {"store_id", "seq"}
    assert stored == set(wire.StockMovement.model_fields) - {"kind"}


def test_every_field_of_a_visit_but_the_persons_is_stored_in_its_row() -> None:
    stored = set(VISIT_COLUMNS) - {"store_id", "seq"}
    assert stored == set(wire.Visit.model_fields) - {"kind", *PERSON_FIELDS}
