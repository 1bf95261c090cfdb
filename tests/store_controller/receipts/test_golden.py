"""Golden receipts: the text a printer gets and the e-mail carries, compared with committed files.

Set UPDATE_GOLDEN=1 to rewrite the files after a deliberate change (and review the diff).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from retail.wire import PaymentMethod
from store_controller.receipts.store import load_document
from store_controller.receipts.text import render_text
from tests.store_controller.receipts.sales import ISSUER, sell_mixed

GOLDEN = Path(__file__).parent / "golden"
SALE_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "method", "provider"),
    [
        ("swish.txt", PaymentMethod.SWISH, "swish"),
        ("member_account.txt", PaymentMethod.MEMBER_ACCOUNT, "member_account"),
    ],
)
def test_receipt_text_matches_the_golden_file(
    sessions: sessionmaker[Session], name: str, method: PaymentMethod, provider: str
) -> None:
    sell_mixed(sessions, method=method, provider=provider, sale_id=SALE_ID)
    with sessions() as session:
        doc = load_document(session, ISSUER, str(SALE_ID))
    assert doc is not None
    check_golden(name, render_text(doc))
    check_golden("copy_" + name, render_text(doc.as_copy()))


def test_every_line_fits_the_printer(sessions: sessionmaker[Session]) -> None:
    sell_mixed(sessions, method=PaymentMethod.SWISH, provider="swish", sale_id=SALE_ID)
    with sessions() as session:
        doc = load_document(session, ISSUER, str(SALE_ID))
    assert doc is not None
    for width in (32, 42, 48):
        assert all(len(line) <= width for line in render_text(doc, width=width).splitlines())
