"""Text that looks like RFC 3339 but names no real UTC moment is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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


def test_a_moment_read_again_after_many_others_is_still_the_same_moment() -> None:
    """Text already read is answered from what it gave before; past the bound of what is kept
    (more distinct moments than a push carries), the answers stay right."""
    first = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    moments = [first + timedelta(seconds=n) for n in range(1000)]
    texts = [m.strftime("%Y-%m-%dT%H:%M:%SZ") for m in moments]
    for _ in range(2):
        read = [Stamped.model_validate({"at": text}).at for text in texts]
        assert read == moments
        assert all(at.tzinfo is UTC for at in read)
    with pytest.raises(ValidationError):  # refused text is never kept as valid
        Stamped.model_validate({"at": "2026-02-29T12:00:00Z"})
