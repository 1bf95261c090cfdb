"""Typed requests and answers of the RP API v6.0 (camelCase on the wire, snake_case here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel

from bankid_rp.identity import PersonalNumber
from bankid_rp.qr import AnimatedQr

CardReader = Literal["class1", "class2"]
CallInitiator = Literal["user", "RP"]
UserVisibleDataFormat = Literal["simpleMarkdownV1"]
Status = Literal["pending", "failed", "complete"]
Risk = Literal["low", "moderate", "high"]


@dataclass(frozen=True, kw_only=True)
class Requirement:
    """Conditions the user must meet; `personal_number` restricts who may complete the order."""

    pin_code: bool | None = None
    mrtd: bool | None = None
    card_reader: CardReader | None = None
    certificate_policies: tuple[str, ...] | None = None
    personal_number: PersonalNumber | None = None

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {}
        if self.pin_code is not None:
            wire["pinCode"] = self.pin_code
        if self.mrtd is not None:
            wire["mrtd"] = self.mrtd
        if self.card_reader is not None:
            wire["cardReader"] = self.card_reader
        if self.certificate_policies is not None:
            wire["certificatePolicies"] = list(self.certificate_policies)
        if self.personal_number is not None:
            wire["personalNumber"] = self.personal_number.digits
        return wire


@dataclass(frozen=True, kw_only=True)
class WebDeviceData:
    """The browser the user started from (`web`); `referring_domain` in punycode."""

    device_identifier: str
    referring_domain: str
    user_agent: str

    def to_wire(self) -> dict[str, str]:
        if len(self.user_agent) > 256:
            raise ValueError("web.userAgent is at most 256 characters")
        return {
            "deviceIdentifier": self.device_identifier,
            "referringDomain": self.referring_domain,
            "userAgent": self.user_agent,
        }


@dataclass(frozen=True, kw_only=True)
class AppDeviceData:
    """The RP's own app the user started from (`app`)."""

    app_identifier: str
    device_os: str
    device_model_name: str
    device_identifier: str

    def to_wire(self) -> dict[str, str]:
        return {
            "appIdentifier": self.app_identifier,
            "deviceOS": self.device_os,
            "deviceModelName": self.device_model_name,
            "deviceIdentifier": self.device_identifier,
        }


@dataclass(frozen=True)
class OrderStarted:
    """The answer to auth/sign; `started_at` is our monotonic time when it arrived."""

    order_ref: str
    auto_start_token: str
    qr_start_token: str
    qr_start_secret: str = field(repr=False)
    started_at: float

    @property
    def qr(self) -> AnimatedQr:
        return AnimatedQr(self.qr_start_token, self.qr_start_secret, self.started_at)

    def qr_from(self, started_at: float) -> AnimatedQr:
        """The QR counted from `started_at` on another clock, e.g. the wall-clock time (epoch
        seconds) kept with the order, so any worker computes the same frame at the same moment."""
        return AnimatedQr(self.qr_start_token, self.qr_start_secret, started_at)

    def autostart_url(self, redirect: str = "null") -> str:
        return f"https://app.bankid.com/?autostarttoken={self.auto_start_token}&redirect={redirect}"


@dataclass(frozen=True)
class PhoneOrderStarted:
    """The answer to phone/auth and phone/sign: only an order reference."""

    order_ref: str
    started_at: float


def _issue_date(value: object) -> object:
    """BankID's `bankIdIssueDate` is "YYYY-MM-DDZ" (a date with a trailing Z); plain dates pass."""
    if isinstance(value, str):
        text = value.removesuffix("Z")
        if len(text) != 10:
            raise ValueError("bankIdIssueDate is not YYYY-MM-DDZ")
        return dt.date.fromisoformat(text)
    return value


def _personal_number(value: object) -> object:
    return PersonalNumber.from_bankid(value) if isinstance(value, str) else value


class _Wire(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        extra="ignore",
        arbitrary_types_allowed=True,
    )


class User(_Wire):
    personal_number: Annotated[PersonalNumber, BeforeValidator(_personal_number)]
    name: str
    given_name: str
    surname: str


class Device(_Wire):
    ip_address: str
    uhi: str | None = None


class StepUp(_Wire):
    mrtd: bool


class CompletionData(_Wire):
    """Who completed the order, on what device, and BankID's signature and OCSP answer (base64)."""

    user: User
    device: Device
    bank_id_issue_date: Annotated[dt.date | None, BeforeValidator(_issue_date)] = None
    step_up: StepUp | None = None
    signature: str
    ocsp_response: str
    risk: Risk | None = None


class CollectResult(_Wire):
    """One collect answer: `hint_code` if pending or failed, `completion_data` if complete."""

    order_ref: str
    status: Status
    hint_code: str | None = None
    completion_data: CompletionData | None = None
