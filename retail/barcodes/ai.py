"""The GS1 Application Identifiers the kernel understands, kept as a table.

Formats follow the GS1 General Specifications (as in python-stdnum's `gs1_ai.dat`). Fixed-length
AIs here all belong to the GS1 "predefined length" list, so they never need an FNC1 after them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class AiKind(enum.StrEnum):
    """How the value of an AI is decoded."""

    GTIN = "gtin"
    SSCC = "sscc"
    TEXT = "text"
    DATE = "date"
    COUNT = "count"
    WEIGHT_KG = "weight_kg"
    WEIGHT_LB = "weight_lb"
    AMOUNT = "amount"
    AMOUNT_ISO = "amount_iso"
    PRICE = "price"
    PRICE_ISO = "price_iso"


@dataclass(frozen=True, slots=True)
class AiSpec:
    """One AI: its digits, decoding, and value length (exact if `fixed`, else the maximum)."""

    ai: str
    kind: AiKind
    length: int
    fixed: bool
    field: str
    """The `ElementString` attribute the value lands in."""

    @property
    def decimals(self) -> int:
        """Implied decimals: the last digit of a four-digit measure or amount AI."""
        return int(self.ai[3]) if len(self.ai) == 4 else 0


def _table() -> dict[str, AiSpec]:
    specs = [
        AiSpec("00", AiKind.SSCC, 18, True, "sscc"),
        AiSpec("01", AiKind.GTIN, 14, True, "gtin"),
        AiSpec("02", AiKind.GTIN, 14, True, "content_gtin"),
        AiSpec("10", AiKind.TEXT, 20, False, "batch"),
        AiSpec("11", AiKind.DATE, 6, True, "production_date"),
        AiSpec("13", AiKind.DATE, 6, True, "packaging_date"),
        AiSpec("15", AiKind.DATE, 6, True, "best_before"),
        AiSpec("16", AiKind.DATE, 6, True, "sell_by"),
        AiSpec("17", AiKind.DATE, 6, True, "expiry"),
        AiSpec("21", AiKind.TEXT, 20, False, "serial"),
        AiSpec("30", AiKind.COUNT, 8, False, "variable_count"),
        AiSpec("37", AiKind.COUNT, 8, False, "count"),
    ]
    specs += [AiSpec(f"310{n}", AiKind.WEIGHT_KG, 6, True, "net_weight_g") for n in range(6)]
    specs += [AiSpec(f"320{n}", AiKind.WEIGHT_LB, 6, True, "net_weight_g") for n in range(6)]
    specs += [AiSpec(f"390{n}", AiKind.AMOUNT, 15, False, "amount") for n in range(10)]
    specs += [AiSpec(f"391{n}", AiKind.AMOUNT_ISO, 18, False, "amount") for n in range(10)]
    specs += [AiSpec(f"392{n}", AiKind.PRICE, 15, False, "price") for n in range(10)]
    specs += [AiSpec(f"393{n}", AiKind.PRICE_ISO, 18, False, "price") for n in range(10)]
    return {spec.ai: spec for spec in specs}


AI_TABLE: dict[str, AiSpec] = _table()
"""Every known AI by its digits."""


def lookup_ai(data: str, position: int) -> AiSpec | None:
    """The AI starting at `position` in `data`, trying two digits then four."""
    return AI_TABLE.get(data[position : position + 2]) or AI_TABLE.get(
        data[position : position + 4]
    )
