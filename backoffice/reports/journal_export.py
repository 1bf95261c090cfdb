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
payments (`journal_rows`), their events straight as UTF-8 (`journal_receipts`), merged with the
Z-reports by time; the registers are those of the receipts and Z-reports. Every row is read before
the first piece is yielded, so a database error comes before any byte is sent, and the pieces
after the first need no session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from backoffice.reports.journal_receipts import MISSING, kr, rate, receipt_events, text_element
from backoffice.reports.journal_rows import JournalRows, receipts
from backoffice.reports.scope import ReportScope
from backoffice.reports.zreports import ZReportRead, z_reports
from backoffice.stores.models import Store
from byabutik import __version__

INSTANS = "http://xmls.skatteverket.se/se/skatteverket/td/instans/utredningsstod/1.0"
KOMPONENT = "http://xmls.skatteverket.se/se/skatteverket/td/komponent/utredningsstod/1.0"
MODEL = "Byabutik"
ROOT = "utrein:ExportAvDataFranJournalminneEnligtSKVFS2021-16"
CHUNK = 256  # events per piece of `journal_chunks`


class _Writer:
    """Elements of the `utreko` namespace as text; an element closed with nothing in it is
    written empty (`<x />`), as ElementTree wrote it before."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._open: list[tuple[str, int]] = []

    def el(self, name: str, value: object) -> None:
        self.parts.append(text_element(name, value))

    def open(self, name: str) -> None:
        self._open.append((name, len(self.parts)))
        self.parts.append(f"<utreko:{name}>")

    def close(self) -> None:
        name, at = self._open.pop()
        if len(self.parts) == at + 1:
            self.parts[at] = f"<utreko:{name} />"
        else:
            self.parts.append(f"</utreko:{name}>")


def _time(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def journal_export(
    *, session: Session, scope: ReportScope, store_id: int, exported_at: datetime
) -> bytes:
    """The XML of one store's receipts and Z-reports in the scope's range (UTF-8 bytes)."""
    pieces = _pieces(session, scope, store_id, exported_at)
    return b"".join([piece for piece in pieces if piece is not None])


def journal_chunks(
    *, session: Session, scope: ReportScope, store_id: int, exported_at: datetime
) -> Iterator[bytes]:
    """The journal XML in pieces of `CHUNK` events, as they are written; everything is read from
    the database before the first piece."""
    parts: list[bytes] = []
    for piece in _pieces(session, scope, store_id, exported_at):
        if piece is None:
            yield b"".join(parts)
            parts.clear()
        else:
            parts.append(piece)
    yield b"".join(parts)


def _pieces(
    session: Session, scope: ReportScope, store_id: int, exported_at: datetime
) -> Iterator[bytes | None]:
    """The journal XML's pieces, with None after every `CHUNK` receipts; everything is read
    from the database before the first piece."""
    store = session.get(Store, store_id)
    assert store is not None
    one = ReportScope(store_ids=(store_id,), start=scope.start, end=scope.end, zone=scope.zone)
    zs = sorted(z_reports(session=session, scope=one), key=lambda z: z.closed_at)
    found = receipts(session.connection(), one, store_id)
    registers = _registers(found, zs)
    org_number = store.org_number.replace("-", "")
    shop = (store.name, org_number)
    out = _Writer()
    out.parts.append(
        f"<?xml version='1.0' encoding='utf-8'?>\n<{ROOT} "
        f'xmlns:utrein="{INSTANS}" xmlns:utreko="{KOMPONENT}">'
    )
    _header(out, store, registers, one, exported_at)
    head = "".join(out.parts)
    shop_els = (
        text_element("ForetagetsNamn", store.name)
        + text_element("OrganisationsnummerEllerPersonnummer", org_number)
        + text_element("DenAdressDarForsaljningSker", store.address or MISSING)
    )
    if not found.receipts and not zs:
        yield f"{head}<utreko:RegistreringLISTA /></{ROOT}>".encode()
        return
    yield f"{head}<utreko:RegistreringLISTA>".encode()
    pending = iter(zs)
    z = next(pending, None)
    for events, (at, text) in enumerate(receipt_events(found, one.zone, shop_els), 1):
        while z is not None and z.closed_at < at:  # a Z-report after the receipts of its time
            yield _z_bytes(z, shop, one.zone)
            z = next(pending, None)
        yield text
        if events % CHUNK == 0:
            yield None
    while z is not None:
        yield _z_bytes(z, shop, one.zone)
        z = next(pending, None)
    yield f"</utreko:RegistreringLISTA></{ROOT}>".encode()


def _z_bytes(z: ZReportRead, shop: tuple[str, str], zone: ZoneInfo) -> bytes:
    out = _Writer()
    _z_event(z, shop, zone)(out)
    return "".join(out.parts).encode()


def _registers(found: JournalRows, zs: list[ZReportRead]) -> list[str]:
    """The registers of the receipts and Z-reports, in order."""
    return sorted({receipt[0] for receipt in found.receipts} | {z.register_id for z in zs})


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
        out.el("TotalForsaljningssumma", kr(z.net_ore))
        out.open("MervardesskattPaOlikaSkattesatserLISTA")
        for row in z.vat or ():
            out.open("MervardesskattPerSkattesats")
            out.el("Mervardesskattesats", rate(row.rate_bp))
            out.el("TotaltMervardesskattebeloppPerSkattesats", kr(row.vat_ore))
            out.close()
        if not z.vat:
            out.open("MervardesskattPerSkattesats")
            out.el("Mervardesskattesats", "0")
            out.el("TotaltMervardesskattebeloppPerSkattesats", "0.00")
            out.close()
        out.close()
        out.el("VaxelkassansBeloppISvenskaKronor", kr(z.float_ore))
        out.el("AntalKassakvitton", z.receipt_count)
        out.el("AntalKassaladoppningar", z.cash_drawer_openings)
        out.el("AntalKvittokopior", z.receipt_copies or 0)
        out.el("TotaltBeloppPaKvittokopior", "0.00")
        out.el("AntalKvittonSomTagitsFramIOvningslage", z.training_receipts)
        out.open("TotalaForsaljningssummorPerBetalningsmedelLISTA")
        for payment in z.payments:
            out.open("TotalForsaljningssummaPerBetalningsmedel")
            out.el("Betalningsmedel", payment.method)
            out.el("ForsaljningssummaPerBetalningsmedel", kr(payment.amount_ore))
            out.close()
        out.close()
        out.el("AntalReturer", z.return_count)
        out.el("ReturernasBelopp", kr(z.returns_ore))
        out.el("RabatternasBelopp", kr(z.discounts_ore))
        out.el("AntalOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp", 0)
        out.el("TotaltBeloppAvOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp", "0.00")
        out.el("AntalOavslutadeForsaljningar", z.unfinished_sales or 0)
        out.el("TotaltBeloppAvOavslutadeForsaljningar", "0.00")
        out.el("GrandTotalForsaljning", kr(z.grand_total_sales_ore))
        out.el("GrandTotalRetur", kr(z.grand_total_returns_ore))
        out.el("GrandTotalNetto", kr(z.grand_total_net_ore))
        out.close()
        out.close()

    return write
