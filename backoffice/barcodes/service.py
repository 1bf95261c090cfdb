"""Apply reported unknown barcodes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from backoffice.barcodes.models import UnknownBarcode
from backoffice.db.dialect import insert_rows
from retail import wire


def record_unknown_barcodes(
    *, session: Session, store_id: int, scans: Sequence[tuple[int, wire.UnknownBarcode]]
) -> None:
    if scans:
        rows = [
            {"store_id": store_id, "seq": seq, **s.model_dump(exclude={"kind"})} for seq, s in scans
        ]
        insert_rows(session, UnknownBarcode, rows)
