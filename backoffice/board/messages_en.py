"""English for the status board and the cold-chain log."""

from __future__ import annotations

BOARD_EN = {
    "Läget": "Status",
    "Läget i butikerna": "Status of the stores",
    "Uppkopplad sedan": "Online since",
    "Nere sedan": "Offline since",
    "Aldrig hörd": "Never heard from",
    "Dörr": "Door",
    "Låst läge": "Lock-down",
    "Ja": "Yes",
    "Nej": "No",
    "Senaste köp": "Last sale",
    "Kö till backoffice": "Outbox",
    "Programversion": "Software version",
    "Aktuella larm": "Current alerts",
    "Termometrar": "Thermometers",
    "Inga termometrar rapporterade.": "No thermometers reported.",
    "gränser": "limits",
    "gränser ej rapporterade": "limits not reported",
    "utanför gränsen": "out of range",
    "Senaste 24 timmarna för": "Last 24 hours of",
    "Uppdateras av sig själv.": "Updates by itself.",
    "låst": "locked",
    "olåst": "unlocked",
    "öppen": "open",
    "okänd": "unknown",
    "Egenkontroll": "Cold-chain log",
}
