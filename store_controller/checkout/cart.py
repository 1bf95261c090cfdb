"""The cart: pure values in, a new cart out.

Rounding rules (STYLE: stated once, here):
- a weighed line costs `price per kg × grams / 1000`, rounded half-up to whole öre, per package;
- a price-coded label (Swedish 20-22 codes, GS1 390n/392n) is charged exactly as printed;
- pant is its own amount per piece, carries the VAT rate of the goods it belongs to;
- VAT is computed per rate on the gross sum of that rate's lines and pant (retail's `VatSummary`),
  at the rate in force on the sale's local date (food is date-effective);
- the total is paid to the öre (no cash, so no rounding to whole kronor).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from retail import SWEDISH_VAT, Money, VatClass, VatSchedule, VatSummary
from store_controller.checkout import messages
from store_controller.checkout.catalog import CatalogItem
from store_controller.i18n import Text

MAX_LINES = 200
MAX_QUANTITY = 99
MAX_AGE_CHECKS = 10
"""A sale carries at most this many age checks (the wire's limit); older ones are dropped."""


class CartError(Exception):
    """A change the cart refuses; `text` says why, for the customer."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


@dataclass(frozen=True, slots=True)
class AgeCheckResult:
    """A BankID identification at the kiosk: the age it proved and a keyed identity hash."""

    order_ref: str
    identity_hash: str
    age: int
    required_age: int
    checked_at: datetime

    @property
    def passed(self) -> bool:
        return self.age >= self.required_age


@dataclass(frozen=True, slots=True)
class CartLine:
    """One line: `quantity` packages of `item`, each weighed (`weight_g`) or price-labelled."""

    line_id: int
    item: CatalogItem
    product_key: str
    quantity: int = 1
    weight_g: int | None = None
    label_price: Money | None = None
    _amount: Money | None = field(default=None, init=False, repr=False, compare=False)
    """The goods of this line, worked out on first use (a changed line is a new one)."""

    @property
    def unit_amount(self) -> Money:
        """What one package costs, without pant."""
        if self.label_price is not None:
            return self.label_price
        if self.weight_g is not None:
            return self.item.price.for_weight(self.weight_g)
        return self.item.price

    @property
    def unit_price(self) -> Money:
        """Per piece, or per kg for a weighed line (what a receipt prints beside the name)."""
        if self.label_price is not None and self.weight_g is None:
            return self.label_price
        return self.item.price

    @property
    def amount(self) -> Money:
        """The goods of this line, without pant."""
        amount = self._amount
        if amount is None:
            amount = self.unit_amount * self.quantity
            object.__setattr__(self, "_amount", amount)  # frozen: a value worked out once
        return amount

    @property
    def pant(self) -> Money:
        return self.item.pant * self.quantity

    @property
    def mergeable(self) -> bool:
        """A plain piece line: scanning the same code again adds to it."""
        return self.weight_g is None and self.label_price is None


@dataclass(frozen=True, slots=True)
class Cart:
    """The goods of one customer at one register, and the age checks done for them."""

    lines: tuple[CartLine, ...] = ()
    next_line_id: int = 1
    age_checks: tuple[AgeCheckResult, ...] = ()
    _sums: tuple[int, int, dict[VatClass, int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """Goods and pant in öre, and goods with pant by VAT class, worked out in one pass on first
    use (a changed cart is a new one, without them): every scan's screen asks for all three."""
    _required: tuple[int | None] | None = field(default=None, init=False, repr=False, compare=False)
    """`required_age`, worked out on first use like `_sums`."""

    def add(
        self,
        item: CatalogItem,
        *,
        product_key: str,
        quantity: int = 1,
        weight_g: int | None = None,
        label_price: Money | None = None,
    ) -> tuple[Cart, CartLine]:
        """The new cart and the line the item went to (a plain line of it is merged into)."""
        if weight_g is None and label_price is None:  # a plain piece line (`mergeable`)
            for existing in self.lines:
                if existing.mergeable and existing.item.product_id == item.product_id:
                    merged = _checked(_with_quantity(existing, existing.quantity + quantity))
                    return self._with_line(merged), merged
        if len(self.lines) >= MAX_LINES:
            raise CartError(messages.CART_FULL)
        line = CartLine(self.next_line_id, item, product_key, quantity, weight_g, label_price)
        _checked(line)
        return Cart((*self.lines, line), line.line_id + 1, self.age_checks), line

    def set_quantity(self, line_id: int, quantity: int) -> Cart:
        """The cart with a line's quantity changed; 0 removes the line."""
        if quantity == 0:
            return self.remove(line_id)
        return self._with_line(_checked(_with_quantity(self.line(line_id), quantity)))

    def remove(self, line_id: int) -> Cart:
        self.line(line_id)
        return replace(self, lines=tuple(ln for ln in self.lines if ln.line_id != line_id))

    def line(self, line_id: int) -> CartLine:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise KeyError(line_id)

    def with_age_check(self, check: AgeCheckResult) -> Cart:
        return replace(self, age_checks=(*self.age_checks, check)[-MAX_AGE_CHECKS:])

    @property
    def verified_age(self) -> int | None:
        """The age proven at this kiosk for this cart (the latest check counts)."""
        return self.age_checks[-1].age if self.age_checks else None

    def is_pending(self, line: CartLine) -> bool:
        """Whether an age-limited line still waits for a check that proves the age."""
        limit = line.item.age_limit
        verified = self.verified_age
        return bool(limit) and (verified is None or verified < (limit or 0))

    @property
    def required_age(self) -> int | None:
        """The highest age limit among the lines still pending, if any."""
        required = self._required
        if required is None:
            limits = [ln.item.age_limit or 0 for ln in self.lines if self.is_pending(ln)]
            required = (max(limits) if limits else None,)
            object.__setattr__(self, "_required", required)  # frozen: worked out once
        return required[0]

    @property
    def goods_total(self) -> Money:
        return Money(self._totals()[0])

    @property
    def pant_total(self) -> Money:
        return Money(self._totals()[1])

    @property
    def total(self) -> Money:
        goods, pant, _ = self._totals()
        return Money(goods + pant)

    @property
    def totals_ore(self) -> tuple[int, int]:
        """Goods and pant in öre (what the screen formats, without a `Money` each)."""
        goods, pant, _ = self._totals()
        return goods, pant

    def _totals(self) -> tuple[int, int, dict[VatClass, int]]:
        sums = self._sums
        if sums is None:
            goods = pant = 0
            by_class: dict[VatClass, int] = {}  # goods and pant by class: one rate each
            for line in self.lines:  # one pass, in öre (every scan's screen asks)
                line_goods, line_pant = line.amount.ore, line.item.pant.ore * line.quantity
                goods += line_goods
                pant += line_pant
                vat_class = line.item.vat_class
                by_class[vat_class] = by_class.get(vat_class, 0) + line_goods + line_pant
            sums = goods, pant, by_class
            object.__setattr__(self, "_sums", sums)  # frozen: a value worked out once
        return sums

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def payable(self) -> bool:
        """Lines, nothing waiting for an age check, and something to pay."""
        goods, pant, _ = self._totals()
        return bool(self.lines) and self.required_age is None and goods + pant > 0

    def vat(self, on: date, schedule: VatSchedule = SWEDISH_VAT) -> VatSummary:
        """VAT per rate at the rates in force on `on` (the sale's local date)."""
        return VatSummary.of_lines(
            (rate_bp, Money(ore)) for rate_bp, ore in self.gross_by_rate(on, schedule).items()
        )

    def gross_by_rate(self, on: date, schedule: VatSchedule = SWEDISH_VAT) -> dict[int, int]:
        """Goods and pant in öre by the VAT rate (bp) in force on `on`: what `vat` summarises,
        each rate once (the kiosk's screen shows its rows without building the summary)."""
        by_rate: dict[int, int] = {}
        for vat_class, ore in self._totals()[2].items():
            rate_bp = _rate_bp(schedule, vat_class, on)
            by_rate[rate_bp] = by_rate.get(rate_bp, 0) + ore
        return by_rate

    def _with_line(self, changed: CartLine) -> Cart:
        lines = tuple(changed if ln.line_id == changed.line_id else ln for ln in self.lines)
        return Cart(lines, self.next_line_id, self.age_checks)


_RATES_KEPT = 64
_swedish_rates: dict[tuple[VatClass, date], int] = {}


def _rate_bp(schedule: VatSchedule, vat_class: VatClass, on: date) -> int:
    """`schedule.rate_bp`, kept by class and day for the Swedish schedule (every scan's screen
    asks it; the schedule is a constant, so a kept rate never goes stale)."""
    if schedule is not SWEDISH_VAT:
        return schedule.rate_bp(vat_class, on)
    key = (vat_class, on)
    rate_bp = _swedish_rates.get(key)
    if rate_bp is None:
        if len(_swedish_rates) >= _RATES_KEPT:
            _swedish_rates.clear()
        rate_bp = _swedish_rates[key] = schedule.rate_bp(vat_class, on)
    return rate_bp


def _with_quantity(line: CartLine, quantity: int) -> CartLine:
    """`line` with another quantity (what `replace` does, without its field-by-field lookup)."""
    return CartLine(
        line.line_id, line.item, line.product_key, quantity, line.weight_g, line.label_price
    )


def _checked(line: CartLine) -> CartLine:
    if not 1 <= line.quantity <= MAX_QUANTITY:
        raise CartError(messages.BAD_QUANTITY)
    return line
