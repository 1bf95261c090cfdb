"""A large price file's preview and apply run in the background: the page shows a <progress>
bar (a meta refresh without JavaScript) fed by a JSON status whose rows done grow while the
work goes (seen from a progress hook, no sleeps), then the result. An apply stays all or
nothing: a failure is shown with its reason and nothing is applied; a worker that dies mid-way
leaves the job "stopped" after a while, and running it again applies the file once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backoffice.audit.models import AuditRecord
from backoffice.pricefiles import background, progress
from backoffice.pricefiles.background import run_job
from backoffice.pricefiles.models import PriceImport
from backoffice.products.models import Product
from tests.backoffice.pages.test_pricefile_pages import COLUMNS
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in

ROWS = 60


def ean13(n: int) -> str:
    body = f"731{n:09d}"
    odd_even = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - odd_even % 10) % 10)


def big_file(rows: int = ROWS, price: str = "12,50") -> bytes:
    lines = ["EAN;Benämning;Pris"] + [f"{ean13(n)};Vara {n};{price}" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode("cp1252")


@dataclass
class FakeQueue:
    """The job queue as the app sees it: records what was deferred; the test runs it."""

    deferred: list[tuple[int, int]] = field(default_factory=list)

    def deliver(self, delivery_ids: list[int]) -> None:
        pass

    def pricefile(self, job_id: int, attempt: int) -> None:
        self.deferred.append((job_id, attempt))

    def close(self) -> None:
        pass


class WorkerDied(BaseException):
    """Stands for a worker process killed mid-way (nothing after it runs)."""


@pytest.fixture
def queue(world: World, monkeypatch: pytest.MonkeyPatch) -> FakeQueue:
    monkeypatch.setattr(background, "BACKGROUND_BYTES", 200)
    monkeypatch.setattr(background, "BACKGROUND_ROWS", 10)
    monkeypatch.setattr(progress, "PROGRESS_EVERY", 10)
    fake = FakeQueue()
    world.backoffice.app.state.job_queue.append(fake)
    return fake


def upload(client: TestClient, token: str, data: bytes) -> Any:
    return client.post(
        "/pricefiles",
        data={"csrf_token": token, "supplier": "Dagab", **COLUMNS},
        files={"file": ("stor.csv", data, "text/csv")},
        follow_redirects=False,
    )


def products(world: World) -> int:
    with world.backoffice.sessions() as session:
        return session.scalar(select(func.count()).select_from(Product)) or 0


def run_watching(world: World, admin: TestClient, job: tuple[int, int]) -> list[dict[str, Any]]:
    """Run the deferred job; after each progress write, what the status endpoint answers."""
    seen: list[dict[str, Any]] = []

    def hook(_done: int, _total: int) -> None:
        answer = admin.get(f"/pricefiles/jobs/{job[0]}/status")
        assert answer.status_code == 200
        seen.append(answer.json())

    assert run_job(world.backoffice.sessions, *job, world.clock, hook=hook) == "done"
    return seen


def test_a_large_file_is_previewed_and_applied_with_progress(
    world: World, queue: FakeQueue
) -> None:
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        queued = upload(admin, token, big_file())
        assert queued.status_code == 303
        job_path = queued.headers["location"]
        page = admin.get(job_path)  # no JavaScript: the page refreshes itself
        assert page.status_code == 200
        assert "<progress" in page.text
        assert '<meta http-equiv="refresh"' in page.text
        assert "Väntar på att börja" in page.text
        assert admin.get(f"{job_path}/status").json()["state"] == "queued"

        seen = run_watching(world, admin, queue.deferred.pop())
        done = [s["rows_done"] for s in seen]
        assert [s["state"] for s in seen] == ["running"] * len(seen)
        assert done == sorted(done), done
        assert len(set(done)) >= 4, done
        assert {s["rows_total"] for s in seen} == {ROWS}
        finished = admin.get(f"{job_path}/status").json()
        assert finished["state"] == "done"
        assert finished["rows_done"] == ROWS
        preview = admin.get(job_path)  # goes on to the preview
        assert preview.url.path == finished["next"]
        assert f'data-testid="count-new">{ROWS}<' in preview.text
        assert products(world) == 0

        applying = admin.post(
            f"{preview.url.path}/apply",
            data={"csrf_token": token, "vat_class": "food"},
            follow_redirects=False,
        )
        assert applying.status_code == 303
        apply_path = applying.headers["location"]
        assert "<progress" in admin.get(apply_path).text
        again = admin.post(f"{preview.url.path}/apply", data={"csrf_token": token})
        assert again.status_code == 409  # one apply on its way at a time
        assert "being applied" in again.text
        seen = run_watching(world, admin, queue.deferred.pop())
        done = [s["rows_done"] for s in seen]
        assert done == sorted(done), done
        assert len(set(done)) >= 3, done
        assert products(world) == ROWS
        result = admin.get(apply_path)
        assert "Prisfilen är inläst" in result.text
    with world.backoffice.sessions() as session:
        actions = list(
            session.scalars(
                select(AuditRecord.action).where(AuditRecord.action.like("pricefile.%"))
            )
        )
    assert actions == ["pricefile.preview", "pricefile.apply"]


def test_a_failed_apply_says_why_and_applies_nothing(world: World, queue: FakeQueue) -> None:
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        job_path = upload(admin, token, big_file()).headers["location"]
        run_job(world.backoffice.sessions, *queue.deferred.pop(), world.clock)
        preview_path = admin.get(job_path).url.path
        small = "EAN;Benämning;Pris\n" + f"{ean13(7)};Vara 7;9,90\n"
        upload_small = admin.post(
            "/pricefiles",
            data={"csrf_token": token, "supplier": "Dagab", **COLUMNS},
            files={"file": ("liten.csv", small.encode("cp1252"), "text/csv")},
        )
        admin.post(f"{upload_small.url.path}/apply", data={"csrf_token": token})
        assert products(world) == 1  # the catalog changed since the big file's preview
        apply_path = admin.post(
            f"{preview_path}/apply", data={"csrf_token": token}, follow_redirects=False
        ).headers["location"]
        assert run_job(world.backoffice.sessions, *queue.deferred.pop(), world.clock) == "failed"
        status = admin.get(f"{apply_path}/status").json()
        assert status["state"] == "failed"
        assert "catalog changed since the preview" in status["error"]
        page = admin.get(apply_path)
        assert "Inget ändrades i sortimentet" in page.text
        assert "catalog changed since the preview" in page.text
        assert 'http-equiv="refresh"' not in page.text
        assert products(world) == 1
    with world.backoffice.sessions() as session:
        made = session.get(PriceImport, int(preview_path.rsplit("/", 1)[1]))
        assert made is not None
        assert made.status == "previewed"


def test_a_worker_dying_mid_apply_leaves_it_to_run_again(world: World, queue: FakeQueue) -> None:
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        job_path = upload(admin, token, big_file()).headers["location"]
        run_job(world.backoffice.sessions, *queue.deferred.pop(), world.clock)
        preview_path = admin.get(job_path).url.path
        apply_path = admin.post(
            f"{preview_path}/apply", data={"csrf_token": token}, follow_redirects=False
        ).headers["location"]
        first = queue.deferred.pop()

        def die(done: int, total: int) -> None:
            if 0 < done < total:
                raise WorkerDied

        with pytest.raises(WorkerDied):
            run_job(world.backoffice.sessions, *first, world.clock, hook=die)
        assert products(world) == 0  # nothing half-applied
        assert admin.get(f"{apply_path}/status").json()["state"] == "running"
        refused = admin.post(f"{apply_path}/rerun", data={"csrf_token": token})
        assert refused.status_code == 409  # not stopped yet
        world.clock.advance(minutes=6)
        page = admin.get(apply_path)
        assert "Arbetet stannade" in page.text
        assert "Kör igen" in page.text
        assert admin.post(f"{apply_path}/rerun", data={}).status_code == 403  # CSRF
        rerun = admin.post(f"{apply_path}/rerun", data={"csrf_token": token})
        assert rerun.status_code == 200
        second = queue.deferred.pop()
        assert second == (first[0], 2)
        assert run_job(world.backoffice.sessions, *first, world.clock) == "skipped"
        assert run_job(world.backoffice.sessions, *second, world.clock) == "done"
        assert products(world) == ROWS
        assert "Prisfilen är inläst" in admin.get(apply_path).text


def test_owners_are_refused_the_job_pages(world: World, queue: FakeQueue) -> None:
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        job_path = upload(admin, csrf(admin), big_file()).headers["location"]
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        assert owner.get(job_path).status_code == 403
        assert owner.get(f"{job_path}/status").status_code == 403
