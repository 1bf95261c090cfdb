"""A held entry's identity is "<kind>:<its id>" as `identity_of` writes it, whether a push's
identities are written one by one or together (`identities_of`), and a UUID's text written by
pydantic-core (`uuid_texts`) is `str(uuid)`."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from backoffice.db.bulk import among_sql, uuid_texts
from backoffice.sync.quarantine import identities_of, identity_of
from tests.retail.wire.factories import every_payload

EDGES = [
    uuid.UUID(int=0),
    uuid.UUID(int=2**128 - 1),
    uuid.UUID("0192f3a4-0000-7000-8000-00000000000a"),
]


@given(st.lists(st.uuids(), max_size=20))
def test_a_uuids_text_is_str_of_it(values: list[uuid.UUID]) -> None:
    assert uuid_texts(values + EDGES) == [str(value) for value in values + EDGES]


def test_no_uuids_no_texts() -> None:
    assert uuid_texts([]) == []


def test_every_payloads_identity_is_the_same_together_as_alone() -> None:
    payloads: list[Any] = every_payload()
    mixed = payloads + payloads[::-1]
    assert identities_of(mixed) == [identity_of(p) for p in mixed]
    assert {identity_of(p) is None for p in payloads} == {True, False}
    assert identities_of([]) == []


def test_uuid_keys_are_looked_up_by_their_text() -> None:
    keys = {uuid.UUID(int=7), uuid.UUID(int=2**128 - 1)}
    sql, (joined, separator) = among_sql("sale_id", keys)
    assert "uuid[]" in sql
    assert sorted(joined.split(separator)) == sorted(str(key) for key in keys)
