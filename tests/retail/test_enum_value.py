"""Every enum a wire message carries reads `.value` in C (`read_value_in_c`), and reads the same
value, members and text as a plain `StrEnum`."""

from __future__ import annotations

import enum
import inspect

import pytest

import retail.vat.rates
import retail.wire
from retail.enum_value import read_value_in_c

WIRE_ENUMS = sorted(
    {
        value
        for module in (retail.wire, retail.vat.rates)  # retail.wire's names load lazily
        for value in [getattr(module, name) for name in dir(module)]
        if inspect.isclass(value) and issubclass(value, enum.StrEnum)
    },
    key=lambda e: e.__qualname__,
)


def test_the_wire_has_enums() -> None:
    assert {"VatClass", "SaleLineKind", "StockReason", "VisitOutcome"} <= {
        e.__name__ for e in WIRE_ENUMS
    }


@pytest.mark.parametrize("kind", WIRE_ENUMS, ids=lambda e: e.__name__)
def test_every_wire_enum_reads_its_value_in_c(kind: type[enum.StrEnum]) -> None:
    assert isinstance(vars(kind)["value"], property)
    for member in kind:
        assert member.value == member._value_ == str(member)
        assert type(member.value) is str
        assert kind(member.value) is member


def test_the_decorated_enum_is_the_plain_one_otherwise() -> None:
    class Plain(enum.StrEnum):
        A = "a"
        B = "b"

    @read_value_in_c
    class Fast(enum.StrEnum):
        A = "a"
        B = "b"

    assert [m.value for m in Fast] == [m.value for m in Plain] == ["a", "b"]
    assert [m.name for m in Fast] == ["A", "B"]
    assert Fast("b") is Fast.B
    assert Fast["A"] is Fast.A
    assert f"{Fast.A}" == f"{Plain.A}" == "a"
    assert list(Fast.__members__) == ["A", "B"]
