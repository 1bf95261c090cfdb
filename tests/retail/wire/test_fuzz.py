"""Whatever arrives on the wire, validation answers with a `ValidationError`, nothing else."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from retail.wire import CatalogChanges, Command, PushAck, PushBatch, Sale
from tests.retail.wire.factories import batch

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
MODELS = [PushBatch, PushAck, Sale, CatalogChanges, Command]


@settings(deadline=None)
@given(st.sampled_from(MODELS), st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_raw_bodies(model: type[PushBatch], body: str | bytes) -> None:
    text = body.decode("latin-1") if isinstance(body, bytes) else body
    with pytest.raises(ValidationError):
        model.model_validate_json(text)


@settings(deadline=None)
@given(st.sampled_from(MODELS), json_values)
def test_arbitrary_json_values(model: type[PushBatch], value: Any) -> None:
    with pytest.raises(ValidationError):
        model.model_validate_json(json.dumps(value))


@settings(deadline=None)
@given(st.data())
def test_a_mutated_batch_is_refused_cleanly_or_still_round_trips(data: st.DataObject) -> None:
    document = batch(8).model_dump(mode="json")
    target = document["entries"][data.draw(st.integers(0, 7))]["payload"]
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(json_values)
    try:
        again = PushBatch.model_validate(document)
    except ValidationError:
        return  # refused cleanly: the only acceptable failure
    assert PushBatch.model_validate_json(again.model_dump_json()) == again
