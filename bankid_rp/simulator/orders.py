"""The simulator's order store: a pure, clock-driven state machine of BankID orders.

No I/O: the web layer passes in the caller's certificate id and the parsed request; time comes
from the injected clock. Timers are applied lazily whenever an order is touched or listed.
Rules mirrored (reference sections 3.4, 6, 9): pickup window -> startFailed, total lifetime ->
expiredTransaction, terminal states readable once (complete 3 min, failed 5 min), unknown,
cancelled or other-certificate orders -> invalidParameters, a second order for the same known
person -> alreadyInProgress and the first order failed/cancelled.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bankid_rp.qr import parse_qr_frame, qr_data, verify_qr_frame
from bankid_rp.simulator.identities import (
    DEFAULT_IDENTITY,
    SimulatedIdentity,
    identity_for,
)
from byabutik.runtime.clock import Clock

OrderKind = Literal["auth", "sign", "phone/auth", "phone/sign"]
Status = Literal["pending", "failed", "complete"]
Scenario = Literal[
    "manual", "success", "userCancel", "expiredTransaction", "certificateErr", "startFailed"
]
SCENARIOS: tuple[str, ...] = (
    "manual",
    "success",
    "userCancel",
    "expiredTransaction",
    "certificateErr",
    "startFailed",
)
PICKED_UP_HINTS = frozenset({"started", "userSign", "userMrtd", "userCallConfirm"})


class OrderError(Exception):
    """A BankID error answer: `code` is the errorCode, `details` free text (never personal data)."""

    def __init__(self, code: str, details: str, status: int = 400) -> None:
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details
        self.status = status


class PhoneError(Exception):
    """The simulated app refuses a tester's action (bad QR, wrong person, order not pending)."""


@dataclass(frozen=True)
class Timing:
    """Server timers in seconds (the real ones are unpublished; the reference's guesses)."""

    pickup: float = 30.0
    lifetime: float = 180.0
    complete_retention: float = 180.0
    failed_retention: float = 300.0
    no_client_after: float = 3.0
    qr_max_age: float = 5.0


@dataclass(frozen=True)
class OrderRequest:
    """The validated fields of auth, sign and phone requests the lifecycle cares about."""

    end_user_ip: str | None = None
    personal_number: str | None = None
    requirement: dict[str, Any] = field(default_factory=dict)
    user_visible_data: str | None = None
    user_non_visible_data: str | None = None
    user_visible_data_format: str | None = None
    return_risk: bool = False
    call_initiator: str | None = None


@dataclass
class Order:
    ref: str
    kind: OrderKind
    client_id: str
    request: OrderRequest
    created_at: float
    scenario: str = "manual"
    auto_start_token: str = field(default_factory=lambda: str(uuid.uuid4()))
    qr_start_token: str = field(default_factory=lambda: str(uuid.uuid4()))
    qr_start_secret: str = field(default_factory=lambda: str(uuid.uuid4()), repr=False)
    status: Status = "pending"
    hint_code: str | None = "outstandingTransaction"
    picked_up: bool = False
    ended_at: float | None = None
    completion: dict[str, Any] | None = None
    collects: int = 0
    mrtd_passed: bool = True
    next_hints: list[str] = field(default_factory=list)
    """Hints still ahead of a picked-up order, shown one per collect, ending at userSign."""

    @property
    def is_phone(self) -> bool:
        return self.kind.startswith("phone/")

    @property
    def required_personal_number(self) -> str | None:
        return self.request.personal_number or self.request.requirement.get("personalNumber")

    def collect_view(self) -> dict[str, Any]:
        """The collect answer: hintCode only if pending/failed, completionData only if complete."""
        view: dict[str, Any] = {"orderRef": self.ref, "status": self.status}
        if self.status == "complete":
            view["completionData"] = self.completion
        elif self.hint_code is not None:
            view["hintCode"] = self.hint_code
        return view


Completer = Callable[[Order, SimulatedIdentity], dict[str, Any]]


def hints_after_pickup(order: Order, *, autostart: bool) -> list[str]:
    """The pending hints of a picked-up order, in the order the real service emits them.

    started (app opened with the autostart token, still looking for the BankID), then
    userCallConfirm (phone orders), userMrtd (when mrtd was required), and userSign last: the
    user enters the security code once the other steps are done.
    """
    hints = ["started"] if autostart else []
    if order.is_phone:
        hints.append("userCallConfirm")
    if order.request.requirement.get("mrtd"):
        hints.append("userMrtd")
    hints.append("userSign")
    return hints


def scripted_steps(order: Order) -> tuple[str, ...]:
    """The states a scripted order walks through, one per collect."""
    first = "userCallConfirm" if order.is_phone else "started"
    picked_up = tuple(hints_after_pickup(order, autostart=not order.is_phone))
    steps: dict[str, tuple[str, ...]] = {
        "success": ("outstandingTransaction", *picked_up, "complete"),
        "userCancel": ("outstandingTransaction", first, "userSign", "failed:userCancel"),
        "certificateErr": ("outstandingTransaction", first, "failed:certificateErr"),
        "expiredTransaction": ("outstandingTransaction", "userSign", "failed:expiredTransaction"),
        "startFailed": ("outstandingTransaction", "noClient", "failed:startFailed"),
    }
    return steps.get(order.scenario, ())


class OrderStore:
    """All orders of one simulator; every method takes the time from `clock`."""

    def __init__(
        self,
        *,
        clock: Clock,
        completer: Completer,
        timing: Timing | None = None,
        default_scenario: str = "manual",
    ) -> None:
        self._clock = clock
        self._complete_with = completer
        self.timing = timing or Timing()
        self.default_scenario = default_scenario
        self._orders: dict[str, Order] = {}

    # RP side -------------------------------------------------------------------------------

    def create(
        self, *, kind: OrderKind, client_id: str, request: OrderRequest, scenario: str | None = None
    ) -> Order:
        """Start an order, or fail both it and the running one for the same person."""
        self._expire_all()
        order = Order(
            str(uuid.uuid4()),
            kind,
            client_id,
            request,
            self._clock.monotonic(),
            scenario=scenario or self.default_scenario,
        )
        person = order.required_personal_number
        if person is not None:
            for other in self._orders.values():
                if other.status == "pending" and other.required_personal_number == person:
                    self._fail(other, "cancelled")
                    raise OrderError("alreadyInProgress", "Order already in progress for pno")
        self._orders[order.ref] = order
        return order

    def collect(self, ref: str, client_id: str) -> dict[str, Any]:
        order = self._owned(ref, client_id)
        if order.status == "pending" and order.scenario != "manual":
            self._script_step(order)
        view = order.collect_view()
        order.collects += 1
        if order.status == "pending" and order.next_hints:
            order.hint_code = order.next_hints.pop(0)  # the next collect shows the next step
        if order.status != "pending":
            del self._orders[ref]  # a terminal state is read once
        return view

    def cancel(self, ref: str, client_id: str) -> None:
        order = self._owned(ref, client_id)
        if order.status != "pending":
            raise OrderError("invalidParameters", "Order cannot be cancelled")
        del self._orders[ref]

    # App side (the phone page) -------------------------------------------------------------

    def pending(self) -> list[Order]:
        self._expire_all()
        return [order for order in self._orders.values() if order.status == "pending"]

    def get(self, ref: str) -> Order | None:
        self._expire_all()
        return self._orders.get(ref)

    def open_qr(self, qr_text: str) -> Order:
        """The app scanned `qr_text`: check its HMAC and age like BankID, then show the order."""
        frame = parse_qr_frame(qr_text)
        if frame is None:
            raise PhoneError("not a BankID QR code")
        order = self._pending_where(lambda o: o.qr_start_token == frame.qr_start_token)
        if not verify_qr_frame(frame, order.qr_start_secret):
            raise PhoneError("the QR code's authentication code is wrong")
        elapsed = self._clock.monotonic() - order.created_at
        if frame.seconds > elapsed + 1 or elapsed - frame.seconds > self.timing.qr_max_age:
            raise PhoneError("the QR code is too old; scan the live code")
        return self._open(order, autostart=False)

    def scan_live(self, ref: str) -> Order:
        """A tester shortcut: scan the frame the RP's screen shows now (same checks as a scan)."""
        order = self._pending_where(lambda o: o.ref == ref and not o.is_phone)
        seconds = math.floor(self._clock.monotonic() - order.created_at)
        return self.open_qr(qr_data(order.qr_start_token, order.qr_start_secret, seconds))

    def open_autostart(self, token: str) -> Order:
        order = self._pending_where(lambda o: o.auto_start_token == token)
        return self._open(order, autostart=True)

    def open_phone_order(self, ref: str) -> Order:
        """A phone order is pushed to the user's app; the tester opens it by reference."""
        order = self._pending_where(lambda o: o.ref == ref and o.is_phone)
        return self._open(order, autostart=False)

    def approve(
        self, ref: str, personal_number: str | None = None, *, mrtd_passed: bool = True
    ) -> Order:
        """The user completes the order; `mrtd_passed` is what `stepUp.mrtd` reports."""
        order = self._pending_where(lambda o: o.ref == ref and o.picked_up)
        order.mrtd_passed = mrtd_passed
        identity = identity_for(personal_number) if personal_number else self._identity(order)
        required = order.required_personal_number
        if required is not None and identity.personal_number != required:
            raise PhoneError("this order is for another person's BankID")
        self._complete(order, identity)
        return order

    def user_cancel(self, ref: str) -> Order:
        return self.fail(ref, "userCancel")

    def fail(self, ref: str, hint_code: str) -> Order:
        order = self._pending_where(lambda o: o.ref == ref)
        self._fail(order, hint_code)
        return order

    def set_scenario(self, ref: str, scenario: str) -> Order:
        order = self._pending_where(lambda o: o.ref == ref)
        order.scenario = scenario
        return order

    # Internals -----------------------------------------------------------------------------

    def _owned(self, ref: str, client_id: str) -> Order:
        self._expire_all()
        order = self._orders.get(ref)
        if order is None or order.client_id != client_id:
            raise OrderError("invalidParameters", "No such order")
        return order

    def _pending_where(self, match: Callable[[Order], bool]) -> Order:
        for order in self.pending():
            if match(order):
                return order
        raise PhoneError("no such pending order")

    def _open(self, order: Order, *, autostart: bool) -> Order:
        """The app picked the order up: its first hint now, the later ones one per collect."""
        if order.picked_up and order.hint_code != "started":
            raise PhoneError("the order is already open in an app")
        if order.picked_up:  # started by autostart, now scanned: past the "started" step
            autostart = False
        order.picked_up = True
        hints = hints_after_pickup(order, autostart=autostart)
        order.hint_code, order.next_hints = hints[0], hints[1:]
        return order

    def _identity(self, order: Order) -> SimulatedIdentity:
        required = order.required_personal_number
        return identity_for(required) if required else DEFAULT_IDENTITY

    def _script_step(self, order: Order) -> None:
        steps = scripted_steps(order)
        if not steps:
            return
        step = steps[min(order.collects, len(steps) - 1)]
        if step == "complete":
            self._complete(order, self._identity(order))
        elif step.startswith("failed:"):
            self._fail(order, step.removeprefix("failed:"))
        else:
            order.hint_code = step
            order.picked_up = order.picked_up or step in PICKED_UP_HINTS

    def _complete(self, order: Order, identity: SimulatedIdentity) -> None:
        # The completion data first: a collect from another thread that sees "complete" must
        # find it (the status is the last thing a reader checks).
        order.completion = self._complete_with(order, identity)
        order.ended_at = self._clock.monotonic()
        order.status, order.hint_code = "complete", None

    def _fail(self, order: Order, hint_code: str) -> None:
        order.next_hints = []
        order.status, order.hint_code = "failed", hint_code
        order.ended_at = self._clock.monotonic()

    def _expire_all(self) -> None:
        now = self._clock.monotonic()
        for ref, order in list(self._orders.items()):
            if order.status == "pending":
                self._apply_timers(order, now)
            if order.ended_at is not None:
                retention = (
                    self.timing.complete_retention
                    if order.status == "complete"
                    else self.timing.failed_retention
                )
                if now - order.ended_at >= retention:
                    del self._orders[ref]

    def _apply_timers(self, order: Order, now: float) -> None:
        age = now - order.created_at
        t = self.timing
        if age >= t.lifetime:
            self._fail(order, "expiredTransaction")
            order.ended_at = order.created_at + t.lifetime
        elif not order.picked_up and age >= t.pickup:
            self._fail(order, "startFailed")
            order.ended_at = order.created_at + t.pickup
        elif not order.picked_up and age >= t.no_client_after and order.scenario == "manual":
            order.hint_code = "noClient"
