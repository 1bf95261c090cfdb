"""The commerce API routes of the simulator, under `/swish-cpcapi/api/` as at Swish.

Every route needs a client certificate from the simulator's CA (401 otherwise; a certificate from
another CA already fails the TLS handshake). Errors are Swish's: 422 with a JSON array of
`{errorCode, errorMessage, additionalInformation}`, 404 for unknown ids, 409 for a reused id.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from byabutik.runtime.tls.server import client_cert_pem
from swish_merchant.client import CANCEL_PATCH, JSON_PATCH
from swish_merchant.simulator.store import PaymentStore, SimulatorError
from swish_merchant.simulator.validation import INSTRUCTION_ID, SwishProblem

PREFIX = "/swish-cpcapi/api"


def refusal(error: SimulatorError) -> Response:
    if error.codes:
        body = [SwishProblem(code).to_wire() for code in error.codes]
        return JSONResponse(body, status_code=error.status)
    return Response(status_code=error.status)


async def _json_object(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SimulatorError(400) from None
    if not isinstance(body, dict):
        raise SimulatorError(400)
    return body


def _check(request: Request, instruction_id: str) -> None:
    if client_cert_pem(request.scope) is None:
        raise SimulatorError(401)
    if not INSTRUCTION_ID.match(instruction_id):
        raise SimulatorError(400)


def merchant_of(request: Request) -> str | None:
    """The Swish number the client certificate was issued to (its common name), if any."""
    pem = client_cert_pem(request.scope)
    if pem is None:
        return None
    names = x509.load_pem_x509_certificate(pem.encode()).subject.get_attributes_for_oid(
        NameOID.COMMON_NAME
    )
    return str(names[0].value) if names else None


def api_router(store: PaymentStore) -> APIRouter:
    router = APIRouter(prefix=PREFIX)

    @router.put("/v2/paymentrequests/{instruction_id}")
    async def create(instruction_id: str, request: Request) -> Response:
        try:
            _check(request, instruction_id)
            body = await _json_object(request)
            payment = store.create(instruction_id, body, merchant=merchant_of(request))
        except SimulatorError as error:
            return refusal(error)
        location = f"{str(request.base_url).rstrip('/')}{PREFIX}/v1/paymentrequests/{payment.id}"
        headers = {"Location": location}
        if payment.token is not None:
            headers["PaymentRequestToken"] = payment.token
        return Response(status_code=201, headers=headers)

    @router.get("/v1/paymentrequests/{instruction_id}")
    async def read(instruction_id: str, request: Request) -> Response:
        try:
            _check(request, instruction_id)
            return JSONResponse(store.get(instruction_id).to_wire())
        except SimulatorError as error:
            return refusal(error)

    @router.patch("/v1/paymentrequests/{instruction_id}")
    async def cancel(instruction_id: str, request: Request) -> Response:
        try:
            _check(request, instruction_id)
            if request.headers.get("content-type", "").split(";")[0].strip() != JSON_PATCH:
                raise SimulatorError(415)
            if json.loads(await request.body() or b"null") != CANCEL_PATCH:
                raise SimulatorError(400)
            return JSONResponse(store.cancel(instruction_id).to_wire())
        except SimulatorError as error:
            return refusal(error)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return Response(status_code=400)

    @router.put("/v2/refunds/{instruction_id}")
    async def create_refund(instruction_id: str, request: Request) -> Response:
        try:
            _check(request, instruction_id)
            body = await _json_object(request)
            refund = store.create_refund(instruction_id, body, merchant=merchant_of(request))
        except SimulatorError as error:
            return refusal(error)
        location = f"{str(request.base_url).rstrip('/')}{PREFIX}/v1/refunds/{refund.id}"
        return Response(status_code=201, headers={"Location": location})

    @router.get("/v1/refunds/{instruction_id}")
    async def read_refund(instruction_id: str, request: Request) -> Response:
        try:
            _check(request, instruction_id)
            return JSONResponse(store.refund(instruction_id).to_wire())
        except SimulatorError as error:
            return refusal(error)

    return router
