"""Which protocol version to speak with a backoffice that may be older than this controller.

The controller speaks the newest version (`wire.PROTOCOL_VERSION`). A backoffice not yet
updated answers 426; the controller then speaks the next older version, down to
`wire.QUARANTINE_PROTOCOL` (older acks cannot name quarantined entries), remembers it, and
tries the newest again every `probe_interval` seconds (and after each restart: the choice is
kept in memory only). While it speaks a version before `wire.PAYMENT_RECORD_PROTOCOL`, a push
sends only the entries before the first payment record and holds that record and everything
after it, so that the order of the outbox is kept and nothing is lost or refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TypeVar

from retail import wire
from store_controller.core.clock import Clock
from store_controller.sync.client import BackofficeClient
from store_controller.sync.errors import ProtocolRejected
from store_controller.sync.outbox import BatchEntry

log = logging.getLogger(__name__)
OLDEST_SPOKEN = wire.QUARANTINE_PROTOCOL
E = TypeVar("E", bound=BatchEntry)


@dataclass
class Negotiation:
    client: BackofficeClient
    clock: Clock
    probe_interval: float
    _probe_at: float = 0.0

    def before_request(self) -> None:
        """Speak the newest version again when a probe is due."""
        spoken = self.client.protocol
        if spoken < wire.PROTOCOL_VERSION and self.clock.monotonic() >= self._probe_at:
            log.info(
                "asking the backoffice whether it speaks sync protocol %d now (spoken: %d)",
                wire.PROTOCOL_VERSION,
                spoken,
            )
            self.client.protocol = wire.PROTOCOL_VERSION
            self._probe_at = self.clock.monotonic() + self.probe_interval

    def refused(self, exc: ProtocolRejected) -> bool:
        """After a 426: True if the request should be made again in the version now spoken
        (one version older, or already lowered by another request meanwhile)."""
        refused = exc.protocol
        spoken = self.client.protocol
        if refused is None:
            return False
        if refused > spoken:
            return True
        if refused != spoken or spoken <= OLDEST_SPOKEN:
            return False
        self.client.protocol = spoken - 1
        self._probe_at = self.clock.monotonic() + self.probe_interval
        log.warning(
            "the backoffice does not speak sync protocol %d (%s): speaking %d, holding payment "
            "records and what follows them until it does; asking again in %.0f s",
            refused,
            exc.detail,
            self.client.protocol,
            self.probe_interval,
        )
        return True


def sendable(entries: list[E], protocol: int) -> list[E]:
    """The entries a batch of `protocol` may carry: all of them, or (before payment records
    exist in the protocol) those before the first payment record."""
    if protocol >= wire.PAYMENT_RECORD_PROTOCOL:
        return entries
    for index, entry in enumerate(entries):
        if _is_payment_record(entry):
            return entries[:index]
    return entries


def _is_payment_record(entry: BatchEntry) -> bool:
    if isinstance(entry, wire.OutboxEntry):
        return isinstance(entry.payload, wire.PaymentRecord)
    payload = entry.get("payload")
    return isinstance(payload, dict) and payload.get("kind") == "payment"
