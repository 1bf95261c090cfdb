import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.errors import MoneyError, RetailError
from retail.money import MAX_INPUT_LENGTH, NBSP, Money, parse_money
from tests.retail.outcome import outcome

amounts = st.integers(-(10**11), 10**11)


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (0, "0,00 kr"),
        (5, "0,05 kr"),
        (123450, "1 234,50 kr"),
        (100000000, "1 000 000,00 kr"),
        (-1250, "-12,50 kr"),
        (99, "0,99 kr"),
    ],
)
def test_formats_sv_se_with_no_break_spaces(ore: int, text: str) -> None:
    assert str(Money(ore)) == text.replace(" ", NBSP)
    assert Money(ore).format(space=" ") == text
    assert Money(ore).format(unit=False, space=" ") == text.removesuffix(" kr")


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("12", 1200),
        ("12,5", 1250),
        ("12.50", 1250),
        ("0,05", 5),
        (",5", 50),
        ("12,", 1200),
        ("1 234,50 kr", 123450),
        (f"1{NBSP}234,50{NBSP}kr", 123450),
        ("1\u202f234", 123400),
        ("-3:-", -300),
        ("12 SEK", 1200),
        ("7 kronor", 700),
        ("  42,00 KR ", 4200),
        ("1234567", 123456700),
        ("1 000 000 000", 10**11),
        ("-1000000000", -(10**11)),
    ],
)
def test_parses_what_people_type(text: str, ore: int) -> None:
    assert parse_money(text) == Money(ore)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not an amount"),
        ("kr", "not an amount"),
        ("-", "no digits"),
        (",", "no digits"),
        ("12,345", "at most two decimals"),
        ("1.234,50", "not an amount"),
        ("12 34", "not an amount"),
        ("١٢", "not an amount"),
        ("1e3", "not an amount"),
        ("x" * (MAX_INPUT_LENGTH + 1), "longer than"),
        ("1000000000,01", "one billion"),
    ],
)
def test_refuses_with_a_clear_reason(text: str, message: str) -> None:
    with pytest.raises(MoneyError, match=message):
        parse_money(text)


def test_money_error_is_a_retail_value_error() -> None:
    with pytest.raises(RetailError):
        parse_money("abc")
    with pytest.raises(ValueError, match="not an amount"):
        parse_money("abc")


@settings(deadline=None)
@given(amounts)
def test_format_then_parse_round_trips(ore: int) -> None:
    money = Money(ore)
    assert parse_money(str(money)) == money
    assert parse_money(money.format(space=" ")) == money
    assert parse_money(money.format(unit=False)) == money


@settings(deadline=None)
@given(st.text(max_size=50))
def test_parse_never_fails_unexpectedly(text: str) -> None:
    result = outcome(parse_money, text)
    assert isinstance(result, Money | MoneyError)
    if isinstance(result, Money):
        assert parse_money(str(result)) == result


@settings(deadline=None)
@given(st.binary(max_size=50))
def test_parse_of_scanner_bytes_never_fails_unexpectedly(data: bytes) -> None:
    result = outcome(parse_money, data.decode("latin-1"))
    assert isinstance(result, Money | MoneyError)


@settings(deadline=None)
@given(amounts, amounts, st.integers(-1000, 1000))
def test_arithmetic_is_integer_arithmetic(a: int, b: int, k: int) -> None:
    assert Money(a) + Money(b) == Money(a + b)
    assert Money(a) - Money(b) == Money(a - b)
    assert -Money(a) == Money(-a)
    assert abs(Money(a)) == Money(abs(a))
    assert Money(a) * k == k * Money(a) == Money(a * k)
    assert (Money(a) < Money(b)) == (a < b)
    assert Money.total([Money(a), Money(b)]) == Money(a + b)


def test_constructors_and_truth() -> None:
    assert Money.zero() == Money(0)
    assert not Money.zero()
    assert Money(1)
    assert Money.kronor(12, 50) == Money(1250)
    assert Money.kronor(-12, 50) == Money(-1250)
    assert Money.total([]) == Money.zero()
    with pytest.raises(MoneyError, match="0-99"):
        Money.kronor(1, 100)


def test_only_int_ore() -> None:
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)


def test_mixing_with_other_types_is_refused() -> None:
    with pytest.raises(TypeError):
        Money(1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) - 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) * 1.5  # type: ignore[operator]


@pytest.mark.parametrize(
    ("per_kg", "grams", "expected"),
    [
        (4990, 1000, 4990),
        (4990, 500, 2495),
        (4995, 1, 5),
        (4990, 1, 5),
        (1000, 333, 333),
        (1, 500, 1),
        (1, 499, 0),
    ],
)
def test_price_for_weight_rounds_half_up(per_kg: int, grams: int, expected: int) -> None:
    assert Money(per_kg).for_weight(grams) == Money(expected)


def test_times_fraction() -> None:
    assert Money(100).times_fraction(1, 3) == Money(33)
    assert Money(-150).times_fraction(1, 100) == Money(-2)
