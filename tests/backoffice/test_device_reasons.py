"""A controller's reason for refusing a key rotation, in the owner's words: each reason the
real sync client gives when `POST /device/rotate` fails (made here by the client itself against
a scripted backoffice) has a sentence, in Swedish and English; anything else has none."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from backoffice.devices import messages_en  # noqa: F401 - the page's English
from backoffice.devices.reasons import explain
from backoffice.web.i18n import Language
from store_controller.sync.client import BackofficeClient
from store_controller.sync.errors import SyncError
from tests.store_controller.sync.harness import anyio_backend  # noqa: F401 - a fixture

Answer = Callable[[httpx.Request], httpx.Response]


def raises(error: type[httpx.TransportError]) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise error("scripted", request=request)

    return answer


def status(code: int) -> Answer:
    return lambda _: httpx.Response(code, json={"detail": "scripted"})


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (raises(httpx.ReadTimeout), "Backoffice svarade inte i tid"),
        (raises(httpx.ConnectError), "Styrenheten tappade förbindelsen med backoffice"),
        (raises(httpx.ReadError), "Styrenheten tappade förbindelsen med backoffice"),
        (status(503), "Backoffice var tillfälligt upptaget eller hade ett fel"),
        (status(429), "Backoffice var tillfälligt upptaget eller hade ett fel"),
        (lambda _: httpx.Response(200, text="{"), "kunde inte läsa backoffices svar"),
        (status(401), "Backoffice kände inte igen styrenhetens nyckel."),
        (status(426), "Styrenhetens program är för gammalt för backoffice"),
        (status(409), "Backoffice avvisade styrenhetens begäran om en ny nyckel."),
    ],
)
async def test_each_reason_the_client_gives_has_a_sentence(answer: Answer, sentence: str) -> None:
    client = BackofficeClient("http://backoffice", "t", transport=httpx.MockTransport(answer))
    try:
        with pytest.raises(SyncError) as refused:
            await client.rotate()
    finally:
        await client.aclose()
    reason = str(refused.value)[:200]  # as the controller acks it
    explained = explain(reason)
    assert explained is not None, reason
    assert sentence in explained
    assert Language("en").gettext(explained).startswith("The ")


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        (
            "the new key could not be stored (No space left on device); the old one is kept",
            "Styrenhetens disk är full",
        ),
        (
            "the new key could not be stored (Read-only file system); the old one is kept",
            "Styrenheten får inte skriva sin nyckelfil",
        ),
        (
            "the new key could not be stored (Input/output error); the old one is kept",
            "Styrenheten kunde inte spara den nya nyckeln på sin disk.",
        ),
    ],
)
def test_a_key_the_controller_could_not_store_says_why(reason: str, sentence: str) -> None:
    explained = explain(reason)
    assert explained is not None
    assert explained.startswith(sentence)
    assert Language("en").gettext(explained).startswith("The controller")


@pytest.mark.parametrize("reason", ["", "x", "the printer is on fire", "backoffice refused"])
def test_an_unknown_reason_has_no_sentence(reason: str) -> None:
    assert explain(reason) is None
