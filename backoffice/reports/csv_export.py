"""CSV that opens right in a Swedish spreadsheet: semicolons between fields, decimal commas,
CR LF line ends, UTF-8 (with a byte-order mark on request, which Excel needs to see UTF-8).

Amounts are kronor with two decimals and no thousands separator ("1234,50"), so every spreadsheet
reads them as numbers; dates are ISO (2026-04-01), which Swedish spreadsheets read as dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from backoffice import spreadsheet
from backoffice.reports.figures import ProductReport, SalesReport, VatReport


class SwedishExcel(csv.Dialect):
    """The dialect: `csv.reader(f, dialect=SwedishExcel)` reads our files back."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


def kronor(ore: int | None) -> str:
    """öre as a spreadsheet number with a decimal comma: 123450 -> "1234,50"."""
    if ore is None:
        return ""
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole},{frac:02d}"


def percent(rate_bp: int) -> str:
    whole, frac = divmod(rate_bp, 100)
    return f"{whole},{frac:02d}" if frac else str(whole)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=SwedishExcel)
    writer.writerow(header)
    writer.writerows(spreadsheet.row(values) for values in rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def sales_csv(report: SalesReport, *, bom: bool = False) -> bytes:
    header = [
        "Period",
        "Butik",
        "Kvitton",
        "Varav returer",
        "Antal köp",
        "Försäljning (kr)",
        "Returer (kr)",
        "Netto (kr)",
        "Snittköp (kr)",
    ]
    rows = (
        [
            r.period,
            r.store_id or "",
            r.receipts,
            r.returns,
            r.sales_count,
            kronor(r.sales_ore),
            kronor(r.returns_ore),
            kronor(r.net_ore),
            kronor(r.average_basket_ore),
        ]
        for r in (*report.rows, report.total)
    )
    return write_csv(header, rows, bom=bom)


def vat_csv(report: VatReport, *, bom: bool = False) -> bytes:
    header = ["Period", "Butik", "Momssats (%)", "Brutto (kr)", "Moms (kr)", "Netto (kr)"]
    rows = (
        [
            r.period,
            r.store_id or "",
            percent(r.rate_bp),
            kronor(r.gross_ore),
            kronor(r.vat_ore),
            kronor(r.net_ore),
        ]
        for r in (*report.rows, *report.totals)
    )
    return write_csv(header, rows, bom=bom)


def products_csv(report: ProductReport, *, bom: bool = False) -> bytes:
    header = [
        "Butik",
        "Artikel",
        "Namn",
        "Typ",
        "Kategori",
        "Rader",
        "Antal",
        "Vikt (kg)",
        "Brutto (kr)",
        "Netto (kr)",
        "Inköp (kr)",
        "Marginal (kr)",
    ]
    rows = (
        [
            r.store_id or "",
            r.product_key,
            r.name,
            r.kind,
            r.category,
            r.lines,
            r.quantity,
            f"{r.weight_g / 1000:.3f}".replace(".", ",") if r.weight_g else "",
            kronor(r.gross_ore),
            kronor(r.net_ore),
            kronor(r.cost_ore),
            kronor(r.margin_ore),
        ]
        for r in report.rows
    )
    return write_csv(header, rows, bom=bom)
