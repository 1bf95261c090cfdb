"""Request validation as BankID does it: every problem is 400 invalidParameters with a reason.

Stricter than necessary where the real service is undocumented (unknown fields are refused), so
that a request the simulator accepts is one the real service accepts too.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import uuid
from typing import Any

from bankid_rp.identity import is_valid_personal_number
from bankid_rp.simulator.orders import OrderError, OrderRequest
from bankid_rp.userdata import NON_VISIBLE_LIMIT, VISIBLE_LIMIT, OrderKind

_WRONG_BULLET = re.compile(r"^[-*] ")
_OID = re.compile(r"^(\d+)(\.(\d+|\*))*$")
_ORDER_FIELDS = {
    "endUserIp",
    "requirement",
    "userVisibleData",
    "userNonVisibleData",
    "userVisibleDataFormat",
    "returnUrl",
    "returnRisk",
    "web",
    "app",
}
_PHONE_FIELDS = {
    "personalNumber",
    "callInitiator",
    "requirement",
    "userVisibleData",
    "userNonVisibleData",
    "userVisibleDataFormat",
}
_REQUIREMENT_FIELDS = {"pinCode", "mrtd", "cardReader", "certificatePolicies", "personalNumber"}
_WEB_FIELDS = {"deviceIdentifier", "referringDomain", "userAgent"}
_APP_FIELDS = {"appIdentifier", "deviceOS", "deviceModelName", "deviceIdentifier"}


def invalid(details: str) -> OrderError:
    return OrderError("invalidParameters", details)


def _only(body: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise invalid(f"Unknown field in {where}: {unknown[0]}")


def _base64(body: dict[str, Any], name: str, limit: int, *, required: bool) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid(f"Missing {name}")
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= limit:
        raise invalid(f"Invalid {name}: 1-{limit} base64 characters")
    try:
        base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise invalid(f"Invalid {name}: not base64 of UTF-8 text") from None
    return value


def _personal_number(value: object, where: str) -> str:
    if not isinstance(value, str) or not is_valid_personal_number(value):
        raise invalid(f"Invalid {where}")
    return value


def _requirement(value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid("Invalid requirement")
    _only(value, _REQUIREMENT_FIELDS, "requirement")
    for flag in ("pinCode", "mrtd"):
        if flag in value and not isinstance(value[flag], bool):
            raise invalid(f"Invalid requirement.{flag}")
    if "cardReader" in value and value["cardReader"] not in {"class1", "class2"}:
        raise invalid("Invalid requirement.cardReader")
    policies = value.get("certificatePolicies")
    if policies is not None and (
        not isinstance(policies, list)
        or not policies
        or not all(isinstance(p, str) and _OID.match(p) for p in policies)
    ):
        raise invalid("Invalid requirement.certificatePolicies")
    if "personalNumber" in value:
        _personal_number(value["personalNumber"], "requirement.personalNumber")
    return dict(value)


def _device(value: object, fields: set[str], name: str) -> None:
    if value is None:
        return
    if not isinstance(value, dict) or set(value) != fields:
        raise invalid(f"Invalid {name}: needs {', '.join(sorted(fields))}")
    if not all(isinstance(v, str) and v for v in value.values()):
        raise invalid(f"Invalid {name}")
    if len(value.get("userAgent", "")) > 256:
        raise invalid("Invalid web.userAgent: at most 256 characters")


def _check_markdown(encoded: str) -> None:
    """The one simpleMarkdownV1 rule whose server-side error text is known (reference 4)."""
    text = base64.b64decode(encoded).decode("utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if _WRONG_BULLET.match(line):
            raise invalid(
                f"At ({number}, 1): Initial token for unordered list items must be '+' "
                "and it must be followed by space."
            )


def _user_data(body: dict[str, Any], kind: OrderKind) -> dict[str, Any]:
    fmt = body.get("userVisibleDataFormat")
    if fmt is not None and fmt != "simpleMarkdownV1":
        raise invalid("Invalid userVisibleDataFormat")
    visible = _base64(body, "userVisibleData", VISIBLE_LIMIT[kind], required=kind == "sign")
    if visible is not None and fmt == "simpleMarkdownV1":
        _check_markdown(visible)
    return {
        "user_visible_data": visible,
        "user_non_visible_data": _base64(
            body, "userNonVisibleData", NON_VISIBLE_LIMIT[kind], required=False
        ),
        "user_visible_data_format": fmt,
    }


def parse_order(body: dict[str, Any], kind: OrderKind) -> OrderRequest:
    """Validate an auth or sign request."""
    _only(body, _ORDER_FIELDS, kind)
    ip = body.get("endUserIp")
    if not isinstance(ip, str):
        raise invalid("Missing endUserIp")
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        raise invalid("Invalid endUserIp") from None
    url = body.get("returnUrl")
    if url is not None and (not isinstance(url, str) or not 1 <= len(url) <= 512):
        raise invalid("Invalid returnUrl")
    risk = body.get("returnRisk", False)
    if not isinstance(risk, bool):
        raise invalid("Invalid returnRisk")
    _device(body.get("web"), _WEB_FIELDS, "web")
    _device(body.get("app"), _APP_FIELDS, "app")
    return OrderRequest(
        end_user_ip=ip,
        requirement=_requirement(body.get("requirement")),
        return_risk=risk,
        **_user_data(body, kind),
    )


def parse_phone_order(body: dict[str, Any], kind: OrderKind) -> OrderRequest:
    """Validate a phone/auth or phone/sign request."""
    _only(body, _PHONE_FIELDS, f"phone/{kind}")
    initiator = body.get("callInitiator")
    if initiator not in {"user", "RP"}:
        raise invalid("Invalid callInitiator")
    return OrderRequest(
        personal_number=_personal_number(body.get("personalNumber"), "personalNumber"),
        requirement=_requirement(body.get("requirement")),
        call_initiator=initiator,
        **_user_data(body, kind),
    )


def parse_order_ref(body: dict[str, Any]) -> str:
    """The orderRef of collect and cancel; a non-UUID is invalidParameters too."""
    _only(body, {"orderRef"}, "request")
    ref = body.get("orderRef")
    if not isinstance(ref, str):
        raise invalid("Missing orderRef")
    try:
        uuid.UUID(ref)
    except ValueError:
        raise invalid("Invalid orderRef") from None
    return ref
