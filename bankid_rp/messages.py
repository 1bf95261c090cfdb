"""BankID's recommended user messages (RFA codes) in Swedish and English, and when to show which.

Texts follow BankID's "recommended user messages" as published by BankID and copied by
ActiveLogin; RFA23's wording is ours (no source had it verbatim).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bankid_rp.errors import BankIdError

DeviceKind = Literal["computer", "mobile"]


@dataclass(frozen=True)
class UserMessage:
    rfa: str
    sv: str
    en: str

    def text(self, language: str) -> str:
        return self.sv if language.startswith("sv") else self.en


_INSTALL = "Installera appen från din appbutik eller https://install.bankid.com."
_INSTALL_EN = "Install the app from your app store or https://install.bankid.com."
_SEARCH_SV = (
    "Söker efter BankID, det kan ta en liten stund… Om det har gått några sekunder och inget "
    "BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella "
    "identifieringen/underskriften i den här {where}."
)
_SEARCH_EN = (
    "Searching for BankID:s, it may take a little while… If a few seconds have passed and still "
    "no BankID has been found, you probably don't have a BankID which can be used for this "
    "identification/signing on this {where}."
)
_CARD_SV = " Om du har ett BankID-kort, sätt in det i kortläsaren."
_CARD_EN = " If you have a BankID card, please insert it into your card reader."
_ORDER_SV = " Om du inte har något BankID kan du hämta ett hos din internetbank."
_ORDER_EN = " If you don't have a BankID you can order one from your internet bank."

RFA: dict[str, UserMessage] = {
    m.rfa: m
    for m in (
        UserMessage("RFA1", "Starta BankID-appen.", "Start your BankID app."),
        UserMessage(
            "RFA1QR",
            "Starta BankID-appen och skanna QR-koden.",
            "Start your BankID app and scan the QR code.",
        ),
        UserMessage(
            "RFA2",
            "Du har inte BankID-appen installerad. Kontakta din internetbank.",
            "The BankID app is not installed. Please contact your internet bank.",
        ),
        UserMessage(
            "RFA3", "Åtgärden avbruten. Försök igen.", "Action cancelled. Please try again."
        ),
        UserMessage(
            "RFA4",
            "En identifiering eller underskrift för det här personnumret är redan påbörjad. "
            "Försök igen.",
            "An identification or signing for this personal number is already started. "
            "Please try again.",
        ),
        UserMessage(
            "RFA5", "Internt tekniskt fel. Försök igen.", "Internal error. Please try again."
        ),
        UserMessage("RFA6", "Åtgärden avbruten.", "Action cancelled."),
        UserMessage(
            "RFA8",
            "BankID-appen svarar inte. Kontrollera att den är startad och att du har "
            "internetanslutning. Om du inte har något giltigt BankID kan du hämta ett hos din "
            "Bank. Försök sedan igen.",
            "The BankID app is not responding. Please check that the program is started and "
            "that you have internet access. If you don't have a valid BankID you can get one "
            "from your bank. Try again.",
        ),
        UserMessage(
            "RFA9",
            "Skriv in din säkerhetskod i BankID-appen och välj Legitimera eller Skriv under.",
            "Enter your security code in the BankID app and select Identify or Sign.",
        ),
        UserMessage("RFA13", "Försöker starta BankID-appen.", "Trying to start your BankID app."),
        UserMessage(
            "RFA15A",
            _SEARCH_SV.format(where="datorn") + _CARD_SV + _ORDER_SV,
            _SEARCH_EN.format(where="computer") + _CARD_EN + _ORDER_EN,
        ),
        UserMessage(
            "RFA15B",
            _SEARCH_SV.format(where="enheten") + _ORDER_SV,
            _SEARCH_EN.format(where="device") + _ORDER_EN,
        ),
        UserMessage(
            "RFA16",
            "Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat "
            "BankID eller hämta ett nytt hos din internetbank.",
            "The BankID you are trying to use is revoked or too old. Please use another BankID "
            "or order a new one from your internet bank.",
        ),
        UserMessage(
            "RFA17A",
            "BankID-appen verkar inte finnas i din dator eller telefon. Installera den och "
            "hämta ett BankID hos din internetbank. " + _INSTALL,
            "The BankID app couldn't be found on your computer or mobile device. Please install "
            "it and order a BankID from your internet bank. " + _INSTALL_EN,
        ),
        UserMessage(
            "RFA17B",
            "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Om du "
            "inte har BankID-appen måste du installera den och hämta ett BankID hos din "
            "internetbank. " + _INSTALL,
            "Failed to scan the QR code. Start the BankID app and scan the QR code. If you don't "
            "have the BankID app, you need to install it and order a BankID from your internet "
            "bank. " + _INSTALL_EN,
        ),
        UserMessage(
            "RFA21",
            "Identifiering eller underskrift pågår.",
            "Identification or signing in progress.",
        ),
        UserMessage("RFA22", "Okänt fel. Försök igen.", "Unknown error. Please try again."),
        UserMessage(
            "RFA23",
            "Fotografera och läs av din ID-handling med BankID-appen.",
            "Photograph and scan your ID document with the BankID app.",
        ),
    )
}

_FAILED: dict[str, str] = {
    "userCancel": "RFA6",
    "cancelled": "RFA3",
    "expiredTransaction": "RFA8",
    "certificateErr": "RFA16",
}


def pending_message(
    hint_code: str | None, *, qr: bool, autostarted: bool, device: DeviceKind = "computer"
) -> UserMessage:
    """What to show while an order is pending with `hint_code` (unknown codes: RFA21)."""
    if hint_code == "outstandingTransaction":
        return RFA["RFA13"] if autostarted else RFA["RFA1QR" if qr else "RFA1"]
    if hint_code == "noClient":
        return RFA["RFA1QR" if qr else "RFA1"]
    if hint_code == "started":
        return RFA["RFA15A" if device == "computer" else "RFA15B"]
    if hint_code == "userSign":
        return RFA["RFA9"]
    if hint_code == "userMrtd":
        return RFA["RFA23"]
    return RFA["RFA21"]


def failed_message(hint_code: str | None, *, qr: bool) -> UserMessage:
    """What to show when an order failed with `hint_code` (unknown codes: RFA22)."""
    if hint_code == "startFailed":
        return RFA["RFA17B" if qr else "RFA17A"]
    return RFA[_FAILED.get(hint_code or "", "RFA22")]


def error_message(error: BankIdError) -> UserMessage:
    """What to show for an exception (RFA4, RFA5, else the generic RFA22)."""
    return RFA.get(error.rfa, RFA["RFA22"])
