"""Organisation and VAT numbers as an owner types them on the store settings page."""

from __future__ import annotations

import pytest

from retail.orgnr import OrgNumberError, org_number_of_vat, parse_org_number, vat_number

# Skatteverket's own organisation number.
SKATTEVERKET = "202100-5448"


@pytest.mark.parametrize("typed", ["202100-5448", "2021005448", " 16202100-5448 ", "162021005448"])
def test_every_usual_way_of_writing_it_reads_the_same(typed: str) -> None:
    assert parse_org_number(typed) == SKATTEVERKET


def test_the_vat_number_is_se_the_digits_and_01() -> None:
    assert vat_number(SKATTEVERKET) == "SE202100544801"


def test_a_vat_number_gives_back_its_organisation_number() -> None:
    assert org_number_of_vat("se 2021005448 01") == SKATTEVERKET


@pytest.mark.parametrize(
    ("vat", "why"),
    [
        ("SE2021005448", "SE, ten digits and 01"),
        ("NO202100544801", "SE, ten digits and 01"),
        ("SE202100544901", "check digit"),
        ("SE201100544801", "third digit"),
    ],
)
def test_a_wrong_vat_number_is_refused_without_repeating_it(vat: str, why: str) -> None:
    with pytest.raises(OrgNumberError, match=why) as refused:
        org_number_of_vat(vat)
    assert vat[2:12] not in str(refused.value)


@pytest.mark.parametrize("typed", ["", "20210-5448", "202100-544", "abcdef-ghij"])
def test_a_malformed_number_is_refused(typed: str) -> None:
    with pytest.raises(OrgNumberError, match="ten digits"):
        parse_org_number(typed)
