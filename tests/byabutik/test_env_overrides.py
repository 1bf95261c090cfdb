"""Environment variables override settings the way pydantic-settings reads them: nested sections
by `__`, whole sections, lists and mappings as JSON, names in any case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field, Json, Secret, SecretStr

from byabutik.runtime.env_overrides import by_field_name, deep_merge, env_values
from byabutik.runtime.settings import SettingsError


class Limits(BaseModel):
    low: float | None = None
    high: float | None = None


@dataclass
class Point:
    x: int


class Section(BaseModel):
    port: int = 1
    tags: tuple[str, ...] = ()
    limits: dict[str, Limits] = {}
    extra: Limits | None = None


class Settings(BaseModel):
    name: str = "n"
    password: SecretStr | None = None
    pin: Secret[int] | None = None
    raw: Annotated[Json[Any] | None, Field()] = None
    point: Point | None = None
    numbers: list[int] = []
    section: Section = Section()
    free: dict[str, Any] = {}


def values(**environ: str) -> dict[str, Any]:
    return env_values(Settings, "APP_", environ)


def test_a_plain_value_stays_a_string_for_pydantic_to_check() -> None:
    assert values(APP_NAME="byn", APP_PASSWORD="s", APP_PIN="12", APP_RAW="[1]") == {
        "name": "byn",
        "password": "s",
        "pin": "12",
        "raw": "[1]",
    }


def test_names_are_read_in_any_case_and_other_variables_ignored() -> None:
    assert values(app_name="a", OTHER_NAME="b", APP_NOPE="c") == {"name": "a"}


def test_nested_keys_build_the_sections() -> None:
    got = values(
        APP_SECTION__PORT="9",
        APP_SECTION__LIMITS__FRIDGE__HIGH="8",
        APP_SECTION__EXTRA__LOW="2",
        APP_SECTION__TAGS='["a"]',
    )
    assert got == {
        "section": {
            "port": "9",
            "limits": {"fridge": {"high": "8"}},
            "extra": {"low": "2"},
            "tags": ["a"],
        }
    }


def test_a_whole_section_is_json_and_its_nested_keys_still_apply() -> None:
    got = values(APP_SECTION='{"port": 3, "tags": ["x"]}', APP_SECTION__PORT="4")
    assert got == {"section": {"port": "4", "tags": ["x"]}}
    assert values(APP_NUMBERS="[1, 2]", APP_POINT='{"x": 1}') == {
        "numbers": [1, 2],
        "point": {"x": 1},
    }


def test_a_mapping_takes_json_or_strings_under_any_key() -> None:
    got = values(
        APP_SECTION__LIMITS__FREEZER='{"low": -20}',
        APP_SECTION__LIMITS__CELLAR="cool",
        APP_FREE__A="[1]",
        APP_FREE__B="word",
        APP_FREE__C="",
    )
    assert got == {
        "section": {"limits": {"freezer": {"low": -20}, "cellar": "cool"}},
        "free": {"a": "[1]", "b": "word", "c": ""},
    }


def test_an_optional_section_that_is_not_json_stays_a_string() -> None:
    assert values(APP_POINT="here", APP_SECTION__EXTRA="none") == {
        "point": "here",
        "section": {"extra": "none"},
    }


def test_an_unknown_nested_key_is_kept_so_the_model_refuses_it() -> None:
    got = values(
        APP_SECTION__PROT="1",
        APP_SECTION__PORT__DEEP="2",
        APP_SECTION__NOPE__DEEPER="3",
        APP_SECTION__EXTRA__NOPE="4",
    )
    assert got == {
        "section": {
            "prot": "1",
            "port": {"deep": "2"},
            "nope": {"deeper": "3"},
            "extra": {"nope": "4"},
        }
    }


def test_a_later_value_under_a_plain_one_is_dropped() -> None:
    environ = {"APP_FREE__A": "1", "APP_FREE__A__B": "2", "APP_FREE__A__B__C": "3"}
    got = env_values(Settings, "APP_", environ)
    assert got == {"free": {"a": "1"}}


@pytest.mark.parametrize(
    ("name", "value"),
    [("APP_SECTION", "port=1"), ("APP_NUMBERS", ""), ("APP_SECTION__TAGS", "a,b")],
)
def test_bad_json_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        values(**{name: value})


def test_values_merge_table_by_table_and_keys_match_fields_in_any_case() -> None:
    assert deep_merge({"a": {"b": 1, "c": 2}, "d": 1}, {"a": {"b": 3}, "d": {"e": 1}}) == {
        "a": {"b": 3, "c": 2},
        "d": {"e": 1},
    }
    assert by_field_name(Settings, {"NAME": 1, "section": 2, "Nope": 3}) == {
        "name": 1,
        "section": 2,
        "Nope": 3,
    }
