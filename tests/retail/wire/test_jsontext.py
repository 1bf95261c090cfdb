"""The wire's JSON entry point refuses what `json.loads` would let through."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from retail.wire import PushBatch, Sale, load_json, parse_json
from tests.retail.wire.factories import batch, sale


def refused(text: str | bytes) -> list[Any]:
    with pytest.raises(ValidationError) as caught:
        load_json(text)
    return caught.value.errors(include_input=False)


def test_a_message_reads_as_it_was_written() -> None:
    original = batch(8)
    assert parse_json(PushBatch, original.model_dump_json()) == original
    assert parse_json(PushBatch, original.model_dump_json().encode()) == original


def test_a_key_given_twice_is_refused_where_it_is() -> None:
    text = sale().model_dump_json()
    assert text.count('"total_ore":') == 1
    twice = text.replace('"total_ore":', '"total_ore":1,"total_ore":', 1)
    errors = refused(twice)
    assert [(e["type"], e["loc"]) for e in errors] == [("json_duplicate_key", ("total_ore",))]
    with pytest.raises(ValidationError, match="json_duplicate_key"):
        parse_json(Sale, twice)


def test_a_key_given_twice_deep_in_a_batch_is_named_by_its_path() -> None:
    document = json.loads(batch(3).model_dump_json())
    text = json.dumps(document)
    line = json.dumps(document["entries"][0]["payload"]["lines"][1])
    doubled = line[:-1] + ', "amount_ore": 1}'
    errors = refused(text.replace(line, doubled, 1))
    assert errors[0]["loc"] == ("entries", 0, "payload", "lines", 1, "amount_ore")
    assert "twice" in errors[0]["msg"]


def test_a_key_that_is_no_field_name_is_not_quoted() -> None:
    errors = refused('{"196408233234": 1, "196408233234": 2}')
    assert errors[0]["loc"] == ("<key>",)
    assert "3234" not in str(errors)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"amount_ore": NaN}', "NaN is not a JSON number"),
        ('{"amount_ore": Infinity}', "Infinity"),
        ('{"amount_ore": -Infinity}', "Infinity"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"amount_ore": ' + "9" * 5000 + "}", "a number too long"),
        (b'{"name": "\xff"}', "not UTF-8"),
        ('{"amount_ore": 1', "not JSON"),
        ("", "not JSON"),
        ('{"a": 1} {"b": 2}', "not JSON"),
    ],
)
def test_what_is_not_one_json_document_is_refused(text: str | bytes, reason: str) -> None:
    errors = refused(text)
    assert errors[0]["type"] == "json_invalid"
    assert reason in errors[0]["msg"]


json_documents: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text('xyzåä \\"', max_size=5),  # no brace
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text("abc", max_size=2), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(deadline=None)
@given(json_documents)
def test_any_document_without_repeated_keys_reads_as_json_does(document: Any) -> None:
    text = json.dumps(document)
    assert load_json(text) == json.loads(text)


@settings(deadline=None)
@given(json_documents, st.text("abc", min_size=1, max_size=2), st.data())
def test_a_repeated_key_anywhere_is_found(document: Any, key: str, data: st.DataObject) -> None:
    text = json.dumps({"wrap": document})
    objects = [i for i, char in enumerate(text) if char == "{"]
    at = data.draw(st.sampled_from(objects))
    spoiled = text[: at + 1] + f'"{key}": 0, "{key}": 1' + ("," if text[at + 1] != "}" else "")
    spoiled += text[at + 1 :]
    errors = refused(spoiled)
    assert {e["type"] for e in errors} == {"json_duplicate_key"}
    assert any(e["loc"][-1] == key for e in errors)
