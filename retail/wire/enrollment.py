"""Enrollment: a store controller exchanges a one-time code for its device credential."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from retail.wire.common import SequenceMark, Slug, StrictInt, Version, WireModel
from retail.wire.envelope import check_protocol

EnrollmentCode = Annotated[str, Field(pattern=r"^[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}$")]
"""What the owner types on the Pi: four groups of four capitals or digits, e.g. `7KQ2-M9XD-...`."""
DeviceToken = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{32,128}$")]
"""The bearer secret of one device (URL-safe base64); the backoffice keeps only its SHA-256."""


class EnrollmentRequest(WireModel):
    """Sent once by a controller with the code the owner got from the backoffice."""

    protocol: StrictInt
    code: EnrollmentCode
    software_version: Version

    _check_protocol = field_validator("protocol")(check_protocol)


class DeviceCredential(WireModel):
    """The answer to enrollment (or rotation): who the device is and its bearer token."""

    protocol: StrictInt
    store_id: Slug
    device_id: Annotated[StrictInt, Field(ge=1)]
    token: DeviceToken
    last_seq: SequenceMark = 0
    """The highest outbox sequence the backoffice holds for this store: a fresh controller
    database (a re-imaged Pi) must number its entries after it, or they would read as replays."""

    _check_protocol = field_validator("protocol")(check_protocol)
