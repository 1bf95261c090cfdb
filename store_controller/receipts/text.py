"""The plain-text receipt: fixed width, for printers, e-mail and the golden tests."""

from __future__ import annotations

from retail import Money
from retail.vat import format_rate
from store_controller.receipts.document import COPY, ELECTRONIC, ReceiptDocument, ReceiptLine

WIDTH = 42


def render_text(doc: ReceiptDocument, *, width: int = WIDTH) -> str:
    """The receipt as lines of at most `width` characters, ending in a newline."""
    rule = "-" * width
    out: list[str] = []
    if doc.copy:
        out += [COPY.center(width).rstrip(), ""]
    out += [doc.store_name.center(width).rstrip()]
    if doc.legal_name and doc.legal_name != doc.store_name:
        out.append(doc.legal_name.center(width).rstrip())
    if doc.org_number:
        out.append(f"Org.nr {doc.org_number}".center(width).rstrip())
    if doc.vat_number:
        out.append(f"Momsreg.nr {doc.vat_number}".center(width).rstrip())
    if doc.address:
        out.append(doc.address.center(width).rstrip())
    out += ["", ELECTRONIC.center(width).rstrip()]
    out += [
        _pair("Kvitto nr", doc.receipt_number, width),
        _pair("Kassa", doc.register_id, width),
        _pair("Datum", doc.occurred_at.strftime("%Y-%m-%d %H:%M"), width),
        rule,
    ]
    for line in doc.lines:
        out += _line(line, width)
    out += [rule, _pair("TOTALT SEK", _kr(doc.total), width), rule]
    out.append(_columns(("Moms", "Moms", "Netto", "Brutto"), width))
    for row in doc.vat:
        cells = (format_rate(row.rate_bp), _kr(row.vat), _kr(row.net), _kr(row.gross))
        out.append(_columns(cells, width))
    out += [rule, _pair(f"Betalt: {doc.payment_method}", _kr(doc.paid), width)]
    out += list(doc.extra)
    if doc.copy:
        out += ["", COPY.center(width).rstrip()]
    return "\n".join(out) + "\n"


def _line(line: ReceiptLine, width: int) -> list[str]:
    rows = [_pair(line.name, _kr(line.amount), width)]
    if line.weight_g is not None:
        kg = f"{line.weight_g / 1000:.3f}".replace(".", ",")
        rows.append(f"  {kg} kg à {_kr(line.unit_price)}/kg")
    elif line.quantity > 1:
        rows.append(f"  {line.quantity} st à {_kr(line.unit_price)}")
    if line.pant:
        rows.append(_pair(f"  Pant {line.quantity} st", _kr(line.pant), width))
    return rows


def _pair(left: str, right: str, width: int) -> str:
    """`left` and `right` on one line; a long right side gets a line of its own."""
    if len(right) + 12 > width:
        return f"{left[:width]}\n{right[-width:]:>{width}}"
    room = width - len(right) - 1
    if len(left) > room:
        left = left[: room - 1] + "…"
    return f"{left:<{room}} {right}"


def _columns(cells: tuple[str, str, str, str], width: int) -> str:
    column = min(10, (width - 6) // 3)
    first = width - 3 * column
    return f"{cells[0]:<{first}}" + "".join(f"{cell:>{column}}" for cell in cells[1:])


def _kr(amount: Money) -> str:
    return amount.format(unit=False, space=" ")
