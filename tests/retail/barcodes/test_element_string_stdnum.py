"""Cross-check against python-stdnum's independent GS1-128 parser over generated labels.

stdnum returns its own types (Decimal kilograms and amounts, dates via strptime, stripped text),
so the meaningful fields are compared: GTIN, texts, dates, counts, grams and öre.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import gs1_128

from retail.barcodes import GS, ElementString, parse_element_string
from retail.money import Money
from tests.retail.barcodes.strategies import digits, some_digits, valid_gtin

TODAY = date(2026, 11, 28)
# Character set 82 without the parentheses stdnum strips as decoration.
TEXT = st.text(
    alphabet="!\"%&'*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
    min_size=1,
    max_size=20,
)
# Years on which the GS1 century rule (from 2026) and strptime's %y agree.
DATE = st.builds(
    lambda yy, month, day: f"{yy:02d}{month:02d}{day:02d}",
    st.one_of(st.integers(0, 68), st.integers(77, 99)),
    st.integers(1, 12),
    st.integers(0, 28),
)
FIXED = {
    "01": valid_gtin(14),
    "11": DATE,
    "13": DATE,
    "15": DATE,
    "16": DATE,
    "17": DATE,
    **{f"310{n}": digits(6) for n in range(6)},
}
VARIABLE = {
    "10": TEXT,
    "21": TEXT,
    "30": some_digits(1, 8),
    "37": some_digits(1, 8),
    # stdnum misplaces the point when a value has no more digits than its decimals (see below).
    "3922": some_digits(3, 15),
    "3902": some_digits(3, 15),
}
ONE_WEIGHT_AI = st.sampled_from([f"310{n}" for n in range(6)])
# Built once (a strategy built inside the composite is validated again every example).
KEYS = st.lists(
    st.sampled_from([k for k in [*FIXED, *VARIABLE] if not k.startswith("310")] + ["w"]),
    unique=True,
)


@st.composite
def labels(draw: st.DrawFn) -> dict[str, str]:
    weight_ai = draw(ONE_WEIGHT_AI)
    keys = draw(KEYS)
    chosen = ["01", *(weight_ai if k == "w" else k for k in keys if k != "01")]
    return {ai: draw(FIXED[ai] if ai in FIXED else VARIABLE[ai]) for ai in chosen}


def encode(label: dict[str, str]) -> str:
    fixed = [ai + value for ai, value in label.items() if ai in FIXED]
    variable = [ai + value for ai, value in label.items() if ai in VARIABLE]
    return "".join(fixed) + GS.join(variable)


@settings(max_examples=1000, deadline=None)
@given(labels())
def test_agrees_with_stdnum_gs1_128(label: dict[str, str]) -> None:
    data = encode(label)
    ours = parse_element_string(data, today=TODAY)
    theirs = gs1_128.info(data, separator=GS)
    assert set(theirs) == set(label)
    assert [ai for ai, _ in ours.elements] == list(theirs)
    for ai, value in theirs.items():
        assert _ours(ours, ai) == _normalise(ai, value), ai


def _ours(result: ElementString, ai: str) -> object:
    fields = {
        "01": result.gtin,
        "10": result.batch,
        "21": result.serial,
        "11": result.production_date,
        "13": result.packaging_date,
        "15": result.best_before,
        "16": result.sell_by,
        "17": result.expiry,
        "30": result.variable_count,
        "37": result.count,
        "3922": None if result.price is None else result.price.ore,
        "3902": None if result.amount is None else result.amount.ore,
    }
    return result.net_weight_g if ai.startswith("310") else fields[ai]


def _normalise(ai: str, value: object) -> object:
    if ai.startswith("310"):
        assert isinstance(value, Decimal)
        return int((value * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if ai.startswith("39"):
        assert isinstance(value, Decimal)
        return int(value * 100)
    return value


def test_short_amount_where_stdnum_misplaces_the_point() -> None:
    # 3922 "1" is 0,01 kr (two implied decimals); stdnum reads Decimal(".1").
    assert gs1_128.info("3922" + "1")["3922"] == Decimal("0.1")
    assert parse_element_string(f"01{'0' * 14}39221", today=TODAY).price == Money(1)
