"""The animated QR code: the official test vector, frames per second, parsing and verification."""

from __future__ import annotations

import pytest

from bankid_rp.models import OrderStarted
from bankid_rp.qr import AnimatedQr, parse_qr_frame, qr_data, verify_qr_frame

TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8"
SECRET = "d28db9a7-4cde-429e-a983-359be676944c"
VECTOR = {
    0: "dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8",
    1: "949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2",
    2: "a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3",
}


@pytest.mark.parametrize(("seconds", "code"), VECTOR.items())
def test_official_test_vector(seconds: int, code: str) -> None:
    assert qr_data(TOKEN, SECRET, seconds) == f"bankid.{TOKEN}.{seconds}.{code}"


def test_a_fresh_frame_every_whole_second() -> None:
    qr = AnimatedQr(TOKEN, SECRET, started_at=100.0)
    assert qr.frame_at(100.0).endswith(VECTOR[0])
    assert qr.frame_at(100.999).endswith(VECTOR[0])
    assert qr.frame_at(101.0).endswith(VECTOR[1])
    assert qr.frame_at(102.5).endswith(VECTOR[2])
    assert qr.frame_at(99.0).endswith(VECTOR[0])  # never a negative t


def test_frames_counted_from_a_wall_clock_start_kept_with_the_order() -> None:
    order = OrderStarted("ref", "auto", TOKEN, SECRET, started_at=5.0)  # the client's monotonic
    wall = 1_777_881_600.25  # epoch seconds stored with the order, shared by every worker
    assert order.qr_from(wall).frame_at(wall + 2.5) == f"bankid.{TOKEN}.2.{VECTOR[2]}"
    assert order.qr_from(wall).frame_at(wall + 2.5) != order.qr.frame_at(wall + 2.5)


def test_the_secret_stays_out_of_repr() -> None:
    assert SECRET not in repr(AnimatedQr(TOKEN, SECRET, started_at=0.0))


def test_parse_and_verify() -> None:
    frame = parse_qr_frame(qr_data(TOKEN, SECRET, 7))
    assert frame is not None
    assert (frame.qr_start_token, frame.seconds) == (TOKEN, 7)
    assert verify_qr_frame(frame, SECRET)
    assert not verify_qr_frame(frame, "another-secret")
    assert parse_qr_frame("https://example.com") is None
    with pytest.raises(ValueError, match="negative"):
        qr_data(TOKEN, SECRET, -1)
