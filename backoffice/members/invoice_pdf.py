"""The PDF of a member's invoice or credit note: the association's details, the month's receipts
and credits, VAT per rate, the due date, Bankgiro number and OCR reference, and a Swish QR code
that opens the Swish app with the payee, amount and OCR reference filled in and locked.

Text is in the PDF core font (Helvetica, Latin-1: å, ä, ö, é are in it); a character outside
Latin-1 is printed as "?". The QR code is drawn module by module (segno), no image library."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from fpdf import FPDF
from sqlalchemy.orm import Session

from backoffice.members import invoices
from backoffice.members.contacts import contact_of
from backoffice.members.invoices import SWEDEN, InvoiceContent
from backoffice.members.models import MemberInvoice
from backoffice.people.models import Association

QR_MODULE_MM = 0.9


@dataclass(frozen=True, slots=True)
class Payee:
    name: str
    org_number: str
    address: str
    bankgiro: str
    swish_number: str | None


def payee_of(association: Association) -> Payee | None:
    """What an invoice prints about the association; None until it has a Bankgiro number."""
    if not association.bankgiro:
        return None
    return Payee(
        name=association.name,
        org_number=association.org_number or "",
        address=association.address or "",
        bankgiro=association.bankgiro,
        swish_number=association.swish_number,
    )


def kronor(ore: int) -> str:
    """Swedish money: "1 234,50 kr"."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole:,}".replace(",", " ") + f",{cents:02d} kr"


def swish_link(swish_number: str, amount_ore: int, ocr: str) -> str:
    """The Swish payment link a QR code holds: payee, amount and message (the OCR reference),
    none of them editable by the payer."""
    query = {
        "sw": swish_number,
        "amt": f"{amount_ore // 100}.{amount_ore % 100:02d}",
        "cur": "SEK",
        "msg": ocr,
        "src": "qr",
    }
    return "https://app.swish.nu/1/p/sw/?" + urlencode(query)


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _qr(pdf: FPDF, data: str, x: float, y: float) -> float:
    code = segno.make(data, error="m", micro=False)
    size = 0
    for row_index, row in enumerate(code.matrix_iter(scale=1, border=4)):
        cells = list(row)
        size = len(cells)
        for col, dark in enumerate(cells):
            if dark:
                pdf.rect(
                    x + col * QR_MODULE_MM,
                    y + row_index * QR_MODULE_MM,
                    QR_MODULE_MM,
                    QR_MODULE_MM,
                    style="F",
                )
    return size * QR_MODULE_MM


def _row(pdf: FPDF, left: str, right: str, *, bold: bool = False, size: int = 10) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.cell(140, 6, _latin1(left))
    pdf.cell(40, 6, _latin1(right), align="R", new_x="LMARGIN", new_y="NEXT")


def document(session: Session, invoice: MemberInvoice, payee: Payee) -> bytes:
    """The invoice's PDF as it stands now (outstanding amount, the member's contact)."""
    contact = contact_of(session, invoice.association_id, invoice.identity_hash)
    return invoice_pdf(
        invoice,
        invoices.content(session, invoice),
        payee,
        invoices.outstanding_ore(session, invoice),
        customer_name=contact.name if contact else "",
        customer_address=contact.address if contact else "",
    )


def invoice_pdf(
    invoice: MemberInvoice,
    body: InvoiceContent,
    payee: Payee,
    outstanding_ore: int,
    *,
    customer_name: str = "",
    customer_address: str = "",
) -> bytes:
    """One invoice (or credit note) on A4 pages; the customer by name and address when known,
    else by the account's hash prefix."""
    credit = invoice.kind == "credit"
    title = "Kreditfaktura" if credit else "Faktura"
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(_latin1(f"{title} {invoice.number} {payee.name}"))
    pdf.add_page()
    pdf.set_fill_color(0)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(120, 8, _latin1(payee.name))
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(60, 8, _latin1(title), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for text in (payee.address, f"Org.nr {payee.org_number}" if payee.org_number else ""):
        if text:
            pdf.cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    issued = invoice.issued_at.astimezone(SWEDEN).date().isoformat()
    _row(pdf, f"{title}snummer", str(invoice.number))
    _row(pdf, "Fakturadatum", issued)
    _row(pdf, "Period", invoice.period)
    _row(pdf, "Kund", customer_name or f"Medlemskonto {invoice.identity_hash[:8]}")
    for address_line in customer_address.splitlines():
        _row(pdf, "", address_line)
    if credit:
        _row(pdf, "Orsak", invoice.why)
    pdf.ln(4)
    for line in body.lines:
        when = line.at.astimezone(SWEDEN).strftime("%Y-%m-%d")
        _row(pdf, f"{when}  {line.text}", kronor(line.amount_ore))
        pdf.set_font("Helvetica", "", 8)
        for goods in line.goods:
            pdf.cell(0, 4, _latin1(f"      {goods}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _row(pdf, "Summa" if not credit else "Krediterat belopp", kronor(invoice.amount_ore), bold=True)
    for rate_bp, vat_ore in body.vat_by_rate_bp.items():
        _row(pdf, f"varav moms {rate_bp / 100:g} %", kronor(vat_ore))
    if credit:
        return bytes(pdf.output())
    pdf.ln(4)
    _row(pdf, "Att betala", kronor(max(outstanding_ore, 0)), bold=True, size=12)
    _row(pdf, "Förfallodag", invoice.due_on.isoformat(), bold=True)
    _row(pdf, "Bankgiro", payee.bankgiro)
    _row(pdf, "OCR-nummer", invoice.ocr, bold=True)
    if payee.swish_number and outstanding_ore > 0:
        pdf.ln(2)
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 6, _latin1(f"Betala med Swish till {payee.swish_number}: skanna koden"))
        pdf.ln(7)
        if pdf.get_y() > 297 - 60:
            pdf.add_page()
        _qr(pdf, swish_link(payee.swish_number, outstanding_ore, invoice.ocr), 15, pdf.get_y())
    return bytes(pdf.output())
