"""`BankIdAgeVerifier`: the age check at the kiosk as a BankID authentication (animated QR)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from bankid_rp.config import BankIdConfig
from bankid_rp.errors import BankIdError
from byabutik.runtime.clock import Clock, SystemClock
from retail import Personnummer, PersonnummerError
from store_controller.checkout.age import AgeProgress, ProvenIdentity
from store_controller.i18n import Text

log = logging.getLogger(__name__)

VISIBLE_TEXT = "Ålderskontroll i kassan / Age check at the checkout"
UNAVAILABLE = Text(
    "BankID går inte att nå just nu. Försök igen om en stund.",
    "BankID cannot be reached right now. Please try again shortly.",
)

if TYPE_CHECKING:
    from bankid_rp.client import BankIdClient
    from bankid_rp.flow import OrderProgress


class BankIdAgeVerifier:
    """Implements `AgeVerifier` with one BankID auth order per check; the client is built on
    first use (`client_factory`), so a missing certificate only affects age checks."""

    def __init__(
        self,
        *,
        client_factory: Callable[[], BankIdClient],
        hash_key: bytes,
        clock: Clock | None = None,
        collect_interval: float = 2.0,
        timeout: float = 180.0,
        end_user_ip: str = "127.0.0.1",
    ) -> None:
        self._factory = client_factory
        self._client: BankIdClient | None = None
        self._hash_key = hash_key
        self._clock = clock or SystemClock()
        self._interval = collect_interval
        self._timeout = timeout
        self._ip = end_user_ip

    @classmethod
    def from_config(
        cls, config: BankIdConfig, *, hash_key: bytes, timeout: float
    ) -> BankIdAgeVerifier:
        """A verifier for the configured BankID environment (simulator, test or production)."""
        return cls(
            client_factory=lambda: _client(config),
            hash_key=hash_key,
            collect_interval=config.collect_interval,
            timeout=min(timeout, config.order_timeout),
        )

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def verify(self) -> AsyncIterator[AgeProgress]:
        try:
            if self._client is None:
                self._client = self._factory()
            order = await self._client.auth(end_user_ip=self._ip, user_visible_data=VISIBLE_TEXT)
        except (BankIdError, OSError, ValueError) as exc:
            log.warning("bankid age check could not start", extra={"error": type(exc).__name__})
            yield AgeProgress(UNAVAILABLE, done=True)
            return
        from bankid_rp.flow import OrderFlow  # the flow's models load with the first age check

        flow = OrderFlow(
            self._client,
            order,
            clock=self._clock,
            collect_interval=self._interval,
            timeout=self._timeout,
        )
        finished = False
        try:
            async for progress in flow.updates():
                finished = progress.done
                yield self._progress(progress)
        finally:
            if not finished:
                with contextlib.suppress(BankIdError):
                    await self._client.cancel(order.order_ref)

    def _progress(self, progress: OrderProgress) -> AgeProgress:
        message = Text(progress.message.sv, progress.message.en)
        if not progress.done:
            return AgeProgress(message, qr_data=progress.qr_data)
        if progress.state != "complete" or progress.completion is None:
            return AgeProgress(message, done=True)
        try:
            number = Personnummer.parse(progress.completion.user.personal_number.digits)
        except PersonnummerError:
            return AgeProgress(UNAVAILABLE, done=True)
        proven = ProvenIdentity(
            order_ref=progress.order_ref,
            birth_date=number.birth_date,
            identity_hash=number.keyed_hash(self._hash_key),
        )
        return AgeProgress(message, done=True, proven=proven)


def _client(config: BankIdConfig) -> BankIdClient:
    from bankid_rp.client import BankIdClient  # httpx and TLS on the first age check, not at start

    return BankIdClient.from_config(config)
