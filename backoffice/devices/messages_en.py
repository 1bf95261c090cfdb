"""English for the store's devices page."""

from __future__ import annotations

from backoffice.web.messages_en import ENGLISH

DEVICES_ENGLISH: dict[str, str] = {
    "Enheter": "Devices",
    "Enheten är spärrad. Dess nyckel nekas från och med nu.": (
        "The device is revoked. Its key is refused from now on."
    ),
    "Enheten byter nyckel nästa gång den hör av sig (inom några sekunder när den är uppkopplad).": (
        "The device swaps its key the next time it calls in (within seconds when online)."
    ),
    "Butikens senaste hjärtslag": "The store's latest heartbeat",
    "Mottaget": "Received",
    "Köade händelser (utkorg)": "Queued events (outbox)",
    "Sortimentsversion i butiken": "Catalog revision in the store",
    "senaste": "latest",
    "Butiken har inte hörts av än.": "The store has not been heard from yet.",
    "Butiken har den senaste ändringen.": "The store has the latest change.",
    "Butiken har inte hämtat den senaste ändringen än.": (
        "The store has not fetched the latest change yet."
    ),
    "Styrenheter": "Controllers",
    "Ingen enhet är ansluten än. Skapa en kod och skriv in den på butikens styrenhet.": (
        "No device is connected yet. Create a code and type it on the store's controller."
    ),
    "Byt nyckel: styrenheten får en ny nyckel av sig själv, ingen behöver åka till butiken. Spärra enheten: den stängs ute tills någon ansluter den igen med en ny kod i butiken.": (  # noqa: E501
        "Rotate key: the controller gets a new key by itself, nobody needs to go to the store."
        " Revoke the device: it is shut out until someone connects it again with a new code"
        " in the store."
    ),
    "Enhet": "Device",
    "Läge": "State",
    "Spärrad": "Revoked",
    "Senast hörd": "Last heard",
    "Programversion": "Software version",
    "Funktioner": "Features",
    "Inte kända än": "Not known yet",
    "Ansluten": "Connected",
    "Senaste hjärtslag": "Latest heartbeat",
    "Sortimentsversion": "Catalog revision",
    "den senaste": "the latest",
    "inte den senaste": "not the latest",
    "Nyckel bytt": "Key rotated",
    "byten": "rotations",
    "medlemmarnas egna tider": "members' own hours",
    "radering av kunduppgifter": "erasing customer details",
    "nyckelbyte": "key rotation",
    "Butiken har en nyare sortimentsversion än den nyaste här.": (
        "The store has a newer catalog revision than the newest here."
    ),
    "Den här tjänsten har troligen lästs tillbaka från en säkerhetskopia och saknar ändringar i sortimentet som gjordes efter den. Vid nästa hämtning tar butiken sortimentet härifrån, så de ändringarna försvinner även där. Gå igenom produkter, priser och butikens inställningar här och gör om det som saknas.": (  # noqa: E501
        "This service was probably restored from a backup and lacks catalog changes made after"
        " it. On its next fetch the store takes the catalog from here, so those changes"
        " disappear there too. Go through products, prices and the store's settings here and"
        " make again what is missing."
    ),
    "nyare än den nyaste här": "newer than the newest here",
    "den nådde inte fram eller kunde inte slutföra bytet.": (
        "it did not get through or could not complete the swap."
    ),
    "Teknisk orsak": "Technical reason",
    "Orsak": "Reason",
    "Styrenhetens disk är full, så den nya nyckeln kunde inte sparas.": (
        "The controller's disk is full, so the new key could not be stored."
    ),
    "Styrenheten får inte skriva sin nyckelfil (skrivskyddad disk eller fel behörighet).": (
        "The controller may not write its key file (read-only disk or wrong permissions)."
    ),
    "Styrenheten kunde inte spara den nya nyckeln på sin disk.": (
        "The controller could not store the new key on its disk."
    ),
    "Backoffice svarade inte i tid när styrenheten bad om den nya nyckeln.": (
        "The backoffice did not answer in time when the controller asked for the new key."
    ),
    "Styrenheten tappade förbindelsen med backoffice när den bad om den nya nyckeln.": (
        "The controller lost its connection to the backoffice while asking for the new key."
    ),
    "Backoffice var tillfälligt upptaget eller hade ett fel när styrenheten bad om den nya nyckeln.": (  # noqa: E501
        "The backoffice was busy or had a fault when the controller asked for the new key."
    ),
    "Styrenheten kunde inte läsa backoffices svar med den nya nyckeln.": (
        "The controller could not read the backoffice's answer with the new key."
    ),
    "Backoffice kände inte igen styrenhetens nyckel.": (
        "The backoffice did not recognise the controller's key."
    ),
    "Styrenhetens program är för gammalt för backoffice; uppdatera det.": (
        "The controller's software is too old for the backoffice; update it."
    ),
    "Backoffice avvisade styrenhetens begäran om en ny nyckel.": (
        "The backoffice refused the controller's request for a new key."
    ),
    "Nyckelbyte begärt": "Key rotation asked",
    "väntar på att butiken hör av sig.": "waiting for the store to call in.",
    "Den senaste begäran om nyckelbyte gick ut obesvarad": (
        "The last request to rotate the key expired unanswered"
    ),
    "begärd": "asked",
    "Be om ett nytt byte när butiken är uppkopplad igen.": (
        "Ask again when the store is back online."
    ),
    "Styrenheten kunde inte byta nyckel": "The controller could not rotate its key",
    "Den gamla nyckeln fungerar som förut; be om ett nytt byte.": (
        "The old key works as before; ask again."
    ),
    "Byt nyckel": "Rotate key",
    "Enhetens program är för gammalt för nyckelbyte; uppdatera det.": (
        "The device's software is too old to rotate its key; update it."
    ),
    "Spärra enheten? Den kan inte synka förrän den ansluts igen med en ny kod.": (
        "Revoke the device? It cannot sync until it is connected again with a new code."
    ),
    "Ja, spärra enheten": "Yes, revoke the device",
    "Spärra enheten": "Revoke the device",
    "Anslut en ny enhet": "Connect a new device",
    "Koden (visas en gång)": "The code (shown once)",
    "Giltig till": "Valid until",
    "Skriv in den på styrenheten: byabutik controller enroll.": (
        "Type it on the controller: byabutik controller enroll."
    ),
    "Oanvända koder": "Unused codes",
    "den första går ut": "the first expires",
    "Skapa anslutningskod": "Create an enrollment code",
}
for _sv, _en in DEVICES_ENGLISH.items():
    ENGLISH.setdefault(_sv, _en)
