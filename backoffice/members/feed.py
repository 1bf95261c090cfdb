"""Member-account payments of synced sales into the member ledger.

A sale the store already made is a fact: its purchase is booked even past the limit (the
kiosk enforced the limit it knew), once per payment (the reference names store, sale and
position, so a resent batch books nothing twice). A return paid back to the account is a credit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from backoffice.members.ledger import EntryKind, account_of, post
from backoffice.members.models import MemberAccount
from backoffice.stores.models import Store
from retail import wire

log = logging.getLogger(__name__)


def book_account_payments(
    session: Session, *, store_id: int, sales: Sequence[tuple[int, wire.Sale]]
) -> int:
    """Post every `member_account` payment of `sales`; how many entries that touched."""
    booked = 0
    if not any(
        p.method is wire.PaymentMethod.MEMBER_ACCOUNT for _, sale in sales for p in sale.payments
    ):
        return 0
    store = session.get(Store, store_id)
    association_id = None if store is None else store.association_id
    for _, sale in sales:
        for position, payment in enumerate(sale.payments, start=1):
            if payment.method is not wire.PaymentMethod.MEMBER_ACCOUNT:
                continue
            member = sale.customer_hash
            if member is None:  # a controller before this release: the sale is kept, not booked
                log.warning(
                    "a member-account payment names no member: not booked",
                    extra={"store_id": store_id, "sale_id": str(sale.sale_id)},
                )
                continue
            if association_id is None:  # nobody owns the store yet: no ledger to book on
                log.warning(
                    "a member-account payment at a store of no association: not booked",
                    extra={"store_id": store_id, "sale_id": str(sale.sale_id)},
                )
                continue
            _ensure_account(session, association_id, member, store_id=store_id, at=sale.occurred_at)
            refund = payment.amount_ore < 0
            post(
                session,
                association_id,
                member,
                kind=EntryKind.CREDIT if refund else EntryKind.PURCHASE,
                amount_ore=-payment.amount_ore,
                reference=f"sale:{store_id}:{sale.sale_id}:{position}",
                by=f"store {store_id}",
                why=f"receipt {sale.receipt_number} ({sale.register_id})",
                at=payment.confirmed_at,
                enforce_limit=False,
            )
            booked += 1
    return booked


def _ensure_account(
    session: Session, association_id: int, member: str, *, store_id: int, at: datetime
) -> None:
    """A member the store approved on its own (controller CLI) gets an account with limit 0
    until the owner sets one here."""
    if account_of(session, association_id, member) is None:
        session.add(
            MemberAccount(
                association_id=association_id,
                identity_hash=member,
                credit_limit_ore=0,
                approved_by=f"store {store_id}",
                approved_at=at,
            )
        )
        session.flush()
