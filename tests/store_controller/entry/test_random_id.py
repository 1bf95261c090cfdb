"""The visit id: `random_id` is `str(uuid.uuid4())` made without the UUID object."""

import os
import uuid

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from store_controller.entry import admission


@given(raw=st.binary(min_size=16, max_size=16))
@example(raw=bytes(16))
@example(raw=b"\xff" * 16)
def test_random_id_is_uuid4_of_the_same_bytes(raw: bytes) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "urandom", lambda n: raw[:n])
        made = admission.random_id()
    assert made == str(uuid.UUID(bytes=raw, version=4))


def test_random_ids_are_version_4_and_differ() -> None:
    made = {admission.random_id() for _ in range(100)}
    assert len(made) == 100
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text
