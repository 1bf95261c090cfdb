"""Discarding a price-file preview: from the page and the API the preview's rows are gone and
nothing reaches the catalog; an applied file cannot be discarded (409 with the reason);
CSRF; every discard audited."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backoffice.audit.models import AuditRecord
from backoffice.pricefiles.models import PriceImportRow
from tests.backoffice.pages.test_pricefile_pages import FILE, upload
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in


def rows_of(world: World, import_id: int) -> int:
    with world.backoffice.sessions() as session:
        query = select(func.count()).where(PriceImportRow.import_id == import_id)
        return session.scalar(query) or 0


def test_a_preview_is_discarded_and_an_applied_file_is_not(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        preview = upload(admin, token, FILE)
        path = str(preview.url.path)
        import_id = int(path.rsplit("/", 1)[1])
        assert "Kasta förhandsgranskningen" in preview.text
        assert rows_of(world, import_id) == 3
        assert admin.post(f"{path}/discard", data={}).status_code == 403  # no CSRF token
        discarded = admin.post(f"{path}/discard", data={"csrf_token": token})
        assert discarded.status_code == 200
        assert "Förhandsgranskningen är kastad" in discarded.text
        assert "Kasserad" in discarded.text
        assert "Läs in" not in discarded.text  # nothing left to apply
        assert rows_of(world, import_id) == 0
        assert admin.post(f"{path}/apply", data={"csrf_token": token}).status_code == 409
        assert "Hushållsost" not in admin.get("/catalog").text
        again = admin.post(f"{path}/discard", data={"csrf_token": token})
        assert again.status_code == 409
        assert "already discarded" in again.text

        applied_path = str(upload(admin, token, FILE).url.path)
        admin.post(f"{applied_path}/apply", data={"csrf_token": token})
        refused = admin.post(f"{applied_path}/discard", data={"csrf_token": token})
        assert refused.status_code == 409
        assert "cannot be discarded" in refused.text
        assert "Hushållsost" in admin.get("/catalog").text

        by_api = upload(admin, token, FILE)
        api_id = int(str(by_api.url.path).rsplit("/", 1)[1])
    bearer = {"Authorization": f"Bearer {world.tokens['admin']}"}
    with TestClient(world.backoffice.app) as api:
        answer = api.post(f"/api/admin/pricefiles/imports/{api_id}/discard", headers=bearer)
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "discarded"
        applied_id = int(applied_path.rsplit("/", 1)[1])
        conflict = api.post(f"/api/admin/pricefiles/imports/{applied_id}/discard", headers=bearer)
        assert conflict.status_code == 409
        assert "applied" in conflict.json()["detail"]
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        assert owner.post(f"{path}/discard", data={"csrf_token": csrf(owner)}).status_code == 403
    with world.backoffice.sessions() as session:
        discards = list(
            session.scalars(
                select(AuditRecord.before).where(AuditRecord.action == "pricefile.discard")
            )
        )
    assert [json.loads(d or "{}")["counts"]["error"] for d in discards] == [2, 2]
