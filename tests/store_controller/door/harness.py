"""A fake clock that drives a `DoorMachine` the way the controller's loop does."""

from __future__ import annotations

from dataclasses import dataclass, field

from store_controller.door import DoorConfig, DoorEffect, DoorInput, DoorMachine


@dataclass
class Door:
    """A machine plus the monotonic time the test has moved it to."""

    machine: DoorMachine
    now: float = 0.0
    log: list[tuple[float, DoorEffect]] = field(default_factory=list)

    def send(self, event: DoorInput) -> list[DoorEffect]:
        effects = self.machine.handle(event, self.now)
        self.log += [(self.now, e) for e in effects]
        return effects

    def wait(self, seconds: float) -> list[DoorEffect]:
        """Move the clock, waking the machine at each deadline on the way, like the glue does."""
        target = self.now + seconds
        effects: list[DoorEffect] = []
        deadline = self.machine.next_deadline()
        while deadline is not None and deadline <= target:
            self.now = deadline
            batch = self.machine.tick(deadline)
            self.log += [(deadline, e) for e in batch]
            effects += batch
            following = self.machine.next_deadline()
            assert following is None or following > deadline, "the machine made no progress"
            deadline = following
        self.now = target
        batch = self.machine.tick(target)
        self.log += [(target, e) for e in batch]
        return effects + batch


def make_door(config: DoorConfig | None = None, *, door_open: bool = False) -> Door:
    config = config or DoorConfig()
    return Door(DoorMachine(config, now=0.0, door_open=door_open))
