"""English for Web Push on the account page and the notification settings (merged into the
shell's table at import)."""

from __future__ import annotations

PUSH_EN = {
    "Larm till den här telefonen": "Alerts to this phone",
    "Sluta skicka larm hit": "Stop sending alerts here",
    "Den här telefonen får larm.": "This phone receives alerts.",
    "Den här telefonen får inga larm.": "This phone receives no alerts.",
    "Telefonen tillåter inte aviseringar från Byabutik: ändra det i webbläsarens inställningar.": (
        "The phone does not allow notifications from Byabutik: change it in the browser's settings."
    ),
    "Det gick inte: försök igen.": "That did not work: try again.",
    "Den här webbläsaren kan inte ta emot larm. Lägg till appen på hemskärmen eller använd "
    "e-post eller SMS.": (
        "This browser cannot receive alerts. Add the app to the home screen or use e-mail or SMS."
    ),
    "Webbpush är inte påslaget på den här servern.": "Web Push is not enabled on this server.",
    "Telefoner som får larm": "Phones that receive alerts",
    "Ta bort": "Remove",
}

SETTINGS_EN = {
    "Mina larm": "My alerts",
    "Välj för varje butik vilka larm du vill ha och hur de ska nå dig. Akuta larm kommer även "
    "under tysta timmar.": (
        "Choose for each store which alerts you want and how they reach you. Critical alerts "
        "come during quiet hours too."
    ),
    "Du har inga butiker där du tar emot larm.": "You have no stores where you receive alerts.",
    "Sparat.": "Saved.",
    "Ta emot larm från butiken": "Receive alerts from this store",
    "Vilka larm": "Which alerts",
    "Akut": "Critical",
    "Varning": "Warning",
    "Information": "Information",
    "Hur de når dig": "How they reach you",
    "Webbpush": "Web Push",
    "SMS": "SMS",
    "ntfy": "ntfy",
    "Mobilnummer för SMS (+46…)": "Mobile number for SMS (+46…)",
    "ntfy-ämne": "ntfy topic",
    "Tysta timmar (tomt: inga)": "Quiet hours (empty: none)",
    "Jourlista": "On-call rota",
    "I tjänst nu": "On watch now",
    "Ingen har jouren nu: alla får larmen.": "Nobody is on watch now: everyone gets the alerts.",
    "Veckoschema": "Weekly pattern",
    "Dag": "Day",
    "Vem": "Who",
    "Tid": "Time",
    "Inga pass ännu.": "No shifts yet.",
    "Lägg till pass": "Add a shift",
    "Slutar vid eller före start: passet går över midnatt.": (
        "Ending at or before the start: the shift runs past midnight."
    ),
    "Undantag": "Exceptions",
    "Inga undantag framåt.": "No exceptions ahead.",
    "Lägg till undantag": "Add an exception",
    "Inga kontakter ännu: volontärerna väljer larm under Mina larm.": (
        "No contacts yet: volunteers choose their alerts under My alerts."
    ),
    "Måndag": "Monday",
    "Tisdag": "Tuesday",
    "Onsdag": "Wednesday",
    "Torsdag": "Thursday",
    "Fredag": "Friday",
    "Lördag": "Saturday",
    "Söndag": "Sunday",
}
