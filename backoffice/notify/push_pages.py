"""The installable web app and Web Push from the phone: the manifest, the service worker at the
root scope (it shows pushed alerts; a tap opens the alert's acknowledge link), the icons drawn
at run time, and the account page's "Larm till den här telefonen": the page subscribes with the
browser's PushManager and posts the subscription here, stored for the signed-in person."""

from __future__ import annotations

import base64
import binascii
import io
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from PIL import Image, ImageDraw
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal
from backoffice.access.rules import PUBLIC, signed_in
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import BackofficeError, NotFoundError
from backoffice.notify.deliver import push_key_file
from backoffice.notify.messages_en import PUSH_EN
from backoffice.notify.models import PushSubscription
from backoffice.notify.vapid import public_key
from backoffice.settings import BackofficeSettings
from backoffice.web.messages_en import ENGLISH

ENGLISH.update(PUSH_EN)
STATIC = Path(__file__).parent / "static"
ICON_SIZES = (192, 512)
GREEN = (31, 94, 59)

public = APIRouter(tags=["pages"], dependencies=[PUBLIC])  # the app shell's public files
router = APIRouter(tags=["pages"])
SignedIn = Annotated[Principal, Depends(signed_in())]


@public.get("/manifest.webmanifest")
def manifest() -> Response:
    body = {
        "name": "Byabutik – butikens larm och skötsel",
        "short_name": "Byabutik",
        "lang": "sv",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5e3b",
        "icons": [
            *(
                {"src": f"/icons/{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                for size in ICON_SIZES
            ),
            {"src": "/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JSONResponse(body, media_type="application/manifest+json")


@public.get("/sw.js")
def service_worker() -> Response:
    """At the root so its scope is the whole app; never cached long (updates reach phones)."""
    return FileResponse(
        STATIC / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@lru_cache(maxsize=len(ICON_SIZES))
def icon_png(size: int) -> bytes:
    """A shop-front icon in the app's green, drawn now (no image files in the repository)."""
    image = Image.new("RGB", (size, size), GREEN)
    draw = ImageDraw.Draw(image)
    unit = size / 16
    draw.polygon([(3 * unit, 7 * unit), (8 * unit, 3 * unit), (13 * unit, 7 * unit)], "white")
    draw.rectangle([4 * unit, 7 * unit, 12 * unit, 13 * unit], "white")
    draw.rectangle([7 * unit, 9.5 * unit, 9 * unit, 13 * unit], GREEN)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@public.get("/icons/{name}")
def icon(name: str) -> Response:
    headers = {"Cache-Control": "public, max-age=86400"}
    if name == "icon.svg":
        return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml", headers=headers)
    size = name.removesuffix(".png")
    if not size.isdigit() or int(size) not in ICON_SIZES or not name.endswith(".png"):
        raise NotFoundError(f"no icon {name}")
    return Response(icon_png(int(size)), media_type="image/png", headers=headers)


def _b64(value: str, length: int, what: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"{what} is not base64url") from exc
    if len(raw) != length:
        raise ValueError(f"{what} must be {length} bytes")
    return value


class Keys(BaseModel):
    model_config = ConfigDict(extra="forbid")
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)

    @field_validator("p256dh")
    @classmethod
    def _point(cls, value: str) -> str:
        return _b64(value, 65, "keys.p256dh")

    @field_validator("auth")
    @classmethod
    def _auth(cls, value: str) -> str:
        return _b64(value, 16, "keys.auth")


class Subscription(BaseModel):
    """What `PushSubscription.toJSON()` gives in the browser."""

    model_config = ConfigDict(extra="forbid")
    endpoint: str = Field(min_length=10, max_length=1000)
    expirationTime: float | None = None  # noqa: N815 - the browser's name
    keys: Keys


class Unsubscribe(BaseModel):
    model_config = ConfigDict(extra="forbid")
    endpoint: str = Field(min_length=10, max_length=1000)


def _check_endpoint(endpoint: str, settings: BackofficeSettings) -> None:
    """Push services are HTTPS; plain http only in dev mode (a local test push service)."""
    if endpoint.startswith("https://") or (
        settings.mode == "dev" and endpoint.startswith("http://")
    ):
        return
    raise BackofficeError("endpoint must be an https address of a push service")


def device_label(request: Request) -> str:
    agent = request.headers.get("user-agent", "")
    for name in ("Android", "iPhone", "iPad", "Windows", "Macintosh", "Linux"):
        if name in agent:
            browser = next(
                (b for b in ("Firefox", "Edg", "Chrome", "Safari") if b in agent), "webbläsare"
            )
            return f"{browser.replace('Edg', 'Edge')} på {name}"
    return "okänd webbläsare"


def push_context(session: Session, settings: BackofficeSettings, person_id: int) -> dict[str, Any]:
    """What the account page shows: the public key (None: Web Push is off) and the phones."""
    path = push_key_file(settings)
    query = select(PushSubscription).where(PushSubscription.person_id == person_id)
    return {
        "push_key": public_key(path) if path is not None else None,
        "phones": list(session.scalars(query.order_by(PushSubscription.id))),
    }


@router.post("/account/push", status_code=201)
def subscribe(
    *,
    request: Request,
    body: Subscription,
    principal: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> dict[str, Any]:
    _check_endpoint(body.endpoint, settings)
    query = select(PushSubscription).where(PushSubscription.endpoint == body.endpoint)
    phone = session.scalars(query).one_or_none()
    if phone is None:
        phone = PushSubscription(endpoint=body.endpoint, created_at=now)
        session.add(phone)
    phone.person_id = principal.person_id
    phone.p256dh, phone.auth = body.keys.p256dh, body.keys.auth
    phone.device = device_label(request)[:120]
    session.flush()
    record(
        session,
        actor=principal.actor,
        action="push.subscribe",
        now=now,
        target=str(phone.id),
        after={"device": phone.device},
    )
    session.commit()
    return {"id": phone.id, "device": phone.device}


def _forget(session: Session, principal: Principal, phone: PushSubscription, now: Any) -> None:
    record(
        session,
        actor=principal.actor,
        action="push.unsubscribe",
        now=now,
        target=str(phone.id),
        before={"device": phone.device},
    )
    session.delete(phone)
    session.commit()


@router.post("/account/push/remove")
def unsubscribe(
    body: Unsubscribe, principal: SignedIn, session: SessionDep, now: NowDep
) -> dict[str, bool]:
    query = select(PushSubscription).where(
        PushSubscription.endpoint == body.endpoint,
        PushSubscription.person_id == principal.person_id,
    )
    phone = session.scalars(query).one_or_none()
    if phone is not None:
        _forget(session, principal, phone, now)
    return {"removed": phone is not None}


@router.post("/account/push/{phone_id}/remove")
def remove_phone(
    phone_id: int,
    principal: SignedIn,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """The account page's list: forget one phone (works without JavaScript)."""
    phone = session.get(PushSubscription, phone_id)
    if phone is None or phone.person_id != principal.person_id:
        raise NotFoundError(f"no phone {phone_id}")
    _forget(session, principal, phone, now)
    return RedirectResponse("/account#push", status_code=303)
