"""Hypothesis strategies for barcodes, shared by the barcode tests."""

from hypothesis import strategies as st

from retail.barcodes import with_check_digit


def digits(length: int) -> st.SearchStrategy[str]:
    """Exactly `length` ASCII digits."""
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


def valid_gtin(length: int) -> st.SearchStrategy[str]:
    """A GTIN of `length` digits with a correct check digit."""
    return digits(length - 1).map(with_check_digit)


any_valid_gtin = st.sampled_from([8, 12, 13, 14]).flatmap(valid_gtin)

scanner_noise = st.one_of(
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda data: data.decode("latin-1")),
    st.text(alphabet="0123456789\x1d()]Cdqe1234", max_size=60),
)
"""What a scanner or a person may send: any text, raw bytes as latin-1, near-misses."""
