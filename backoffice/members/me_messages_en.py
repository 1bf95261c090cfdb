"""English for a member's own pages (backoffice/members/me_pages.py), added at import."""

from backoffice.web.messages_en import ENGLISH

ME_ENGLISH: dict[str, str] = {
    "Mina sidor": "My pages",
    "Se dina köp, kvitton, saldo och fakturor. Logga in med BankID.": (
        "See your purchases, receipts, balance and invoices. Sign in with BankID."
    ),
    "Öppna BankID på den här enheten": "Open BankID on this device",
    "Mobilt BankID på en annan enhet (QR-kod)": "Mobile BankID on another device (QR code)",
    "Översikt": "Overview",
    "Mina köp": "My purchases",
    "Fakturor": "Invoices",
    "Mina uppgifter": "My data",
    "Så här har butikens dörr fått dem från ditt BankID. Personnumret sparas inte.": (
        "As the store's door got them from your BankID. Your personal identity number is not kept."
    ),
    "Senast rapporterat": "Last reported",
    "Logga ut": "Sign out",
    "Mina konton": "My accounts",
    "Saldo": "Balance",
    "Kreditgräns": "Credit limit",
    "Du har inget konto för köp mot faktura.": "You have no account for buying on invoice.",
    "Obetalda fakturor": "Unpaid invoices",
    "Faktura": "Invoice",
    "Kreditfaktura": "Credit note",
    "förfaller": "due",
    "Inga obetalda fakturor.": "No unpaid invoices.",
    "Senaste köp": "Latest purchases",
    "Inga köp ännu.": "No purchases yet.",
    "Kvitto": "Receipt",
    "Totalt": "Total",
    "Moms": "VAT",
    "Betalt": "Paid",
    "på konto": "on account",
    "kort": "card",
    "Alla köp": "All purchases",
    "Inga fakturor ännu.": "No invoices yet.",
    "Betald": "Paid",
    "Obetald": "Unpaid",
    "Förfallen": "Overdue",
    "Status": "Status",
    "Period": "Period",
    "Belopp": "Amount",
    "Kvar att betala": "Left to pay",
    "Förfallodag": "Due date",
    "OCR-nummer": "OCR reference",
    "Ladda ner fakturan (PDF)": "Download the invoice (PDF)",
    "Köp": "Purchases",
    "Ladda ner mina uppgifter": "Download my data",
    "Allt föreningen sparar om dig: besök, köp, konto, fakturor och spärrar, som en fil (JSON).": (
        "Everything the association keeps about you: visits, purchases, account, invoices and "
        "blocks, as a file (JSON)."
    ),
    "Begär radering": "Ask for erasure",
    "Din begäran om radering är skickad. Föreningen hanterar den.": (
        "Your request for erasure has been sent. The association will handle it."
    ),
    "Föreningen raderar det som inte måste sparas enligt bokföringslagen (sju år) och tar bort "
    "kopplingen till dig.": (
        "The association erases what the accounting law does not require it to keep (seven "
        "years) and removes the link to you."
    ),
    "Varför?": "Why?",
    "Skriv varför du vill att uppgifterna raderas.": "Say why you want your data erased.",
    "Begäran om radering": "Requests for erasure",
    "Kunden begärde radering": "The customer asked for erasure",
    "hanterad": "handled",
    "Hit skickar %(association)s dina fakturor.": "Where %(association)s sends your invoices.",
    "Namn på fakturan": "Name on the invoice",
    "Senast ändrade av": "Last changed by",
    "Begärda raderingar": "Requested erasures",
    "kunden själv på Mina sidor": "the customer, on My pages",
}
ENGLISH.update({k: v for k, v in ME_ENGLISH.items() if k not in ENGLISH})
