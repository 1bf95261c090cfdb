"""Shelf labels: the PDF rendered and its barcodes decoded (the GTINs must be the products'),
its text (name, price, comparison price), and "every price changed since the last print"."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
from pyzbar.pyzbar import decode

from tests.backoffice.products.conftest import Owner
from tests.store_controller.sync.harness import ADMIN

MILK = "7310000000010"
COFFEE = "7310000000034"
LABELS = "/api/admin/products/labels"


def stock(owner: Owner) -> None:
    owner.put(
        "mjolk",
        name="Mellanmjölk 1,5 % 1 l",
        gtins=[MILK],
        price_ore=1795,
        content_amount=1000,
        content_unit="ml",
    )
    owner.put(
        "kaffe",
        name="Bryggkaffe mellanrost 450 g",
        gtins=[COFFEE],
        price_ore=6490,
        content_amount=450,
        content_unit="g",
    )
    owner.put("bananer", name="Bananer", article="23000100", unit="kg", price_ore=2790)


def print_labels(owner: Owner, body: dict[str, Any], **params: str) -> bytes:
    answer = owner.client.post(LABELS, json=body, params=params, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    return answer.content


def read(pdf: bytes) -> tuple[list[str], str]:
    """The barcodes a scanner finds on the rendered pages (300 dpi), and the pages' text."""
    document = pdfium.PdfDocument(pdf)
    codes: list[str] = []
    text = ""
    for page in document:
        image = page.render(scale=300 / 72).to_pil().convert("L")
        codes += [found.data.decode() for found in decode(image)]
        text += page.get_textpage().get_text_range()
    return sorted(codes), text


def test_chosen_products_get_labels_whose_barcodes_scan_as_their_gtins(owner: Owner) -> None:
    stock(owner)
    codes, text = read(print_labels(owner, {"skus": ["kaffe", "mjolk", "bananer"]}))
    assert codes == sorted([MILK, COFFEE])  # the weight article has no barcode of its own
    for words in (
        "Mellanmjölk 1,5 % 1 l",
        "17,95 kr",
        "Jfr-pris 17,95 kr/l",
        "64,90 kr",
        "Jfr-pris 144,22 kr/kg",
        "Bananer",
        "27,90 kr/kg",
    ):
        assert words in text


def test_labels_for_every_price_changed_since_the_last_print(owner: Owner) -> None:
    stock(owner)
    first, _ = read(print_labels(owner, {"changed": True}))
    assert first == sorted([MILK, COFFEE])  # before a first print: every price
    owner.clock.advance(hours=1)
    answer = owner.client.post(LABELS, json={"changed": True}, headers=ADMIN)
    assert answer.status_code == 409  # nothing changed since
    assert "nothing to print" in answer.text
    owner.put(
        "kaffe",
        name="Bryggkaffe mellanrost 450 g",
        gtins=[COFFEE],
        price_ore=5990,
        content_amount=450,
        content_unit="g",
    )
    owner.clock.advance(minutes=1)
    codes, text = read(print_labels(owner, {"changed": True}))
    assert codes == [COFFEE]
    assert "59,90 kr" in text
    assert "Jfr-pris 133,11 kr/kg" in text


def test_a_label_request_is_checked(owner: Owner) -> None:
    stock(owner)
    for body, status in (
        ({"skus": ["kaffe"], "changed": True}, 422),
        ({}, 422),
        ({"skus": ["no-such"]}, 404),
    ):
        answer = owner.client.post(LABELS, json=body, headers=ADMIN)
        assert answer.status_code == status, answer.text
