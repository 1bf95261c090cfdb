"""After a restart: settle the payments a crash left open, recording the ones that were paid."""

from __future__ import annotations

import asyncio
import logging
import uuid

from store_controller.checkout.pending import settle, unsettled
from store_controller.checkout.sales_writer import record_sale
from store_controller.checkout.service import CheckoutService
from store_controller.payments.port import PaymentError, PaymentStatus

log = logging.getLogger(__name__)


async def recover_payments(service: CheckoutService) -> int:
    """Ask the provider about each open payment: PAID is recorded as a sale (its cart was kept),
    a pending one is cancelled, one the provider does not know is settled as "unknown" and
    logged for the owner; one the provider cannot answer now stays open for the next start.
    Returns the number of sales recorded."""
    recorded = 0
    for pending in await asyncio.to_thread(unsettled, service.sessions, service.register_id):
        provider = service.provider_named(pending.provider)
        if provider is None:
            log.warning(
                "an interrupted payment's provider is not configured now: left open",
                extra={"sale_id": pending.sale_id, "provider": pending.provider},
            )
            continue
        try:
            state = await provider.status(pending.sale_id)
            if state.status is PaymentStatus.PENDING:
                state = await provider.cancel(pending.sale_id)
        except KeyError:
            log.warning(
                "an interrupted payment is unknown to the provider: check it by hand",
                extra={"sale_id": pending.sale_id, "provider": pending.provider},
            )
            await _settle(service, pending.sale_id, "unknown")
            continue
        except PaymentError:
            continue
        if state.status is not PaymentStatus.PAID:
            await _settle(service, pending.sale_id, state.status.value)
            continue
        now = service.clock.now()
        await asyncio.to_thread(
            record_sale,
            sessions=service.sessions,
            cart=pending.cart,
            sale_id=uuid.UUID(pending.sale_id),
            store_id=service.store_id,
            register_id=service.register_id,
            occurred_at=now,
            local_date=service.local_today(),
            payment=state,
        )
        log.info("a sale paid before a restart was recorded", extra={"sale_id": pending.sale_id})
        recorded += 1
    return recorded


async def _settle(service: CheckoutService, sale_id: str, outcome: str) -> None:
    now = service.clock.now()
    await asyncio.to_thread(settle, service.sessions, sale_id=sale_id, outcome=outcome, at=now)
