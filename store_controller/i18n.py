"""Texts for the customer's screens: Swedish by default, English on a tap.

Domain modules (policy decisions, cart messages, payment errors) return `Text` values with both
languages; the screens pick one. No text reaches a customer in only one language.
"""

from __future__ import annotations

from typing import Literal

from byabutik.runtime.text import Text

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Language", "Text", "language_of"]

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
DEFAULT_LANGUAGE: Language = "sv"


def language_of(value: str | None) -> Language:
    """The language a request asks for (`?lang=en`, a cookie), Swedish when unsure."""
    return "en" if value == "en" else DEFAULT_LANGUAGE
