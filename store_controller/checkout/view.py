"""The kiosk's state as one JSON document (both languages; the page picks one)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from retail import Money
from retail.vat import format_rate, vat_included
from store_controller.checkout.cart import CartLine
from store_controller.checkout.qr import qr_svg
from store_controller.checkout.service import CheckoutService
from store_controller.checkout.state import Notice, Phase


def kiosk_document(service: CheckoutService) -> dict[str, Any]:
    """Everything the kiosk screen draws, ready to render; amounts as sv-SE text."""
    cart = service.cart
    gross = cart.gross_by_rate(service.local_today())
    notice = service.notice
    phase = service.phase
    goods_ore, pant_ore = cart.totals_ore
    return {
        "phase": phase.value,
        "lines": [_line(line, cart.is_pending(line)) for line in cart.lines],
        "item_count": cart.item_count,
        "goods_total": _kr_ore(goods_ore),
        "pant_total": _kr_ore(pant_ore) if pant_ore else None,
        "total": _kr_ore(goods_ore + pant_ore),
        "vat": [_vat_row(rate_bp, gross[rate_bp]) for rate_bp in sorted(gross, reverse=True)],
        "payable": phase is Phase.SHOPPING and cart.payable,
        "required_age": cart.required_age,
        "notice": None if notice is None else _notice(notice),
        "age_check": _age_check(service),
        "payment": _payment(service),
        "receipt": _receipt(service, phase),
        "last_purchase": _last_purchase(service, phase),
    }


def _notice(notice: Notice) -> dict[str, str]:
    text = notice.text  # `Text.as_dict()` with the level, in one dict
    return {"sv": text.sv, "en": text.en, "level": notice.level}


def _line(line: CartLine, pending: bool) -> dict[str, Any]:
    item = line.item
    weight = None
    if line.weight_g is not None:
        weight = f"{line.weight_g / 1000:.3f}".replace(".", ",") + "\u00a0kg"
    pant_ore = item.pant.ore * line.quantity
    return {
        "id": line.line_id,
        "name": item.name,
        "quantity": line.quantity,
        "weight": weight,
        "unit_price": _kr(line.unit_price) + ("/kg" if weight is not None else ""),
        "amount": _kr(line.amount),
        "pant": _kr_ore(pant_ore) if pant_ore else None,
        "age_limit": item.age_limit,
        "pending": pending,
    }


def _age_check(service: CheckoutService) -> dict[str, Any] | None:
    progress = service.age_progress
    if progress is None:
        return None
    return {
        **progress.message.as_dict(),
        "qr_svg": qr_svg(progress.qr_data) if progress.qr_data else None,
    }


def _payment(service: CheckoutService) -> dict[str, Any] | None:
    payment = service.payment
    if payment is None:
        return None
    return {
        "amount": _kr(payment.amount),
        "provider": payment.provider,
        "simulated": payment.provider == "simulated",
        "message": payment.message.as_dict() if payment.message else None,
        "qr_svg": qr_svg(payment.qr_data) if payment.qr_data else None,
    }


def _receipt(service: CheckoutService, phase: Phase) -> dict[str, Any] | None:
    receipt = service.receipt
    if receipt is None or phase is not Phase.PAID:
        return None
    public_url = f"{service.receipt_base_url}/{receipt.sale_id}"
    return {
        "sale_id": str(receipt.sale_id),
        "number": str(receipt.receipt),
        "total": _kr(Money(receipt.total_ore)),
        "balance": None if service.receipt_balance is None else service.receipt_balance.as_dict(),
        "url": f"/receipt/{receipt.sale_id}",
        "public_url": public_url,
        "qr_svg": qr_svg(public_url),
    }


def _last_purchase(service: CheckoutService, phase: Phase) -> dict[str, Any] | None:
    """The register's latest receipt, offered on the idle kiosk for a while after the sale."""
    if phase is not Phase.IDLE:
        return None
    sale = service.last_purchase
    if sale is None:
        return None
    return {
        "number": str(sale.receipt),
        "total": _kr(Money(sale.total_ore)),
        "url": f"/receipt/{sale.sale_id}",
    }


_AMOUNTS_KEPT = 1024
_amounts: dict[int, str] = {}


def _kr(amount: Money) -> str:
    """sv-SE text of `amount`; a screen shows the same few amounts update after update (kept
    by öre: an int key hashes in C, where an `lru_cache` on `Money` called its generated
    `__hash__` and `__eq__` in Python)."""
    return _kr_ore(amount.ore)


def _kr_ore(ore: int) -> str:
    """`_kr` of an amount given in öre (a sum the screen works out without a `Money`)."""
    text = _amounts.get(ore)
    if text is None:
        if len(_amounts) >= _AMOUNTS_KEPT:
            _amounts.clear()
        text = _amounts[ore] = Money(ore).format()
    return text


_vat_rows: dict[tuple[int, int], tuple[str, str]] = {}


def _vat_row(rate_bp: int, gross_ore: int) -> dict[str, str]:
    """The screen's VAT row of `gross_ore` at `rate_bp`: `VatSummary`'s row (`vat_included`,
    rounded half-up), its texts kept by rate and gross like the amounts."""
    texts = _vat_rows.get((rate_bp, gross_ore))
    if texts is None:
        if len(_vat_rows) >= _AMOUNTS_KEPT:
            _vat_rows.clear()
        vat = vat_included(Money(gross_ore), rate_bp)
        texts = _vat_rows[(rate_bp, gross_ore)] = (_rate(rate_bp), _kr(vat))
    return {"rate": texts[0], "vat": texts[1]}


@lru_cache(maxsize=16)
def _rate(rate_bp: int) -> str:
    return format_rate(rate_bp)
