"""The receipts' events of the journal XML (`journal_export`), written straight as UTF-8 bytes:
the store's name (often with å, ä or ö) is in every receipt, so text built as `str` and encoded
at the end made Python transcode the whole file; here each non-ASCII piece (an article, the shop)
is encoded once and the rest is ASCII formatted with `bytes %`.

Kronor are formatted as `%.2f` of öre / 100: exact while |öre| < 2**52 (the double nearest
n / 100 is then much closer to it than half a cent, and `%.2f` rounds correctly), so the same
text as the integer arithmetic of `kr`, which is used beyond that bound.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from backoffice.reports.journal_rows import JournalRows
from retail.rounding import div_round_half_up

MISSING = "SAKNAS"
EXACT = 2**52  # |öre| below this: `%.2f` of öre / 100 is exact
_CENTS = [f"{cents:02d}" for cents in range(100)]


def text_element(name: str, value: object) -> str:
    """One `utreko` element as text (at most 72 characters; empty as `<x />`)."""
    text = str(value)[:72]
    if text:
        if "&" in text or "<" in text or ">" in text:
            text = escape(text)
        return f"<utreko:{name}>{text}</utreko:{name}>"
    return f"<utreko:{name} />"


def kr(ore: int) -> str:
    """Öre as kronor with two decimals (integer arithmetic)."""
    if ore < 0:
        whole, cents = divmod(-ore, 100)
        return f"-{whole}.{_CENTS[cents]}"
    whole, cents = divmod(ore, 100)
    return f"{whole}.{_CENTS[cents]}"


def rate(rate_bp: int) -> str:
    return f"{rate_bp / 100:g}"


def receipt_events(
    found: JournalRows, zone: ZoneInfo, shop: str
) -> Iterator[tuple[datetime, bytes]]:
    """Each receipt's event as one piece of UTF-8, in time order, with its time; `shop` is the
    store's name, organisation number and address elements."""
    sale, sale_wide = _receipt_forms(shop, "Kassakvitto", "DatumOchKlockslagNarKvittoFramstalls")
    back, back_wide = _receipt_forms(
        shop, "Returkvitto", "DatumOchKlockslagNarReturkvittoFramstalls"
    )
    registers: dict[str, bytes] = {}
    line_text = _line_texts(found.lines)
    payment = _Payments().text
    no_articles = b"<utreko:SaldaArtiklarLISTA />"
    no_payments = b"<utreko:TotalaForsaljningssummorPerBetalningsmedelLISTA />"
    no_rates = b"<utreko:MervardesskattPaOlikaSkattesatserLISTA />"
    at_form = (
        b"<utreko:ArtikelnsRegistreringstidpunkt>%s"
        b"</utreko:ArtikelnsRegistreringstidpunkt></utreko:SaldArtikel>"
    )
    for register, at, total, number, sold, rows, methods in found.receipts:
        when = at.astimezone(zone).isoformat()[:19].encode()
        register_el = registers.get(register)
        if register_el is None:
            register_el = registers[register] = text_element("Kassabeteckning", register).encode()
        articles = no_articles
        if sold:
            at_el = at_form % when
            texts = [line_text[key] for key in sold]
            articles = b"<utreko:SaldaArtiklarLISTA>%s%s</utreko:SaldaArtiklarLISTA>" % (
                at_el.join(texts),
                at_el,
            )
        paid = no_payments
        if methods:
            paid = _PAID % b"".join([payment(method, amount) for method, amount in methods])
        rates = no_rates
        vat_sum = 0
        if rows:
            vat_sum = sum([row[1] for row in rows])
            rates = _RATES % b"".join([_vat_row(rate_bp, vat) for rate_bp, vat in rows])
        if -EXACT < total < EXACT and -EXACT < vat_sum < EXACT:
            form = back if total < 0 else sale
            amounts: tuple[float | bytes, ...] = (total / 100, vat_sum / 100)
        else:
            form = back_wide if total < 0 else sale_wide
            amounts = (kr(total).encode(), kr(vat_sum).encode())
        yield (
            at,
            form % (register_el, when, when, number, register_el, articles, *amounts, paid, rates),
        )


def _receipt_forms(shop: str, kind: str, made: str) -> tuple[bytes, bytes]:
    """The `bytes %` forms of a receipt's event (register element, time twice, receipt number,
    register element, articles, total, VAT, payments, VAT rates): with the amounts as `%.2f` of
    floats, and as `%s` of text."""
    tail = (
        "<utreko:LopnummerForZDagrapportPaKvitto>0</utreko:LopnummerForZDagrapportPaKvitto>"
        f"<utreko:TillverkningsnummerForKontrollenheten>{MISSING}"
        "</utreko:TillverkningsnummerForKontrollenheten>"
        f"<utreko:Kontrollkod>{MISSING}</utreko:Kontrollkod>"
    )
    form = (
        "<utreko:Handelse>%s<utreko:Registreringstidpunkt>%s</utreko:Registreringstidpunkt>"
        f"<utreko:{kind}>{shop.replace('%', '%%')}<utreko:{made}>%s</utreko:{made}>"
        "<utreko:LopnummerForKassakvitto>%d</utreko:LopnummerForKassakvitto>%s%s"
        "<utreko:TotaltForsaljningsbeloppISvenskaKronor>%.2f"
        "</utreko:TotaltForsaljningsbeloppISvenskaKronor>"
        "<utreko:MervardesskattPaForsaljningsbeloppet>%.2f"
        "</utreko:MervardesskattPaForsaljningsbeloppet>%s%s"
        f"{tail}</utreko:{kind}></utreko:Handelse>"
    ).encode()
    return form, form.replace(b"%.2f", b"%s")


def _line_texts(lines: dict[str, list[Any]]) -> dict[str, bytes]:
    """Each distinct sold line's elements up to (not with) its registration time, by its key;
    each article's number and name elements made once."""
    articles: dict[tuple[str, str], bytes] = {}
    return {key: _line(fields, articles) for key, fields in lines.items()}


def _line(fields: list[Any], articles: dict[tuple[str, str], bytes]) -> bytes:
    key, name, weight_g, quantity, unit_ore, amount_ore, rate_bp = fields
    article = articles.get((key, name))
    if article is None:
        article = articles[(key, name)] = (
            "<utreko:SaldArtikel><utreko:TypAvArtikel>VARA</utreko:TypAvArtikel>"
            + text_element("Artikelnummer", key)
            + text_element("Artikelnamn", name)
        ).encode()
    if weight_g:
        amount = _WEIGHED % (weight_g / 1000)
    elif type(quantity) is int:
        amount = _COUNTED % quantity
    else:
        amount = text_element("AntalAvSaldArtikel", quantity).encode()
    vat = div_round_half_up(amount_ore * rate_bp, 10_000 + rate_bp)  # vat_included's
    if -EXACT < unit_ore < EXACT and -EXACT < amount_ore < EXACT and -EXACT < vat < EXACT:
        prices = _LINE % (unit_ore / 100, amount_ore / 100, rate_bp / 100, vat / 100)
    else:
        wide = (kr(unit_ore), kr(amount_ore), rate(rate_bp), kr(vat))
        prices = _LINE_WIDE % tuple(part.encode() for part in wide)
    text: bytes = article + amount + prices
    return text


_WEIGHED = (
    b"<utreko:AntalAvSaldArtikel>%.3f</utreko:AntalAvSaldArtikel>"
    b"<utreko:EnhetForViktLangdTidEllerVolym>kg</utreko:EnhetForViktLangdTidEllerVolym>"
)
_COUNTED = b"<utreko:AntalAvSaldArtikel>%d</utreko:AntalAvSaldArtikel>"
_LINE = (
    b"<utreko:PrisPerEnhet>%.2f</utreko:PrisPerEnhet>"
    b"<utreko:PrisPaSaldArtikel>%.2f</utreko:PrisPaSaldArtikel>"
    b"<utreko:MervardesskattesatsForSaldArtikel>%g</utreko:MervardesskattesatsForSaldArtikel>"
    b"<utreko:MervardesskattPaSaldArtikel>%.2f</utreko:MervardesskattPaSaldArtikel>"
)
_LINE_WIDE = _LINE.replace(b"%.2f", b"%s").replace(b"%g", b"%s")


_PAID = (
    b"<utreko:TotalaForsaljningssummorPerBetalningsmedelLISTA>%s"
    b"</utreko:TotalaForsaljningssummorPerBetalningsmedelLISTA>"
)
_PAYMENT = (
    b"<utreko:TotalForsaljningssummaPerBetalningsmedel>%s"
    b"<utreko:ForsaljningssummaPerBetalningsmedel>%.2f</utreko:ForsaljningssummaPerBetalningsmedel>"
    b"</utreko:TotalForsaljningssummaPerBetalningsmedel>"
)
_RATES = (
    b"<utreko:MervardesskattPaOlikaSkattesatserLISTA>%s"
    b"</utreko:MervardesskattPaOlikaSkattesatserLISTA>"
)
_VAT_ROW = (
    b"<utreko:MervardesskattPerSkattesats>"
    b"<utreko:Mervardesskattesats>%g</utreko:Mervardesskattesats>"
    b"<utreko:TotaltMervardesskattebeloppPerSkattesats>%.2f"
    b"</utreko:TotaltMervardesskattebeloppPerSkattesats>"
    b"</utreko:MervardesskattPerSkattesats>"
)


class _Payments:
    """A payment's elements; each method's element made once per export."""

    def __init__(self) -> None:
        self.methods: dict[str, bytes] = {}

    def text(self, method: str, amount: int) -> bytes:
        element = self.methods.get(method)
        if element is None:
            element = self.methods[method] = text_element("Betalningsmedel", method).encode()
        if -EXACT < amount < EXACT:
            return _PAYMENT % (element, amount / 100)
        return _PAYMENT.replace(b"%.2f", b"%s") % (element, kr(amount).encode())


def _vat_row(rate_bp: int, amount: int) -> bytes:
    if -EXACT < amount < EXACT:
        return _VAT_ROW % (rate_bp / 100, amount / 100)
    return _VAT_ROW.replace(b"%.2f", b"%s") % (rate_bp / 100, kr(amount).encode())
