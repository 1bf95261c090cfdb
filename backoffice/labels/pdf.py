"""The label sheet: A4, 3 x 8 labels of 70 x 37 mm, each with the product's name, its price,
its comparison price (jämförpris, as Swedish price marking requires) and its EAN-13 as bars.

Text is in the PDF core font (Helvetica, Latin-1: å, ä, ö, é are in it); a character outside
Latin-1 is printed as "?" rather than refused."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from retail.barcodes.ean13_bars import QUIET_ZONE_MODULES, ean13_modules

COLUMNS, ROWS = 3, 8
WIDTH, HEIGHT = 70.0, 297 / 8
MODULE_MM = 0.33
"""EAN-13's nominal module (100 % magnification): 37.3 mm with its quiet zones."""
BAR_HEIGHT_MM = 13.0


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    price: str
    """As printed: `17,95 kr` (per piece) or `27,90 kr/kg`."""
    comparison: str
    """`Jfr-pris 17,95 kr/l`, or empty when the pack's content is unknown."""
    ean13: str | None
    """The 13 digits drawn as bars, or None (a weight article: the scale prints its code)."""


def kronor(ore: int) -> str:
    whole, part = divmod(ore, 100)
    return f"{whole:,}".replace(",", " ") + f",{part:02d} kr"


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    text = _latin1(text)
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "...") > width:
        text = text[:-1]
    return text.rstrip() + "..."


def _bars(pdf: FPDF, code: str, x: float, y: float) -> None:
    left, _ = QUIET_ZONE_MODULES
    start = x + left * MODULE_MM
    modules = ean13_modules(code)
    run = 0
    for index, module in enumerate(modules + "0"):
        if module == "1":
            run += 1
        elif run:
            first = index - run
            pdf.rect(start + first * MODULE_MM, y, run * MODULE_MM, BAR_HEIGHT_MM, style="F")
            run = 0
    pdf.set_font("Helvetica", "", 7)
    pdf.set_xy(start, y + BAR_HEIGHT_MM + 0.3)
    pdf.cell(len(modules) * MODULE_MM, 3, code, align="C")


def _label(pdf: FPDF, label: Label, x: float, y: float) -> None:
    pdf.set_draw_color(190)
    pdf.rect(x, y, WIDTH, HEIGHT)
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_xy(x + 2, y + 2)
    pdf.cell(WIDTH - 4, 5, _fit(pdf, label.name, WIDTH - 4))
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(x + 2, y + 9)
    price_width = WIDTH - 4 if label.ean13 is None else 30
    pdf.cell(price_width, 9, _fit(pdf, label.price, price_width))
    pdf.set_font("Helvetica", "", 7)
    pdf.set_xy(x + 2, y + 19)
    pdf.cell(price_width, 4, _fit(pdf, label.comparison, price_width))
    if label.ean13 is not None:
        total = (sum(QUIET_ZONE_MODULES) + 95) * MODULE_MM
        _bars(pdf, label.ean13, x + WIDTH - total, y + HEIGHT - BAR_HEIGHT_MM - 5.5)


def labels_pdf(labels: list[Label], title: str) -> bytes:
    """Every label in order, 24 to a page."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margin(0)
    pdf.set_title(_latin1(title))
    pdf.set_fill_color(0)
    per_page = COLUMNS * ROWS
    for index, label in enumerate(labels):
        if index % per_page == 0:
            pdf.add_page()
        slot = index % per_page
        _label(pdf, label, (slot % COLUMNS) * WIDTH, (slot // COLUMNS) * HEIGHT)
    return bytes(pdf.output())
