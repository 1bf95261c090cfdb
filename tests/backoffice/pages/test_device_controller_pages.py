"""The devices page per controller: each card shows that controller's own latest heartbeat
(outbox depth, catalog revision, when) while the store's line shows the newest; a key rotation
asked of an offline controller says it waits for the store, then that it expired unanswered and
when (and offers the button again); after a rotation the controller is one card saying when its
key was rotated, not a second, revoked device; a refused rotation says why in words when the
controller's reason is a known one. SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.devices.models import Device
from retail import wire
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in
from tests.store_controller.sync.harness import batch

CODE = re.compile(r'data-testid="enrollment-code">([A-Z0-9-]+)<')


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def enroll(owner: TestClient, token: str) -> tuple[int, str]:
    made = owner.post("/stores/a-1/devices/codes", data={"csrf_token": token})
    found = CODE.search(made.text)
    assert found is not None
    answer = owner.post(
        "/api/sync/v1/enroll",
        json={"protocol": 1, "code": found.group(1), "software_version": "1.4.1"},
    ).json()
    return int(answer["device_id"]), str(answer["token"])


def heartbeat(client: TestClient, token: str, world: World, outbox: int, revision: int) -> None:
    beat = {
        "sent_at": world.clock.now.isoformat(),
        "software_version": "1.5.0",
        "uptime_s": 60,
        "outbox_backlog": outbox,
        "catalog_revision": revision,
        "door": "locked",
        "lock_down": False,
    }
    answer = client.post("/api/sync/v1/heartbeat", json=beat, headers=bearer(token))
    assert answer.status_code == 204, answer.text


def card(page: str, device: int) -> str:
    return page.split(f'data-testid="device-{device}"', 1)[1].split("</li>", 1)[0]


def test_each_controller_shows_its_own_heartbeat(world: World) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        first, first_token = enroll(owner, token)
        second, second_token = enroll(owner, token)
        heartbeat(owner, first_token, world, outbox=12, revision=0)
        world.clock.advance(minutes=2)
        heartbeat(owner, second_token, world, outbox=3, revision=0)
        page = owner.get("/stores/a-1/devices").text
        assert 'data-testid="device-outbox">12<' in card(page, first)
        assert 'data-testid="device-outbox">3<' in card(page, second)
        assert 'data-testid="device-heartbeat">2026-05-04 10:00<' in card(page, first)
        assert 'data-testid="device-heartbeat">2026-05-04 10:02<' in card(page, second)
        # The store's line: the newest heartbeat, whichever controller sent it.
        assert 'data-testid="outbox">3<' in page
        assert 'data-testid="heartbeat-at">2026-05-04 10:02<' in page
        assert "den senaste" in card(page, first)
        assert "Senaste hjärtslag" in page

        owner.cookies.set("byabutik_lang", "en")
        english = owner.get("/stores/a-1/devices").text
        assert "Latest heartbeat" in english
        assert "the latest" in card(english, first)


def test_a_rotation_asked_of_an_offline_controller_says_it_expired(world: World) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        device, device_token = enroll(owner, token)
        pulled = owner.get(
            "/api/sync/v1/catalog?since=0&features=rotate_token", headers=bearer(device_token)
        )
        assert pulled.status_code == 200
        assert owner.post(f"/stores/a-1/devices/{device}/rotate").status_code == 403  # CSRF
        asked = owner.post(f"/stores/a-1/devices/{device}/rotate", data={"csrf_token": token})
        assert asked.status_code == 200  # followed to the page
        waiting = card(asked.text, device)
        assert "Nyckelbyte begärt 2026-05-04 10:00" in waiting
        assert "väntar på att butiken hör av sig." in waiting
        assert "Byt nyckel</button>" not in waiting

        world.clock.advance(minutes=11)  # the store never called: the command's lifetime ends
        expired = card(owner.get("/stores/a-1/devices").text, device)
        assert "Den senaste begäran om nyckelbyte gick ut obesvarad 2026-05-04 10:10" in expired
        assert "Be om ett nytt byte när butiken är uppkopplad igen." in expired
        assert "väntar på att butiken hör av sig." not in expired
        assert "Byt nyckel</button>" in expired  # ask again
        late = owner.get("/api/sync/v1/commands", headers=bearer(device_token))
        assert late.json()["commands"] == []

        owner.cookies.set("byabutik_lang", "en")
        english = card(owner.get("/stores/a-1/devices").text, device)
        assert "The last request to rotate the key expired unanswered" in english
        owner.cookies.set("byabutik_lang", "sv")

    with TestClient(world.backoffice.app) as volunteer:
        sign_in(volunteer, world.emails["volunteer"])
        seen = card(volunteer.get("/stores/a-1/devices").text, device)
        assert "gick ut obesvarad" in seen  # everyone who sees the page sees it
        assert "Byt nyckel</button>" not in seen
    with world.backoffice.sessions() as session:
        actions = session.scalars(
            select(AuditRecord.action).where(AuditRecord.action == "command.rotate_token")
        ).all()
        assert actions == ["command.rotate_token"]


def test_a_rotated_controller_is_one_card_with_its_key_rotated(world: World) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        device, device_token = enroll(owner, token)
        heartbeat(owner, device_token, world, outbox=4, revision=0)
        world.clock.advance(minutes=30)
        rotated = owner.post("/api/sync/v1/device/rotate", headers=bearer(device_token))
        assert rotated.status_code == 200
        new = int(rotated.json()["device_id"])
        before = owner.get("/stores/a-1/devices").text  # the new key not used yet: the old card
        assert f'data-testid="device-{new}"' not in before
        assert "Spärrad" not in card(before, device)
        fresh = bearer(str(rotated.json()["token"]))
        assert owner.get("/api/sync/v1/commands", headers=fresh).status_code == 200

        page = owner.get("/stores/a-1/devices").text
        assert f'data-testid="device-{device}"' not in page
        assert "Spärrad" not in page
        one = card(page, new)
        assert "Nyckel bytt" in one
        assert "2026-05-04 10:30" in one.split('data-testid="rotated"', 1)[1]
        assert f"Enhet {device}</h3>" in one  # the owner knows it by its first number
        assert 'data-testid="device-outbox">4<' in one  # what the controller last said
        assert "Uppkopplad" in one

        owner.cookies.set("byabutik_lang", "en")
        assert "Key rotated" in card(owner.get("/stores/a-1/devices").text, new)
        owner.cookies.set("byabutik_lang", "sv")

        confirm = owner.get(f"/stores/a-1/devices?revoke={new}")
        assert "Ja, spärra enheten" in confirm.text
        owner.post(f"/stores/a-1/devices/{new}/revoke", data={"csrf_token": token})
        revoked = card(owner.get("/stores/a-1/devices").text, new)
        assert "Spärrad" in revoked
        assert "Nyckel bytt" in revoked
    with world.backoffice.sessions() as session:
        old = session.get_one(Device, device)
        assert old.revoked_at is not None  # the trail: the old key's row is kept
        assert session.get_one(Device, new).rotated_from_id == device


def test_only_the_named_controller_settles_its_key_rotation(world: World) -> None:
    """Another controller of the store may not acknowledge a rotation meant for a different
    one, neither directly (404, as a command of another store) nor through its outbox
    (ignored: the batch still applies); the named controller does, with its rotated key."""
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        named, named_token = enroll(owner, token)
        other, other_token = enroll(owner, token)
        for key in (named_token, other_token):
            pulled = owner.get(
                "/api/sync/v1/catalog?since=0&features=rotate_token", headers=bearer(key)
            )
            assert pulled.status_code == 200
        owner.post(f"/stores/a-1/devices/{named}/rotate", data={"csrf_token": token})
        listed = owner.get("/api/sync/v1/commands", headers=bearer(named_token)).json()
        command = listed["commands"][0]["command_id"]
        assert owner.get("/api/sync/v1/commands", headers=bearer(other_token)).json() == {
            "commands": []
        }
        ack = wire.CommandAck(
            command_id=command, status=wire.CommandStatus.REJECTED, at=world.clock.now, detail="x"
        )
        foreign = owner.post(
            f"/api/sync/v1/commands/{command}/ack",
            content=ack.model_dump_json(),
            headers={**bearer(other_token), "Content-Type": "application/json"},
        )
        assert foreign.status_code == 404
        pushed = owner.post(
            "/api/sync/v1/push",
            content=batch("a-1", [ack]).model_dump_json(),
            headers={**bearer(other_token), "Content-Type": "application/json"},
        )
        assert pushed.status_code == 200, pushed.text
        assert pushed.json()["acked_through"] == 1  # taken, not applied
        waiting = card(owner.get("/stores/a-1/devices").text, named)
        assert "väntar på att butiken hör av sig." in waiting
        assert "kunde inte byta nyckel" not in waiting

        rotated = owner.post("/api/sync/v1/device/rotate", headers=bearer(named_token)).json()
        done = ack.model_copy(update={"status": wire.CommandStatus.DONE, "detail": ""})
        own = owner.post(
            f"/api/sync/v1/commands/{command}/ack",
            content=done.model_dump_json(),
            headers={**bearer(str(rotated["token"])), "Content-Type": "application/json"},
        )
        assert own.status_code == 204  # the same controller, with its new key
        page = owner.get("/stores/a-1/devices").text
        assert "väntar på att butiken hör av sig." not in page
        assert "Nyckel bytt" in card(page, int(rotated["device_id"]))
        assert "Nyckel bytt" not in card(page, other)


def test_features_read_as_what_the_controller_can_do(world: World) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        device, device_token = enroll(owner, csrf(owner))
        pulled = owner.get(
            "/api/sync/v1/catalog?since=0&features=member_hours,erased,rotate_token,door_v9",
            headers=bearer(device_token),
        )
        assert pulled.status_code == 200
        features = card(owner.get("/stores/a-1/devices").text, device)
        assert (
            "<dd>door_v9, radering av kunduppgifter, medlemmarnas egna tider, nyckelbyte</dd>"
            in features
        )  # a name the page does not know is shown as it is
        assert "member_hours" not in features
        assert "rotate_token" not in features

        owner.cookies.set("byabutik_lang", "en")
        english = card(owner.get("/stores/a-1/devices").text, device)
        assert "<dd>door_v9, erasing customer details, members' own hours, key rotation</dd>" in (
            english.replace("&#39;", "'")
        )
        owner.cookies.set("byabutik_lang", "sv")


def test_a_store_ahead_of_the_backoffice_is_flagged_not_latest(world: World) -> None:
    """A controller reporting a catalog revision the backoffice never gave out (the backoffice
    restored from a backup taken before it): a warning saying what happened and what to do,
    not "the latest"."""
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        current, current_token = enroll(owner, token)
        heartbeat(owner, current_token, world, outbox=0, revision=0)
        level = owner.get("/stores/a-1/devices").text
        assert "den senaste" in card(level, current)
        assert 'data-testid="revision-ahead"' not in level

        ahead, ahead_token = enroll(owner, token)
        world.clock.advance(minutes=1)
        heartbeat(owner, ahead_token, world, outbox=0, revision=4321)
        page = owner.get("/stores/a-1/devices").text
        flagged = card(page, ahead)
        assert "4321" in flagged
        assert "nyare än den nyaste här" in flagged
        assert "den senaste" not in flagged
        assert "den senaste" in card(page, current)
        applied = page.split('data-testid="applied"', 1)[1].split("</p>", 1)[0]
        assert "Butiken har en nyare sortimentsversion än den nyaste här." in applied
        assert "Butiken har den senaste ändringen." not in applied
        warning = page.split('data-testid="revision-ahead"', 1)[1].split("</p>", 1)[0]
        assert "säkerhetskopia" in warning
        assert "gör om det som saknas" in warning

        owner.cookies.set("byabutik_lang", "en")
        english = owner.get("/stores/a-1/devices").text
        assert "newer than the newest here" in card(english, ahead)
        assert "restored from a backup" in english
        owner.cookies.set("byabutik_lang", "sv")


def test_a_refusal_says_why_in_words_when_the_reason_is_known(world: World) -> None:
    """A reason the controller is known to give reads as a sentence (sv + en); any other
    reason is only in the folded-away technical details."""
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        reasons = {
            "POST /device/rotate: ReadTimeout: timed out": "Backoffice svarade inte i tid",
            "the printer is on fire": None,
        }
        for detail, words in reasons.items():
            device, device_token = enroll(owner, token)
            owner.get(
                "/api/sync/v1/catalog?since=0&features=rotate_token", headers=bearer(device_token)
            )
            owner.post(f"/stores/a-1/devices/{device}/rotate", data={"csrf_token": token})
            listed = owner.get("/api/sync/v1/commands", headers=bearer(device_token)).json()
            command = listed["commands"][0]["command_id"]
            ack = wire.CommandAck(
                command_id=command,
                status=wire.CommandStatus.REJECTED,
                at=world.clock.now,
                detail=detail,
            )
            acked = owner.post(
                f"/api/sync/v1/commands/{command}/ack",
                content=ack.model_dump_json(),
                headers={**bearer(device_token), "Content-Type": "application/json"},
            )
            assert acked.status_code == 204
            refused = card(owner.get("/stores/a-1/devices").text, device)
            folded = refused.split('data-testid="rotation-detail"', 1)[1].split("</details>")[0]
            assert detail in folded
            if words is None:
                assert 'data-testid="rotation-reason"' not in refused
                continue
            reason = refused.split('data-testid="rotation-reason"', 1)[1].split("</p>", 1)[0]
            assert f"Orsak: {words}" in reason
            assert detail not in reason
            owner.cookies.set("byabutik_lang", "en")
            english = card(owner.get("/stores/a-1/devices").text, device)
            assert "Reason: The backoffice did not answer in time" in english
            owner.cookies.set("byabutik_lang", "sv")
