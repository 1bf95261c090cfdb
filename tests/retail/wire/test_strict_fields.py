"""Field by field, the wire refuses what a lax parser would read into something else, and the
error names the field."""

import json
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from retail.wire import (
    AccessPolicy,
    Alert,
    CatalogChanges,
    Command,
    CommandAck,
    DeviceHealth,
    LockDown,
    OpeningHours,
    Product,
    PushBatch,
    StoreSettings,
    ZReport,
)
from tests.retail.wire.factories import (
    batch,
    catalog_changes,
    command,
    every_payload,
    product,
    z_report,
)


def refusal(model: type[BaseModel], data: dict[str, Any]) -> list[Any]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value.errors(include_input=False)


def datetime_fields() -> list[tuple[BaseModel, str]]:
    """(message, field) for every datetime field of one message of every outbox kind."""
    return [
        (payload, name)
        for payload in [*every_payload(), command()]
        for name in type(payload).model_fields
        if isinstance(getattr(payload, name), datetime)
    ]


def bool_fields() -> list[tuple[BaseModel, str]]:
    messages = [
        *every_payload(),
        product(),
        catalog_changes(),
        LockDown(on=True),
        DeviceHealth(device="frys-1", ok=True),
    ]
    return [
        (message, name)
        for message in messages
        for name in type(message).model_fields
        if isinstance(getattr(message, name), bool)
    ]


@pytest.mark.parametrize(("message", "field"), datetime_fields())
@pytest.mark.parametrize(
    "stamp",
    [
        1_764_331_200,  # epoch seconds
        1_764_331_200.5,
        "1764331200",  # epoch seconds as text: pydantic would read them as a date
        "1764331200.5",
        "2026-11-28",
        "2026-11-28 12:00:00Z",
        "2026-11-28T12:00Z",
        "2026-11-28T12:00:00",  # no offset
        "2026-11-28T12:00:00.1234567Z",
        "1999-12-31T23:59:59Z",  # before 2000
        "1970-01-01T00:00:00Z",
        "2100-01-01T00:00:00Z",  # from 2100
        "9999-12-31T23:59:59Z",
        True,
        None if False else [],
    ],
)
def test_a_timestamp_is_rfc3339_text_in_2000_to_2099(
    message: BaseModel, field: str, stamp: object
) -> None:
    data = message.model_dump(mode="json") | {field: stamp}
    errors = refusal(type(message), data)
    assert [error["loc"] for error in errors] == [(field,)]


@pytest.mark.parametrize(
    "stamp", ["2000-01-01T00:00:00Z", "2099-12-31T23:59:59.999999Z", "2026-11-28T13:00:00+00:00"]
)
def test_timestamps_at_the_edges_are_read(stamp: str) -> None:
    alert = every_payload()[3]
    data = alert.model_dump(mode="json") | {"occurred_at": stamp}
    assert type(alert).model_validate(data).occurred_at.tzinfo is UTC


@pytest.mark.parametrize(("message", "field"), bool_fields())
@pytest.mark.parametrize("flag", [0, 1, "yes", "no", "true", "false", "on", 1.0, None])
def test_a_flag_is_true_or_false(message: BaseModel, field: str, flag: object) -> None:
    data = message.model_dump(mode="json") | {field: flag}
    errors = refusal(type(message), data)
    assert errors[0]["loc"] == (field,)


def test_the_flags_found_cover_every_kind() -> None:
    found = {(type(message).__name__, field) for message, field in bool_fields()}
    assert found >= {
        ("Alert", "cleared"),
        ("Heartbeat", "lock_down"),
        ("Product", "active"),
        ("CatalogChanges", "full"),
        ("CatalogChanges", "more"),
        ("LockDown", "on"),
        ("DeviceHealth", "ok"),
    }


@pytest.mark.parametrize(
    "day", [1_764_288_000, "1764288000", "2026-11-28T00:00:00", "20261128", "1999-12-31", True]
)
def test_a_business_date_is_a_day_in_2000_to_2099(day: object) -> None:
    data = z_report().model_dump(mode="json") | {"business_date": day}
    assert refusal(ZReport, data)[0]["loc"] == ("business_date",)


@pytest.mark.parametrize("moment", [3600, "3600", "06", "6:00", "06:00+01:00", "06:00:00.5"])
def test_an_opening_hour_is_a_time_of_day(moment: object) -> None:
    data = {"weekday": 0, "opens": moment, "closes": "23:00"}
    assert refusal(OpeningHours, data)[0]["loc"] == ("opens",)


def test_times_of_day_and_days_are_read() -> None:
    hours = OpeningHours.model_validate({"weekday": 0, "opens": "06:00", "closes": "23:00:00"})
    assert (hours.opens, hours.closes) == (time(6), time(23))
    report = ZReport.model_validate(z_report().model_dump(mode="json"))
    assert report.business_date == date(2026, 11, 28)


BAD_CHARACTERS = {
    "\x00": "U+0000",
    "\x07": "U+0007",
    "\x1b": "U+001B",
    "\r": "U+000D",
    "\x7f": "U+007F",
    "\x85": "U+0085",
    "\u202e": "U+202E",  # right-to-left override
    "\u202a": "U+202A",
    "\u2066": "U+2066",  # left-to-right isolate
    "\u2069": "U+2069",
    "\ud800": "valid string",  # a lone surrogate: no text at all (pydantic's own refusal)
}


def text_fields() -> list[tuple[type[BaseModel], dict[str, Any], tuple[str | int, ...]]]:
    alert = every_payload()[3].model_dump(mode="json")
    settings = catalog_changes().model_dump(mode="json")["settings"]
    return [
        (Product, product().model_dump(mode="json"), ("name",)),
        (Alert, alert, ("message",)),
        (StoreSettings, settings, ("display_name",)),
        (StoreSettings, settings, ("receipt_footer",)),
        (Command, command().model_dump(mode="json"), ("issued_by",)),
        (CommandAck, every_payload()[7].model_dump(mode="json"), ("detail",)),
        (DeviceHealth, {"device": "frys-1", "ok": False}, ("detail",)),
        (AccessPolicy, {"version": 1, "rules": {}}, ("rules",)),
        (
            PushBatch,
            batch(1).model_dump(mode="json"),
            ("entries", 0, "payload", "lines", 1, "name"),
        ),
    ]


def put(data: dict[str, Any], path: tuple[str | int, ...], value: str) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    if path == ("rules",):
        target["rules"] = {f"min{value}age": 18}
    else:
        target[path[-1]] = f"Mjölk{value}1,5 %"
    return data


@pytest.mark.parametrize(("model", "data", "path"), text_fields())
@pytest.mark.parametrize("character", sorted(BAD_CHARACTERS))
def test_free_text_holds_no_control_or_override_character(
    model: type[BaseModel], data: dict[str, Any], path: tuple[str | int, ...], character: str
) -> None:
    errors = refusal(model, put(data, path, character))
    assert [step for step in errors[0]["loc"] if step != "sale"][: len(path)] == list(path)
    assert BAD_CHARACTERS[character] in errors[0]["msg"]


def test_a_receipt_footer_may_have_lines() -> None:
    settings = catalog_changes().settings
    assert settings is not None
    footer = "Tack för besöket!\nVälkommen åter"
    assert settings.model_copy(update={"receipt_footer": footer}).receipt_footer == footer
    data = settings.model_dump(mode="json") | {"receipt_footer": "Tack!\r\nVälkommen"}
    assert refusal(StoreSettings, data)[0]["loc"] == ("receipt_footer",)


@pytest.mark.parametrize("name", ["Mjölk ‎1,5 %", "Ägg 12-pack", "Snus (18+)", "Kaffe \u00e4 500 g"])
def test_ordinary_names_are_text(name: str) -> None:
    assert product(name=name).name == name


def test_catalog_changes_hold_only_clean_products() -> None:
    data = catalog_changes().model_dump(mode="json")
    data["products"][0]["name"] = "Mjölk\u202e"
    assert refusal(CatalogChanges, data)[0]["loc"] == ("products", 0, "name")
