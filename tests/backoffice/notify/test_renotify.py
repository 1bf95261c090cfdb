"""An open alert whose severity goes up (a warning that becomes critical) tells the people on
watch again; one that only repeats does not."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backoffice.settings import BackofficeSettings
from retail import wire
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store, report
from tests.backoffice.alerts.test_lifecycle import alerts
from tests.backoffice.notify.conftest import People, tick
from tests.backoffice.notify.servers import Mailbox
from tests.store_controller.sync.harness import Backoffice

WARM = wire.AlertCategory.TEMPERATURE


def test_a_warning_that_turns_critical_is_sent_again_a_repeat_is_not(
    client: TestClient,
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
) -> None:
    mailbox = mail[0]
    store.push([report(WARM, wire.Severity.WARNING, at=clock.now(), message="Frysen 10 min varm")])
    tick(backoffice, settings, clock)
    assert [str(m["To"]) for m in mailbox.messages] == ["anna@example.test"]
    clock.advance(60)
    store.push([report(WARM, wire.Severity.WARNING, at=clock.now(), message="Frysen fortfarande")])
    tick(backoffice, settings, clock)
    assert len(mailbox.messages) == 1, "a repeat at the same severity is not sent again"
    clock.advance(60)
    store.push([report(WARM, wire.Severity.CRITICAL, at=clock.now(), message="Frysen -5 °C")])
    tick(backoffice, settings, clock)
    assert [str(m["To"]) for m in mailbox.messages] == ["anna@example.test"] * 2
    assert mailbox.messages[1]["Subject"].startswith("AKUT")
    [case] = alerts(client)
    assert (case["severity"], case["count"]) == ("critical", 3)
