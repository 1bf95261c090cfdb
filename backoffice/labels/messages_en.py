"""English for the shelf-labels page."""

from __future__ import annotations

from backoffice.web.messages_en import ENGLISH

LABELS_ENGLISH: dict[str, str] = {
    "Hyllkanter": "Shelf labels",
    "Välj butik": "Choose a store",
    "Senast utskrivna": "Last printed",
    "Aldrig utskrivna": "Never printed",
    "Priser ändrade sedan dess": "Prices changed since",
    "Skriv ut": "Print",
    "Vilka etiketter?": "Which labels?",
    "Alla produkter": "All products",
    "Ändrade sedan senaste utskrift": "Changed since the last print",
    "Produkterna jag bockar för": "The products I tick",
    "Sök produkter att bocka för": "Search products to tick",
    "Sök": "Search",
    "Ladda ner etiketter (PDF)": "Download labels (PDF)",
    "Inga produkter hittades": "No products found",
    "Hyllkanter för": "Shelf labels for",
    "st": "pcs",
    "Inget pris har ändrats sedan senaste utskriften: inget att skriva ut.": (
        "No price has changed since the last print: nothing to print."
    ),
    "Bocka för minst en produkt.": "Tick at least one product.",
    "Bocka för högst 500 produkter åt gången.": "Tick at most 500 products at a time.",
    "En produktkod är högst 40 tecken.": "A product code is at most 40 characters.",
    "Välj vilka etiketter som ska skrivas ut.": "Choose which labels to print.",
    "Det finns inga produkter med pris att skriva ut.": "There are no priced products to print.",
    "Skriv ut hyllkanter": "Print shelf labels",
}
ENGLISH.update(LABELS_ENGLISH)
