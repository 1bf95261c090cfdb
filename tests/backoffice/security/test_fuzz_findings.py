"""What the border fuzzing found, each as its smallest example: a Swish report with a lone
carriage return (a 500 before), and a refused body echoing the personnummer it held (FastAPI's
422 repeated every field's input)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backoffice.security.fuzzing import API, MEMBER, NUMBERS, Fuzzed, check, running


@pytest.fixture(scope="module")
def bo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    yield from running(tmp_path_factory.mktemp("fuzz-findings"))


def test_a_swish_report_with_a_lone_carriage_return_is_read_not_a_server_error(
    bo: Fuzzed,
) -> None:
    path = f"{API}/payments-in/swish-report"
    header_after_cr = bo.api.post(path, content=b"\rDatum;Belopp;Meddelande\r\n2026-05-02;5;x\r\n")
    assert header_after_cr.status_code == 422, header_after_cr.text
    assert "Datum" in header_after_cr.json()["detail"]  # the first line names no columns
    split = bo.api.post(path, content=b"Datum;Belopp;Meddelande\r\n2026-05-02;5;a\rb\r\n")
    assert split.status_code == 201, split.text
    assert len(split.json()["new"]) == 1  # a lone CR ends a line: "b" is refused, listed
    assert [r["line"] for r in split.json()["refused"]] == [3]


def test_a_field_too_long_for_csv_refuses_the_report_with_its_line(bo: Fuzzed) -> None:
    data = b'Datum;Belopp;Meddelande\r\n2026-05-02;5;"' + b"x" * 200_000 + b'"\r\n'
    answer = bo.api.post(f"{API}/payments-in/swish-report", content=data)
    assert answer.status_code == 422, answer.text
    assert "line 2" in answer.json()["detail"]


@pytest.mark.parametrize("number", NUMBERS)
def test_a_refused_body_never_repeats_a_personnummer(bo: Fuzzed, number: str) -> None:
    hours = bo.api.put(f"{API}/member-hours", json={"member_hours": {"monday": number}})
    assert hours.status_code == 422
    assert hours.json()["detail"][0]["loc"] == ["body", "member_hours", "monday"]
    dated = bo.api.put(f"{API}/member-hours", json={"member_hours": {"exceptions": {number: []}}})
    contact = bo.api.put(f"{API}/members/{MEMBER}/contact", json={"name": number * 30})
    for refused in (hours, dated, contact):
        assert refused.status_code == 422
        check(refused)
