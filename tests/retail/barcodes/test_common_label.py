"""The usual label, read in one step, reads exactly as the generic parser reads it.

A GS after the GTIN is harmless to the generic parser and keeps the one-step reading away, so the
same label scanned both ways must give the same scan, or the same refusal with the same message.
"""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from retail.barcodes import (
    GS,
    ElementString,
    InvalidBarcodeError,
    parse_element_string,
    parse_scan,
)
from retail.barcodes.common_label import read_common_label
from tests.retail.barcodes.strategies import digits, valid_gtin

TODAY = date(2026, 11, 28)
CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"


def _maybe(part: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), part)


_dates = st.builds(
    lambda ai, value: ai + value,
    st.sampled_from(["11", "13", "15", "16", "17"]),
    st.one_of(digits(6), st.sampled_from(["261130", "260229", "261300", "270100"])),
)
_text = st.one_of(
    st.text(alphabet=CSET82, min_size=1, max_size=20),
    st.text(alphabet=CSET82 + " é~", max_size=22),
)


# Built once: a strategy made inside the composite would be built and validated every example.
_gtins = st.one_of(valid_gtin(14), digits(14))
_weights = _maybe(st.builds(lambda n, v: f"310{n}{v}", st.integers(0, 5), digits(6)))
_prices = _maybe(
    st.builds(
        lambda n, v, end: f"392{n}{v}{end}",
        st.integers(0, 9),
        st.text(alphabet="0123456789", min_size=1, max_size=15),
        st.sampled_from([GS, ""]),
    )
)
_batches = _maybe(_text.map(lambda value: f"10{value}{GS}"))
_serials = _maybe(_text.map(lambda value: f"21{value}"))
_maybe_dates = _maybe(_dates)


@st.composite
def usual_labels(draw: st.DrawFn) -> tuple[str, str]:
    """A label of the usual shape, its values now and then wrong: as one step reads it, and
    with a GS after the GTIN (the generic parser's reading)."""
    gtin = draw(_gtins)
    weight = draw(_weights)
    price = draw(_prices)
    batch = draw(_batches)
    serial = draw(_serials)
    tail = draw(_maybe_dates) + draw(_maybe_dates) + weight + price + batch + serial
    return f"01{gtin}{tail}", f"01{gtin}{GS}{tail}"


@settings(max_examples=1000, deadline=None)
@given(usual_labels())
def test_a_usual_label_reads_as_the_generic_parser_reads_it(forms: tuple[str, str]) -> None:
    one_step, generic = forms
    assert parse_scan("]C1" + one_step, today=TODAY) == parse_scan("]C1" + generic, today=TODAY)
    assert _fields_or_refusal(one_step) == _fields_or_refusal(generic)


def _fields_or_refusal(data: str) -> dict[str, object] | tuple[str, str]:
    """The fields `parse_element_string` set (not the source), or its refusal and message."""
    try:
        fields = dict(parse_element_string(data, today=TODAY).__dict__)
    except InvalidBarcodeError as error:
        return error.reason, str(error)
    del fields["source"]
    return fields


def test_the_usual_label_is_read_in_one_step() -> None:
    label = f"010950110153000315261130310300125010LOT7{GS}21A1"
    element_string = object.__new__(ElementString)
    assert read_common_label(label, element_string.__dict__, TODAY)
    assert element_string == ElementString(
        gtin="09501101530003",
        best_before=date(2026, 11, 30),
        net_weight_g=1250,
        batch="LOT7",
        serial="A1",
    )
    assert element_string.source == label


def test_other_labels_are_left_to_the_generic_parser() -> None:
    for label in [
        f"{GS}0109501101530003",  # a leading GS
        "0109501101530003" + GS,  # a GS after a fixed value
        "0209501101530003",  # another AI first
        "01095011015300033103001250152611",  # weight before the date
        "0109501101530004",  # a wrong check digit
        "01095011015300031526113015261130",  # a date twice
        "010950110153000315261330",  # no such date
        "010950110153000339251234",  # a price in part-öre
    ]:
        fields: dict[str, object] = {}
        assert not read_common_label(label, fields, TODAY), label
        assert not fields
