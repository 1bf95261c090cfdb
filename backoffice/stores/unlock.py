"""Remote unlock: the owner role (or a token with the unlock scope) for the store, a reason, a
second factor confirmed within the last five minutes, at most a few per person and store in ten
minutes, and an audit record."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.models import AuditRecord
from backoffice.audit.service import record
from backoffice.commands.service import issue_command
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ForbiddenError, TooManyRequestsError
from backoffice.stores.models import Store
from retail import wire

FRESH = timedelta(minutes=5)
WINDOW = timedelta(minutes=10)
MOST_IN_WINDOW = 3
ACTION = "door.unlock"

router = APIRouter(prefix="/api/admin", tags=["admin"])


class UnlockRequest(BaseModel):
    reason: str = Field(min_length=3, max_length=300, description="why, for the audit log")
    seconds: int = Field(default=5, ge=1, le=30)


class StepUpRequiredError(ForbiddenError):
    """403 asking for the second factor again (the page offers it)."""


def check_fresh_factor(principal: Principal, now: datetime) -> None:
    """A session must have confirmed its second factor within FRESH; a token's unlock scope
    stands for it (tokens with that scope are only issued right after a second factor)."""
    if principal.via == "token":
        return
    at = principal.second_factor_at
    if at is None or now - at > FRESH:
        raise StepUpRequiredError("confirm with your second factor (within 5 minutes) to unlock")


def check_rate(session: Session, principal: Principal, store: Store, now: datetime) -> None:
    recent = session.scalar(
        select(func.count())
        .select_from(AuditRecord)
        .where(
            AuditRecord.action == ACTION,
            AuditRecord.actor_id == principal.person_id,
            AuditRecord.store_id == store.id,
            AuditRecord.at > now - WINDOW,
        )
    )
    if (recent or 0) >= MOST_IN_WINDOW:
        raise TooManyRequestsError(
            f"at most {MOST_IN_WINDOW} remote unlocks in {WINDOW.seconds // 60} minutes",
            retry_after=int(WINDOW.total_seconds()),
        )


def unlock(session: Session, access: Access, request: UnlockRequest, now: datetime) -> wire.Command:
    store, principal = access.store, access.principal
    check_fresh_factor(principal, now)
    check_rate(session, principal, store, now)
    body = wire.RemoteUnlock(seconds=request.seconds)
    command = issue_command(
        session=session, store_id=store.id, body=body, issued_by=principal.email[:64], now=now
    )
    record(
        session,
        actor=principal.actor,
        action=ACTION,
        now=now,
        store_id=store.id,
        target=store.slug,
        after={
            "reason": request.reason,
            "seconds": request.seconds,
            "command_id": str(command.command_id),
        },
    )
    session.commit()
    return command


UnlockDep = Annotated[Access, Depends(require(Permission.UNLOCK, from_path("slug")))]


@router.post("/stores/{slug}/unlock", status_code=201)
def post_unlock(
    slug: str, body: UnlockRequest, access: UnlockDep, session: SessionDep, now: NowDep
) -> wire.Command:
    """Unlock the door once, remotely (owner, or a token with the unlock scope)."""
    return unlock(session, access, body, now)
