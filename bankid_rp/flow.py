"""One order from start to end: collect every 2 s, a fresh QR frame every second, typed progress.

The flow is what a door or kiosk screen renders: iterate `updates()` and draw each `OrderProgress`
(state, RFA message in Swedish and English, the current QR data). All time comes from the injected
clock, so tests run the whole cadence on a fake clock without sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Literal, Protocol

from bankid_rp.config import BankIdConfig
from bankid_rp.errors import BankIdError, BankIdUnavailable
from bankid_rp.messages import (
    RFA,
    DeviceKind,
    UserMessage,
    error_message,
    failed_message,
    pending_message,
)
from bankid_rp.models import (
    CollectResult,
    CompletionData,
    OrderStarted,
    PhoneOrderStarted,
)
from bankid_rp.qr import QR_REFRESH_SECONDS
from byabutik.runtime.clock import Clock, SystemClock

_log = logging.getLogger(__name__)

FlowState = Literal["pending", "complete", "failed", "cancelled", "timedOut", "error"]
MIN_COLLECT_INTERVAL = 1.0


class CollectingClient(Protocol):
    """The part of `BankIdClient` the flow uses."""

    async def collect(self, order_ref: str) -> CollectResult: ...

    async def cancel(self, order_ref: str) -> None: ...


@dataclass(frozen=True)
class OrderProgress:
    """A screen's worth of state: what happened, what to tell the user, what QR to show."""

    order_ref: str
    state: FlowState
    message: UserMessage
    hint_code: str | None = None
    qr_data: str | None = None
    completion: CompletionData | None = None
    error: BankIdError | None = None

    @property
    def done(self) -> bool:
        return self.state != "pending"


class OrderFlow:
    """Drive one started order until it completes, fails, times out or is cancelled.

    `collect_interval` is clamped to at least one second (BankID's rule). After `timeout` seconds
    the order is cancelled at BankID and the flow ends `timedOut`. `cancel()` may be called from any
    task; the flow then cancels the order at BankID and ends `cancelled`. Transient errors
    (`BankIdUnavailable`) during collect are tolerated `max_transient_errors` times in a row.
    """

    def __init__(
        self,
        client: CollectingClient,
        order: OrderStarted | PhoneOrderStarted,
        *,
        clock: Clock | None = None,
        collect_interval: float = 2.0,
        timeout: float = 180.0,
        autostarted: bool = False,
        device: DeviceKind = "computer",
        max_transient_errors: int = 3,
    ) -> None:
        self._client = client
        self._order = order
        self._clock = clock or SystemClock()
        self._interval = max(collect_interval, MIN_COLLECT_INTERVAL)
        self._timeout = timeout
        self._autostarted = autostarted
        self._device: DeviceKind = device
        self._max_transient = max_transient_errors
        self._cancel_requested = asyncio.Event()
        self._qr = order.qr if isinstance(order, OrderStarted) else None
        self._hint: str | None = None
        self._transient = 0

    @classmethod
    def from_config(
        cls,
        client: CollectingClient,
        order: OrderStarted | PhoneOrderStarted,
        config: BankIdConfig,
        *,
        clock: Clock | None = None,
        autostarted: bool = False,
        device: DeviceKind = "computer",
    ) -> OrderFlow:
        """A flow with the configured collect interval and order timeout."""
        return cls(
            client,
            order,
            clock=clock,
            collect_interval=config.collect_interval,
            timeout=config.order_timeout,
            autostarted=autostarted,
            device=device,
        )

    def cancel(self) -> None:
        """Ask the flow to cancel the order; the iterator ends with a `cancelled` update."""
        self._cancel_requested.set()

    async def wait(self) -> OrderProgress:
        """Run to the end and return the final update."""
        last: OrderProgress | None = None
        async for progress in self.updates():
            last = progress
        assert last is not None
        return last

    async def updates(self) -> AsyncIterator[OrderProgress]:
        """Yield an update whenever the hint or the QR frame changes, and one final update."""
        deadline = self._order.started_at + self._timeout
        next_collect = self._clock.monotonic()
        last_sent: OrderProgress | None = None
        while True:
            final = await self._stopped(deadline)
            if final is None and self._clock.monotonic() >= next_collect:
                next_collect = self._clock.monotonic() + self._interval
                final = await self._collect()
            if final is not None:
                yield final
                return
            progress = self._pending(self._clock.monotonic())
            if progress != last_sent:
                last_sent = progress
                yield progress
            await self._sleep_until(min(next_collect, deadline, self._next_frame()))

    async def _stopped(self, deadline: float) -> OrderProgress | None:
        """The final update if the screen cancelled or the flow timed out (order cancelled)."""
        if self._cancel_requested.is_set():
            await self._cancel_quietly()
            return self._final("cancelled", RFA["RFA6"])
        if self._clock.monotonic() >= deadline:
            await self._cancel_quietly()
            return self._final("timedOut", RFA["RFA8"])
        return None

    async def _collect(self) -> OrderProgress | None:
        """One collect; the final update if the order ended or errors ran out, else None."""
        try:
            result = await self._client.collect(self._order.order_ref)
        except BankIdUnavailable as exc:
            self._transient += 1
            _log.warning(
                "bankid collect failed",
                extra={"order_ref": self._order.order_ref, "error": type(exc).__name__},
            )
            if self._transient > self._max_transient:
                return self._final("error", error_message(exc), error=exc)
            return None
        except BankIdError as exc:
            return self._final("error", error_message(exc), error=exc)
        self._transient = 0
        if result.status == "complete":
            return OrderProgress(
                result.order_ref, "complete", RFA["RFA21"], completion=result.completion_data
            )
        self._hint = result.hint_code
        if result.status == "failed":
            return self._final("failed", failed_message(self._hint, qr=self._qr is not None))
        return None

    def _pending(self, now: float) -> OrderProgress:
        message = pending_message(
            self._hint,
            qr=self._qr is not None,
            autostarted=self._autostarted,
            device=self._device,
        )
        qr_data = self._qr.frame_at(now) if self._qr is not None else None
        return OrderProgress(
            self._order.order_ref, "pending", message, hint_code=self._hint, qr_data=qr_data
        )

    def _final(
        self, state: FlowState, message: UserMessage, error: BankIdError | None = None
    ) -> OrderProgress:
        return OrderProgress(
            self._order.order_ref, state, message, hint_code=self._hint, error=error
        )

    def _next_frame(self) -> float:
        if self._qr is None:
            return math.inf
        now = self._clock.monotonic()
        return self._qr.started_at + (self._qr.seconds_at(now) + 1) * QR_REFRESH_SECONDS

    async def _cancel_quietly(self) -> None:
        try:
            await self._client.cancel(self._order.order_ref)
        except BankIdError as exc:
            _log.info("bankid cancel refused", extra={"error": type(exc).__name__})

    async def _sleep_until(self, wake: float) -> None:
        delay = max(wake - self._clock.monotonic(), 0.0)
        sleeper = asyncio.ensure_future(self._clock.sleep(delay))
        waiter = asyncio.ensure_future(self._cancel_requested.wait())
        try:
            await asyncio.wait({sleeper, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waiter):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
