"""Languages: Swedish by default, English on a tap. Text in templates and code is written in
Swedish and looked up in `ENGLISH`; money, numbers and dates are formatted by Babel per language,
times in the store's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from backoffice.web.messages_en import ENGLISH

LANGUAGES = ("sv", "en")
LOCALES = {"sv": "sv_SE", "en": "en_GB"}
COOKIE = "byabutik_lang"


@dataclass(frozen=True, slots=True)
class Language:
    code: str

    @property
    def locale(self) -> str:
        return LOCALES[self.code]

    def gettext(self, text: str) -> str:
        return ENGLISH.get(text, text) if self.code == "en" else text

    def money(self, ore: int) -> str:
        return format_currency(ore / 100, "SEK", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def day(self, value: date) -> str:
        return format_date(value, "medium", locale=self.locale)

    def when(self, at: datetime | None, zone: str = "Europe/Stockholm") -> str:
        if at is None:
            return "–"
        return format_datetime(at.astimezone(ZoneInfo(zone)), "short", locale=self.locale)


def language_of(cookie: str | None, preferred: str | None = None) -> Language:
    for code in (cookie, preferred):
        if code in LANGUAGES:
            return Language(code)
    return Language("sv")
