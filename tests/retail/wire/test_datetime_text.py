"""Text that looks like RFC 3339 but names no real UTC moment is refused."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from retail.wire.common import UtcDateTime


class Stamped(BaseModel):
    at: UtcDateTime


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-02-29T12:00:00Z",
        "2026-11-28T23:59:60Z",
        "2026-11-28T24:00:00Z",
        "2026-11-28T12:00:00+00:60",
        "2026-11-28T12:00:00+24:00",
        "2026-11-28T12:00:00-23:59",
    ],
)
def test_impossible_or_offset_moments_are_refused(stamp: str) -> None:
    with pytest.raises(ValidationError):
        Stamped.model_validate_json(f'{{"at": "{stamp}"}}')


def test_a_leap_day_and_minus_zero_are_read() -> None:
    assert Stamped.model_validate({"at": "2024-02-29T12:00:00-00:00"}).at.isoformat() == (
        "2024-02-29T12:00:00+00:00"
    )
