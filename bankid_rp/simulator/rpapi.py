"""The RP API v6.0 endpoints of the simulator, with BankID's HTTP rules applied in BankID's order.

Checks: trusted client certificate (401), known path (404), POST (405), exactly
`application/json` (415), injected faults, a JSON object body (400), then the endpoint itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from bankid_rp.simulator.faults import Fault, FaultInjector
from bankid_rp.simulator.orders import SCENARIOS, OrderError, OrderKind, OrderStore
from bankid_rp.simulator.validation import (
    invalid,
    parse_order,
    parse_order_ref,
    parse_phone_order,
)

SCENARIO_HEADER = "x-bankid-simulator-scenario"
ENDPOINTS = frozenset({"auth", "sign", "phone/auth", "phone/sign", "collect", "cancel"})
_log = logging.getLogger(__name__)

ClientIdentifier = Callable[[Request], str | None]


def error(code: str, details: str, status: int) -> JSONResponse:
    return JSONResponse({"errorCode": code, "details": details}, status_code=status)


def certificate_id(cert: x509.Certificate) -> str:
    """How the simulator tells RPs apart: the hex SHA-256 of the certificate."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def tls_client_id(request: Request) -> str | None:
    """The id of the verified client certificate, from the ASGI TLS extension."""
    tls = request.scope.get("extensions", {}).get("tls") or {}
    chain = tls.get("client_cert_chain") or []
    if not chain:
        return None
    return certificate_id(x509.load_pem_x509_certificate(chain[0].encode("ascii")))


def rp_router(
    *,
    store: OrderStore,
    faults: FaultInjector,
    client_id_of: ClientIdentifier = tls_client_id,
    blocked_clients: set[str] | None = None,
) -> APIRouter:
    """The `/rp/...` routes (every method, so that the method rule can be BankID's)."""
    router = APIRouter()
    blocked = blocked_clients if blocked_clients is not None else set()

    @router.api_route(
        "/rp/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    )
    async def rp(path: str, request: Request) -> Response:
        client_id = client_id_of(request)
        if client_id is None or client_id in blocked:
            return error("unauthorized", "RP certificate is not authorised", 401)
        endpoint = path.removeprefix("v6.0/") if path.startswith("v6.0/") else ""
        refusal = _http_rules(endpoint, request)
        if refusal is not None:
            return refusal
        fault = faults.take(endpoint)
        injected = await _fault_answer(fault) if fault is not None else None
        if injected is not None:
            return injected
        try:
            body = _json_object(await request.body())
            answer = _dispatch(store, endpoint, body, client_id, request.headers)
        except OrderError as exc:
            _log.info("bankid simulator refused", extra={"path": endpoint, "code": exc.code})
            return error(exc.code, exc.details, exc.status)
        return JSONResponse(answer)

    return router


def _http_rules(endpoint: str, request: Request) -> Response | None:
    if endpoint not in ENDPOINTS:
        return error("notFound", "Not found", 404)
    if request.method != "POST":
        return error("methodNotAllowed", "Only POST is allowed", 405)
    content_type = request.headers.get("content-type", "").strip().lower()
    if content_type != "application/json":
        return error("unsupportedMediaType", "Content-Type must be application/json", 415)
    return None


async def _fault_answer(fault: Fault) -> Response | None:
    if fault.delay:
        await asyncio.sleep(fault.delay)
    if fault.non_json:
        return HTMLResponse("<html><body>Bad gateway</body></html>", fault.http_status)
    if fault.error:
        answer = error(fault.error, "Injected by the simulator", fault.http_status)
        if fault.http_status == 429:
            answer.headers.update(
                {"RateLimit-Limit": "10", "RateLimit-Remaining": "0", "RateLimit-Reset": "2"}
            )
        return answer
    return None


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise invalid("Invalid JSON") from None
    if not isinstance(body, dict):
        raise invalid("Invalid JSON")
    return body


def _dispatch(
    store: OrderStore, endpoint: str, body: dict[str, Any], client_id: str, headers: Any
) -> dict[str, Any]:
    if endpoint == "collect":
        return store.collect(parse_order_ref(body), client_id)
    if endpoint == "cancel":
        store.cancel(parse_order_ref(body), client_id)
        return {}
    scenario = headers.get(SCENARIO_HEADER)
    if scenario is not None and scenario not in SCENARIOS:
        raise invalid(f"Unknown simulator scenario (one of {', '.join(SCENARIOS)})")
    kind: OrderKind = endpoint  # type: ignore[assignment]
    if endpoint in {"auth", "sign"}:
        request = parse_order(body, endpoint)  # type: ignore[arg-type]
    else:
        request = parse_phone_order(body, "auth" if endpoint == "phone/auth" else "sign")
    order = store.create(kind=kind, client_id=client_id, request=request, scenario=scenario)
    _log.info("bankid simulator order", extra={"order_ref": order.ref, "path": endpoint})
    if order.is_phone:
        return {"orderRef": order.ref}
    return {
        "orderRef": order.ref,
        "autoStartToken": order.auto_start_token,
        "qrStartToken": order.qr_start_token,
        "qrStartSecret": order.qr_start_secret,
    }
