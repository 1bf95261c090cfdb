from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from retail.wire import ZReport
from tests.retail.wire.factories import NOW, z_report


def test_valid_report_round_trips() -> None:
    report = z_report()
    assert ZReport.model_validate_json(report.model_dump_json()) == report


def test_empty_day() -> None:
    report = z_report(
        first_receipt=None,
        last_receipt=None,
        receipt_count=0,
        sales_ore=0,
        returns_ore=0,
        vat=(),
        payments=(),
    )
    assert report.receipt_count == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closed_at": NOW - timedelta(days=2)}, "closes after it opens"),
        ({"last_receipt": None}, "go together"),
        ({"receipt_count": 4}, "span"),
        ({"sales_ore": 12001}, "VAT rows add up"),
        ({"vat": ()}, "VAT rows add up"),
        ({"payments": ()}, "payments add up"),
        ({"z_number": 0}, "greater than or equal"),
    ],
)
def test_report_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        z_report(**changes)
