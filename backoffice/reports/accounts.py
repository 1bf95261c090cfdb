"""The BAS account mapping a legal entity books its takings with, effective-dated and stored per
organisation number (the association's accountant decides it; charts differ).

Defaults follow BAS 2026 (shared/reference/accounting.md §2): sales 3001/3002/3003/3004 by rate,
output VAT 2611/2621/2631, Swish to the bank account 1930, member-account purchases to 1510.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.orm import Session

from backoffice.reports.models import AccountingProfile
from backoffice.reports.scope import ReportError

Account = Annotated[int, Field(ge=1000, le=9999)]


class BasMapping(BaseModel):
    """Accounts by VAT rate (basis points) and payment method, from `valid_from` on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    valid_from: date = date(2000, 1, 1)
    sales: dict[int, Account] = {2500: 3001, 1200: 3002, 600: 3003, 0: 3004}
    output_vat: dict[int, Account] = {2500: 2611, 1200: 2621, 600: 2631}
    payments: dict[str, Account] = {"swish": 1930, "member_account": 1510, "simulated": 1930}
    names: dict[int, Annotated[str, Field(max_length=100)]] = {
        1510: "Kundfordringar",
        1930: "Företagskonto",
        2611: "Utgående moms på försäljning inom Sverige, 25 %",
        2621: "Utgående moms på försäljning inom Sverige, 12 %",
        2631: "Utgående moms på försäljning inom Sverige, 6 %",
        3001: "Försäljning inom Sverige, 25 % moms",
        3002: "Försäljning inom Sverige, 12 % moms",
        3003: "Försäljning inom Sverige, 6 % moms",
        3004: "Försäljning inom Sverige, momsfri",
    }

    def sales_account(self, rate_bp: int) -> int:
        account = self.sales.get(rate_bp)
        if account is None:  # the message is written only when it is needed: this is per row
            raise _missing(f"sales at VAT {rate_bp / 100:g} %")
        return account

    def vat_account(self, rate_bp: int) -> int:
        account = self.output_vat.get(rate_bp)
        if account is None:
            raise _missing(f"output VAT {rate_bp / 100:g} %")
        return account

    def payment_account(self, method: str) -> int:
        account = self.payments.get(method)
        if account is None:
            raise _missing(f"payment method {method!r}")
        return account


def _missing(what: str) -> ReportError:
    return ReportError(f"the BAS mapping has no account for {what}; add one")


class BasMappings(BaseModel):
    """Mappings in force from their `valid_from` days (the latest one that has begun wins)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    periods: Annotated[tuple[BasMapping, ...], Field(min_length=1, max_length=50)] = (BasMapping(),)

    @model_validator(mode="after")
    def _distinct_days(self) -> BasMappings:
        days = [p.valid_from for p in self.periods]
        if len(set(days)) != len(days):
            raise ValueError("two mappings begin on the same day")
        return self

    def on(self, day: date) -> BasMapping:
        found: BasMapping | None = None
        for period in self.periods:  # once per voucher: a plain loop, no list or key function
            if period.valid_from <= day and (found is None or period.valid_from > found.valid_from):
                found = period
        if found is None:
            raise ReportError(f"no BAS mapping is in force on {day}")
        return found


class Profile(BaseModel):
    """What the API reads and writes for one organisation number."""

    org_number: str
    company_name: Annotated[str, Field(min_length=1, max_length=200)]
    mappings: BasMappings = BasMappings()


def get_profile(*, session: Session, org_number: str, default_name: str) -> Profile:
    """The stored profile, or the BAS 2026 defaults under `default_name`."""
    row = session.get(AccountingProfile, org_number)
    if row is None:
        return Profile(org_number=org_number, company_name=default_name)
    return Profile(
        org_number=org_number,
        company_name=row.company_name,
        mappings=BasMappings.model_validate(row.mapping),
    )


def put_profile(*, session: Session, profile: Profile, now: datetime) -> None:
    row = session.get(AccountingProfile, profile.org_number)
    body = profile.mappings.model_dump(mode="json")
    if row is None:
        session.add(
            AccountingProfile(
                org_number=profile.org_number,
                company_name=profile.company_name,
                mapping=body,
                updated_at=now,
            )
        )
    else:
        row.company_name, row.mapping, row.updated_at = profile.company_name, body, now
    session.flush()
