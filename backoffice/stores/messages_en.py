"""English for the store settings page (details, opening hours, the access policy)."""

from __future__ import annotations

from backoffice.web.messages_en import ENGLISH

STORE_SETTINGS_ENGLISH: dict[str, str] = {
    "Butiksinställningar": "Store settings",
    "Inget sparat ännu.": "Nothing saved yet.",
    "Butiken har hämtat ändringen.": "The store has fetched the change.",
    "Väntar på att butiken hämtar ändringen.": "Waiting for the store to fetch the change.",
    "Butikens namn": "Store name",
    "Juridiskt namn (företag eller förening)": "Legal name (company or association)",
    "Organisationsnummer": "Organisation number",
    "Momsregistreringsnummer": "VAT registration number",
    "Adress": "Address",
    "Tidszon": "Time zone",
    "Kontakt för kunder": "Contact for customers",
    "Öppettider (t.ex. 07:00-22:00, eller stängt)": "Opening hours (e.g. 07:00-22:00, or stängt)",
    "Måndag": "Monday",
    "Tisdag": "Tuesday",
    "Onsdag": "Wednesday",
    "Torsdag": "Thursday",
    "Fredag": "Friday",
    "Lördag": "Saturday",
    "Söndag": "Sunday",
    "Undantag, en rad per dag (2026-12-24 07:00-13:00 eller 2026-12-25 stängt)": (
        "Exceptions, one line per day (2026-12-24 07:00-13:00 or 2026-12-25 stängt)"
    ),
    "Spara": "Save",
    "Vem får komma in": "Who may enter",
    "Lägsta ålder (år)": "Minimum age (years)",
    "Högst antal personer i butiken (tomt: ingen gräns)": (
        "Most people inside the store (empty: no limit)"
    ),
    "Bara medlemmar": "Members only",
    "Stängd för alla (låst läge)": "Closed to everyone (lock-down)",
    "Gäller när butiken har hämtat ändringen. Att gå ut är alltid fritt.": (
        "Takes effect once the store has fetched the change. Leaving is always free."
    ),
    "Spara regler": "Save rules",
    "Medlemmarnas egna tider": "Members' own hours",
    "Medlemmar (godkända kontokunder) kommer in under de vanliga öppettiderna och dessutom under "
    "dessa, t.ex. 05:00-23:00. Bara medlemmar en dag: stäng dagen i öppettiderna ovan och skriv "
    "tiden här. Tomt: inga extra tider. Stängda undantagsdagar gäller alla.": (
        "Members (approved account holders) enter during the opening hours and also during "
        "these, e.g. 05:00-23:00. Members only on a day: close the day in the opening hours "
        "above and write the time here. Empty: no extra hours. Closed exception days hold for "
        "everyone."
    ),
    "Inställningar och öppettider": "Settings and opening hours",
    "Butikens styrenhet är för gammal för medlemmarnas tider; uppdatera den. Till dess kommer "
    "medlemmar in bara under de vanliga öppettiderna.": (
        "The store's controller is too old for members' hours; update it. Until then members "
        "enter during the opening hours only."
    ),
}
for _sv, _en in STORE_SETTINGS_ENGLISH.items():
    ENGLISH.setdefault(_sv, _en)
