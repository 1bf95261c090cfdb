"""The sales journal export Skatteverket can ask for (SKVFS 2021:16, XML), from what the stores
synced: every receipt (sale or return) with its lines, VAT per rate and payments, and every
Z-report, per store and period.

What is known (shared/reference/accounting.md §6): the root element and namespaces, the header,
`RegistreringLISTA` of `Handelse` events, and element names and order as written by a production
implementation validated against Skatteverket's schema of 2021-12-08; text at most 72 characters,
decimals with at most two fraction digits, times as yyyy-MM-ddTHH:mm:ss (local, no zone). Not
validated against the XSD here (not available to the project). The backoffice holds no login,
parking or price-enquiry events (the controller's own journal does), and Byabutik has no certified
control unit yet: its serial and control codes are written as "SAKNAS" (missing).

Written as text, element by element (no element tree): a month of one store is tens of thousands
of receipts. The receipts come in one query, a row per receipt with its lines, VAT rows and
payments as JSON (`journal_rows`), merged with the Z-reports by time. Every row is read before
the first piece is yielded, so a database error comes before any byte is sent, and the pieces
after the first need no session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.reports.journal_rows import receipts
from backoffice.reports.scope import ReportScope
from backoffice.reports.zreports import ZReportRead, z_reports
from backoffice.sales.models import Sale
from backoffice.stores.models import Store
from byabutik import __version__
from retail.rounding import div_round_half_up

INSTANS = "http://xmls.skatteverket.se/se/skatteverket/td/instans/utredningsstod/1.0"
KOMPONENT = "http://xmls.skatteverket.se/se/skatteverket/td/komponent/utredningsstod/1.0"
MISSING = "SAKNAS"
MODEL = "Byabutik"
ROOT = "utrein:ExportAvDataFranJournalminneEnligtSKVFS2021-16"
CHUNK = 256  # events per piece of `journal_chunks`


def _text(name: str, value: object) -> str:
    """One `utreko` element as text (at most 72 characters; empty as `<x />`)."""
    text = str(value)[:72]
    if text:
        return f"<utreko:{name}>{escape(text)}</utreko:{name}>"
    return f"<utreko:{name} />"


class _Writer:
    """Elements of the `utreko` namespace as text; an element closed with nothing in it is
    written empty (`<x />`), as ElementTree wrote it before."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._open: list[tuple[str, int]] = []

    def el(self, name: str, value: object) -> None:
        self.parts.append(_text(name, value))

    def open(self, name: str) -> None:
        self._open.append((name, len(self.parts)))
        self.parts.append(f"<utreko:{name}>")

    def close(self) -> None:
        name, at = self._open.pop()
        if len(self.parts) == at + 1:
            self.parts[at] = f"<utreko:{name} />"
        else:
            self.parts.append(f"</utreko:{name}>")


def _rate(rate_bp: int) -> str:
    return f"{rate_bp / 100:g}"


def _time(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def journal_export(
    *, session: Session, scope: ReportScope, store_id: int, exported_at: datetime
) -> bytes:
    """The XML of one store's receipts and Z-reports in the scope's range (UTF-8 bytes)."""
    return b"".join(
        journal_chunks(session=session, scope=scope, store_id=store_id, exported_at=exported_at)
    )


def journal_chunks(
    *, session: Session, scope: ReportScope, store_id: int, exported_at: datetime
) -> Iterator[bytes]:
    """The journal XML in pieces of `CHUNK` events, as they are written; everything is read from
    the database before the first piece."""
    store = session.get(Store, store_id)
    assert store is not None
    one = ReportScope(store_ids=(store_id,), start=scope.start, end=scope.end, zone=scope.zone)
    zs = sorted(z_reports(session=session, scope=one), key=lambda z: z.closed_at)
    registers = sorted(set(_registers(session, one)) | {z.register_id for z in zs})
    shop = (store.name, store.org_number.replace("-", ""))
    out = _Writer()
    out.parts.append(
        f"<?xml version='1.0' encoding='utf-8'?>\n<{ROOT} "
        f'xmlns:utrein="{INSTANS}" xmlns:utreko="{KOMPONENT}">'
    )
    _header(out, store, registers, one, exported_at)
    out.parts.append("<utreko:RegistreringLISTA>")
    parts = out.parts
    opened = len(parts) - 1
    events = 0
    pending = iter(zs)
    z = next(pending, None)
    for at, text in _receipts(session, one, store):
        while z is not None and z.closed_at < at:  # a Z-report after the receipts of its time
            _z_event(z, shop, one.zone)(out)
            z = next(pending, None)
        parts.append(text)
        events += 1
        if events % CHUNK == 0:
            yield "".join(parts).encode()
            parts.clear()
    while z is not None:
        _z_event(z, shop, one.zone)(out)
        z = next(pending, None)
    if events or zs:
        parts.append("</utreko:RegistreringLISTA>")
    else:
        parts[opened] = "<utreko:RegistreringLISTA />"
    parts.append(f"</{ROOT}>")
    yield "".join(parts).encode()


def _registers(session: Session, scope: ReportScope) -> Iterator[str]:
    query = (
        select(Sale.register_id)
        .where(
            Sale.store_id.in_(scope.store_ids),
            Sale.occurred_at >= scope.utc_start,
            Sale.occurred_at < scope.utc_end,
        )
        .distinct()
    )
    yield from session.scalars(query)


def _header(
    out: _Writer,
    store: Store,
    registers: list[str],
    scope: ReportScope,
    exported_at: datetime,
) -> None:
    first = registers[0] if registers else MISSING
    out.el("BeteckningPaDetKassaregisterSomExportAvDataFranJournalminnetSkerIfran", first)
    out.el("TidpunktForNarExportAvDataFranJournalminnetSker", _time(exported_at, scope.zone))
    out.open("ValdPeriodForExportAvDataFranJournalminne")
    out.el(
        "ValdStarttidpunktForExportAvDataFranJournalminnet",
        _time(scope.utc_start, scope.zone),
    )
    out.el("ValdSluttidpunktForExportAvDataFranJournalminnet", _time(scope.utc_end, scope.zone))
    out.close()
    out.open("BeteckningPaValdaKassaregisterForExportAvDataFranJournalminnenLISTA")
    for register in registers:
        out.el("BeteckningPaValtKassaregisterForExportAvDataFranJournalminnet", register)
    out.close()
    out.open("InformationOmForetaget")
    out.el("OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
    out.el("ForetagetsNamn", store.name)
    out.el("DenAdressDarForsaljningSker", store.address or MISSING)
    out.close()
    out.open("KassaregistersystemLISTA")
    for register in registers:
        out.open("Kassaregistersystemet")
        _register_identity(out, register)
        out.el("Kassabeteckning", register)
        out.el("TillverkningsnummerForKontrollenheten", MISSING)
        out.close()
    out.close()


def _register_identity(out: _Writer, register: str) -> None:
    out.el("TillverkningsnummerForKassaregistret", register)
    out.el("ModellbeteckningForKassaregistret", MODEL)
    out.el("ModellEllerProgramForKassaregistret", MODEL)
    out.el("VersionsnummerForKassaregistret", __version__)


Event = Callable[[_Writer], None]
_CENTS = [f"{cents:02d}" for cents in range(100)]


def _kr(ore: int) -> str:
    """Öre as kronor with two decimals (integer arithmetic)."""
    if ore < 0:
        whole, cents = divmod(-ore, 100)
        return f"-{whole}.{_CENTS[cents]}"
    whole, cents = divmod(ore, 100)
    return f"{whole}.{_CENTS[cents]}"


def _receipts(session: Session, scope: ReportScope, store: Store) -> Iterator[tuple[datetime, str]]:
    """Each receipt's event as one piece of text, in time order, with its time."""
    found = receipts(session.connection(), scope, store.id)
    sale_text, return_text = _receipt_forms(store)
    registers: dict[str, str] = {}
    line_text: dict[tuple[Any, ...], str] = {}
    named: dict[tuple[str, str], str] = {}
    pay_text: dict[tuple[Any, ...], str] = {}
    rate_text: dict[tuple[Any, ...], str] = {}
    no_articles = "<utreko:SaldaArtiklarLISTA />"
    no_payments = "<utreko:TotalaForsaljningssummorPerBetalningsmedelLISTA />"
    no_rates = "<utreko:MervardesskattPaOlikaSkattesatserLISTA />"
    zone = scope.zone
    for register, at, total, number, sold, rows, methods in found:
        when = at.astimezone(zone).isoformat()[:19]
        register_el = registers.get(register)
        if register_el is None:
            register_el = registers[register] = _text("Kassabeteckning", register)
        articles = no_articles
        if sold:
            at_el = (
                f"<utreko:ArtikelnsRegistreringstidpunkt>{when}"
                "</utreko:ArtikelnsRegistreringstidpunkt></utreko:SaldArtikel>"
            )
            texts = [line_text.get(line) or _new_line(line_text, named, line) for line in sold]
            articles = (
                f"<utreko:SaldaArtiklarLISTA>{at_el.join(texts)}{at_el}</utreko:SaldaArtiklarLISTA>"
            )
        paid = no_payments
        if methods:
            paid = (
                "<utreko:TotalaForsaljningssummorPerBetalningsmedelLISTA>"
                f"{_cached(methods, pay_text, _payment)}"
                "</utreko:TotalaForsaljningssummorPerBetalningsmedelLISTA>"
            )
        rates = no_rates
        vat_sum = 0
        if rows:
            vat_sum = sum(row[1] for row in rows)
            rates = (
                "<utreko:MervardesskattPaOlikaSkattesatserLISTA>"
                f"{_cached(rows, rate_text, _vat_rate)}"
                "</utreko:MervardesskattPaOlikaSkattesatserLISTA>"
            )
        form = return_text if total < 0 else sale_text
        yield (
            at,
            form.format(register_el, when, number, articles, _kr(total), _kr(vat_sum), paid, rates),
        )


def _receipt_forms(store: Store) -> tuple[str, str]:
    """The format strings of a sale's and a return's event: register element, time (three
    times), receipt number, articles, total, VAT, payments, VAT rates."""
    shop = (
        _text("ForetagetsNamn", store.name)
        + _text("OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
        + _text("DenAdressDarForsaljningSker", store.address or MISSING)
    )
    tail = (
        "<utreko:LopnummerForZDagrapportPaKvitto>0</utreko:LopnummerForZDagrapportPaKvitto>"
        f"<utreko:TillverkningsnummerForKontrollenheten>{MISSING}"
        "</utreko:TillverkningsnummerForKontrollenheten>"
        f"<utreko:Kontrollkod>{MISSING}</utreko:Kontrollkod>"
    )
    kinds = {
        kind: (
            "<utreko:Handelse>{0}<utreko:Registreringstidpunkt>{1}</utreko:Registreringstidpunkt>"
            f"<utreko:{kind}>{shop}<utreko:{made}>{{1}}</utreko:{made}>"
            "<utreko:LopnummerForKassakvitto>{2}</utreko:LopnummerForKassakvitto>{0}{3}"
            "<utreko:TotaltForsaljningsbeloppISvenskaKronor>{4}"
            "</utreko:TotaltForsaljningsbeloppISvenskaKronor>"
            "<utreko:MervardesskattPaForsaljningsbeloppet>{5}"
            "</utreko:MervardesskattPaForsaljningsbeloppet>{6}{7}"
            f"{tail}</utreko:{kind}></utreko:Handelse>"
        )
        for kind, made in (
            ("Kassakvitto", "DatumOchKlockslagNarKvittoFramstalls"),
            ("Returkvitto", "DatumOchKlockslagNarReturkvittoFramstalls"),
        )
    }
    return kinds["Kassakvitto"], kinds["Returkvitto"]


def _cached(rows: list[Any], cache: dict[Any, str], make: Callable[[Any], str]) -> str:
    """The rows' elements, each made once per distinct row."""
    texts = []
    for row in rows:
        text = cache.get(row)
        if text is None:
            text = cache[row] = make(row)
        texts.append(text)
    return "".join(texts)


def _new_line(
    cache: dict[Any, str], articles: dict[tuple[str, str], str], line: tuple[Any, ...]
) -> str:
    text = cache[line] = _line(line, articles)
    return text


def _line(line: tuple[Any, ...], articles: dict[tuple[str, str], str]) -> str:
    """A sold article's elements up to (not with) its registration time; `articles` keeps each
    article's number and name elements, made once per export."""
    key, name, weight_g, quantity, unit_ore, amount_ore, rate_bp = line
    article = articles.get((key, name))
    if article is None:
        article = articles[(key, name)] = (
            "<utreko:SaldArtikel><utreko:TypAvArtikel>VARA</utreko:TypAvArtikel>"
            f"{_text('Artikelnummer', key)}{_text('Artikelnamn', name)}"
        )
    if weight_g:
        amount = (
            _text("AntalAvSaldArtikel", f"{weight_g / 1000:.3f}")
            + "<utreko:EnhetForViktLangdTidEllerVolym>kg</utreko:EnhetForViktLangdTidEllerVolym>"
        )
    else:
        amount = _text("AntalAvSaldArtikel", quantity)
    vat = _kr(div_round_half_up(amount_ore * rate_bp, 10_000 + rate_bp))  # vat_included's
    return (
        f"{article}{amount}"
        f"<utreko:PrisPerEnhet>{_kr(unit_ore)}</utreko:PrisPerEnhet>"
        f"<utreko:PrisPaSaldArtikel>{_kr(amount_ore)}</utreko:PrisPaSaldArtikel>"
        f"<utreko:MervardesskattesatsForSaldArtikel>{_rate(rate_bp)}"
        "</utreko:MervardesskattesatsForSaldArtikel>"
        f"<utreko:MervardesskattPaSaldArtikel>{vat}</utreko:MervardesskattPaSaldArtikel>"
    )


def _payment(payment: tuple[Any, ...]) -> str:
    method, amount = payment
    return (
        "<utreko:TotalForsaljningssummaPerBetalningsmedel>"
        + _text("Betalningsmedel", method)
        + f"<utreko:ForsaljningssummaPerBetalningsmedel>{_kr(amount)}"
        "</utreko:ForsaljningssummaPerBetalningsmedel>"
        "</utreko:TotalForsaljningssummaPerBetalningsmedel>"
    )


def _vat_rate(row: tuple[Any, ...]) -> str:
    rate, amount = row
    return (
        "<utreko:MervardesskattPerSkattesats>"
        f"<utreko:Mervardesskattesats>{_rate(rate)}</utreko:Mervardesskattesats>"
        f"<utreko:TotaltMervardesskattebeloppPerSkattesats>{_kr(amount)}"
        "</utreko:TotaltMervardesskattebeloppPerSkattesats>"
        "</utreko:MervardesskattPerSkattesats>"
    )


def _z_event(z: ZReportRead, shop: tuple[str, str], zone: ZoneInfo) -> Event:
    """A Z-report's event; `shop` is the store's name and organisation number (plain text: the
    events after the first piece are written without the session)."""
    name, org_number = shop

    def write(out: _Writer) -> None:
        out.open("Handelse")
        out.el("Kassabeteckning", z.register_id)
        out.el("Registreringstidpunkt", _time(z.closed_at, zone))
        out.open("ZDagrapport")
        out.el("ForetagetsNamn", name)
        out.el("OrganisationsnummerEllerPersonnummer", org_number)
        out.el("DatumOchKlockslagNarRapportFramstalls", _time(z.closed_at, zone))
        out.el("LopnummerForZDagrapport", z.z_number)
        out.el("Kassabeteckning", z.register_id)
        _register_identity(out, z.register_id)
        out.el("TotalForsaljningssumma", _kr(z.net_ore))
        out.open("MervardesskattPaOlikaSkattesatserLISTA")
        for row in z.vat or ():
            out.open("MervardesskattPerSkattesats")
            out.el("Mervardesskattesats", _rate(row.rate_bp))
            out.el("TotaltMervardesskattebeloppPerSkattesats", _kr(row.vat_ore))
            out.close()
        if not z.vat:
            out.open("MervardesskattPerSkattesats")
            out.el("Mervardesskattesats", "0")
            out.el("TotaltMervardesskattebeloppPerSkattesats", "0.00")
            out.close()
        out.close()
        out.el("VaxelkassansBeloppISvenskaKronor", _kr(z.float_ore))
        out.el("AntalKassakvitton", z.receipt_count)
        out.el("AntalKassaladoppningar", z.cash_drawer_openings)
        out.el("AntalKvittokopior", z.receipt_copies or 0)
        out.el("TotaltBeloppPaKvittokopior", "0.00")
        out.el("AntalKvittonSomTagitsFramIOvningslage", z.training_receipts)
        out.open("TotalaForsaljningssummorPerBetalningsmedelLISTA")
        for payment in z.payments:
            out.open("TotalForsaljningssummaPerBetalningsmedel")
            out.el("Betalningsmedel", payment.method)
            out.el("ForsaljningssummaPerBetalningsmedel", _kr(payment.amount_ore))
            out.close()
        out.close()
        out.el("AntalReturer", z.return_count)
        out.el("ReturernasBelopp", _kr(z.returns_ore))
        out.el("RabatternasBelopp", _kr(z.discounts_ore))
        out.el("AntalOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp", 0)
        out.el("TotaltBeloppAvOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp", "0.00")
        out.el("AntalOavslutadeForsaljningar", z.unfinished_sales or 0)
        out.el("TotaltBeloppAvOavslutadeForsaljningar", "0.00")
        out.el("GrandTotalForsaljning", _kr(z.grand_total_sales_ore))
        out.el("GrandTotalRetur", _kr(z.grand_total_returns_ore))
        out.el("GrandTotalNetto", _kr(z.grand_total_net_ore))
        out.close()
        out.close()

    return write
