"""English for the reports pages' Swedish text (added to the shell's table at import)."""

from backoffice.web.messages_en import ENGLISH

REPORTS_ENGLISH: dict[str, str] = {
    "Rapporter": "Reports",
    "Försäljning": "Sales",
    "Z-rapporter": "Z reports",
    "Exporter": "Exports",
    "Region och kommun": "Region and municipality",
    "Från": "From",
    "Till": "To",
    "Per": "Per",
    "Visa": "Show",
    "Dag": "Day",
    "Vecka": "Week",
    "Månad": "Month",
    "Sammanfattning": "Summary",
    "Nettoförsäljning": "Net sales",
    "Antal köp": "Number of sales",
    "Snittköp": "Average basket",
    "Returer": "Returns",
    "Föregående period": "Previous period",
    "Förändring": "Change",
    "Försäljning per": "Sales per",
    "Köp": "Sales",
    "Netto": "Net",
    "Brutto": "Gross",
    "Summa": "Total",
    "Ingen försäljning.": "No sales.",
    "Betalsätt": "Payment methods",
    "Antal": "Count",
    "Belopp": "Amount",
    "Andel": "Share",
    "Inga betalningar.": "No payments.",
    "Medlemskonto": "Member account",
    "Simulerad": "Simulated",
    "Per timme": "Per hour",
    "Timme": "Hour",
    "Per veckodag": "Per weekday",
    "Veckodag": "Weekday",
    "Måndag": "Monday",
    "Tisdag": "Tuesday",
    "Onsdag": "Wednesday",
    "Torsdag": "Thursday",
    "Fredag": "Friday",
    "Lördag": "Saturday",
    "Söndag": "Sunday",
    "Moms per sats": "VAT per rate",
    "Moms": "VAT",
    "Sats": "Rate",
    "Kategorier": "Categories",
    "Kategori": "Category",
    "Inköp": "Cost",
    "Marginal": "Margin",
    "Kategorierna är momsklasser tills sortimentet har kategorier.": (
        "The categories are VAT classes until the catalog has categories."
    ),
    "Mest sålda varor": "Best-selling goods",
    "Vara": "Item",
    "Stapeldiagram över nettoförsäljningen; siffrorna står i tabellen": (
        "Bar chart of net sales; the figures are in the table"
    ),
    "Stapeldiagram över försäljningen per timme; siffrorna står i tabellen": (
        "Bar chart of sales per hour; the figures are in the table"
    ),
    "Stapeldiagram över försäljningen per veckodag; siffrorna står i tabellen": (
        "Bar chart of sales per weekday; the figures are in the table"
    ),
    "Stapeldiagram över momsen per sats; siffrorna står i tabellen": (
        "Bar chart of VAT per rate; the figures are in the table"
    ),
}
ENGLISH.update(REPORTS_ENGLISH)
