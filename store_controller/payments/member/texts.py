"""What the kiosk tells a customer paying on account (Swedish and English)."""

from __future__ import annotations

from retail import Money
from store_controller.i18n import Text
from store_controller.payments.member.accounts import Refusal

SIGN = Text(
    "Skanna QR-koden med BankID-appen och skriv under köpet.",
    "Scan the QR code with the BankID app and sign the purchase.",
)
CHARGED = Text("Köpet är dragit från ditt medlemskonto.", "Charged to your member account.")


def balance_text(balance_ore: int, credit_limit_ore: int) -> Text:
    """The member's account after a purchase, as the receipt screen shows it."""
    owed = Money(balance_ore).format()
    left = Money(max(0, credit_limit_ore - balance_ore)).format()
    return Text(
        f"Ditt medlemskonto: {owed} att betala. Du kan handla för {left} till.",
        f"Your member account: {owed} to pay. You can buy for {left} more.",
    )


NOT_A_MEMBER = Text(
    "Du har inget godkänt medlemskonto i butiken. Betala med Swish i stället.",
    "You have no approved member account in this store. Please pay with Swish instead.",
)
OVER_LIMIT = Text(
    "Köpet ryms inte inom din kredit på medlemskontot. Betala med Swish i stället.",
    "This purchase exceeds your member account's credit. Please pay with Swish instead.",
)
BLOCKED = Text(
    "Du kan inte handla på medlemskonto här. Kontakta föreningen om du har frågor.",
    "You cannot buy on a member account here. Please contact the association with questions.",
)
REFUSED: dict[Refusal, Text] = {
    Refusal.NOT_A_MEMBER: NOT_A_MEMBER,
    Refusal.OVER_LIMIT: OVER_LIMIT,
    Refusal.BLOCKED: BLOCKED,
}
