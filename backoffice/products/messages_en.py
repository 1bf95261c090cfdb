"""The catalog pages' Swedish labels for stored values and their English (products, price
files, unknown barcodes); imported by each page module so the shell's `ENGLISH` has them."""

from __future__ import annotations

from backoffice.web.messages_en import ENGLISH

VALUE_LABELS: dict[str, str] = {
    "piece": "Styck",
    "kg": "Kilo",
    "standard": "25 % (standard)",
    "food": "Livsmedel",
    "reduced": "6 % (böcker, tidningar)",
    "none": "Ingen",
    "small": "Liten (1 kr)",
    "large": "Stor (2 kr)",
    "g": "gram",
    "ml": "milliliter",
    "st": "styck",
    "manual": "Manuellt",
    "demo": "Demo",
    "unknown-barcode": "Okänd streckkod",
    "previewed": "Förhandsgranskad",
    "applied": "Inläst",
    "discarded": "Kasserad",
}
"""A stored value (unit, VAT class, pant, status, source) as the page shows it in Swedish."""


def label(value: str) -> str:
    if value.startswith("pricefile:"):
        return "Prisfil"
    return VALUE_LABELS.get(value, value)


CATALOG_ENGLISH: dict[str, str] = {
    "Kasta förhandsgranskningen": "Discard the preview",
    "Förhandsgranskningen är kastad. Inget ändrades i sortimentet.": (
        "The preview is discarded. Nothing changed in the catalog."
    ),
    "Sortiment": "Catalog",
    "Prisfiler": "Price files",
    "Prisfil": "Price file",
    "Okända streckkoder": "Unknown barcodes",
    "%(n)s produkter": "%(n)s products",
    "Produkter": "Products",
    "Sidor": "Pages",
    "Sida": "Page",
    "Föregående": "Previous",
    "Nästa": "Next",
    "Alla": "All",
    "Sök": "Search",
    "Sök namn, märke eller streckkod": "Search name, brand or barcode",
    "Kategori": "Category",
    "Leverantör": "Supplier",
    "Ny produkt": "New product",
    "Jfr-pris": "Unit price",
    "Pris nu": "Price now",
    "Pris": "Price",
    "Pris (kr)": "Price (SEK)",
    "Nytt pris (kr)": "New price (SEK)",
    "Butik": "Store",
    "I butiken": "In the store",
    "Hämtad": "Applied",
    "Väntar": "Waiting",
    "Schemalägg pris": "Schedule a price",
    "Från (tom: nu)": "From (empty: now)",
    "Från": "From",
    "Alla butiker": "All stores",
    "Prishistorik": "Price history",
    "Källa": "Source",
    "kommande": "upcoming",
    "Uppgifter": "Details",
    "Artikelnummer": "Article number",
    "Namn": "Name",
    "Märke": "Brand",
    "Streckkoder (GTIN), en per rad": "Barcodes (GTIN), one per line",
    "Säljs per": "Sold per",
    "Momsklass": "VAT class",
    "Pant": "Deposit",
    "Åldersgräns": "Age limit",
    "Inköpspris (kr)": "Cost price (SEK)",
    "Förpackningens innehåll": "Pack content",
    "Enhet för jämförpris": "Unit for the unit price",
    "Basvara (larm när den tar slut)": "Essential (alert when out of stock)",
    "Säljs": "On sale",
    "Skapa produkt": "Create product",
    "Sparat. Butikerna hämtar ändringen vid nästa synk.": (
        "Saved. The stores fetch the change at their next sync."
    ),
    "Priset är schemalagt.": "The price is scheduled.",
    "Styck": "Piece",
    "Kilo": "Kilogram",
    "25 % (standard)": "25 % (standard)",
    "Livsmedel": "Food",
    "6 % (böcker, tidningar)": "6 % (books, newspapers)",
    "Ingen": "None",
    "Liten (1 kr)": "Small (SEK 1)",
    "Stor (2 kr)": "Large (SEK 2)",
    "gram": "grams",
    "milliliter": "millilitres",
    "styck": "pieces",
    "Manuellt": "By hand",
    "Demo": "Demo",
    "Okänd streckkod": "Unknown barcode",
    "Förhandsgranskad": "Previewed",
    "Inläst": "Applied",
    "Kasserad": "Discarded",
    # price files
    "Läs in grossistens prislista (CSV eller Excel). Du ser vad som ändras innan något sparas.": (
        "Read the wholesaler's price list (CSV or Excel). You see what changes before anything"
        " is saved."
    ),
    "Sparade leverantörer": "Saved suppliers",
    "Sparade kolumner:": "Saved columns:",
    "Kolumnrubriker i filen": "Column headings in the file",
    "Streckkod (GTIN)": "Barcode (GTIN)",
    "Inköpspris": "Cost price",
    "krävs": "required",
    "Förhandsgranska": "Preview",
    "Senaste inläsningar": "Latest files",
    "Förhandsgranskning": "Preview",
    "Fel": "Errors",
    "Nya": "New",
    "Ändrade": "Changed",
    "Oförändrade": "Unchanged",
    "rader": "rows",
    "Rader": "Rows",
    "Rad": "Line",
    "Alla rader": "All rows",
    "Rader med fel": "Rows with errors",
    "Streckkod": "Barcode",
    "Orsak": "Reason",
    "Vad": "What",
    "Förut": "Before",
    "Läs in": "Apply",
    "Momsklass för nya produkter": "VAT class of new products",
    "Nya produkter och ändrade priser sparas alla på en gång, eller inga. Rader med fel hoppas"
    " över.": "New products and changed prices are saved all at once, or none. Rows with errors"
    " are skipped.",
    "Prisfilen är inläst. Butikerna hämtar priserna vid nästa synk.": (
        "The price file is applied. The stores fetch the prices at their next sync."
    ),
    "Visar de första %(n)s raderna.": "Showing the first %(n)s rows.",
    # unknown barcodes
    "Koder som kunder skannat men som inte finns i sortimentet, senast sedda först.": (
        "Codes customers scanned that are not in the catalog, most recently seen first."
    ),
    "Inga okända streckkoder.": "No unknown barcodes.",
    "skannad": "scanned",
    "gånger": "times",
    "senast": "last",
    "Prisfilen:": "Price file:",
    "Gör till produkt": "Make a product of",
    "Fyll i alla uppgifter": "Fill in every detail",
}
ENGLISH.update(CATALOG_ENGLISH)
