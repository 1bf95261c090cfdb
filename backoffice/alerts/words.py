"""What an alert kind means, in plain Swedish words (translated by the page's language)."""

from __future__ import annotations

KIND_WORDS = {
    "door_forced": "Dörren bröts upp",
    "door_held_open": "Dörren står öppen",
    "temperature": "Fel temperatur",
    "scanner": "Skannern svarar inte",
    "payment": "Betalningar misslyckas",
    "stock_out": "Slut i lager",
    "clock": "Klockan går fel",
    "lock_fault": "Fel på låset",
    "contact_tamper": "Dörrkontakten manipulerad",
    "bankid_unavailable": "BankID går inte att nå",
    "store_offline": "Butiken är nere",
    "outbox_backlog": "Butikens kö växer",
    "clock_skew": "Butikens klocka går fel",
    "essential_out_of_stock": "Basvara slut",
    "no_sale": "Ingen försäljning",
    "other": "Annat fel",
}
SEVERITY_WORDS = {"critical": "Akut", "warning": "Varning", "info": "Info"}
STATUS_WORDS = {"open": "Öppet", "acknowledged": "Kvitterat", "resolved": "Löst"}
EVENT_WORDS = {
    "raised": "Larmet kom",
    "repeated": "Hände igen",
    "acknowledged": "Kvitterat",
    "resolved": "Löst",
    "cleared": "Löst av sig självt",
    "notified": "Meddelat",
    "escalated": "Skickat vidare",
    "severity": "Allvarligare",
}


def kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.replace("_", " "))


ANSWER_WORDS = {  # a forced-door acknowledgement's answer from the store (command status)
    "pending": "Väntar på butiken",
    "done": "Larmet släckt i butiken",
    "rejected": "Butiken nekade",
    "expired": "Butiken svarade inte i tid",
}
