"""`EntryDesk`: BankID logins at the door, from the screen's button to the door's answer.

The door screen runs one login at a time (animated QR, pushed each second); phones that scanned
the sticker on the door run their own same-device logins (autostart link). Each login is a task
on the event loop driving one `OrderFlow`; the QR frames are computed here, and only the current
frame's text ever leaves the controller.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from bankid_rp.config import BankIdConfig
from bankid_rp.errors import BankIdError, BankIdUnavailable
from byabutik.runtime.clock import Clock as BankIdClock
from byabutik.runtime.clock import SystemClock as BankIdSystemClock
from retail.wire import AlertCategory, Severity
from store_controller.alerts import service as alerts
from store_controller.core.clock import Clock
from store_controller.db.sessions import Sessions
from store_controller.entry.admission import Admission
from store_controller.entry.bankid import LazyBankIdClient
from store_controller.entry.config import EntryConfig
from store_controller.i18n import Text

if TYPE_CHECKING:
    from bankid_rp.flow import OrderProgress
    from bankid_rp.models import OrderStarted

log = logging.getLogger(__name__)

Phase = Literal["idle", "starting", "pending", "granted", "refused", "failed", "unavailable"]
Kind = Literal["qr", "autostart"]
VISIBLE_TEXT = "Inpassering i butiken / Entry to the store"
UNAVAILABLE = Text(
    "BankID går inte att nå just nu, så dörren kan inte öppnas med BankID. Försök igen om en "
    "stund.",
    "BankID cannot be reached right now, so the door cannot be opened with BankID. Please try "
    "again shortly.",
)
BROKEN = Text("Något gick fel. Försök igen.", "Something went wrong. Please try again.")
STARTING = Text("Startar BankID…", "Starting BankID…")


class TooManyLogins(Exception):  # noqa: N818 - reads as a verdict
    """More same-device logins than `max_phone_logins` are running."""


@dataclass
class Login:
    """One login and what its screen shows."""

    key: str
    kind: Kind
    end_user_ip: str
    phase: Phase = "idle"
    message: Text | None = None
    qr_data: str | None = None
    autostart_url: str | None = None
    auto_start_token: str | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        return self.phase in ("starting", "pending")

    def show(self, phase: Phase, message: Text | None, qr_data: str | None = None) -> None:
        self.phase, self.message, self.qr_data = phase, message, qr_data


class EntryDesk:
    """Starts, follows and ends BankID logins; hands completed ones to `Admission`.

    Runs on the event loop. `on_change(login)` is called whenever a login's screen changes (the
    wiring publishes it to the door screen or the phone page).
    """

    def __init__(
        self,
        *,
        client: LazyBankIdClient,
        bankid: BankIdConfig,
        config: EntryConfig,
        admission: Admission,
        sessions: Sessions,
        clock: Clock,
        on_change: Callable[[Login], None],
        on_forget: Callable[[Login], None] = lambda _login: None,
        bankid_clock: BankIdClock | None = None,
    ) -> None:
        self._client = client
        self._bankid = bankid
        self._config = config
        self._admission = admission
        self._sessions = sessions
        self._clock = clock
        self._on_change = on_change
        self._on_forget = on_forget
        self._bankid_clock = bankid_clock or BankIdSystemClock()
        self._unavailable_alert: str | None = None
        self.door = Login("door", "qr", str(config.end_user_ip))
        self.phones: dict[str, Login] = {}

    # --- the door screen ----------------------------------------------------------------------

    def login_at_door(self) -> Login:
        """Start a QR login on the door screen, unless one is running already."""
        if not self.door.running:
            self._cancel_task(self.door)
            self._start(self.door)
        return self.door

    async def cancel_at_door(self) -> None:
        """Show the idle screen at once and stop the door screen's login; returns once its
        order is cancelled at BankID (or BankID could not be reached)."""
        task = self.door.task
        self._cancel_task(self.door)
        self.door.show("idle", None)
        self.door.autostart_url = None
        self._on_change(self.door)
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # --- phones (same device) -----------------------------------------------------------------

    def login_on_phone(self, end_user_ip: str) -> Login:
        """Start a same-device login for a phone; raises `TooManyLogins`."""
        self._forget_finished_phones()
        if len(self.phones) >= self._config.max_phone_logins:
            raise TooManyLogins("too many phone logins at once")
        login = Login(secrets.token_urlsafe(16), "autostart", end_user_ip)
        self.phones[login.key] = login
        self._start(login)
        return login

    def cancel_on_phone(self, key: str) -> None:
        login = self.phones.pop(key, None)
        if login is not None:
            self._cancel_task(login)
            self._on_forget(login)

    async def close(self) -> None:
        for login in [self.door, *self.phones.values()]:
            self._cancel_task(login)
            if login.task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await login.task
        await self._client.aclose()

    # --- one login ----------------------------------------------------------------------------

    def _start(self, login: Login) -> None:
        login.show("starting", STARTING)
        login.autostart_url = login.auto_start_token = None
        self._on_change(login)
        login.task = asyncio.create_task(self._run(login), name=f"login-{login.kind}")

    def _cancel_task(self, login: Login) -> None:
        if login.task is not None and not login.task.done():
            login.task.cancel()  # a pending order is then cancelled at BankID by the task

    async def _run(self, login: Login) -> None:
        order: OrderStarted | None = None
        ended = False
        try:
            try:
                order = await self._order(login)
                if order is None:
                    self._unavailable(login)
                else:
                    self._clear_unavailable()
                    await self._follow(login, order)
            except Exception:  # a broken step must not leave the screen stuck in "pending"
                log.exception("door login failed")
                if order is not None:
                    await self._cancel_order(order.order_ref)  # refused if it completed
                login.show("failed", BROKEN)
                self._on_change(login)
            ended = True
            await self._bankid_clock.sleep(self._linger(login))
        except asyncio.CancelledError:
            if order is not None and not ended:
                await self._cancel_order(order.order_ref)
            raise
        if login.kind == "qr":
            login.show("idle", None)
            login.autostart_url = None
            self._on_change(login)

    async def _order(self, login: Login) -> OrderStarted | None:
        try:
            client = self._client.get()
            return await client.auth(end_user_ip=login.end_user_ip, user_visible_data=VISIBLE_TEXT)
        except (BankIdError, OSError, ValueError) as exc:
            log.warning("bankid login could not start", extra={"error": type(exc).__name__})
            return None

    async def _follow(self, login: Login, order: OrderStarted) -> None:
        from bankid_rp.flow import OrderFlow  # the flow's models load with the first login

        flow = OrderFlow.from_config(
            self._client.get(),
            order,
            self._bankid,
            clock=self._bankid_clock,
            autostarted=login.kind == "autostart",
            device="mobile" if login.kind == "autostart" else "computer",
        )
        if login.kind == "autostart":
            login.auto_start_token = order.auto_start_token
            login.autostart_url = (
                f"bankid:///?autostarttoken={order.auto_start_token}&redirect=null"
            )
        async for progress in flow.updates():
            self._progress(login, progress)
            self._on_change(login)

    def _progress(self, login: Login, progress: OrderProgress) -> None:
        # BankID's message is shown only while pending or failed: a completed login shows the
        # verdict, and builds no Text it does not show (the door entry's hot path)
        if not progress.done:
            qr = progress.qr_data if login.kind == "qr" else None
            login.show("pending", Text(progress.message.sv, progress.message.en), qr)
        elif progress.state == "complete" and progress.completion is not None:
            user = progress.completion.user
            verdict = self._admission.admit(user.personal_number.digits, user.name)
            login.show("granted" if verdict.granted else "refused", verdict.text)
        elif isinstance(progress.error, BankIdUnavailable):
            self._unavailable(login)
        else:
            login.show("failed", Text(progress.message.sv, progress.message.en))

    def _unavailable(self, login: Login) -> None:
        login.show("unavailable", UNAVAILABLE)
        self._on_change(login)
        if self._unavailable_alert is None:
            self._unavailable_alert = str(uuid.uuid4())
            alerts.raise_alert(
                self._sessions,
                alert_id=self._unavailable_alert,
                category=AlertCategory.BANKID_UNAVAILABLE,
                severity=Severity.WARNING,
                message="BankID cannot be reached: nobody can enter with BankID",
                details={},
                at=self._clock.now(),
            )

    def _clear_unavailable(self) -> None:
        if self._unavailable_alert is not None:
            alerts.clear_alert(self._sessions, self._unavailable_alert, at=self._clock.now())
            self._unavailable_alert = None

    async def _cancel_order(self, order_ref: str) -> None:
        with contextlib.suppress(BankIdError, OSError):
            await self._client.get().cancel(order_ref)

    def _linger(self, login: Login) -> float:
        if login.phase in ("granted", "refused"):
            return self._config.result_s
        return self._config.failed_s

    def _forget_finished_phones(self) -> None:
        for key, login in list(self.phones.items()):
            if login.task is not None and login.task.done():
                del self.phones[key]
                self._on_forget(login)
