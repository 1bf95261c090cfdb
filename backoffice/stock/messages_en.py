"""English for the stock pages' Swedish text (added to the shell's table at import)."""

from backoffice.web.messages_en import ENGLISH

STOCK_ENGLISH: dict[str, str] = {
    "Lager": "Stock",
    "Lager i": "Stock in",
    "Vara": "Product",
    "Kod": "Code",
    "I lager": "On hand",
    "Värde (inköp)": "Value (cost)",
    "behöver räknas": "needs a count",
    "Okänd vara": "Unknown product",
    "Inga lagerrörelser ännu.": "No stock movements yet.",
    "Bäst före snart": "Expiring soon",
    "Bäst före": "Best before",
    "Parti": "Batch",
    "Kvar": "Left",
    "Inget går ut de närmaste dagarna.": "Nothing expires in the next few days.",
    "Summa värde": "Total value",
    "Ta emot leverans": "Receive a delivery",
    "Inventera": "Count stock",
    "Svinn": "Waste",
    "Beställning": "Reorder",
    "Leverantör": "Supplier",
    "Följesedel": "Delivery note",
    "Börja": "Start",
    "Leverans": "Delivery",
    "Skanna": "Scan",
    "Skanna med kameran": "Scan with the camera",
    "Stoppa kameran": "Stop the camera",
    "Streckkod": "Barcode",
    "Antal": "Quantity",
    "Inköpspris (kr)": "Cost price (SEK)",
    "Lägg till": "Add",
    "Rader": "Lines",
    "Inga rader ännu.": "No lines yet.",
    "Okänd kod": "Unknown code",
    "gör den till en vara": "make it a product",
    "Bokför leveransen": "Book the delivery",
    "Leveransen är bokförd.": "The delivery is booked.",
    "Hylla (tom = hela butiken)": "Shelf (empty = the whole store)",
    "Hela butiken": "The whole store",
    "Hylla": "Shelf",
    "Räknat": "Counted",
    "Enligt boken": "In the book",
    "Skillnad": "Difference",
    "Inget räknat ännu.": "Nothing counted yet.",
    "Anledning": "Reason",
    "Bokför skillnaderna": "Book the differences",
    "Inventeringen är bokförd.": "The stocktake is booked.",
    "Skriv av": "Write off",
    "Utgånget": "Expired",
    "Skadat": "Damaged",
    "Stulet": "Stolen",
    "Eget bruk": "Own use",
    "Avskrivet.": "Written off.",
    "Kameran": "Camera",
    "Kameran kan inte startas i den här webbläsaren.": "The camera cannot start in this browser.",
    "Pågående leveranser": "Open deliveries",
    "Pågående inventeringar": "Open stocktakes",
    "Öppna": "Open",
    "Du har ingen roll i någon butik ännu.": "You have no role in any store yet.",
}
ENGLISH.update(STOCK_ENGLISH)
ENGLISH.update({"Datum eller pris kunde inte läsas.": "The date or price could not be read."})
ENGLISH.update(
    {
        "Antal måste vara ett heltal från 1 till 100 000.": (
            "Quantity must be a whole number from 1 to 100,000."
        ),
        "Fyll i fältet (högst så många tecken som får plats).": (
            "Fill in the field (no more characters than fit)."
        ),
        "Koden kunde inte läsas": "The code could not be read",
        "Inventeringen är redan bokförd.": "The stocktake is already booked.",
        "Välj en anledning.": "Choose a reason.",
        "Leveransen är redan bokförd.": "The delivery is already booked.",
        "Gör de okända koderna till varor först.": "Make the unknown codes products first.",
    }
)
ENGLISH.update(
    {
        "Beställning": "Reorder",
        "Försäljning under veckor": "Sales over weeks",
        "Ska räcka i dagar": "Cover for days",
        "Visa": "Show",
        "Inga varor med miniminivå eller försäljning under perioden.": (
            "No products with a minimum level or sales in the period."
        ),
        "Utan leverantör": "No supplier",
        "Beställningsfil (CSV)": "Order file (CSV)",
        "Vara": "Product",
        "I lager": "On hand",
        "Dagar kvar": "Days of cover",
        "Beställ": "Order",
        "gram": "grams",
        "Såld": "Sold",
        "per dag": "a day",
        "Miniminivå": "Minimum level",
        "Förpackning": "Pack size",
        "Artikelnummer (SKU)": "Article number (SKU)",
        "Miniminivå (tomt tar bort)": "Minimum level (empty removes it)",
        "Spara": "Save",
        "Butiken är stängd just nu.": "The store is closed right now.",
        "Öppet i dag": "Open today",
        "Öppettider i veckan": "Opening hours this week",
        "Dag": "Day",
        "Öppet": "Open",
        "Stängt": "Closed",
        "Finns det nu?": "In stock now?",
        "Ja": "Yes",
        "Få kvar": "Few left",
        "Slut": "Sold out",
        "Butiken har inte valt några baslivsmedel att visa.": "The store shows no essentials yet.",
        "Uppdaterat": "Updated",
        "Sida för byborna": "Page for the villagers",
        "Visa öppettider och om baslivsmedlen finns i lager på en öppen sida": (
            "Show the opening hours and whether the essentials are in stock on a public page"
        ),
        "Sidan är öppen": "The page is public",
        "Spara sidans läge": "Save the page setting",
    }
)
