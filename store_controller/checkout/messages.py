"""What the kiosk tells the customer, in Swedish and English."""

from __future__ import annotations

from retail import RejectReason
from store_controller.i18n import Text

UNKNOWN_PRODUCT = Text(
    "Varan finns inte i kassan. Lägg den åt sidan, ägaren får veta.",
    "This item is not in the register. Please set it aside; the owner is told.",
)
INACTIVE_PRODUCT = Text(
    "Varan säljs inte just nu.",
    "This item is not on sale right now.",
)
NEEDS_WEIGHT_LABEL = Text(
    "Varan säljs per kilo: skanna etiketten med vikten.",
    "This item is sold by weight: scan the label with the weight.",
)
UNREADABLE = Text(
    "Koden gick inte att läsa. Försök igen.",
    "The code could not be read. Please try again.",
)
NOT_A_PRODUCT = Text(
    "Det där är ingen varukod.",
    "That is not a product code.",
)
CART_FULL = Text(
    "Kundvagnen är full. Betala först och börja sedan ett nytt köp.",
    "The cart is full. Please pay first, then start a new purchase.",
)
BAD_QUANTITY = Text("Antalet måste vara 1–99.", "The quantity must be 1-99.")
ADDED = Text("{name} lades till.", "{name} added.")
AGE_REQUIRED = Text(
    "{name} kräver {age} år. Legitimera dig med BankID här i kassan.",
    "{name} requires age {age}. Identify yourself with BankID here at the kiosk.",
)
AGE_OK = Text("Åldern är kontrollerad.", "Age verified.")
AGE_TOO_YOUNG = Text(
    "Du har inte åldern för alla varor. Ta bort de markerade varorna.",
    "You are not old enough for every item. Please remove the marked items.",
)
AGE_PENDING = Text(
    "Legitimera dig med BankID innan du betalar.",
    "Identify yourself with BankID before paying.",
)
EMPTY_CART = Text("Kundvagnen är tom.", "The cart is empty.")
PAYMENT_DECLINED = Text(
    "Betalningen gick inte igenom. Försök igen.",
    "The payment did not go through. Please try again.",
)
PAYMENT_CANCELLED = Text("Betalningen avbröts.", "The payment was cancelled.")
PAYMENT_ERROR = Text(
    "Betalningen kunde inte slutföras. Försök igen om en stund.",
    "The payment could not be completed. Please try again shortly.",
)
SCANNER_LOST = Text(
    "Skannern svarar inte. Vänta en stund eller be om hjälp.",
    "The scanner is not responding. Please wait a moment or ask for help.",
)
BUSY = Text("Vänta, ett köp pågår.", "Please wait, a purchase is in progress.")
ABANDONED = Text("Kundvagnen tömdes efter en stund utan aktivitet.", "The idle cart was cleared.")

_UNREADABLE_REASONS = frozenset(
    {
        RejectReason.EMPTY,
        RejectReason.BAD_CHECK_DIGIT,
        RejectReason.TRUNCATED,
        RejectReason.BAD_CHARACTER,
        RejectReason.ZERO_VALUE,
    }
)


def rejected_scan(reason: RejectReason) -> Text:
    """The customer's message for a scan `parse_scan` refused."""
    return UNREADABLE if reason in _UNREADABLE_REASONS else NOT_A_PRODUCT


PAYMENT_RECOVERED = Text(
    "Din betalning från nyss har kommit fram och köpet är registrerat. Här är kvittot.",
    "Your payment from a moment ago came through and the purchase is recorded. "
    "Here is the receipt.",
)
