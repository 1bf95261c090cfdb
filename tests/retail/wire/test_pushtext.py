"""`read_push`: a push read straight from its bytes is the batch the careful way reads, and
anything the careful way might read otherwise (refuse, or refuse one entry alone) is left to it."""

from __future__ import annotations

import json
import types
from typing import Any, Union, get_args, get_origin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from retail.wire import OutboxEntry, PushEnvelope, load_json, read_push
from retail.wire.pushtext import WHITESPACE_LOOKS, _key_spaced, keys_set
from tests.retail.wire.factories import batch, payment_record

SALE_LINE_PRICE = '"unit_price_ore":1995'


def compact(document: Any) -> bytes:
    """JSON as a controller writes it."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def every_kind() -> bytes:
    return batch(16, first_seq=41).model_dump_json().encode()


def careful(body: bytes) -> tuple[Any, ...]:
    envelope = PushEnvelope.model_validate(load_json(body))
    entries, refused = envelope.checked()
    return envelope.protocol, envelope.store_id, tuple(entries), refused


def test_a_batch_of_every_kind_is_the_batch_the_careful_way_reads() -> None:
    for body in (every_kind(), compact(json.loads(every_kind()))):
        read = read_push(body)
        assert read is not None
        assert (read.protocol, read.store_id, read.entries, []) == careful(body)


def test_a_payment_record_comes_straight_from_protocol_3_on() -> None:
    document = json.loads(every_kind())
    document["entries"][0]["payload"] = json.loads(payment_record().model_dump_json())
    read = read_push(compact(document | {"protocol": 3}))
    assert read is not None
    assert read.entries[0].payload == payment_record()
    # Older batches have it refused alone (into quarantine), the careful way.
    assert read_push(compact(document | {"protocol": 2})) is None
    assert len(careful(compact(document | {"protocol": 2}))[3]) == 1


@pytest.mark.parametrize(
    "twice",
    [
        ('"protocol":', '"protocol":1,"protocol":'),
        ('"seq":', '"seq":41,"seq":'),
        ('"payload":', '"payload":{},"payload":'),
        ('"kind":"sale"', '"kind":"sale","kind":"sale"'),
        (SALE_LINE_PRICE, SALE_LINE_PRICE + "," + SALE_LINE_PRICE),
        ('"centi_celsius":', '"centi_celsius":-1850,"centi_celsius":'),
    ],
)
def test_a_key_given_twice_goes_the_careful_way(twice: tuple[str, str]) -> None:
    body = every_kind().replace(twice[0].encode(), twice[1].encode(), 1)
    assert body != every_kind()
    assert read_push(body) is None
    with pytest.raises(ValueError, match="given twice"):
        careful(body)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('"seq":', '"seq" :'),  # a key spaced from its colon: its keys are not counted
        ('"seq":', '"seq"\n:'),
        ('"seq":', '"seq"\t\r :'),
        ('"payload":', '"payload"\r:'),
        ("Frysen", "Fr\\u0079sen"),  # anything escaped
        ("Frysen", ":Frysen"),  # a string starting with a colon counts as a key
        ('"uptime_s":3600', '"uptime_s":3600.0'),  # an entry refused alone
        ('"uptime_s":3600', '"uptime_s":NaN'),
        ('"protocol":1', '"protocol":9'),
    ],
)
def test_what_might_read_otherwise_goes_the_careful_way(before: str, after: str) -> None:
    body = every_kind().replace(before.encode(), after.encode(), 1)
    assert body != every_kind()
    assert read_push(body) is None


@pytest.mark.parametrize(
    "body", [b"", b"[]", b'{"protocol":1', "\ufeff".encode() + b"{}", b'{"protocol":1}']
)
def test_a_body_that_is_no_batch_goes_the_careful_way(body: bytes) -> None:
    assert read_push(body) is None


def test_an_escaped_key_given_twice_is_still_found_the_careful_way() -> None:
    body = every_kind().replace(b'"seq":', b'"seq":41,"s\\u0065q":', 1)
    assert read_push(body) is None
    with pytest.raises(ValueError, match="given twice"):
        careful(body)


@settings(deadline=None, max_examples=300)
@given(st.data())
def test_a_mutated_text_is_read_as_the_careful_way_reads_it_or_left_to_it(
    data: st.DataObject,
) -> None:
    """Bytes cut, repeated or replaced anywhere in a batch's text: `read_push` answers None, or
    the very batch the careful way reads from them with every entry valid."""
    text = every_kind()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    middle = data.draw(
        st.sampled_from([b"", text[start:end], text[start:end] * 2])
        | st.binary(max_size=12)
        | st.sampled_from([b'"', b":", b",", b"{", b"}", b'"seq":1,', b'"kind":"sale",', b" "])
    )
    body = text[:start] + middle + text[end:]
    read = read_push(body)
    if read is None:
        return
    try:
        expected = careful(body)
    except (ValidationError, ValueError):
        pytest.fail("read straight from its bytes, refused the careful way")
    assert (read.protocol, read.store_id, read.entries, []) == expected


@pytest.mark.parametrize("spaces", [1, WHITESPACE_LOOKS])
def test_whitespace_between_the_tokens_still_reads_straight(spaces: int) -> None:
    """JSON's whitespace between tokens (none spaced a key from its colon): the batch, whether
    the whitespace is looked at byte by byte or, past `WHITESPACE_LOOKS`, searched whole."""
    body = every_kind().replace(b',"', b"," + b" \n" * spaces + b'"')
    assert body.count(b" ") > spaces
    read = read_push(body)
    assert read is not None
    assert (read.protocol, read.store_id, read.entries, []) == careful(body)


@pytest.mark.parametrize(
    ("text", "spaced"),
    [
        (b'"a" :', True),
        (b'\r"a"\t\r :', True),
        (b'" a":', False),  # a string starting with a space, then a key's colon
        (b'"a" ,"b":', False),
        (b'"a"  x:', False),
        (b' "a":', False),
        (b" " * WHITESPACE_LOOKS + b'"a" :', True),  # found by the whole search
        (b" " * WHITESPACE_LOOKS + b'"a":', False),
    ],
)
def test_a_key_spaced_from_its_colon_is_found_from_the_whitespace(
    text: bytes, spaced: bool
) -> None:
    assert _key_spaced(text) is spaced


def test_keys_set_counts_the_fields_given_not_the_defaults() -> None:
    entry = OutboxEntry.model_validate_json(
        '{"seq":1,"created_at":"2026-11-28T12:00:00Z","payload":{"kind":"stock_movement",'
        '"movement_id":"0b9c8d1e-7f4a-4c3e-9a55-2f1d3c4b5a69","occurred_at":'
        '"2026-11-28T12:00:00Z","product_key":"07310865","quantity_delta":1,"reason":"delivery"}}'
    )
    assert keys_set(entry) == 3 + 6


def models_in(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    seen.add(model)
    for field in model.model_fields.values():
        for inner in classes_in(field.annotation):
            if issubclass(inner, BaseModel) and inner not in seen:
                models_in(inner, seen)


def classes_in(annotation: Any) -> list[type]:
    found = [annotation] if isinstance(annotation, type) else []
    for argument in get_args(annotation):
        found += classes_in(argument)
    return found


def test_every_object_of_a_batch_is_a_model_held_as_one_or_in_a_tuple() -> None:
    """What `keys_set` counts on: no message of a batch has a mapping, a list or an optional
    model among its fields."""
    seen: set[type[BaseModel]] = set()
    models_in(OutboxEntry, seen)
    assert len(seen) > 10
    for model in seen:
        for name, field in model.model_fields.items():
            classes = classes_in(field.annotation)
            assert not {dict, list, set, frozenset} & set(classes), (model, name)
            if any(issubclass(c, BaseModel) for c in classes):
                origin = get_origin(field.annotation)
                is_union = origin in (Union, types.UnionType)
                assert origin is tuple or is_union or classes == [field.annotation], (model, name)
                assert type(None) not in classes, (model, name)
