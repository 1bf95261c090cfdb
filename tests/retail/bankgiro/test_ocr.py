import pytest
from hypothesis import given
from hypothesis import strategies as st

from retail.bankgiro import OcrCheck, check_ocr, is_valid_ocr, luhn_check_digit, make_ocr
from retail.errors import OcrError

# Bankgirot's rules and worked examples: /work/shared/reference/accounting.md section 3.
EXAMPLES = [
    ("12345", "123455", "1234574"),
    ("1234567890", "12345678903", "123456789023"),
    ("104200318", "1042003184", "10420031816"),
    ("2026001", "20260014", "202600193"),
]


@pytest.mark.parametrize(("base", "check_only", "with_length"), EXAMPLES)
def test_bankgirots_examples(base: str, check_only: str, with_length: str) -> None:
    assert make_ocr(base, length_digit=False) == check_only
    assert make_ocr(base) == with_length
    assert is_valid_ocr(with_length)
    assert is_valid_ocr(check_only, OcrCheck.HARD)


def test_a_reference_from_bankgirots_sample_file_passes_and_the_text_one_fails() -> None:
    assert check_ocr("655969") is None  # base 6559, length digit 6, check digit 9
    assert check_ocr("89853", OcrCheck.HARD) == "the check digit is wrong"


def test_each_control_level_says_what_is_wrong() -> None:
    assert check_ocr("1234575") == "the check digit is wrong"
    assert check_ocr("1234575", OcrCheck.SOFT) is None
    assert check_ocr("123455") == "the length digit does not match the length"
    assert check_ocr("123455", OcrCheck.HARD) is None
    assert check_ocr("12 45") == "an OCR reference has digits only"
    assert check_ocr("") == "an OCR reference has digits only"
    assert check_ocr("١٢") == "an OCR reference has digits only"
    assert check_ocr("0") == "an OCR reference has 2 to 25 digits"
    assert check_ocr("1" * 26, OcrCheck.SOFT) == "an OCR reference has 2 to 25 digits"


def test_a_length_of_ten_or_more_writes_the_length_mod_ten() -> None:
    ocr = make_ocr("12345678901234567")  # 19 digits
    assert len(ocr) == 19
    assert ocr[-2] == "9"


def test_bad_bases_are_refused_clearly() -> None:
    with pytest.raises(OcrError, match="ASCII digits"):
        make_ocr("12a")
    with pytest.raises(OcrError, match="at most 25 digits; this would be 26"):
        make_ocr("1" * 24)
    assert len(make_ocr("1" * 23)) == 25
    with pytest.raises(OcrError, match="ASCII digits"):
        luhn_check_digit("")


@given(st.text(alphabet="0123456789", min_size=1, max_size=23))
def test_every_made_reference_passes_and_any_single_digit_change_fails(base: str) -> None:
    ocr = make_ocr(base)
    assert is_valid_ocr(ocr)
    for i in range(len(ocr)):
        changed = ocr[:i] + str((int(ocr[i]) + 1) % 10) + ocr[i + 1 :]
        assert not is_valid_ocr(changed, OcrCheck.HARD)
