from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from retail.wire import Alert, UnknownBarcode
from tests.retail.wire.factories import NOW, every_payload


def unknown_barcode(**changes: Any) -> dict[str, Any]:
    return {
        "scanned_at": "2026-11-28T12:00:00Z",
        "register_id": "kiosk-1",
        "product_key": "07310865004703",
    } | changes


def test_json_round_trip_of_every_payload() -> None:
    for payload in every_payload():
        again = type(payload).model_validate_json(payload.model_dump_json())
        assert again == payload


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="extra_forbidden"):
        UnknownBarcode.model_validate(unknown_barcode(colour="red"))


def test_messages_are_frozen() -> None:
    message = UnknownBarcode.model_validate(unknown_barcode())
    with pytest.raises(ValidationError, match="frozen"):
        message.register_id = "kiosk-2"  # type: ignore[misc]


@pytest.mark.parametrize(
    "stamp",
    ["2026-11-28T13:00:00+01:00", "2026-11-28T12:00:00", 1_764_331_200, 1.5e9, "yesterday"],
)
def test_datetimes_must_be_utc_text(stamp: object) -> None:
    with pytest.raises(ValidationError):
        UnknownBarcode.model_validate(unknown_barcode(scanned_at=stamp))


def test_python_datetimes_in_utc_are_normalised() -> None:
    plus_zero = timezone(timedelta(0), "Z")
    message = UnknownBarcode.model_validate(
        unknown_barcode(scanned_at=NOW.replace(tzinfo=plus_zero))
    )
    assert message.scanned_at.tzinfo is UTC
    assert message.scanned_at == NOW
    with pytest.raises(ValidationError, match="UTC"):
        UnknownBarcode.model_validate(
            unknown_barcode(scanned_at=datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1))))
        )


@pytest.mark.parametrize(
    "stamp",
    [
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2100, 1, 1, tzinfo=timezone(timedelta(0), "Z")),
        "1999-12-31T23:59:59+00:00",
        "2100-01-01T00:00:00-00:00",
    ],
)
def test_a_utc_time_outside_the_wires_years_is_refused(stamp: object) -> None:
    with pytest.raises(ValidationError) as caught:
        UnknownBarcode.model_validate(unknown_barcode(scanned_at=stamp))
    [error] = caught.value.errors(include_input=False)
    assert error["loc"] == ("scanned_at",)
    assert "a datetime on the wire lies in the years 2000 to 2099" in error["msg"]


@pytest.mark.parametrize(
    "key", ["7310865004703", "0731086500470a", "123456789", "", "０７３１０８６５００４７０３"]
)
def test_product_keys_are_8_or_14_ascii_digits(key: str) -> None:
    with pytest.raises(ValidationError):
        UnknownBarcode.model_validate(unknown_barcode(product_key=key))


@pytest.mark.parametrize("register", ["Kiosk", "-k", "k" * 65, "k_1", ""])
def test_slugs(register: str) -> None:
    with pytest.raises(ValidationError):
        UnknownBarcode.model_validate(unknown_barcode(register_id=register))


def alert(message: str) -> Alert:
    return Alert.model_validate(
        {
            "alert_id": "0b9c8d1e-7f4a-4c3e-9a55-2f1d3c4b5a69",
            "occurred_at": "2026-11-28T12:00:00Z",
            "category": "door_forced",
            "severity": "critical",
            "message": message,
        }
    )


@pytest.mark.parametrize(
    "message",
    [
        "Kund 196408233234 fastnade",
        "Kund 19640823-3234 fastnade",
        "640823-3234",
        "x6408233234y",
        "121212+1212",
    ],
)
def test_free_text_refuses_personal_numbers_and_does_not_echo_them(message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        alert(message)
    assert "3234" not in str(caught.value)
    assert "1212" not in str(caught.value)
    assert "personal identity number" in str(caught.value)


@pytest.mark.parametrize(
    "message",
    [
        "Frysen -18,5 °C",
        "Dörren öppen i 45 s",
        "Order 1234567890123",  # 13 digits: not a personnummer shape
        "Kvitto 6408233235",  # Luhn fails
        "Kvitto 6413233237",  # Luhn passes, month 13
        "Kvitto 6408003231",  # Luhn passes, day 00
        "Kvitto 6408923230",  # Luhn passes, day 92 (samordning ends at 91)
        "",
    ],
)
def test_free_text_allows_ordinary_messages(message: str) -> None:
    assert alert(message).message == message


def test_free_text_is_bounded() -> None:
    with pytest.raises(ValidationError, match="500"):
        alert("x" * 501)
