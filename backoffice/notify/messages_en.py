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
