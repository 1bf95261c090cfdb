"""`SyncService`: the background loops that push the outbox, pull catalog and commands, and
send heartbeats. They never block the store: database work runs in worker threads, every
failure is logged and retried after a jittered backoff, and the store keeps selling meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from retail import wire
from store_controller.core.clock import Clock
from store_controller.sync import outbox
from store_controller.sync.backoff import Backoff
from store_controller.sync.client import BackofficeClient
from store_controller.sync.config import (
    BACKLOG_BATCH_ENTRIES,
    PUSH_BATCH_BYTES,
    PUSH_BATCH_ENTRIES,
)
from store_controller.sync.errors import (
    BackofficeUnavailable,
    CredentialNotStored,
    ProtocolRejected,
    SequenceConflict,
    SyncError,
)
from store_controller.sync.negotiate import Negotiation, sendable
from store_controller.sync.ports import (
    CatalogSink,
    CommandHandler,
    CommandOutcome,
    MembersSink,
    RefusingCommandHandler,
    StatusProvider,
    StockSink,
    UnknownStatus,
)

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


@dataclass(frozen=True)
class SyncTiming:
    """Intervals in seconds, and the bounds of one push."""

    push_interval: float = 2.0
    command_interval: float = 5.0
    catalog_interval: float = 60.0
    stock_interval: float = 30.0
    members_interval: float = 30.0
    heartbeat_interval: float = 30.0
    batch_max_entries: int = PUSH_BATCH_ENTRIES
    backlog_batch_max_entries: int = BACKLOG_BATCH_ENTRIES
    """A push's bound while a backlog of at least two pushes waits (`outbox.read_batch`)."""
    batch_max_bytes: int = PUSH_BATCH_BYTES
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    probe_interval: float = 5.0
    """While the push loop backs off from an unreachable backoffice, its health endpoint is
    asked at most this often (each wait drawn from [half, full]) and the push made at once
    when it answers (`math.inf`: never asked, the backoff waited out whole)."""
    protocol_probe_interval: float = 600.0
    """After a backoffice refused the newest protocol (426), how long the older one is spoken
    before the newest is tried again (`negotiate`)."""


@dataclass
class SyncService:
    client: BackofficeClient
    sessions: Sessions
    clock: Clock
    store_id: str
    software_version: str
    timing: SyncTiming = field(default_factory=SyncTiming)
    catalog: CatalogSink | None = None
    stock: StockSink | None = None
    members: MembersSink | None = None
    commands: CommandHandler = field(default_factory=RefusingCommandHandler)
    status: StatusProvider = field(default_factory=UnknownStatus)
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    started_at: float | None = None
    keep_credential: Callable[[wire.DeviceCredential], None] | None = None
    """Stores a rotated credential (install_sync: the credential file); called, in a worker
    thread, before the client switches to the new token."""
    _handled: set[Any] = field(default_factory=set)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _pulling_catalog: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Held by a catalog pull: a `Resync` (a full pull from the command loop) waits for the
    catalog loop's pull, so their pages are not applied interleaved (a full pull's first page
    moves the revision back, the pages after it bring it up again)."""
    _pulling_stock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Held by a stock pull: another one waits, then starts from the cursor it left."""
    _loop: asyncio.AbstractEventLoop | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _negotiation: Negotiation | None = None

    @property
    def negotiation(self) -> Negotiation:
        if self._negotiation is None:
            self._negotiation = Negotiation(
                self.client, self.clock, self.timing.protocol_probe_interval
            )
        return self._negotiation

    async def _negotiated(self, step: Callable[[], Awaitable[T]]) -> T:
        """`step`, made again in an older protocol if the backoffice refuses the newer."""
        self.negotiation.before_request()
        while True:
            try:
                return await step()
            except ProtocolRejected as exc:
                if not self.negotiation.refused(exc):
                    raise

    # -- push ---------------------------------------------------------------------------------

    async def push_once(self) -> int:
        """Send the oldest unacknowledged batch; how many entries the backoffice newly holds.

        A row failing our own checks is sent as it is, for the backoffice to quarantine; the
        entries it names as quarantined are marked so here too (and held, like the rest).
        Sent in the protocol the backoffice speaks (`negotiate`): in an older one, only the
        entries before the first payment record (0 while that record is the oldest)."""
        return await self._negotiated(self._push_once)

    async def _push_once(self) -> int:
        protocol = self.client.protocol
        read = await asyncio.to_thread(
            outbox.read_batch,
            self.sessions,
            max_entries=self.timing.batch_max_entries,
            max_bytes=self.timing.batch_max_bytes,
            backlog_entries=self.timing.backlog_batch_max_entries,
        )
        entries = sendable(read, protocol)
        if not entries:
            if read:
                log.debug("outbox entry %d waits for a newer protocol", outbox.seq_of(read[0]))
            return 0
        checked = [e for e in entries if isinstance(e, wire.OutboxEntry)]
        if len(checked) == len(entries):
            batch = wire.PushBatch(
                protocol=protocol, store_id=self.store_id, entries=tuple(checked)
            )
            ack = await self.client.push(batch)
        else:
            ack = await self.client.push_unchecked(
                {
                    "protocol": protocol,
                    "store_id": self.store_id,
                    "entries": [
                        e.model_dump(mode="json") if isinstance(e, wire.OutboxEntry) else e
                        for e in entries
                    ],
                }
            )
        last = outbox.seq_of(entries[-1])
        if ack.acked_through > last:
            # Legitimate after a lost ack with a smaller batch now; but past every entry we
            # ever wrote, the backoffice holds another database's entries under our numbers.
            highest = await asyncio.to_thread(outbox.highest_seq, self.sessions)
            if ack.acked_through > highest:
                raise SequenceConflict(
                    f"the backoffice holds entries through {ack.acked_through}, past our "
                    f"{highest}: was this controller's database reset? Not marking them."
                )
        if ack.quarantined:
            log.warning(
                "the backoffice refused outbox entries %s and keeps them in quarantine "
                "(the owner is alerted there)",
                ", ".join(str(seq) for seq in ack.quarantined),
            )
        return await asyncio.to_thread(
            outbox.mark_acked,
            self.sessions,
            through=ack.acked_through,
            now=self.clock.now(),
            quarantined=ack.quarantined,
        )

    async def drain(self) -> int:
        """Push until the outbox is empty or the backoffice stops taking more; how many sent."""
        total = 0
        while (count := await self.push_once()) > 0:
            total += count
        return total

    def wake(self) -> None:
        """Push now (a feature that just wrote to the outbox may call this; polling also works).
        Safe from any thread: a commit in a worker thread or a gpiozero callback may call it."""
        loop = self._loop
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is None or running is loop:
            self._wake.set()
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed: nothing left to push
            loop.call_soon_threadsafe(self._wake.set)

    # -- pull ---------------------------------------------------------------------------------

    async def pull_catalog(self, *, full: bool = False) -> int:
        """Fetch and apply catalog pages until up to date; the revision now held.

        When this controller names a feature its last complete pull did not (new software), the
        pull starts from revision 0: the backoffice left out of earlier answers what the older
        software could not read (members' hours), so it arrives now, with no save needed."""
        if self.catalog is None:
            return 0
        async with self._pulling_catalog:
            return await self._pull_catalog(self.catalog, full=full)

    async def _pull_catalog(self, sink: CatalogSink, *, full: bool) -> int:
        features = frozenset(self.client.features) & wire.CATALOG_FEATURES
        held = await asyncio.to_thread(sink.features)
        since = 0 if full or not features <= held else await asyncio.to_thread(sink.revision)
        while True:
            changes = await self.client.catalog(since)
            # Revision 0: the backoffice has never had a catalog; a "full" empty page must not
            # deactivate the products the store already sells.
            if changes.revision > 0 and (changes.revision != since or changes.full):
                await asyncio.to_thread(sink.apply, changes)
            since = changes.revision
            if not changes.more:
                if features != held:
                    await asyncio.to_thread(sink.remember_features, features)
                return since

    async def pull_stock(self) -> int:
        """Fetch and apply the backoffice's stock book movements after the cursor held; the
        cursor now held. Stops early when the sink could not apply a whole page (a product the
        local catalog does not know yet): the catalog's next pull comes first."""
        if self.stock is None:
            return 0
        async with self._pulling_stock:
            return await self._pull_stock(self.stock)

    async def _pull_stock(self, sink: StockSink) -> int:
        since = await asyncio.to_thread(sink.cursor)
        while True:
            changes = await self.client.stock(since)
            held = await asyncio.to_thread(sink.apply, changes) if changes.movements else since
            if held < changes.cursor or not changes.more:
                return held
            since = held

    async def pull_members(self) -> int:
        """Fetch the association's member standings (approvals, limits, balances, blocks) and
        apply them; how many the store now holds. Idempotent: the whole list each time."""
        if self.members is None:
            return 0
        sink = self.members
        snapshot = await asyncio.to_thread(sink.snapshot)
        standings = await self.client.members()
        await asyncio.to_thread(sink.apply, standings, snapshot)
        return len(standings.members)

    async def pull_commands(self) -> int:
        """Fetch pending commands, carry them out and acknowledge them; how many handled."""
        listing = await self.client.commands()
        handled = 0
        for command in listing.commands:
            if command.command_id in self._handled:
                continue
            self._handled.add(command.command_id)
            outcome = await self._carry_out(command)
            await self._acknowledge(command, outcome)
            handled += 1
        return handled

    async def _carry_out(self, command: wire.Command) -> CommandOutcome:
        # Expiry is judged by the backoffice's clock when it told us (Date header): ours may be off.
        now = self.client.server_time or self.clock.now()
        if now >= command.expires_at:
            return CommandOutcome(wire.CommandStatus.EXPIRED, "arrived after it expired")
        body = command.body
        try:
            if isinstance(body, wire.ReloadSettings):
                await self.pull_catalog()
            elif isinstance(body, wire.Resync):
                await self.pull_catalog(full=True)
                self.wake()
            elif isinstance(body, wire.RotateToken):
                await self.rotate_token()
            else:
                return await self.commands.handle(command)
        except SyncError as exc:
            return CommandOutcome(wire.CommandStatus.REJECTED, str(exc)[:200])
        return CommandOutcome(wire.CommandStatus.DONE)

    async def rotate_token(self) -> wire.DeviceCredential:
        """Swap this device's token (the owner asked for it): the new one is stored first, then
        sent. The backoffice takes the old one until the new one's first request, so a lost
        answer or a new token that could not be stored leaves the old one working (refused
        here, asked again by the owner)."""
        credential = await self.client.rotate()
        if self.keep_credential is not None:
            try:
                await asyncio.to_thread(self.keep_credential, credential)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise CredentialNotStored(
                    f"the new key could not be stored ({reason}); the old one is kept"
                ) from None
        self.client.use_token(credential.token)
        log.info("device token rotated; now device %d", credential.device_id)
        return credential

    async def _acknowledge(self, command: wire.Command, outcome: CommandOutcome) -> None:
        ack = wire.CommandAck(
            command_id=command.command_id,
            status=outcome.status,
            at=self.clock.now(),
            detail=outcome.detail,
        )
        try:
            await self.client.ack_command(ack)
        except SyncError:
            log.warning("command ack not delivered; queued in the outbox")
            await asyncio.to_thread(outbox.enqueue, self.sessions, ack, now=self.clock.now())

    # -- heartbeat ----------------------------------------------------------------------------

    async def heartbeat(self) -> wire.Heartbeat:
        beat = await self._heartbeat()
        await self.client.heartbeat(beat)
        return beat

    async def _heartbeat(self) -> wire.Heartbeat:
        revision = await asyncio.to_thread(self.catalog.revision) if self.catalog else 0
        depth = await asyncio.to_thread(outbox.backlog, self.sessions)
        uptime = self.clock.monotonic() - (self.started_at or self.clock.monotonic())
        return wire.Heartbeat(
            sent_at=self.clock.now(),
            software_version=self.software_version,
            uptime_s=max(0, int(uptime)),
            outbox_backlog=min(depth, 10**9),
            catalog_revision=revision,
            door=self.status.door(),
            lock_down=self.status.lock_down(),
            temperatures=self.status.temperatures()[:16],
            devices=self.status.devices()[:32],
        )

    # -- loops --------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the loops as background tasks (the `on_start` hook)."""
        self.started_at = self.clock.monotonic()
        self._loop = asyncio.get_running_loop()
        loops: list[tuple[str, Callable[[], Coroutine[Any, Any, object]], float]] = [
            ("push", self.drain, self.timing.push_interval),
            ("commands", self.pull_commands, self.timing.command_interval),
            ("heartbeat", self.heartbeat, self.timing.heartbeat_interval),
        ]
        if self.catalog is not None:
            loops.append(("catalog", self.pull_catalog, self.timing.catalog_interval))
        if self.stock is not None:
            loops.append(("stock", self.pull_stock, self.timing.stock_interval))
        if self.members is not None:
            loops.append(("members", self.pull_members, self.timing.members_interval))
        for name, step, interval in loops:
            # push_once negotiates itself; the others speak what it (or they) negotiated.
            negotiated = step if name == "push" else functools.partial(self._negotiated, step)
            task = asyncio.create_task(
                self.run_loop(name, negotiated, interval), name=f"sync-{name}"
            )
            self._tasks.append(task)

    async def stop(self) -> None:
        """Cancel the loops and close the connection (the `on_stop` hook)."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        await self.client.aclose()

    async def run_loop(
        self, name: str, step: Callable[[], Coroutine[Any, Any, object]], interval: float
    ) -> None:
        """Run `step` every `interval` seconds, backing off with jitter while it fails.

        The push loop, backing off from an unreachable backoffice, probes its health endpoint
        meanwhile and pushes as soon as it answers; if that push fails too, the next backoff
        is waited out whole (a backoffice that answers but cannot take pushes is not pushed
        to every few seconds by every store)."""
        backoff = Backoff(base=self.timing.backoff_base, cap=self.timing.backoff_cap)
        cut_short = False
        while True:
            failed, unreachable = True, False
            try:
                await step()
                backoff.reset()
                delay, failed = interval, False
            except (SyncError, outbox.PoisonEntry) as exc:
                delay = max(interval, backoff.delay())
                unreachable = isinstance(exc, BackofficeUnavailable)
                log.warning("sync %s failed (retry in %.0f s): %s", name, delay, exc)
            except Exception:
                delay = max(interval, backoff.delay())
                log.exception("sync %s failed unexpectedly (retry in %.0f s)", name, delay)
            if name == "push" and unreachable and not cut_short:
                cut_short = await self._probe_while_waiting(delay)
                continue
            cut_short = False
            # A wake-up (new outbox rows) may cut a wait short, never a backoff.
            await self._pause(delay, wakeable=name == "push" and not failed)

    async def _probe_while_waiting(self, delay: float) -> bool:
        """Wait `delay` seconds, asking the backoffice's health endpoint every few seconds
        (jittered, so that stores coming back do not ask in step); True if it answered
        before the time was up."""
        remaining = delay
        probe = self.timing.probe_interval
        while remaining > 0:
            wait = min(remaining, self.rng.uniform(probe / 2, probe))
            await self.sleep(wait)
            remaining -= wait
            if remaining > 0 and await self.client.alive():
                log.info("the backoffice answers again: pushing now")
                return True
        return False

    async def _pause(self, delay: float, *, wakeable: bool) -> None:
        if not wakeable:
            await self.sleep(delay)
            return
        sleeper = asyncio.ensure_future(self.sleep(delay))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for future in (sleeper, waker):
                future.cancel()
            self._wake.clear()
        if sleeper.done() and not sleeper.cancelled():
            sleeper.result()  # a sleeper's own error (or a test's stop) propagates
