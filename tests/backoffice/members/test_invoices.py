"""A member's month: the owner sets the association's invoice details, makes the November
invoice (its PDF read back as text, its Swish QR code decoded), credits part of it, and the
bank's BgMax file pays it: matched by OCR, booked once even when the file comes twice; a
partial payment, an overpayment and an unknown reference are listed for the owner."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
from pyzbar.pyzbar import decode

from retail.bankgiro import check_ocr
from tests.backoffice.members.test_members_api import MEMBER, MEMBERS, on_account, push, visit
from tests.backoffice.products.conftest import Owner
from tests.retail.bankgiro import bgmax_file as bg
from tests.store_controller.sync.harness import ADMIN

STORE = "/api/admin/stores/byn-a"
DETAILS = {
    "org_number": "769600-1234",
    "address": "Byvägen 1, 686 00 Byn",
    "bankgiro": "991-2346",
    "swish_number": "1231234567",
}


def month_on_account(owner: Owner) -> None:
    owner.store("byn-a")
    push(owner, [visit()], start=1)
    approved = owner.client.put(
        f"{MEMBERS}/{MEMBER}/approval", json={"credit_limit_ore": 100_000}, headers=ADMIN
    )
    assert approved.status_code == 200, approved.text
    push(owner, [on_account(7, 12_950), on_account(8, 4_050)], start=2)


def invoice(owner: Owner, status: int = 201) -> Any:
    made = owner.client.post(
        f"{MEMBERS}/{MEMBER}/invoices", json={"period": "2026-11"}, headers=ADMIN
    )
    assert made.status_code == status, made.text
    return made.json()


def pdf_of(owner: Owner, number: int) -> tuple[str, list[str]]:
    answer = owner.client.get(f"{STORE}/invoices/{number}/pdf", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(answer.content)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    image = document[0].render(scale=4).to_pil()
    return text, [code.data.decode() for code in decode(image)]


def bgmax(payments: list[tuple[str, int, str]]) -> bytes:
    records = [bg.start(), bg.opening(bankgiro="9912346")]
    for reference, ore, serial in payments:
        records.append(bg.payment(reference=reference, ore=ore, serial=serial))
    total = sum(ore for _, ore, _ in payments)
    records += [bg.deposit(ore=total, count=len(payments)), bg.end(len(payments), 0, 0, 1)]
    return bg.encode(records)


def test_an_invoice_is_made_printed_credited_and_paid_by_bgmax(owner: Owner) -> None:
    month_on_account(owner)
    assert invoice(owner, status=409)["detail"] == "set the association's Bankgiro number first"
    details = owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
    assert details.status_code == 200, details.text
    assert invoice(owner, status=422)["detail"] == "the month 2026-11 has not ended yet"
    owner.clock.advance(days=5)

    made = invoice(owner)
    assert (made["amount_ore"], made["outstanding_ore"]) == (17_000, 17_000)
    assert check_ocr(made["ocr"]) is None
    assert invoice(owner, status=200)["number"] == made["number"]  # asked twice: the same one

    text, codes = pdf_of(owner, made["number"])
    for expected in (
        "Faktura",
        "769600-1234",
        "Byvägen 1, 686 00 Byn",
        "Kvitto 7",
        "Mjölk 1,5 %",
        "170,00 kr",
        "varav moms 6 %",
        "9,62 kr",
        "991-2346",
        made["ocr"],
        made["due_on"],
    ):
        assert expected in text, expected
    assert codes == [
        f"https://app.swish.nu/1/p/sw/?sw=1231234567&amt=170.00&cur=SEK&msg={made['ocr']}&src=qr"
    ]

    credit = owner.client.post(
        f"{STORE}/invoices/{made['number']}/credit",
        json={"amount_ore": 4_050, "why": "returnerad vara"},
        headers=ADMIN,
    )
    assert credit.status_code == 201, credit.text
    assert credit.json()["amount_ore"] == -4_050
    assert (
        owner.client.get(f"{STORE}/invoices/{made['number']}", headers=ADMIN).json()[
            "outstanding_ore"
        ]
        == 12_950
    )
    credit_text, credit_codes = pdf_of(owner, credit.json()["number"])
    assert "Kreditfaktura" in credit_text
    assert "returnerad vara" in credit_text
    assert credit_codes == []

    file = bgmax([(made["ocr"], 10_000, "000120000001"), ("12345682", 2_000, "000120000002")])
    imported = owner.client.post(f"{STORE}/payments-in/bgmax", content=file, headers=ADMIN)
    assert imported.status_code == 201, imported.text
    assert (imported.json()["partial"], imported.json()["unknown"]) == (1, 1)
    again = owner.client.post(f"{STORE}/payments-in/bgmax", content=file, headers=ADMIN)
    assert (again.json()["new"], again.json()["already_imported"]) == ([], 2)

    book = owner.client.get(f"{MEMBERS}/{MEMBER}/ledger", headers=ADMIN).json()
    assert book["balance_ore"] == -17_000 + 4_050 + 10_000
    review = owner.client.get(f"{STORE}/payments-in", headers=ADMIN).json()
    assert [(p["status"], p["amount_ore"]) for p in review] == [
        ("partial", 10_000),
        ("unknown", 2_000),
    ]

    rest = bgmax([(made["ocr"], 3_000, "000120000003")])
    over = owner.client.post(f"{STORE}/payments-in/bgmax", content=rest, headers=ADMIN).json()
    assert over["over"] == 1
    paid = owner.client.get(f"{STORE}/invoices/{made['number']}", headers=ADMIN).json()
    assert paid["outstanding_ore"] == -50


def test_a_file_for_another_bankgiro_or_a_broken_file_books_nothing(owner: Owner) -> None:
    month_on_account(owner)
    owner.clock.advance(days=5)
    owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
    made = invoice(owner)
    records = [bg.start(), bg.opening(bankgiro="5555555")]
    records += [bg.payment(reference=made["ocr"], ore=17_000), bg.deposit(ore=17_000, count=1)]
    other = bg.encode([*records, bg.end(1, 0, 0, 1)])
    refused = owner.client.post(f"{STORE}/payments-in/bgmax", content=other, headers=ADMIN)
    assert refused.status_code == 422
    assert "not the association's 991-2346" in refused.json()["detail"]
    broken = owner.client.post(f"{STORE}/payments-in/bgmax", content=b"01BGMAX", headers=ADMIN)
    assert broken.status_code == 422
    book = owner.client.get(f"{MEMBERS}/{MEMBER}/ledger", headers=ADMIN).json()
    assert book["balance_ore"] == -17_000
    nothing = owner.client.post(
        f"{MEMBERS}/{MEMBER}/invoices", json={"period": "2026-10"}, headers=ADMIN
    )
    assert nothing.status_code == 422
    assert "nothing to invoice" in nothing.json()["detail"]
