"""The backoffice's sync API over httpx; errors come out as `SyncError`s, nothing else.

`transport` is the one seam: tests pass `httpx.ASGITransport(app)` (the real backoffice in
process), `httpx.MockTransport`, or a transport that fails on purpose.

`protocol` is the version this client speaks (the header of every request): the newest by
default; `SyncService` lowers it when the backoffice answers 426 and raises it again to probe.
"""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from retail import wire
from store_controller.sync.errors import (
    BackofficeRejected,
    BackofficeUnavailable,
    CredentialRejected,
    ProtocolRejected,
)

API = "/api/sync/v1"
HEALTH = "/healthz"
PROBE_TIMEOUT = 2.0
PROTOCOL_HEADER = "X-Byabutik-Protocol"
FEATURES = (wire.MEMBER_HOURS, wire.ERASED, wire.ROTATE_TOKEN)
"""What this controller reads beyond its protocol version, named on each catalog and members
pull: the backoffice sends the access policy's `member_hours`, `MemberStandings.erased`, and
offers the `RotateToken` command only to a controller naming them."""
M = TypeVar("M", bound=BaseModel)
_RETRYABLE = {408, 425, 429}


class BackofficeClient:
    """One controller's connection to the backoffice (close it with `aclose`)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        features: tuple[str, ...] = FEATURES,
    ) -> None:
        headers: dict[str, str] = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), headers=headers, transport=transport, timeout=timeout
        )
        self.server_time: datetime | None = None
        """The backoffice's clock from the last answer's Date header (None if it sent none)."""
        self.protocol: int = wire.PROTOCOL_VERSION
        """The version sent in each request's header (a batch's own version for a push)."""
        self.features = features
        """What a catalog or members pull names (`FEATURES`; tests name less to play an older
        controller)."""

    async def aclose(self) -> None:
        await self._http.aclose()

    async def enroll(self, code: str, software_version: str) -> wire.DeviceCredential:
        request = wire.EnrollmentRequest(
            protocol=self.protocol, code=code, software_version=software_version
        )
        return _parse(wire.DeviceCredential, await self._call("POST", "/enroll", body=request))

    async def push(self, batch: wire.PushBatch) -> wire.PushAck:
        response = await self._call("POST", "/push", body=batch, protocol=batch.protocol)
        return _parse(wire.PushAck, response)

    async def push_unchecked(self, batch: dict[str, Any]) -> wire.PushAck:
        """Push a batch holding entries our checks refused, as JSON (the backoffice checks
        each entry alone and quarantines those it refuses too)."""
        content = json.dumps(batch, ensure_ascii=False, separators=(",", ":")).encode()
        protocol = int(batch["protocol"])
        response = await self._call("POST", "/push", content=content, protocol=protocol)
        return _parse(wire.PushAck, response)

    async def catalog(self, since: int) -> wire.CatalogChanges:
        params = {"since": since, "features": ",".join(self.features)}
        response = await self._call("GET", "/catalog", params=params)
        return _parse(wire.CatalogChanges, response)

    async def stock(self, since: int) -> wire.StockChanges:
        response = await self._call("GET", "/stock", params={"since": since})
        return _parse(wire.StockChanges, response)

    async def members(self) -> wire.MemberStandings:
        params = {"features": ",".join(self.features)}
        response = await self._call("GET", "/members", params=params)
        return _parse(wire.MemberStandings, response)

    async def commands(self) -> wire.CommandList:
        return _parse(wire.CommandList, await self._call("GET", "/commands"))

    async def ack_command(self, ack: wire.CommandAck) -> None:
        await self._call("POST", f"/commands/{ack.command_id}/ack", body=ack)

    async def heartbeat(self, beat: wire.Heartbeat) -> None:
        await self._call("POST", "/heartbeat", body=beat)

    async def rotate(self) -> wire.DeviceCredential:
        return _parse(wire.DeviceCredential, await self._call("POST", "/device/rotate"))

    def use_token(self, token: str) -> None:
        """Send `token` from the next request on (after a rotation)."""
        self._http.headers["Authorization"] = f"Bearer {token}"

    async def alive(self) -> bool:
        """Does the backoffice answer its health endpoint (`/healthz`: no database, no
        credential)? A cheap question to ask while backing off; never raises."""
        try:
            response = await self._http.get(HEALTH, timeout=PROBE_TIMEOUT)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def _call(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
        protocol: int | None = None,
    ) -> httpx.Response:
        if body is not None:
            content = body.model_dump_json().encode()
        version = self.protocol if protocol is None else protocol
        headers = {PROTOCOL_HEADER: str(version)}
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = await self._http.request(
                method, API + path, content=content, params=params, headers=headers
            )
        except httpx.HTTPError as exc:
            raise BackofficeUnavailable(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        self._note_server_time(response)
        _raise_for_status(response, version)
        return response

    def _note_server_time(self, response: httpx.Response) -> None:
        date = response.headers.get("date")
        if date:
            try:
                self.server_time = parsedate_to_datetime(date)
            except (TypeError, ValueError):
                self.server_time = None


def _parse(model: type[M], response: httpx.Response) -> M:
    try:
        return wire.parse_json(model, response.content)  # a key given twice is refused too
    except ValidationError as exc:
        raise BackofficeUnavailable(f"unreadable answer to {response.request.url.path}") from exc


def _raise_for_status(response: httpx.Response, protocol: int) -> None:
    status = response.status_code
    if status < 400:
        return
    if status >= 500 or status in _RETRYABLE:
        raise BackofficeUnavailable(f"backoffice answered {status}")
    detail = _detail(response)
    if status == 401:
        raise CredentialRejected(status, detail)
    if status == 426:
        raise ProtocolRejected(status, detail, protocol=protocol)
    raise BackofficeRejected(status, detail)


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        detail = response.text
    return str(detail)[:300]
