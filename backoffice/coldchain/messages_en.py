"""English for the cold-chain log."""

from __future__ import annotations

COLDCHAIN_EN = {
    "Egenkontroll": "Cold-chain log",
    "Egenkontroll av kylkedjan": "Cold-chain self-inspection log",
    "Butik": "Store",
    "Termometer": "Thermometer",
    "Månad": "Month",
    "Per": "Per",
    "timme": "hour",
    "dag": "day",
    "Visa": "Show",
    "Skriv ut": "Print",
    "Ladda ner CSV": "Download CSV",
    "Ingen termometer har rapporterat än.": "No thermometer has reported yet.",
    "Avvikelser": "Excursions",
    "Inga avvikelser den här månaden.": "No excursions this month.",
    "Från": "From",
    "Till": "To",
    "pågår": "ongoing",
    "Varaktighet": "Duration",
    "min": "min",
    "Topp": "Peak",
    "Gräns": "Limit",
    "Larm": "Alert",
    "Kvitterat av": "Acknowledged by",
    "inget larm": "no alert",
    "inte kvitterat": "not acknowledged",
    "Avläsningar": "Readings",
    "Inga avläsningar den här månaden.": "No readings this month.",
    "Timme": "Hour",
    "Dag": "Day",
    "Antal": "Count",
    "Min": "Min",
    "Max": "Max",
    "Medel": "Mean",
    "Utanför": "Outside",
    "avläsningar": "readings",
    "Skriv månaden som ÅÅÅÅ-MM (till exempel 2026-05), inte {month}.": (
        "Write the month as YYYY-MM (for example 2026-05), not {month}."
    ),
}
