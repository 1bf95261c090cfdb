"""`install_door`: the door, its BankID entry and its screens wired into the controller.

Checks at start that no lease of the door machine is longer than the lock driver allows,
subscribes the door service to the drivers' door events, builds the BankID client lazily, and
mounts /door (and /sim/door when the pins are gpiozero's MockFactory).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import FastAPI

from byabutik.runtime.clock import Clock as BankIdClock
from drivers.events import (
    DeviceFault,
    DoorClosed,
    DoorOpened,
    ExitRequested,
    LockEngaged,
    LockReleased,
)
from drivers.gpio.simulation import SimulatedWiring
from store_controller.door import DoorState
from store_controller.entry.admission import Admission
from store_controller.entry.bankid import LazyBankIdClient, build_bankid_client
from store_controller.entry.commands import DoorCommands, PolicyHolder
from store_controller.entry.hours import HoursView, hours_view
from store_controller.entry.login import EntryDesk, Login
from store_controller.entry.service import DoorService
from store_controller.entry.sim_web import router as sim_router
from store_controller.entry.view import (
    DOOR_TOPIC,
    SIM_TOPIC,
    door_document,
    forced_alarm_text,
    login_document,
    sim_document,
)
from store_controller.entry.web import phone_topic
from store_controller.entry.web import router as door_router
from store_controller.i18n import Text
from store_controller.runtime import Screen, StoreController

if TYPE_CHECKING:
    from bankid_rp.client import BankIdClient

log = logging.getLogger(__name__)

HOURS_REFRESH_S = 20.0


@dataclass
class DoorFeature:
    """What `install_door` built (also on `app.state.door`)."""

    service: DoorService
    desk: EntryDesk
    commands: DoorCommands
    policy: PolicyHolder
    wiring: SimulatedWiring | None


def check_lease_fits(controller: StoreController) -> None:
    """Refuse to start if the machine's leases are longer than the driver's watchdog window."""
    max_energise = controller.settings.door.max_energise_s
    max_unlock = controller.devices.door_lock.max_unlock_s
    if max_energise > max_unlock:
        raise ValueError(
            f"door.max_energise_s ({max_energise}) must not exceed the door lock's "
            f"max_unlock_s ({max_unlock}): the relay would drop between lease renewals"
        )


def install_door(
    app: FastAPI,
    controller: StoreController,
    *,
    bankid_client: Callable[[], BankIdClient] | None = None,
    bankid_clock: BankIdClock | None = None,
) -> DoorFeature:
    """Wire the door; tests may pass their own BankID client factory and clock."""
    check_lease_fits(controller)
    settings = controller.settings
    devices = controller.devices
    wiring = _simulated_wiring(controller)
    policy = PolicyHolder(settings.policy)
    service = DoorService(
        config=settings.door,
        lock=devices.door_lock,
        sessions=controller.sessions,
        clock=controller.clock,
        buzzer=devices.signals.get("buzzer"),
        contact_name=devices.door_contact.name,
        lock_name=devices.door_lock.name,
        zone=lambda: policy().zone,
    )
    admission = Admission(
        door=service,
        sessions=controller.sessions,
        clock=controller.clock,
        policy=policy,
        hash_key=controller.identity_key,
    )
    publish = _Publisher(controller, service, wiring, policy)
    desk = EntryDesk(
        client=LazyBankIdClient(bankid_client or (lambda: build_bankid_client(settings.bankid))),
        bankid=settings.bankid,
        config=settings.entry,
        admission=admission,
        sessions=controller.sessions,
        clock=controller.clock,
        on_change=publish.login,
        on_forget=lambda login: controller.live.forget(phone_topic(login.key)),
        bankid_clock=bankid_clock,
    )
    publish.desk = desk
    service.on_state(lambda _state: publish.door())
    feature = DoorFeature(service, desk, DoorCommands(service, policy), policy, wiring)
    _subscribe(controller, service, publish)
    _lifecycle(controller, feature, publish)
    app.state.door = feature
    app.state.entry_desk = desk
    app.include_router(door_router)
    controller.screens.append(
        Screen("/door", Text("Dörren", "Door"), Text("Skärmen vid entrén", "The entrance screen"))
    )
    if wiring is not None:
        app.state.door_wiring = wiring
        app.include_router(sim_router)
        controller.screens.append(
            Screen(
                "/sim/door",
                Text("Simulerad dörr", "Simulated door"),
                Text("Öppna och stäng dörren, se reläet", "Open and close the door, see the relay"),
            )
        )
    return feature


def _simulated_wiring(controller: StoreController) -> SimulatedWiring | None:
    """The mock pins' hands, with the simulated door starting closed."""
    if controller.settings.hardware.pin_factory != "mock":
        return None
    wiring = SimulatedWiring(controller.settings.hardware, controller.devices.pin_factory)
    wiring.close_door()
    return wiring


class _Publisher:
    """Puts the door screen, the phone pages and the simulated door on the live channel."""

    def __init__(
        self,
        controller: StoreController,
        service: DoorService,
        wiring: SimulatedWiring | None,
        policy: PolicyHolder,
    ) -> None:
        self._controller = controller
        self._service = service
        self._wiring = wiring
        self._policy = policy
        self._hours: HoursView | None = None
        self.desk: EntryDesk | None = None

    def hours(self) -> HoursView:
        return hours_view(self._policy(), self._controller.clock.now())

    def refresh_hours(self) -> None:
        """Republish the door screen when the store has opened or closed since last time."""
        if self.hours() != self._hours:
            self.door()

    def login(self, login: Login) -> None:
        if login.kind == "qr":
            self.door()
        else:
            self._controller.live.publish(phone_topic(login.key), login_document(login))

    def door(self) -> None:
        if self.desk is not None:
            self._hours = self.hours()
            document = door_document(self.desk.door, self._service.state, self._hours)
            self._controller.live.publish(DOOR_TOPIC, document)
        self.sim()

    def sim(self, _event: object = None) -> None:
        if self._wiring is None:
            return
        state: DoorState = self._service.state
        service = self._service
        alarm = forced_alarm_text(service.forced_at, self._policy().zone)
        document = sim_document(
            state=state,
            energised=self._wiring.strike_energised(),
            door_open=not self._controller.devices.door_contact.is_closed,
            alarm=alarm if service.forced_latched else None,
        )
        self._controller.live.publish(SIM_TOPIC, document)


def _subscribe(controller: StoreController, service: DoorService, publish: _Publisher) -> None:
    """Door events reach the machine; events from before the machine was built are dropped
    (the contact's settled state at start already includes them)."""
    booted = [float("inf")]

    def fresh(at: float) -> bool:
        return at >= booted[0]

    def opened(event: DoorOpened) -> None:
        if fresh(event.at_monotonic):
            service.on_door_opened(event)

    def closed(event: DoorClosed) -> None:
        if fresh(event.at_monotonic):
            service.on_door_closed(event)

    bus = controller.bus
    bus.subscribe(DoorOpened, opened)
    bus.subscribe(DoorClosed, closed)
    bus.subscribe(ExitRequested, service.on_exit_requested)
    bus.subscribe(DeviceFault, service.on_device_fault)
    bus.subscribe(LockEngaged, service.on_lock_engaged)
    for kind in (DoorOpened, DoorClosed, LockReleased, LockEngaged):
        bus.subscribe(kind, publish.sim)

    def start() -> None:
        booted[0] = controller.devices.scheduler.now()
        service.start(door_open=not controller.devices.door_contact.is_closed)
        publish.door()

    controller.on_start(start)


def _lifecycle(controller: StoreController, feature: DoorFeature, publish: _Publisher) -> None:
    clock: list[asyncio.Task[None]] = []

    async def watch_hours() -> None:  # the door screen says "closed" the minute the store closes
        while True:
            await asyncio.sleep(HOURS_REFRESH_S)
            publish.refresh_hours()

    def start() -> None:
        clock.append(asyncio.create_task(watch_hours(), name="door-hours"))

    async def stop() -> None:
        for task in clock:
            task.cancel()
        await feature.desk.close()
        feature.service.stop()

    controller.on_start(start)
    controller.on_stop(stop)
