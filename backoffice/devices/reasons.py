"""Why a controller refused to rotate its key, in the owner's words. The controller acks a
refused `rotate_token` with its own English reason (store_controller.sync: the error it met
calling `POST /device/rotate`, or the credential file it could not write); a reason it is known
to give gets a sentence here (Swedish, the message id; English in `messages_en`). An unknown
one gets none: the page keeps only the raw text, folded away."""

from __future__ import annotations

import re

NOT_STORED = r"^the new key could not be stored \("
ROTATE_CALL = r"^POST /device/rotate: "
REFUSED = r"^backoffice refused with "

KNOWN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), sentence)
    for pattern, sentence in (
        (
            NOT_STORED + r"No space left on device\)",
            "Styrenhetens disk är full, så den nya nyckeln kunde inte sparas.",
        ),
        (
            NOT_STORED + r"(Read-only file system|Permission denied)\)",
            "Styrenheten får inte skriva sin nyckelfil (skrivskyddad disk eller fel behörighet).",
        ),
        (NOT_STORED, "Styrenheten kunde inte spara den nya nyckeln på sin disk."),
        (
            ROTATE_CALL + r"\w*Timeout\b",
            "Backoffice svarade inte i tid när styrenheten bad om den nya nyckeln.",
        ),
        (
            ROTATE_CALL,
            "Styrenheten tappade förbindelsen med backoffice när den bad om den nya nyckeln.",
        ),
        (
            r"^backoffice answered \d{3}$",
            "Backoffice var tillfälligt upptaget eller hade ett fel när styrenheten bad om den "
            "nya nyckeln.",
        ),
        (
            r"^unreadable answer to \S*/device/rotate$",
            "Styrenheten kunde inte läsa backoffices svar med den nya nyckeln.",
        ),
        (REFUSED + r"401\b", "Backoffice kände inte igen styrenhetens nyckel."),
        (
            REFUSED + r"426\b",
            "Styrenhetens program är för gammalt för backoffice; uppdatera det.",
        ),
        (REFUSED + r"\d{3}\b", "Backoffice avvisade styrenhetens begäran om en ny nyckel."),
    )
)
"""The first pattern that matches names the reason (the specific before the general)."""


def explain(detail: str) -> str | None:
    """The owner's sentence (a message id) for a controller's reason, or None if unknown."""
    return next((sentence for pattern, sentence in KNOWN if pattern.search(detail)), None)
