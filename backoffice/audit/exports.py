"""Exports as audit records (the reports' `export_audit` seam)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import Request

from backoffice.access.principal import Principal
from backoffice.audit.service import record
from backoffice.reports.scope import ReportScope


def audit_export(request: Request, *, kind: str, scope: ReportScope) -> None:
    principal: Principal = request.state.principal
    clock: Callable[[], datetime] = request.app.state.clock
    sessions = request.app.state.sessions
    with sessions() as session:
        record(
            session,
            actor=principal.actor,
            action="export",
            now=clock(),
            store_id=scope.store_ids[0] if len(scope.store_ids) == 1 else None,
            target=kind,
            after={
                "stores": list(scope.store_ids),
                "start": scope.start.isoformat(),
                "end": scope.end.isoformat(),
            },
        )
        session.commit()
