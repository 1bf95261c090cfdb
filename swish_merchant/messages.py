"""What each Swish error code means: a customer text (Swedish and English) and an owner reason.

Codes and meanings follow swish.md section 10. Customer texts say what to do at the kiosk; they
never blame the customer for our configuration. Owner reasons say what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from byabutik.runtime.text import Text


@dataclass(frozen=True, slots=True)
class SwishMessage:
    code: str | None
    customer: Text
    reason: str


NOT_STARTED = Text(
    "Swish-betalningen kunde inte startas. Betala på annat sätt eller kontakta butiken.",
    "The Swish payment could not be started. Pay another way or contact the store.",
)
TRY_AGAIN = Text(
    "Swish svarar inte just nu. Försök igen om en stund.",
    "Swish is not answering right now. Please try again in a moment.",
)
_DECLINED = Text(
    "Betalningen nekades. Kontrollera Swish-appen eller betala på annat sätt.",
    "The payment was declined. Check your Swish app or pay another way.",
)

# code -> (customer text, owner reason)
_TABLE: dict[str, tuple[Text, str]] = {
    "FF08": (NOT_STARTED, "payment reference invalid (payeePaymentReference); a bug in Byabutik"),
    "RP03": (NOT_STARTED, "callback URL missing or not HTTPS: check swish.callback_url"),
    "BE18": (
        Text(
            "Telefonnumret kan inte användas för Swish. Kontrollera numret.",
            "That phone number cannot be used for Swish. Check the number.",
        ),
        "payer alias (phone number) invalid",
    ),
    "RP01": (NOT_STARTED, "payee alias missing: check swish.payee_alias"),
    "PA02": (NOT_STARTED, "amount missing or invalid; a bug in Byabutik"),
    "AM02": (
        Text(
            "Beloppet är för stort för Swish. Dela upp köpet.",
            "The amount is too large for Swish. Split the purchase.",
        ),
        "amount too large for Swish",
    ),
    "AM03": (NOT_STARTED, "currency invalid or missing (only SEK); a bug in Byabutik"),
    "AM06": (
        Text(
            "Beloppet är för litet för Swish.",
            "The amount is too small for Swish.",
        ),
        "amount below Swish's minimum (0.01 SEK)",
    ),
    "RP02": (NOT_STARTED, "message malformed (at most 50 allowed characters)"),
    "RP04": (NOT_STARTED, "no payment request found for the token"),
    "RP06": (
        Text(
            "Du har redan en Swish-betalning som väntar. Avsluta den i appen och försök igen.",
            "You already have a Swish payment waiting. Finish it in the app and try again.",
        ),
        "the payer already has an active payment request",
    ),
    "ACMT03": (
        Text(
            "Telefonnumret är inte anslutet till Swish.",
            "That phone number is not enrolled in Swish.",
        ),
        "payer not enrolled in Swish",
    ),
    "ACMT01": (
        Text(
            "Swish-kontot är inte aktiverat. Kontakta din bank.",
            "The Swish account is not activated. Contact your bank.",
        ),
        "counterpart not activated",
    ),
    "ACMT07": (NOT_STARTED, "payee not enrolled: the store's Swish number is not active"),
    "VR01": (
        Text(
            "Du uppfyller inte åldersgränsen för varorna. Ta bort de åldersgränsade varorna.",
            "You do not meet the age limit for these goods. Remove the age-restricted items.",
        ),
        "payer below the basket's age limit",
    ),
    "VR02": (
        Text(
            "Telefonnumret hör inte till rätt person. Försök igen med din egen Swish.",
            "The phone number does not belong to the right person. Use your own Swish.",
        ),
        "payer alias not enrolled with the given personal number",
    ),
    "RF07": (_DECLINED, "declined by the payer's bank or Swish"),
    "BANKIDCL": (
        Text(
            "Du avbröt i BankID. Försök igen om du vill betala.",
            "You cancelled in BankID. Try again if you want to pay.",
        ),
        "the payer cancelled the BankID signing",
    ),
    "FF10": (
        Text(
            "Din bank kunde inte genomföra betalningen. Försök igen senare.",
            "Your bank could not complete the payment. Try again later.",
        ),
        "bank error at the payer's bank",
    ),
    "TM01": (
        Text(
            "Tiden för betalningen gick ut. Försök igen.",
            "The payment timed out. Please try again.",
        ),
        "the payer did not answer in time (Swish timeout)",
    ),
    "DS24": (
        Text(
            "Swish vet ännu inte hur det gick. Kontrollera Swish-appen innan du betalar igen.",
            "Swish does not know the outcome yet. Check your Swish app before paying again.",
        ),
        "outcome unknown at Swish (DS24); check the payment before charging again",
    ),
    "RP07": (NOT_STARTED, "the request can no longer be cancelled (not CREATED)"),
}

_UNKNOWN_REASON = "Swish error without a known code"

KNOWN_CODES: frozenset[str] = frozenset(_TABLE)
VALIDATION_CODES: tuple[str, ...] = (
    "FF08",
    "RP03",
    "BE18",
    "RP01",
    "PA02",
    "AM02",
    "AM03",
    "AM06",
    "RP02",
    "RP04",
    "RP06",
    "ACMT03",
    "ACMT01",
    "ACMT07",
    "VR01",
    "VR02",
)
"""Codes Swish answers synchronously (422) when a payment request is created."""
OUTCOME_CODES: tuple[str, ...] = ("RF07", "BANKIDCL", "FF10", "TM01", "DS24")
"""Codes a payment request ends with (status ERROR)."""


def describe(code: str | None) -> SwishMessage:
    """The texts for `code`; unknown or missing codes get a generic text and say so."""
    if code is None:
        return SwishMessage(None, TRY_AGAIN, _UNKNOWN_REASON)
    known = _TABLE.get(code)
    if known is None:
        return SwishMessage(code, NOT_STARTED, f"unknown Swish error code {code}")
    return SwishMessage(code, *known)


DECLINED = SwishMessage("DECLINED", _DECLINED, "the payer declined in the Swish app")
UNAVAILABLE = SwishMessage(None, TRY_AGAIN, "Swish could not be reached")
