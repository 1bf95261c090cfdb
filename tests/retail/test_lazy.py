"""A lazily loaded module attribute: read from its home on first use, then kept; others refused."""

from __future__ import annotations

from typing import Any

import pytest

from retail.lazy import lazy_attributes


def test_a_name_is_loaded_from_its_home_once_and_an_unknown_one_is_refused() -> None:
    namespace: dict[str, Any] = {}
    getattr_ = lazy_attributes("shop", {"sqrt": "math"}, namespace)
    import math

    assert getattr_("sqrt") is math.sqrt
    assert namespace == {"sqrt": math.sqrt}
    with pytest.raises(AttributeError, match="module 'shop' has no attribute 'cbrt'"):
        getattr_("cbrt")
    assert "cbrt" not in namespace
