"""Fixtures for the door tests."""

from __future__ import annotations

import pytest

from tests.store_controller.door.harness import Door, make_door


@pytest.fixture
def door() -> Door:
    return make_door()
