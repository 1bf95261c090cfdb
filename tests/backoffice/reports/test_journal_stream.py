"""The journal XML download is streamed from a real HTTP server: what arrives equals the joined
export, with the download headers, and the export's audit record exists when the first bytes
arrive. A failure while reading the data is an error answer (no file, no record); a failure after
the first piece breaks the download (no final chunk), never a shorter file that ends cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from backoffice.audit.models import AuditRecord
from backoffice.reports import journal_export as journal
from backoffice.reports.scope import ReportScope
from tests.backoffice.reports.test_journal_bytes import awkward_trading
from tests.servers import serving
from tests.store_controller.sync.harness import ADMIN, Backoffice, running_backoffice

NOW = datetime(2026, 4, 9, 10, 30, tzinfo=UTC)
URL = "/api/reports/exports/journal.xml"
PARAMS = {"stores": "byn-x", "store": "byn-x", "start": "2026-03-27", "end": "2026-04-04"}
TIMEOUT = 30.0  # httpx's own 5 s is too short for a 2-core machine running other suites
END = b"</utrein:ExportAvDataFranJournalminneEnligtSKVFS2021-16>"


@pytest.fixture
def served(database_url: str) -> Iterator[tuple[Backoffice, str, int]]:
    with running_backoffice(database_url, clock=lambda: NOW) as backoffice:
        with backoffice.sessions.begin() as session:
            store_id = awkward_trading(session)
        with serving(backoffice.app) as base:
            yield backoffice, base + URL, store_id


def _exports(backoffice: Backoffice) -> int:
    with backoffice.sessions() as session:
        query = select(func.count()).where(
            AuditRecord.action == "export", AuditRecord.target == "journal.xml"
        )
        return session.scalar(query) or 0


def test_the_download_streams_the_same_bytes_as_the_export(
    served: tuple[Backoffice, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    backoffice, url, store_id = served
    monkeypatch.setattr(journal, "CHUNK", 16)
    with httpx.stream("GET", url, params=PARAMS, headers=ADMIN, timeout=TIMEOUT) as answer:
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/xml"
        assert answer.headers["content-disposition"] == (
            'attachment; filename="journal-byn-x-2026-03-27-2026-04-04.xml"'
        )
        assert answer.headers["transfer-encoding"] == "chunked"
        pieces = answer.iter_bytes()
        body = next(pieces)
        assert _exports(backoffice) == 1  # recorded before the first byte
        body += b"".join(pieces)
    scope = ReportScope.of([store_id], date(2026, 3, 27), date(2026, 4, 4), "Europe/Stockholm")
    with backoffice.sessions() as session:
        exported = journal.journal_export(
            session=session, scope=scope, store_id=store_id, exported_at=NOW
        )
    assert body == exported
    assert body.endswith(END)
    assert _exports(backoffice) == 1


def test_a_failure_while_reading_is_an_error_not_a_file(
    served: tuple[Backoffice, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    backoffice, url, _ = served

    def broken(*_args: Any) -> Iterator[str]:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(journal, "_registers", broken)
    answer = httpx.get(url, params=PARAMS, headers=ADMIN, timeout=TIMEOUT)
    assert answer.status_code == 500
    assert "content-disposition" not in answer.headers
    assert _exports(backoffice) == 0


def test_a_failure_after_the_first_piece_breaks_the_download(
    served: tuple[Backoffice, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    backoffice, url, _ = served
    monkeypatch.setattr(journal, "CHUNK", 8)
    write_z = journal._z_event

    def late_failure(z: Any, *args: Any) -> Any:
        if z.closed_at >= datetime(2026, 4, 2, tzinfo=UTC):
            raise RuntimeError("a bug in the last Z-reports")
        return write_z(z, *args)

    monkeypatch.setattr(journal, "_z_event", late_failure)
    received: list[bytes] = []
    with httpx.stream("GET", url, params=PARAMS, headers=ADMIN, timeout=TIMEOUT) as answer:
        assert answer.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError, match="incomplete chunked read"):
            received.extend(answer.iter_bytes())
    assert b"".join(received).count(b"<utreko:Handelse>") > 8  # pieces did arrive
    assert END not in b"".join(received)
    assert _exports(backoffice) == 1  # the export began
