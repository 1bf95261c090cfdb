"""A held entry's digest is sha256 of its payload's wire JSON: digests stored by earlier
versions keep matching the same facts sent again."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from backoffice.sync.quarantine import digest_of, digests_of
from tests.retail.wire.factories import every_payload


@pytest.mark.parametrize("payload", every_payload(), ids=lambda p: p.kind)
def test_the_digest_is_sha256_of_the_payloads_wire_json(payload: Any) -> None:
    expected = hashlib.sha256(payload.model_dump_json().encode()).hexdigest()
    assert digest_of(payload) == expected


def test_a_pushs_digests_are_each_payloads_digest() -> None:
    payloads: list[Any] = every_payload()
    assert digests_of(payloads) == [digest_of(p) for p in payloads]
    assert digests_of([]) == []
