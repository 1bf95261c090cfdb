"""Hypothesis strategies for barcodes, shared by the barcode tests."""

from hypothesis import strategies as st

from retail.barcodes import with_check_digit

DIGITS = "0123456789"


def digits(length: int) -> st.SearchStrategy[str]:
    """Exactly `length` ASCII digits."""
    return st.text(alphabet=DIGITS, min_size=length, max_size=length)


def some_digits(min_length: int, max_length: int) -> st.SearchStrategy[str]:
    """Between `min_length` and `max_length` ASCII digits (one strategy, where a `flatmap` over
    the length would build and validate a new one for every example)."""
    return st.text(alphabet=DIGITS, min_size=min_length, max_size=max_length)


def valid_gtin(length: int) -> st.SearchStrategy[str]:
    """A GTIN of `length` digits with a correct check digit."""
    return digits(length - 1).map(with_check_digit)


GTIN_LENGTHS = (8, 12, 13, 14)
any_valid_gtin = st.one_of(*(valid_gtin(length) for length in GTIN_LENGTHS))

scanner_noise = st.one_of(
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda data: data.decode("latin-1")),
    st.text(alphabet="0123456789\x1d()]Cdqe1234", max_size=60),
)
"""What a scanner or a person may send: any text, raw bytes as latin-1, near-misses."""
