"""What the kiosk tells a customer paying on account (Swedish and English)."""

from __future__ import annotations

from store_controller.i18n import Text
from store_controller.payments.member.accounts import Refusal

SIGN = Text(
    "Skanna QR-koden med BankID-appen och skriv under köpet.",
    "Scan the QR code with the BankID app and sign the purchase.",
)
CHARGED = Text("Köpet är dragit från ditt medlemskonto.", "Charged to your member account.")
NOT_A_MEMBER = Text(
    "Du har inget godkänt medlemskonto i butiken. Betala med Swish i stället.",
    "You have no approved member account in this store. Please pay with Swish instead.",
)
OVER_LIMIT = Text(
    "Köpet ryms inte inom din kredit på medlemskontot. Betala med Swish i stället.",
    "This purchase exceeds your member account's credit. Please pay with Swish instead.",
)
REFUSED: dict[Refusal, Text] = {Refusal.NOT_A_MEMBER: NOT_A_MEMBER, Refusal.OVER_LIMIT: OVER_LIMIT}
