"""English for the reports pages' Swedish text (added to the shell's table at import)."""

from backoffice.web.messages_en import ENGLISH

REPORTS_ENGLISH: dict[str, str] = {
    "Veckosammanfattning per e-post": "Weekly summary by e-mail",
    "Du får förra veckans försäljning i alla dina butiker varje måndag morgon.": (
        "You get last week's sales of all your stores every Monday morning."
    ),
    "Vill du ha förra veckans försäljning i alla dina butiker i ett e-brev varje måndag morgon?": (
        "Would you like last week's sales of all your stores in an e-mail every Monday morning?"
    ),
    "Sluta skicka": "Stop sending",
    "Skicka till mig": "Send it to me",
    "Veckosammanfattning {week}": "Weekly summary {week}",
    "Försäljningen {first} – {last}, jämfört med veckan före.": (
        "Sales {first} – {last}, compared with the week before."
    ),
    "Du får det här brevet för att du bad om det på sidan Rapporter.": (
        "You get this e-mail because you asked for it on the Reports page."
    ),
    "Skriv dagen som ÅÅÅÅ-MM-DD, inte {typed}.": "Write the day as YYYY-MM-DD, not {typed}.",
    "Skriv månaden som ÅÅÅÅ-MM (till exempel 2026-05), inte {month}.": (
        "Write the month as YYYY-MM (for example 2026-05), not {month}."
    ),
    "Du har ingen butik vars rapporter du får se.": "You have no store whose reports you may see.",
    "Första dagen kommer efter den sista.": "The first day comes after the last.",
    "En sida visar högst {days} dagar; exportera längre perioder.": (
        "A page shows at most {days} days; export longer ranges."
    ),
    "En export täcker högst {days} dagar; dela upp den.": (
        "An export covers at most {days} days; split it up."
    ),
    "Välj en månad.": "Choose a month.",
    "Välj första och sista dagen.": "Choose the first and the last day.",
    "År {year} har inte börjat än.": "The year {year} has not begun yet.",
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
    "Skriv ut": "Print",
    "Z-rapport": "Z report",
    "Organisationsnummer": "Organisation number",
    "Kassa": "Register",
    "Öppnad": "Opened",
    "Kvitton": "Receipts",
    "Rabatter": "Discounts",
    "Växelkassa": "Float",
    "Lådöppningar": "Drawer openings",
    "Övningskvitton": "Training receipts",
    "Kvittokopior": "Receipt copies",
    "Ej avslutade köp": "Unfinished sales",
    "Grand total försäljning": "Grand total sales",
    "Grand total returer": "Grand total returns",
    "Grand total netto": "Grand total net",
    "Mot kvittona": "Against the receipts",
    "Stämmer": "Matches",
    "Inga Z-rapporter dessa dagar.": "No Z reports on these days.",
    "År": "Year",
    "Ladda ner som PDF": "Download as PDF",
    "Omsättning inkl. moms": "Turnover incl. VAT",
    "Omsättning exkl. moms": "Turnover excl. VAT",
    "Dagligvaror exkl. moms": "Groceries excl. VAT",
    "Öppettimmar per år": "Opening hours per year",
    "Öppettimmar per vecka": "Opening hours per week",
    "Olika kunder under året": "Distinct customers in the year",
    "Olika artiklar sålda": "Distinct articles sold",
    "Besök per timme": "Visits per hour",
    "Besök per veckodag": "Visits per weekday",
    "Besök": "Visits",
    "Olika kunder per månad": "Distinct customers per month",
    "Kunder": "Customers",
    "Sortimentets bredd": "Breadth of the range",
    "Artiklar": "Articles",
    "Stapeldiagram över besöken per timme; siffrorna står i tabellen": (
        "Bar chart of visits per hour; the figures are in the table"
    ),
    "Stapeldiagram över besöken per veckodag; siffrorna står i tabellen": (
        "Bar chart of visits per weekday; the figures are in the table"
    ),
    "Varje export skrivs i loggen.": "Every export is written to the audit log.",
    "SIE 4I till bokföringsprogrammet": "SIE 4I for the bookkeeping program",
    (
        "En verifikation per butik och dag: försäljning per momssats och betalsätt, på kontona i "
        "föreningens kontoplan."
    ): (
        "One voucher per store and day: sales per VAT rate and payment method, on the accounts "
        "of the association's chart of accounts."
    ),
    "Med kontrollsumma (#KSUMMA)": "With checksum (#KSUMMA)",
    "Ladda ner SIE-fil": "Download SIE file",
    "CSV för kalkylprogram": "CSV for spreadsheets",
    "Innehåll": "Contents",
    "Varor": "Goods",
    "UTF-8 med BOM (för Excel)": "UTF-8 with BOM (for Excel)",
    "Journal till Skatteverket": "Journal for the Tax Agency",
    "Butikens kvitton och Z-rapporter för en månad som XML.": (
        "The store's receipts and Z reports for a month as XML."
    ),
    "Ladda ner journal": "Download journal",
    "Uppgifterna per år, som sida och PDF": "The figures per year, as a page and a PDF",
}
ENGLISH.update(REPORTS_ENGLISH)
