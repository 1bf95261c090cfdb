"""The door's side of sync: backoffice commands in (`CommandHandler`), door status out."""

from __future__ import annotations

import logging

from pydantic import ValidationError

from retail import wire
from store_controller.door import AccessPolicy, DoorState
from store_controller.entry.service import DoorService
from store_controller.sync.ports import CommandOutcome

log = logging.getLogger(__name__)

DOOR_STILL_OPEN = "the door still stands open: close it, then acknowledge again"

WIRE_STATE = {
    DoorState.LOCKED: wire.DoorState.LOCKED,
    DoorState.LOCKDOWN: wire.DoorState.LOCKED,
    DoorState.UNLOCKED: wire.DoorState.UNLOCKED,
    DoorState.MAINTENANCE: wire.DoorState.UNLOCKED,
    DoorState.OPEN: wire.DoorState.OPEN,
    DoorState.HELD_OPEN: wire.DoorState.OPEN,
    DoorState.FORCED_OPEN: wire.DoorState.OPEN,
    DoorState.CONTACT_FAULT: wire.DoorState.UNKNOWN,
}


class PolicyHolder:
    """The store's access policy now: the configured defaults, with lock-down switched by
    commands (a later catalog pull may replace the whole policy).

    Lock-down has two sources: a command (at once) and the policy the owner edits (at the next
    pull). The last word wins: a received policy changes the lock-down only when its own
    `lockdown` differs from the previous policy received, so a policy sent for another reason
    never undoes a command's lock-down, and the owner's switch in the editor always takes.
    """

    def __init__(self, policy: AccessPolicy) -> None:
        self.current = policy
        self._sent_lockdown: bool | None = None  # in the last policy received

    def __call__(self) -> AccessPolicy:
        return self.current

    def set_lockdown(self, on: bool) -> None:
        self.current = self.current.model_copy(update={"lockdown": on})

    def replace(self, received: wire.AccessPolicy) -> bool:
        """Take the backoffice's policy (its `rules` are this store's `AccessPolicy` as JSON).

        Lock-down stays as the commands set it. A policy this controller cannot read is refused
        with a warning and the current one kept: a typo in the backoffice must not open or close
        the store by accident.
        """
        try:
            policy = AccessPolicy.model_validate(received.rules)
        except ValidationError as exc:
            log.warning(
                "access policy from the backoffice refused; keeping the current one",
                extra={"policy_version": received.version, "errors": exc.error_count()},
            )
            return False
        sent, before = policy.lockdown, self._sent_lockdown
        follows = sent != before and (before is not None or sent)
        self._sent_lockdown = sent
        lockdown = sent if follows else self.current.lockdown
        self.current = policy.model_copy(update={"lockdown": lockdown})
        log.info("access policy replaced", extra={"policy_version": received.version})
        return True


class DoorCommands:
    """Implements `sync.ports.CommandHandler` (remote unlock, lock-down) and the door's part of
    `StatusProvider`. Runs on the event loop; every command is audited by the door machine."""

    def __init__(self, door: DoorService, policy: PolicyHolder) -> None:
        self._door = door
        self._policy = policy

    async def handle(self, command: wire.Command) -> CommandOutcome:
        body = command.body
        reason = f"backoffice command {command.command_id}"
        if isinstance(body, wire.RemoteUnlock):
            done = self._door.remote_unlock(
                operator=command.issued_by, reason=reason, window_s=float(body.seconds)
            )
            if not done:
                return CommandOutcome(wire.CommandStatus.REJECTED, "the store is locked down")
            return CommandOutcome(wire.CommandStatus.DONE)
        if isinstance(body, wire.LockDown):
            self.lockdown(on=body.on, operator=command.issued_by, reason=reason)
            return CommandOutcome(wire.CommandStatus.DONE)
        if isinstance(body, wire.AcknowledgeForced):
            return self.acknowledge_forced(command.issued_by)
        return CommandOutcome(wire.CommandStatus.REJECTED, "not a door command")

    def acknowledge_forced(self, operator: str) -> CommandOutcome:
        """Clear the latched forced-door alarm for a person in the backoffice; refused (and the
        alarm kept) while the door still stands forced open."""
        door = self._door
        if door.acknowledge_forced():
            log.info("forced-door alarm acknowledged from the backoffice by %s", operator)
            return CommandOutcome(wire.CommandStatus.DONE, "forced-door alarm cleared")
        if door.forced_latched:
            return CommandOutcome(wire.CommandStatus.REJECTED, DOOR_STILL_OPEN)
        return CommandOutcome(wire.CommandStatus.DONE, "no forced-door alarm was latched")

    def take_policy(self, received: wire.AccessPolicy) -> bool:
        """A policy from the backoffice; when it switches the lock-down, the machine follows."""
        was = self._policy.current.lockdown
        if not self._policy.replace(received):
            return False
        now = self._policy.current.lockdown
        if now != was:
            reason = f"access policy version {received.version}"
            if now:
                self._door.start_lockdown(operator="backoffice", reason=reason)
            else:
                self._door.end_lockdown(operator="backoffice")
        return True

    def lockdown(self, *, on: bool, operator: str, reason: str) -> None:
        """Both places: the policy (the screen's reason) and the machine (the real-time guard)."""
        self._policy.set_lockdown(on)
        if on:
            self._door.start_lockdown(operator=operator, reason=reason)
        else:
            self._door.end_lockdown(operator=operator)

    def door(self) -> wire.DoorState:
        return WIRE_STATE[self._door.state]

    def lock_down(self) -> bool:
        return self._policy.current.lockdown

    def temperatures(self) -> tuple[wire.Temperature, ...]:
        return ()

    def devices(self) -> tuple[wire.DeviceHealth, ...]:
        return ()
