"""What sync needs from the rest of the controller, as ports (typing.Protocol).

The checkout's catalog implements `CatalogSink`, the door implements `CommandHandler`, and
`StatusProvider` gathers what a heartbeat reports. Each has a simple twin for tests and for a
controller that lacks the feature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from retail import wire


class CatalogSink(Protocol):
    """The local catalog, fed by catalog pulls.

    Called from a worker thread (never the event loop), one call at a time.
    `apply` must be atomic: the page's products, removals, settings and access policy and the new
    `revision` are committed together, or nothing is (on any exception nothing changed). With
    `changes.full` the page replaces the whole catalog (products not in it are deactivated, not
    deleted: past sales refer to them); otherwise it upserts `products` and deactivates
    `removed_skus`. A product's `scheduled_prices` are kept for the sink to apply at their time.
    """

    def revision(self) -> int:
        """The catalog revision last applied (0: never; the next pull is a full one)."""
        ...

    def apply(self, changes: wire.CatalogChanges) -> None:
        """Apply one page atomically, ending at `changes.revision`."""
        ...

    def features(self) -> frozenset[str]:
        """The features named on the last complete pull (empty: none, or never)."""
        ...

    def remember_features(self, features: frozenset[str]) -> None:
        """Note the features a pull that just completed named (kept across restarts)."""
        ...


class StockSink(Protocol):
    """The local stock, fed by pulls of the backoffice's stock book (deliveries, waste, counts,
    transfers). Called from a worker thread, one call at a time. `apply` commits the page's new
    movements and the cursor together; a movement already applied (by its book id) is skipped."""

    def cursor(self) -> int:
        """The last book id applied (0: none)."""
        ...

    def apply(self, changes: wire.StockChanges) -> int:
        """Apply one page; the cursor now held (short of the page's if it had to stop)."""
        ...


class MembersSink(Protocol):
    """The store's member accounts, fed by pulls of the association's member standings.

    Called from a worker thread, one call at a time. `snapshot` is taken just before the
    question (what the backoffice may not have booked yet); `apply` replaces the standings
    held with the whole list atomically, so applying it twice changes nothing."""

    def snapshot(self) -> Any: ...

    def apply(self, standings: wire.MemberStandings, snapshot: Any) -> None: ...


@dataclass(frozen=True)
class CommandOutcome:
    """What became of a command: DONE, or REJECTED with a short reason (no personal data)."""

    status: wire.CommandStatus
    detail: str = ""


class CommandHandler(Protocol):
    """Carries out the door's commands: `RemoteUnlock` and `LockDown`.

    Called on the event loop, once per command id while the process lives (an ack lost in
    transit can make a command arrive again after a restart; an unlock is bounded by its
    `seconds`, a lock-down is idempotent). Must not block: hand the command to the door's
    state machine and return. Expired commands never reach the handler. Settings reloads and
    resyncs are handled by sync itself.
    """

    async def handle(self, command: wire.Command) -> CommandOutcome:
        """Carry out `command` (its `body` is a RemoteUnlock or a LockDown)."""
        ...


class StatusProvider(Protocol):
    """What the heartbeat reports about the store, read on the event loop (must be quick)."""

    def door(self) -> wire.DoorState: ...

    def lock_down(self) -> bool: ...

    def temperatures(self) -> tuple[wire.Temperature, ...]: ...

    def devices(self) -> tuple[wire.DeviceHealth, ...]: ...


class UnknownStatus:
    """A `StatusProvider` for a controller whose door and sensors are not wired to sync yet."""

    def door(self) -> wire.DoorState:
        return wire.DoorState.UNKNOWN

    def lock_down(self) -> bool:
        return False

    def temperatures(self) -> tuple[wire.Temperature, ...]:
        return ()

    def devices(self) -> tuple[wire.DeviceHealth, ...]:
        return ()


class RefusingCommandHandler:
    """A `CommandHandler` for a controller without a door: every command is rejected."""

    async def handle(self, command: wire.Command) -> CommandOutcome:
        return CommandOutcome(wire.CommandStatus.REJECTED, "no door handler on this controller")


class MemoryCatalog:
    """A `CatalogSink` in memory: the test twin, and a record of what a pull delivered."""

    def __init__(self) -> None:
        self.products: dict[str, wire.Product] = {}
        self.settings: wire.StoreSettings | None = None
        self.access_policy: wire.AccessPolicy | None = None
        self._revision = 0
        self._features: frozenset[str] = frozenset()

    def revision(self) -> int:
        return self._revision

    def apply(self, changes: wire.CatalogChanges) -> None:
        products = {} if changes.full else dict(self.products)
        for sku in changes.removed_skus:
            products.pop(sku, None)
        products.update({product.sku: product for product in changes.products})
        self.products = products
        self.settings = changes.settings or self.settings
        self.access_policy = changes.access_policy or self.access_policy
        self._revision = changes.revision

    def features(self) -> frozenset[str]:
        return self._features

    def remember_features(self, features: frozenset[str]) -> None:
        self._features = features
