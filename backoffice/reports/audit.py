"""The seam where exports get audited. Until the audit log exists (issue 16's people work) an
export is logged (what, which stores, which range: never a person's data); the audit work sets
`app.state.export_audit` to an `ExportAudit` that writes an audit record instead."""

from __future__ import annotations

import logging
from typing import Protocol

from fastapi import Request

from backoffice.reports.scope import ReportScope

log = logging.getLogger(__name__)


class ExportAudit(Protocol):
    """Called once per export served, in the request's transaction."""

    def __call__(self, request: Request, *, kind: str, scope: ReportScope) -> None: ...


def log_export(request: Request, *, kind: str, scope: ReportScope) -> None:
    log.info(
        "report exported",
        extra={
            "export": kind,
            "stores": list(scope.store_ids),
            "start": scope.start.isoformat(),
            "end": scope.end.isoformat(),
        },
    )


def audit_export(request: Request, *, kind: str, scope: ReportScope) -> None:
    audit: ExportAudit = getattr(request.app.state, "export_audit", log_export)
    audit(request, kind=kind, scope=scope)
