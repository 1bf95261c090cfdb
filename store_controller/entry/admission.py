"""From a completed BankID login to a decision at the door, with the visit recorded.

The personal identity number lives only inside `admit`: it becomes a birth date and a keyed hash
at once, and is neither stored, logged nor put in an error message.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from retail import Personnummer, PersonnummerError
from retail.wire import AlertCategory, Severity, VisitOutcome
from store_controller.alerts import service as alerts
from store_controller.core.clock import Clock
from store_controller.db.sessions import Sessions
from store_controller.door import (
    AccessDecision,
    AccessPolicy,
    AccessReason,
    AccessRequest,
    OpeningHours,
    decide,
)
from store_controller.entry.decision_writer import Outcome, record_decision
from store_controller.entry.records import CustomerView, ProvenPerson
from store_controller.entry.service import DoorService
from store_controller.i18n import Text

log = logging.getLogger(__name__)

OUTCOME = {
    AccessReason.GRANTED: VisitOutcome.GRANTED,
    AccessReason.LOCKDOWN: VisitOutcome.LOCK_DOWN,
    AccessReason.CLOSED_NOW: VisitOutcome.CLOSED_HOURS,
    AccessReason.OUTSIDE_GROUP_HOURS: VisitOutcome.CLOSED_HOURS,  # the wire as it was
    AccessReason.BLOCKED: VisitOutcome.BLOCKED,
    AccessReason.UNDER_AGE: VisitOutcome.UNDER_AGE,
    AccessReason.MEMBERS_ONLY: VisitOutcome.MEMBERS_ONLY,
    AccessReason.STORE_FULL: VisitOutcome.STORE_FULL,
}
CLOCK_FLOOR = datetime(2026, 11, 1, tzinfo=UTC)
"""No real entry happens before this release of the door glue: an earlier wall clock is wrong."""
UNREADABLE = Text(
    "Vi kunde inte läsa din legitimation. Försök igen.",
    "We could not read your identification. Please try again.",
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the door screen shows after a login: granted or not, and why (both languages)."""

    granted: bool
    text: Text
    reason: str


class Admission:
    """Decides on a BankID login: customer record, access policy, grant to the door, visit."""

    def __init__(
        self,
        *,
        door: DoorService,
        sessions: Sessions,
        clock: Clock,
        policy: Callable[[], AccessPolicy],
        hash_key: bytes,
    ) -> None:
        self._door = door
        self._sessions = sessions
        self._clock = clock
        self._policy = policy
        self._key = hash_key
        self._clock_alerted = False

    def admit(self, personal_number: str, name: str) -> Verdict:
        """Decide on the person BankID proved; if granted, the door unlocks before this returns."""
        try:
            number = Personnummer.parse(personal_number)
            person = ProvenPerson(number.keyed_hash(self._key), number.birth_date, name)
        except PersonnummerError:
            log.warning("bankid completed with an unreadable personal number (or a short key)")
            return Verdict(False, UNREADABLE, "unreadable")
        del number  # only the hash and the birth date go further
        return self._decide(person)

    def _decide(self, person: ProvenPerson) -> Verdict:
        """Customer, decision and visit in one transaction (one disk write), then the grant."""
        now, policy = self._trusted_time(self._clock.now(), self._policy())
        visit_id = str(uuid.uuid4())
        decisions: list[AccessDecision] = []

        def outcome(customer: CustomerView) -> Outcome:
            request = AccessRequest(
                identity_hash=person.identity_hash,
                birth_date=person.birth_date,
                is_member=customer.is_member,
                is_blocked=customer.is_blocked,
            )
            decision = decide(policy, request, now)
            decisions.append(decision)
            return Outcome(OUTCOME[decision.reason], decision.age, final=not decision.granted)

        record_decision(self._sessions, person, visit_id=visit_id, now=now, decide=outcome)
        (decision,) = decisions
        if decision.granted:
            self._door.grant_entry(visit_id)
        log.info("entry decided", extra={"visit": visit_id, "reason": decision.reason.value})
        return Verdict(
            decision.granted, Text(decision.text.sv, decision.text.en), decision.reason.value
        )

    def _trusted_time(self, now: datetime, policy: AccessPolicy) -> tuple[datetime, AccessPolicy]:
        """A wall clock before `CLOCK_FLOOR` is wrong (a Pi without RTC before time sync). It must
        not lock people out: opening hours are then not applied, and ages are counted at the
        floor (never older than they are). Lock-down, blocklist and membership still apply."""
        if now >= CLOCK_FLOOR:
            return now, policy
        log.warning("the wall clock is before %s: opening hours ignored", CLOCK_FLOOR.date())
        if not self._clock_alerted:
            self._clock_alerted = True
            alerts.raise_alert(
                self._sessions,
                alert_id=str(uuid.uuid4()),
                category=AlertCategory.CLOCK,
                severity=Severity.WARNING,
                message="The wall clock is wrong: the door ignores its opening hours until fixed",
                details={"clock": now.isoformat()},
                at=CLOCK_FLOOR,  # like the visits: the wire takes no time before 2000
            )
        return CLOCK_FLOOR, policy.model_copy(update={"hours": OpeningHours()})
