"""The raw and the human-readable form of one label read the same, and nothing else reads."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.barcodes import AI_TABLE, GS, InvalidBarcodeError, RejectReason, parse_element_string
from tests.retail.barcodes.test_element_string_stdnum import FIXED, VARIABLE, encode, labels

TODAY = date(2026, 11, 28)


def hri(label: dict[str, str]) -> str:
    return "".join(f"({ai}){value}" for ai, value in label.items())


@settings(max_examples=300, deadline=None)
@given(labels())
def test_both_forms_of_a_label_read_the_same(label: dict[str, str]) -> None:
    raw = parse_element_string(encode(label), today=TODAY)
    readable = parse_element_string(hri(label), today=TODAY)
    assert readable == raw
    assert dict(readable.elements) == dict(raw.elements) == label


@settings(max_examples=300, deadline=None)
@given(labels(), st.data())
def test_a_human_readable_value_of_the_wrong_length_is_refused(
    label: dict[str, str], data: st.DataObject
) -> None:
    ai = data.draw(st.sampled_from(sorted(label)))
    spec = AI_TABLE[ai]
    if spec.fixed:
        wrong = data.draw(st.sampled_from([label[ai][:-1], label[ai] + "0"]))
    else:
        wrong = data.draw(st.sampled_from(["", label[ai] + "0" * spec.length]))
    with pytest.raises(InvalidBarcodeError) as caught:
        parse_element_string(hri(label | {ai: wrong}), today=TODAY)
    assert caught.value.reason in (
        RejectReason.TRUNCATED,
        RejectReason.VALUE_TOO_LONG,
        RejectReason.EMPTY_VALUE,
    )


@settings(max_examples=300, deadline=None)
@given(labels(), st.text(alphabet="0123456789()" + GS, min_size=1, max_size=3), st.data())
def test_text_slipped_between_pairs_is_refused(
    label: dict[str, str], junk: str, data: st.DataObject
) -> None:
    text = hri(label)
    pair_starts = [i for i, char in enumerate(text) if char == "(" and i > 0]  # still "(..." text
    cut = data.draw(st.sampled_from([*pair_starts, len(text)]))
    spoiled = text[:cut] + junk + text[cut:]
    try:
        result = parse_element_string(spoiled, today=TODAY)
    except InvalidBarcodeError:
        return
    # Digits that lengthen a variable value within its bound are a different, whole label.
    assert set(dict(result.elements)) == set(label)


def test_fixed_and_variable_tables_cover_the_generated_labels() -> None:
    assert {ai for ai in FIXED if AI_TABLE[ai].fixed} == set(FIXED)
    assert not any(AI_TABLE[ai].fixed for ai in VARIABLE)
