"""Sign in with BankID: start an auth order, show its QR (desktop) or open the app (phone), poll.

A user of the `bankid_rp` library, the same client and simulator the stores use. No page here:
the people-and-access code calls this service from its routes and keeps the `SignInOrder`
server side (in the session row), because the QR secret must never reach the browser and a
backoffice may run several workers. A completed sign-in gives a `SignedInPerson` whose identity is
the keyed hash of the personal number (HMAC-SHA256 under the backoffice's identity key), never
the number itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from bankid_rp import BankIdClient, BankIdError, BankIdUnavailable, UserMessage
from bankid_rp.messages import DeviceKind, error_message, failed_message, pending_message
from bankid_rp.models import OrderStarted
from byabutik.runtime.clock import Clock, SystemClock
from retail import Personnummer, PersonnummerError

SignInState = Literal["pending", "complete", "failed"]


@dataclass(frozen=True)
class SignInOrder:
    """A started sign-in: keep it server side; `qr_start_secret` must stay there."""

    order_ref: str
    auto_start_token: str
    qr_start_token: str
    qr_start_secret: str = field(repr=False)
    started_at: float  # wall-clock epoch seconds when BankID answered: the same in every worker
    same_device: bool

    def autostart_url(self, redirect: str = "null") -> str:
        """Open the BankID app on this phone (same-device sign-in)."""
        return f"https://app.bankid.com/?autostarttoken={self.auto_start_token}&redirect={redirect}"


@dataclass(frozen=True)
class SignedInPerson:
    """Who signed in: a keyed identity hash, the birth date and the name BankID gave."""

    identity_hash: str
    birth_date: dt.date
    given_name: str
    surname: str


@dataclass(frozen=True)
class SignInStatus:
    """One poll's answer: the state, the message to show (sv/en), and the person once complete."""

    state: SignInState
    message: UserMessage | None  # None once complete: the page moves on
    hint_code: str | None = None
    person: SignedInPerson | None = None


class SignInError(Exception):
    """BankID completed, but with a personal number we cannot use (never shown to the user)."""


def order_qr_frame(order: SignInOrder, at: dt.datetime) -> str:
    """The frame of a started order at wall-clock time `at`."""
    started = OrderStarted(
        order.order_ref,
        order.auto_start_token,
        order.qr_start_token,
        order.qr_start_secret,
        order.started_at,
    )
    return started.qr_from(order.started_at).frame_at(at.timestamp())


class BankIdSignIn:
    """Sign-in orders through one `BankIdClient`; stateless, so any worker can poll any order."""

    def __init__(
        self,
        client: BankIdClient,
        *,
        hash_key: bytes,
        clock: Clock | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        """`now` is the wall clock orders are started and QR frames drawn by (the app's)."""
        self._client = client
        self._key = hash_key
        self._clock = clock or SystemClock()
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    async def start(self, *, end_user_ip: str, same_device: bool = False) -> SignInOrder:
        """Start an auth order for the user at `end_user_ip` (raises `BankIdError`)."""
        order = await self._client.auth(end_user_ip=end_user_ip)
        return SignInOrder(
            order.order_ref,
            order.auto_start_token,
            order.qr_start_token,
            order.qr_start_secret,
            self._now().timestamp(),  # not the client's monotonic time: any worker draws frames
            same_device,
        )

    def qr_data(self, order: SignInOrder, at: dt.datetime | None = None) -> str:
        """The QR frame to show at `at` (default now; a new one every second, computed here,
        never in a browser), the same in whichever worker computes it."""
        return order_qr_frame(order, at or self._now())

    async def poll(self, order: SignInOrder, *, device: DeviceKind = "computer") -> SignInStatus:
        """Collect once (call every 2 s): pending with its message, failed, or the person."""
        qr = not order.same_device
        try:
            result = await self._client.collect(order.order_ref)
        except BankIdUnavailable as error:  # BankID busy: keep polling, tell the user
            return SignInStatus("pending", error_message(error))
        except BankIdError as error:
            return SignInStatus("failed", error_message(error))
        if result.status == "pending":
            message = pending_message(
                result.hint_code, qr=qr, autostarted=order.same_device, device=device
            )
            return SignInStatus("pending", message, result.hint_code)
        if result.status == "failed" or result.completion_data is None:
            return SignInStatus("failed", failed_message(result.hint_code, qr=qr), result.hint_code)
        user = result.completion_data.user
        try:
            number = Personnummer.parse(user.personal_number.digits)
            person = SignedInPerson(
                number.keyed_hash(self._key), number.birth_date, user.given_name, user.surname
            )
        except PersonnummerError:
            raise SignInError(
                "BankID's personal number is unusable (or the key too short)"
            ) from None
        return SignInStatus("complete", None, None, person)

    async def cancel(self, order: SignInOrder) -> None:
        """The user gave up (or the page closed): cancel at BankID; an ended order is fine."""
        with contextlib.suppress(BankIdError):
            await self._client.cancel(order.order_ref)
