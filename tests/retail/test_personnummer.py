import pickle
import re
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retail.errors import PersonnummerError
from retail.personnummer import (
    Personnummer,
    Sex,
    is_valid_personnummer,
    luhn_check_digit,
)
from tests.retail.outcome import outcome

TODAY = date(2026, 11, 28)
SECRET = b"0123456789abcdef-test-secret"
OFFICIAL_TEST_NUMBERS = [
    "194408139089",
    "199006022397",
    "199107172380",
    "200001052380",
    "195005050512",
    "197103011032",
    "199912282382",
    "191212121212",
    "201701012393",
    "196408233234",
    "199908072391",
]


def parse(text: str) -> Personnummer:
    return Personnummer.parse(text, today=TODAY)


@pytest.mark.parametrize("number", OFFICIAL_TEST_NUMBERS)
def test_official_test_numbers_are_valid(number: str) -> None:
    assert parse(number).digits == number


def test_skatteverket_example() -> None:
    assert is_valid_personnummer("196408233234", today=TODAY)
    assert not is_valid_personnummer("196408233235", today=TODAY)


def test_samordningsnummer() -> None:
    number = parse("197010632391")
    assert number.is_coordination_number
    assert number.birth_date == date(1970, 10, 3)
    assert not parse("196408233234").is_coordination_number


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("190000000000", "birth date"),
        ("196408233235", "check digit"),
        ("199001011234", "check digit"),
        ("19640823-3235", "check digit"),
        ("19640823323", "10 or 12"),
        ("1964082332345", "10 or 12"),
        ("", "digits"),
        ("19640823 3234", "digits"),
        ("19640823+3234", "10-digit form"),
        ("١٩٦٤٠٨٢٣٣٢٣٤", "digits"),
        ("1" * 30, "too long"),
        ("19990229002" + str(luhn_check_digit("990229002")), "birth date"),  # no leap year
        ("19901301002" + str(luhn_check_digit("901301002")), "birth date"),
        ("19900192002" + str(luhn_check_digit("900192002")), "birth date"),  # day 92 - 60
    ],
)
def test_rejections_never_quote_the_number(text: str, message: str) -> None:
    with pytest.raises(PersonnummerError, match=message) as caught:
        parse(text)
    if len(text) >= 6:
        assert text[:6] not in str(caught.value)
        assert text[-4:] not in str(caught.value)


def test_serial_000_is_rejected_even_with_a_matching_check_digit() -> None:
    body = "900101000"
    number = f"19{body}{luhn_check_digit(body)}"
    with pytest.raises(PersonnummerError, match="000"):
        parse(number)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("196408233234", "196408233234"),
        ("19640823-3234", "196408233234"),
        ("640823-3234", "196408233234"),
        ("6408233234", "196408233234"),
        (" 640823-3234 ", "196408233234"),
        ("121212+1212", "191212121212"),
        ("121212-1212", "201212121212"),
        ("170101-2393", "201701012393"),
    ],
)
def test_accepted_forms(text: str, digits: str) -> None:
    assert parse(text).digits == digits


def test_ten_digit_century_uses_today() -> None:
    assert Personnummer.parse("121212-1212", today=date(2012, 12, 12)).digits[:4] == "2012"
    assert Personnummer.parse("121212-1212", today=date(2011, 12, 31)).digits[:4] == "1912"
    # read in 2012 before the twelfth of December: born in the future, so no valid number
    assert not is_valid_personnummer("121212-1212", today=date(2012, 1, 1))


def test_ten_digit_form_defaults_to_the_system_date() -> None:
    assert Personnummer.parse("640823-3234").digits == "196408233234"


def test_sex_birth_date_and_age() -> None:
    man = parse("196408233234")
    assert man.sex is Sex.MALE
    assert man.birth_date == date(1964, 8, 23)
    assert man.age_on(date(2026, 8, 22)) == 61
    assert man.age_on(date(2026, 8, 23)) == 62
    assert parse("199107172380").sex is Sex.FEMALE


def test_leap_day_birthday_turns_a_year_older_on_1_march() -> None:
    body = "080229123"
    number = parse(f"20{body}{luhn_check_digit(body)}")
    assert number.age_on(date(2026, 2, 28)) == 17
    assert number.age_on(date(2026, 3, 1)) == 18
    assert number.age_on(date(2028, 2, 29)) == 20


def test_short_form_switches_to_plus_in_the_hundredth_year() -> None:
    number = parse("191212121212")
    assert number.short_form(date(2011, 12, 31)) == "121212-1212"
    assert number.short_form(date(2012, 1, 1)) == "121212+1212"


def test_mask_repr_and_str_hide_the_number() -> None:
    number = parse("196408233234")
    assert number.masked == "19640823-****"
    assert str(number) == "19640823-****"
    assert repr(number) == "Personnummer(19640823-****)"
    assert f"{number}" == "19640823-****"
    assert "3234" not in repr([number])
    assert "3234" not in repr({"who": number})


def test_keyed_hash() -> None:
    number = parse("196408233234")
    digest = number.keyed_hash(SECRET)
    assert len(digest) == 64
    assert digest == parse("640823-3234").keyed_hash(SECRET)
    assert digest != number.keyed_hash(SECRET + b"x")
    assert digest != parse("191212121212").keyed_hash(SECRET)
    # Known answer: HMAC-SHA256(SECRET, "196408233234").
    import hashlib
    import hmac

    assert digest == hmac.new(SECRET, b"196408233234", hashlib.sha256).hexdigest()


def test_keyed_hash_refuses_a_short_secret() -> None:
    with pytest.raises(PersonnummerError, match="16 bytes"):
        parse("196408233234").keyed_hash(b"short")


def test_direct_construction_validates() -> None:
    assert Personnummer("196408233234") == parse("196408233234")
    with pytest.raises(PersonnummerError, match="12 digits"):
        Personnummer("6408233234")
    with pytest.raises(PersonnummerError, match="check digit"):
        Personnummer("196408233235")


def test_value_semantics() -> None:
    number = parse("196408233234")
    assert hash(number) == hash(parse("19640823-3234"))
    assert pickle.loads(pickle.dumps(number)) == number


@pytest.mark.parametrize(("body", "check"), [("640823323", 4), ("121212121", 2), ("701063239", 1)])
def test_luhn(body: str, check: int) -> None:
    assert luhn_check_digit(body) == check


def _luhn_by_the_book(digits: str) -> int:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 - index % 2)
        total += product - 9 if product > 9 else product
    return -total % 10


@given(st.text(alphabet=st.characters(categories=["Nd"]), max_size=24))
@example("640823323")
@example("٦٤٠٨٢٣٣٢٣")
@example("")
def test_luhn_is_the_place_by_place_sum(digits: str) -> None:
    """Any decimal digits (`int` reads other scripts' too), any length, doubled from the left."""
    assert luhn_check_digit(digits) == _luhn_by_the_book(digits)


@settings(deadline=None)
@given(st.text(max_size=30))
def test_never_an_unexpected_exception(text: str) -> None:
    result = outcome(parse, text)
    if isinstance(result, Personnummer):
        assert len(result.digits) == 12
    else:
        assert isinstance(result, PersonnummerError)
        assert not re.search(r"[0-9]{4}", str(result))


@settings(deadline=None)
@given(st.binary(max_size=30))
def test_bytes_as_latin1_never_an_unexpected_exception(data: bytes) -> None:
    assert is_valid_personnummer(data.decode("latin-1"), today=TODAY) in (True, False)


def with_check(first_eleven: str) -> str:
    return first_eleven + str(luhn_check_digit(first_eleven[2:]))


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (with_check("20261129001"), "in the future"),  # born tomorrow
        (with_check("20270101001"), "in the future"),
        (with_check("20261189001"), "in the future"),  # a samordningsnummer, day 29 + 60
        (with_check("18951127001"), "over 130"),  # 131 since yesterday
        (with_check("17000101001"), "over 130"),
    ],
)
def test_a_birth_date_in_the_future_or_over_130_years_ago_is_invalid(
    number: str, message: str
) -> None:
    with pytest.raises(PersonnummerError, match=message) as caught:
        parse(number)
    assert number[8:] not in str(caught.value)
    assert not is_valid_personnummer(number, today=TODAY)


@pytest.mark.parametrize(
    "number",
    [
        with_check("20261128001"),  # born today
        with_check("18961128001"),  # 130 today
        with_check("18961129001"),  # 129, 130 tomorrow
    ],
)
def test_the_edges_of_a_life_are_valid(number: str) -> None:
    assert 0 <= parse(number).age_on(TODAY) <= 130


def ten_digit_plus(number: str) -> str:
    return f"{number[2:8]}+{number[8:]}"


def test_a_ten_digit_number_with_plus_can_be_too_old() -> None:
    assert parse(ten_digit_plus(with_check("18961128001"))).age_on(TODAY) == 130
    assert not is_valid_personnummer(ten_digit_plus(with_check("18951128001")), today=TODAY)


def test_the_day_decides_what_is_valid() -> None:
    tomorrow = with_check("20261129001")
    assert not is_valid_personnummer(tomorrow, today=TODAY)
    assert Personnummer.parse(tomorrow, today=date(2026, 11, 29)).age_on(date(2026, 11, 29)) == 0


@settings(deadline=None)
@given(
    st.dates(min_value=date(1850, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(1, 999),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.booleans(),
)
def test_valid_means_born_neither_after_today_nor_over_130_years_before(
    born: date, serial: int, today: date, coordination: bool
) -> None:
    day = born.day + (60 if coordination else 0)
    number = with_check(f"{born:%Y%m}{day:02d}{serial:03d}")
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    assert is_valid_personnummer(number, today=today) == (born <= today and age <= 130)


def test_a_number_built_directly_is_checked_against_the_system_date() -> None:
    with pytest.raises(PersonnummerError, match="in the future"):
        Personnummer(with_check(f"{date.today().year + 1}0101001"))


@settings(max_examples=200)
@given(
    secret=st.binary(min_size=16, max_size=200),
    number=st.sampled_from(["196408233234", "191212121212", "199908072391", "196408833231"]),
)
@example(secret=b"k" * 64, number="196408233234")  # one block exactly
@example(secret=b"k" * 65, number="196408233234")  # longer than a block: hashed first
def test_keyed_hash_is_hmac_sha256(secret: bytes, number: str) -> None:
    import hashlib
    import hmac

    expected = hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest()
    assert parse(number).keyed_hash(secret) == expected
    assert parse(number).keyed_hash(secret) == expected  # the second time from the kept key
