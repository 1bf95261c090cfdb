"""The outside world's ways into the backoffice's APIs, fuzzed: the Swish report and BgMax
uploads, price files (CSV in UTF-8 and Windows-1252, .xlsx bytes), members' own hours, the
blocklist, a member's contact, the stores' pulls with `?features=` and Swish's callback. Each
answer is a success or a 4xx that says why (never a 5xx, never a personnummer repeated), and a
valid request still works after the fuzzing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.backoffice.security.fuzzing import (
    API,
    IDENTIFIER,
    JSONISH,
    MEMBER,
    NUMBERS,
    RAW,
    TEXT,
    Fuzzed,
    check,
    duplicated_keys,
    fuzz,
    json_bytes,
    mutated,
    object_with,
    running,
)
from tests.retail.bankgiro import bgmax_file as bg

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def bo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    yield from running(tmp_path_factory.mktemp("fuzz-apis"))


SWISH_REPORT = (
    "Datum;Belopp;Avsändare;Meddelande;Referens\r\n"
    "2026-05-02;170,00;46 70 123 45 67;12345682;A1\r\n"
    "2026-05-02;1 234,50;46 70 765 43 21;hej;A2\r\n"
).encode()


def _report(bo: Fuzzed, data: bytes) -> Any:
    answer = bo.api.post(f"{API}/payments-in/swish-report", content=data)
    check(answer)
    return answer


@fuzz()
@given(data=st.one_of(mutated(SWISH_REPORT), RAW, mutated(SWISH_REPORT.decode().encode("cp1252"))))
def test_the_swish_report_upload_takes_any_bytes(bo: Fuzzed, data: bytes) -> None:
    _report(bo, data)


def test_a_swish_report_still_imports_after_fuzzing(bo: Fuzzed) -> None:
    fresh = SWISH_REPORT.replace(b"A1", b"Z1").replace(b"A2", b"Z2") + b"2026-13-01;5;x;y;Z3\r\n"
    done = _report(bo, fresh)
    assert done.status_code == 201, done.text
    assert len(done.json()["new"]) == 2
    assert [r["line"] for r in done.json()["refused"]] == [4]


def _bgmax(serial: str = "000120000001") -> bytes:
    records = [bg.start(), bg.opening(bankgiro="9912346")]
    records.append(bg.payment(reference="12345682", ore=17_000, serial=serial))
    records += [bg.deposit(ore=17_000, count=1), bg.end(1, 0, 0, 1)]
    return bg.encode(records)


@fuzz()
@given(data=st.one_of(mutated(_bgmax()), RAW))
def test_the_bgmax_upload_takes_any_bytes(bo: Fuzzed, data: bytes) -> None:
    check(bo.api.post(f"{API}/payments-in/bgmax", content=data))


def test_a_bgmax_file_still_imports_after_fuzzing(bo: Fuzzed) -> None:
    done = bo.api.post(f"{API}/payments-in/bgmax", content=_bgmax("000120000077"))
    assert done.status_code == 201, done.text


PRICE_TEXT = (
    "EAN;Benämning;Cirkapris;Netto\r\n"
    "7310865071804;Mellanmjölk 1,5 %;19,95;14,10\r\n"
    "7310070005120;Cola Zero 33 cl;12,5;8,00\r\n"
)


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in PRICE_TEXT.splitlines():
        sheet.append(row.split(";"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _price_file(bo: Fuzzed, data: bytes, filename: str) -> Any:
    answer = bo.api.post(
        "/api/admin/pricefiles/imports",
        params={"supplier": "dagab", "filename": filename},
        content=data,
    )
    check(answer)
    return answer


@fuzz()
@given(
    data=st.one_of(mutated(PRICE_TEXT.encode()), mutated(PRICE_TEXT.encode("cp1252")), RAW),
    filename=st.sampled_from(["prislista.csv", "prislista.txt", "prislista.xlsx", "x"]),
)
def test_a_price_file_in_either_encoding_takes_any_bytes(
    bo: Fuzzed, data: bytes, filename: str
) -> None:
    _price_file(bo, data, filename)


@fuzz(15)
@given(data=mutated(_xlsx()))
def test_a_price_file_as_xlsx_takes_any_bytes(bo: Fuzzed, data: bytes) -> None:
    _price_file(bo, data, "prislista.xlsx")


def test_price_files_still_preview_after_fuzzing(bo: Fuzzed) -> None:
    for data, name in ((PRICE_TEXT.encode("cp1252"), "p.csv"), (_xlsx(), "p.xlsx")):
        done = _price_file(bo, data, name)
        assert done.status_code == 201, done.text
        assert done.json()["rows_total"] == 2


HOURS = {"member_hours": {"monday": ["05:00-23:00"], "exceptions": {"2026-12-24": ["07:00-12:00"]}}}


@fuzz()
@given(body=st.one_of(object_with(HOURS), object_with({"member_hours": HOURS["member_hours"]})))
def test_member_hours_take_any_json(bo: Fuzzed, body: Any) -> None:
    check(bo.api.put(f"{API}/member-hours", content=json_bytes(body), headers=JSON))


@fuzz(15)
@given(hours=JSONISH, raw=RAW)
def test_member_hours_take_any_days_and_bytes(bo: Fuzzed, hours: Any, raw: bytes) -> None:
    days = {"monday": hours, "exceptions": {"2026-12-24": hours}, "sunday": [hours]}
    check(bo.api.put(f"{API}/member-hours", json={"member_hours": days}))
    check(bo.api.put(f"{API}/member-hours", content=raw, headers=JSON))
    body = duplicated_keys(HOURS, "member_hours", hours)
    check(bo.api.put(f"{API}/member-hours", content=body, headers=JSON))


def test_member_hours_still_save_after_fuzzing(bo: Fuzzed) -> None:
    saved = bo.api.put(f"{API}/member-hours", json=HOURS)
    assert saved.status_code == 200, saved.text
    read = bo.api.get(f"{API}/member-hours").json()["member_hours"]
    assert read["monday"] == ["05:00-23:00"]


BLOCK = {"personnummer": NUMBERS[1], "why": "snatteri", "until": "2027-06-30"}


@fuzz()
@given(body=st.one_of(object_with(BLOCK), object_with({"visit_id": "x", "why": "y"})), raw=RAW)
def test_the_blocklist_takes_any_json_and_never_repeats_a_number(
    bo: Fuzzed, body: Any, raw: bytes
) -> None:
    for path in ("blocklist", "blocklist/lift"):
        check(bo.api.post(f"{API}/{path}", content=json_bytes(body), headers=JSON))
    check(bo.api.post(f"{API}/blocklist", content=raw, headers=JSON))
    check(bo.api.post(f"{API}/blocklist", content=duplicated_keys(BLOCK, "why", body)))


def test_the_blocklist_still_blocks_and_lifts_after_fuzzing(bo: Fuzzed) -> None:
    done = bo.api.post(f"{API}/blocklist", json=BLOCK | {"personnummer": "19121212-1212"})
    assert done.status_code in (201, 409), done.text
    lifted = bo.api.post(
        f"{API}/blocklist/lift", json={"personnummer": NUMBERS[0], "why": "ångrat"}
    )
    assert lifted.status_code == 200, lifted.text
    check(lifted)


CONTACT = {"name": "Tolvan Tolvansson", "email": "tolvan@example.org", "address": "Byn 1"}


@fuzz()
@given(body=object_with(CONTACT), raw=RAW)
def test_a_members_contact_takes_any_json(bo: Fuzzed, body: Any, raw: bytes) -> None:
    path = f"{API}/members/{MEMBER}/contact"
    check(bo.api.put(path, content=json_bytes(body), headers=JSON))
    check(bo.api.put(path, content=raw, headers=JSON))
    check(bo.api.put(path, content=duplicated_keys(CONTACT, "email", body), headers=JSON))


@fuzz(10)
@given(who=TEXT)
def test_a_contact_for_anyone_is_a_clear_refusal(bo: Fuzzed, who: str) -> None:
    check(bo.api.put(f"{API}/members/{quote(who[:300], safe='')}/contact", json=CONTACT))


def test_a_members_contact_still_saves_after_fuzzing(bo: Fuzzed) -> None:
    saved = bo.api.put(f"{API}/members/{MEMBER}/contact", json=CONTACT)
    assert saved.status_code == 200, saved.text
    assert saved.json()["email"] == "tolvan@example.org"


FEATURES = st.one_of(
    TEXT,
    st.lists(st.sampled_from(["erased", "member_hours", "", ",", "x" * 300]), max_size=6).map(
        ",".join
    ),
)


@fuzz()
@given(features=st.lists(FEATURES, min_size=1, max_size=4), since=st.sampled_from(["0", "-1", "x"]))
def test_the_pulls_take_any_features(bo: Fuzzed, features: list[str], since: str) -> None:
    for path in ("members", "catalog"):
        check(bo.pull(path, features=features))
        check(bo.pull(path, features=features[0], since=since))


def test_the_pulls_still_answer_after_fuzzing(bo: Fuzzed) -> None:
    for path in ("members", "catalog"):
        answer = bo.pull(path, features="erased,member_hours")
        assert answer.status_code == 200, answer.text


CALLBACK = {"id": "0123456789ABCDEF0123456789ABCDEF", "status": "PAID", "amount": 170.0}
HEADER = st.one_of(
    st.just(IDENTIFIER),
    st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=60),
)


@fuzz(40)
@given(body=st.one_of(object_with(CALLBACK).map(json_bytes), mutated(json_bytes(CALLBACK)), RAW),
       header=HEADER)  # fmt: skip
def test_the_swish_callback_takes_any_body_and_header(
    bo: Fuzzed, body: bytes, header: str | bytes
) -> None:
    sent = header if isinstance(header, bytes) else header.encode()
    if b"\n" in sent or b"\r" in sent or b"\x00" in sent:
        sent = sent.replace(b"\n", b"").replace(b"\r", b"").replace(b"\x00", b"")
    answer = bo.api.post(
        "/api/swish/callback",
        content=body,
        headers=[(b"content-type", b"application/json"), (b"callbackIdentifier", sent)],
    )
    check(answer)


def test_a_swish_callback_is_still_recorded_after_fuzzing(bo: Fuzzed) -> None:
    answer = bo.api.post(
        "/api/swish/callback", json=CALLBACK, headers={"callbackIdentifier": IDENTIFIER}
    )
    assert answer.status_code == 200, answer.text
