"""The backoffice's forms, fuzzed as a browser (or anyone) could post them: the payments-in
uploads (BgMax, Swish report), the blocklist page, the customer's contact, the member's own
/me/contact and the shelf-label print form. Every answer is a page, a redirect or a download;
a refusal is a 4xx page saying why, and the blocklist page never shows a personnummer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.backoffice.security.fuzzing import (
    MEMBER,
    NUMBERS,
    RAW,
    TEXT,
    Fuzzed,
    check,
    fuzz,
    running,
)
from tests.backoffice.security.test_fuzz_apis import SWISH_REPORT, _bgmax

PAGE = "/stores/a-1"
FIELD = st.one_of(TEXT, st.sampled_from(NUMBERS))


@pytest.fixture(scope="module")
def bo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    yield from running(tmp_path_factory.mktemp("fuzz-forms"))


def _fields(names: list[str]) -> Any:
    return st.dictionaries(st.sampled_from(names), FIELD, max_size=len(names))


@fuzz(15)
@given(
    data=st.one_of(RAW, st.just(SWISH_REPORT), st.just(_bgmax())), name=TEXT, which=st.booleans()
)
def test_the_payment_uploads_take_any_file(bo: Fuzzed, data: bytes, name: str, which: bool) -> None:
    path, field = ("payments-in", "bgmax") if which else ("payments-in/swish-report", "report")
    filename = name.encode("utf-8", "replace").decode()[:200] or "f"
    answer = bo.owner.post(
        f"{PAGE}/{path}",
        data={"csrf_token": bo.owner_csrf},
        files={field: (filename, data, "text/csv")},
        follow_redirects=False,
    )
    check(answer)


@fuzz()
@given(
    fields=_fields(["personnummer", "visit_id", "identity_hash", "why", "until"]),
    lift=st.booleans(),
)
def test_the_blocklist_page_never_shows_a_number(
    bo: Fuzzed, fields: dict[str, str], lift: bool
) -> None:
    answer = bo.owner.post(
        f"{PAGE}/blocklist{'/lift' if lift else ''}",
        data={**fields, "csrf_token": bo.owner_csrf},
        follow_redirects=False,
    )
    check(answer, whole_page=True)


@fuzz()
@given(fields=_fields(["name", "email", "address"]))
def test_the_customer_contact_form_takes_anything(bo: Fuzzed, fields: dict[str, str]) -> None:
    answer = bo.owner.post(
        f"{PAGE}/members/{MEMBER}/contact",
        data={**fields, "csrf_token": bo.owner_csrf},
        follow_redirects=False,
    )
    check(answer)


@fuzz()
@given(fields=_fields(["name", "email", "address", "association_id"]))
def test_the_members_own_contact_form_takes_anything(bo: Fuzzed, fields: dict[str, str]) -> None:
    answer = bo.member.post(
        "/me/contact",
        data={"association_id": "1", **fields, "csrf_token": bo.member_csrf},
        follow_redirects=False,
    )
    check(answer)


@fuzz()
@given(
    mode=st.one_of(st.sampled_from(["changed", "all", "chosen"]), TEXT),
    skus=st.lists(st.one_of(st.sampled_from(["mjolk", "chips"]), TEXT), max_size=8),
    q=TEXT,
)
def test_the_label_form_takes_anything(bo: Fuzzed, mode: str, skus: list[str], q: str) -> None:
    answer = bo.owner.post(
        f"{PAGE}/labels",
        data={"mode": mode, "sku": skus, "q": q, "csrf_token": bo.owner_csrf},
        follow_redirects=False,
    )
    check(answer)


def test_the_forms_still_work_after_fuzzing(bo: Fuzzed) -> None:
    form = {"csrf_token": bo.owner_csrf}
    labels = bo.owner.post(f"{PAGE}/labels", data={**form, "mode": "chosen", "sku": ["mjolk"]})
    assert labels.status_code == 200, labels.text[:500]
    assert labels.headers["content-type"] == "application/pdf"
    saved = bo.owner.post(
        f"{PAGE}/members/{MEMBER}/contact",
        data={**form, "name": "Tolvan", "email": "t@example.org", "address": "Byn"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:500]
    own = bo.member.post(
        "/me/contact",
        data={"csrf_token": bo.member_csrf, "association_id": "1", "email": "t@example.org"},
        follow_redirects=False,
    )
    assert own.status_code == 303, own.text[:500]
    blocked = bo.owner.post(
        f"{PAGE}/blocklist",
        data={**form, "personnummer": NUMBERS[1], "why": "snatteri"},
        follow_redirects=False,
    )
    assert blocked.status_code in (303, 400), blocked.text[:500]
    check(blocked, whole_page=True)
