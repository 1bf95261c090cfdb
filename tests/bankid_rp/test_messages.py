"""Every hint code becomes the recommended user message, in Swedish and English."""

from __future__ import annotations

import pytest

from bankid_rp.messages import RFA, failed_message, pending_message


@pytest.mark.parametrize(
    ("hint", "qr", "autostarted", "device", "rfa"),
    [
        ("outstandingTransaction", True, False, "computer", "RFA1QR"),
        ("outstandingTransaction", False, False, "computer", "RFA1"),
        ("outstandingTransaction", False, True, "mobile", "RFA13"),
        ("noClient", False, False, "computer", "RFA1"),
        ("started", True, False, "computer", "RFA15A"),
        ("started", False, True, "mobile", "RFA15B"),
        ("userSign", True, False, "computer", "RFA9"),
        ("userMrtd", True, False, "computer", "RFA23"),
        ("userCallConfirm", False, False, "computer", "RFA21"),
        ("somethingNew", True, False, "computer", "RFA21"),
        (None, True, False, "computer", "RFA21"),
    ],
)
def test_pending(hint: str | None, qr: bool, autostarted: bool, device: str, rfa: str) -> None:
    message = pending_message(hint, qr=qr, autostarted=autostarted, device=device)  # type: ignore[arg-type]
    assert message.rfa == rfa


@pytest.mark.parametrize(
    ("hint", "qr", "rfa"),
    [
        ("userCancel", True, "RFA6"),
        ("cancelled", True, "RFA3"),
        ("expiredTransaction", True, "RFA8"),
        ("certificateErr", True, "RFA16"),
        ("startFailed", True, "RFA17B"),
        ("startFailed", False, "RFA17A"),
        ("userDeclinedCall", False, "RFA22"),
        ("notSupportedByUserApp", True, "RFA22"),
        ("transactionRiskBlocked", True, "RFA22"),
        ("somethingNew", True, "RFA22"),
    ],
)
def test_failed(hint: str, qr: bool, rfa: str) -> None:
    assert failed_message(hint, qr=qr).rfa == rfa


def test_every_message_has_both_languages() -> None:
    for message in RFA.values():
        assert message.sv
        assert message.en
        assert message.sv != message.en
    assert RFA["RFA9"].text("sv-SE").startswith("Skriv in din säkerhetskod")
    assert RFA["RFA9"].text("en").startswith("Enter your security code")
