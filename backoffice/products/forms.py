"""What the catalog pages' forms send, read strictly: kronor with a decimal comma, a local
date and time in the store's zone, GTINs one per line or separated by commas."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from backoffice.errors import BackofficeError
from backoffice.products.schemas import ProductInput

ZONE = ZoneInfo("Europe/Stockholm")
_KRONOR = re.compile(r"^(\d{1,7})(?:[,.](\d{1,2}))?$")


class FormError(BackofficeError):
    """A field the owner typed that cannot be read; the page shows it beside what they typed."""


def kronor(text: str, what: str = "pris") -> int:
    """`12,50`, `12.5`, `1 234` or `12 kr` as öre."""
    cleaned = text.strip().lower().removesuffix("kr").replace(" ", "").replace("\xa0", "")
    found = _KRONOR.match(cleaned)
    if found is None:
        raise FormError(f"{what}: {text!r} är inget belopp i kronor (t.ex. 12,50)")
    whole, part = found.groups()
    return int(whole) * 100 + int((part or "0").ljust(2, "0"))


def optional_kronor(text: str, what: str) -> int | None:
    return kronor(text, what) if text.strip() else None


def local_moment(text: str, zone: ZoneInfo = ZONE) -> datetime | None:
    """A `datetime-local` field (YYYY-MM-DDTHH:MM) in Swedish time; empty for now."""
    if not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise FormError(f"{text!r} är ingen tidpunkt (ÅÅÅÅ-MM-DD TT:MM)") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def gtin_list(text: str) -> list[str]:
    return [g for g in re.split(r"[\s,;]+", text.strip()) if g]


def product_input(form: dict[str, str]) -> ProductInput:
    """The product form as a `ProductInput`; every problem as one readable FormError."""
    amount = form.get("content_amount", "").strip()
    try:
        return ProductInput(
            sku=form.get("sku", "").strip(),
            name=form.get("name", "").strip(),
            brand=form.get("brand", "").strip(),
            category=form.get("category", "").strip(),
            gtins=gtin_list(form.get("gtins", "")),
            article=form.get("article", "").strip() or None,
            unit=form.get("unit", "piece"),
            price_ore=kronor(form.get("price", "")),
            vat_class=form.get("vat_class", "food"),
            deposit=form.get("deposit", "none"),
            age_limit=int(form.get("age_limit", "0") or 0),
            essential=form.get("essential") == "on",
            supplier=form.get("supplier", "").strip(),
            cost_price_ore=optional_kronor(form.get("cost_price", ""), "inköpspris"),
            content_amount=int(amount) if amount else None,
            content_unit=form.get("content_unit") or None if amount else None,
            active=form.get("active") == "on",
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise FormError(problems) from None
    except ValueError as exc:
        raise FormError(str(exc)) from None
