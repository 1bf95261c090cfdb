"""The SIE 4I export: one voucher per store and local day, sales and output VAT per rate and the
money per payment method, on the legal entity's BAS accounts, balanced to the öre.

Built from the same sums as the VAT report (the receipts' own VAT rows by local day), so the file,
the VAT report and the day's Z-reports agree. All stores of one file belong to one organisation
number: a SIE file is one company's books. Each row names its store as a cost centre (dimension 1)
so an association with several stores can follow each; a program that ignores dimensions still
books the right accounts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.reports.accounts import BasMapping, Profile, get_profile
from backoffice.reports.periods import Grain, LocalClock
from backoffice.reports.scope import ReportError, ReportScope
from backoffice.reports.sie_format import SieFile, TransRow, Voucher, write_sie
from backoffice.reports.sources import payment_days, payment_hours
from backoffice.reports.vat import vat_by_store_day
from backoffice.stores.models import Store
from backoffice.zreports.models import ZReport
from byabutik import __version__

PROGRAM = "Byabutik"
METHOD_TEXTS = {
    "swish": "Swish",
    "member_account": "Medlemskonto",
    "simulated": "Simulerad betalning (demo)",
}
COST_CENTRE = 1


def payments_by_store_day(
    session: Session, scope: ReportScope
) -> dict[tuple[int, str], dict[str, int]]:
    days: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    summed = payment_days(session, scope)
    if summed is not None:
        for day, store_id, method, _count, amount in summed:
            days[(store_id, day.isoformat())][method] += amount
        return days
    clock = LocalClock(scope.zone)
    for hour, store_id, method, _count, amount in payment_hours(session, scope, per_store=True):
        days[(store_id, clock.label(hour, Grain.DAY))][method] += amount
    return days


def _z_numbers(session: Session, scope: ReportScope) -> dict[tuple[int, str], list[int]]:
    numbers: dict[tuple[int, str], list[int]] = defaultdict(list)
    query = (
        select(ZReport.store_id, ZReport.business_date, ZReport.z_number)
        .where(
            ZReport.store_id.in_(scope.store_ids),
            ZReport.business_date >= scope.start,
            ZReport.business_date <= scope.end,
        )
        .order_by(ZReport.z_number)
    )
    for store_id, day, number in session.execute(query):
        numbers[(store_id, day.isoformat())].append(number)
    return numbers


def day_voucher(
    *,
    mapping: BasMapping,
    day: date,
    store: Store,
    vat: dict[int, tuple[int, int, int]],
    payments: dict[str, int],
    z_numbers: list[int],
    registered: date,
    series: str = "",
) -> Voucher:
    """The voucher of one store's day: money in debit, sales and VAT per rate in credit."""
    objects = ((COST_CENTRE, store.slug),)
    rows: dict[tuple[int, str], int] = {}
    for method in sorted(payments):
        key = (mapping.payment_account(method), METHOD_TEXTS.get(method, method))
        rows[key] = rows.get(key, 0) + payments[method]
    for rate in sorted(vat, reverse=True):
        _gross, vat_ore, net = vat[rate]
        key = (mapping.sales_account(rate), "")
        rows[key] = rows.get(key, 0) - net
        if vat_ore:
            key = (mapping.vat_account(rate), "")
            rows[key] = rows.get(key, 0) - vat_ore
    text = f"Dagsförsäljning {day.isoformat()} {store.name}"
    if z_numbers:
        text += " Z-rapport " + ", ".join(str(n) for n in z_numbers)
    return Voucher(
        day=day,
        text=text,
        rows=tuple(
            TransRow(account=account, amount_ore=value, text=label, objects=objects)
            for (account, label), value in rows.items()
            if value != 0
        ),
        series=series,
        registered=registered,
    )


def sie_export(
    *,
    session: Session,
    scope: ReportScope,
    generated: date,
    series: str = "",
    first_number: int | None = None,
    checksum: bool = False,
) -> tuple[bytes, Profile]:
    """The SIE 4I file of the scope's store-days, and the profile (company, mapping) it used."""
    stores = list(session.scalars(select(Store).where(Store.id.in_(scope.store_ids))))
    orgs = {s.org_number for s in stores}
    if len(orgs) != 1:
        raise ReportError("a SIE file holds one company's books: choose stores of one org number")
    (org,) = orgs
    profile = get_profile(session=session, org_number=org, default_name=stores[0].name)
    by_id = {s.id: s for s in stores}
    vat = vat_by_store_day(session=session, scope=scope)
    payments = payments_by_store_day(session, scope)
    numbers = _z_numbers(session, scope)
    vouchers = []
    for store_id, day in sorted(set(vat) | set(payments), key=lambda k: (k[1], k[0])):
        when = date.fromisoformat(day)
        voucher = day_voucher(
            mapping=profile.mappings.on(when),
            day=when,
            store=by_id[store_id],
            vat=vat.get((store_id, day), {}),
            payments=payments.get((store_id, day), {}),
            z_numbers=numbers.get((store_id, day), []),
            registered=generated,
            series=series,
        )
        if voucher.rows:
            vouchers.append(voucher)
    if first_number is not None:
        vouchers = [
            Voucher(v.day, v.text, v.rows, v.series, first_number + i, v.registered)
            for i, v in enumerate(vouchers)
        ]
    names: dict[int, str] = {}
    for mapping in profile.mappings.periods:
        names.update(mapping.names)
    used = {row.account for v in vouchers for row in v.rows}
    sie = SieFile(
        program=PROGRAM,
        version=__version__,
        generated=generated,
        company_name=profile.company_name,
        org_number=org,
        accounts={a: names.get(a, f"Konto {a}") for a in used},
        vouchers=tuple(vouchers),
        dimensions={COST_CENTRE: "Kostnadsställe"},
        objects=tuple((COST_CENTRE, s.slug, s.name) for s in sorted(stores, key=lambda s: s.slug)),
        checksum=checksum,
    )
    return write_sie(sie), profile
