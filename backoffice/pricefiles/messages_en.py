"""English for the price-file job page (a large file previewed or applied in the background);
imported by job_pages so the shell's `ENGLISH` has it."""

from __future__ import annotations

from backoffice.web.messages_en import ENGLISH

JOB_ENGLISH: dict[str, str] = {
    "Förhandsgranskas": "Being previewed",
    "Läses in": "Being applied",
    "Rader klara": "Rows done",
    "rader": "rows",
    "Väntar på att börja.": "Waiting to start.",
    "Det gick inte. Inget ändrades i sortimentet.": (
        "It did not work. Nothing changed in the catalog."
    ),
    "Arbetet stannade (servern startades om?). Inget ändrades i sortimentet.": (
        "The work stopped (was the server restarted?). Nothing changed in the catalog."
    ),
    "Orsak": "Reason",
    "Tillbaka till förhandsgranskningen": "Back to the preview",
    "Ladda upp en annan fil": "Upload another file",
    "Kör igen": "Run again",
    "Sidan uppdateras av sig själv.": "The page updates itself.",
    "Uppdatera": "Refresh",
}
ENGLISH.update(JOB_ENGLISH)
