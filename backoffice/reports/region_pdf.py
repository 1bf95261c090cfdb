"""The region figures as a PDF an association attaches to a support application (fpdf2).

Swedish text in the PDF core font (Helvetica, Latin-1: å, ä, ö and é are in it); any character
outside Latin-1 is replaced before writing.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from backoffice.reports.csv_export import kronor
from backoffice.reports.periods import WEEKDAYS_SV
from backoffice.reports.region import RegionFigures

LATIN1 = "latin-1"


def _text(value: object) -> str:
    return str(value).encode(LATIN1, "replace").decode(LATIN1)


def _kr(ore: int) -> str:
    whole = kronor(ore).split(",")[0]
    return f"{int(whole):,}".replace(",", " ") + " kr"


def region_pdf(figures: RegionFigures) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_text(f"Butiksuppgifter {figures.year}: {figures.store_name}"))
    pdf.set_creator("Byabutik")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(
        0,
        10,
        _text(f"{figures.store_name}: uppgifter för {figures.year}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0,
        6,
        _text(f"Organisationsnummer {figures.org_number or '-'}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    rows = [
        ("Omsättning inkl. moms", _kr(figures.turnover_gross_ore)),
        ("Omsättning exkl. moms", _kr(figures.turnover_net_ore)),
        ("Dagligvaror, nettoomsättning (exkl. moms och pant)", _kr(figures.groceries_net_ore)),
        ("Pant (inkl. moms)", _kr(figures.pant_gross_ore)),
        ("Antal köp", str(figures.sales_count)),
        ("Öppettimmar under året", f"{figures.opening_hours.hours_per_year:.0f} h"),
        ("Öppettimmar per vecka (snitt)", f"{figures.opening_hours.average_hours_per_week:.1f} h"),
        ("Unika kunder under året", str(figures.customers_in_year)),
        ("Artiklar sålda under året", str(figures.articles_sold)),
    ]
    _table(pdf, ("Uppgift", "Värde"), rows, (120, 60))
    if figures.opening_hours.source != "settings":
        pdf.set_font("Helvetica", "I", 9)
        pdf.multi_cell(
            0,
            5,
            _text("Öppettider: inga veckotider inlagda; butiken räknas som öppen dygnet runt."),
        )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text("Unika kunder per månad"), new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        ("Månad", "Kunder"),
        [(m.month, str(m.customers)) for m in figures.customers_by_month],
        (60, 40),
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text("Besök per veckodag"), new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        ("Veckodag", "Besök"),
        list(zip(WEEKDAYS_SV, map(str, figures.visits_by_weekday), strict=True)),
        (60, 40),
    )
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text("Besök per timme"), new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        ("Timme", "Besök"),
        [(f"{h:02d}-{h + 1:02d}", str(c)) for h, c in enumerate(figures.visits_by_hour)],
        (60, 40),
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text("Sortiment per kategori"), new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        ("Kategori", "Artiklar", "Netto"),
        [(c.category, str(c.products), _kr(c.net_ore)) for c in figures.categories],
        (80, 30, 50),
    )
    written: bytes = bytes(pdf.output())
    return written


def _table(
    pdf: FPDF, header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[int, ...]
) -> None:
    pdf.set_font("Helvetica", "B", 10)
    for title, width in zip(header, widths, strict=True):
        pdf.cell(width, 7, _text(title), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for row in rows:
        for index, (value, width) in enumerate(zip(row, widths, strict=True)):
            pdf.cell(width, 6, _text(value), border=1, align="R" if index else "L")
        pdf.ln()
