"""What one kiosk line can hold: the bounds a scan, the cart and the wire agree on."""

from __future__ import annotations

MAX_LINE_QUANTITY = 999
"""Packages on one line (either sign on the wire: a return is negative)."""

MAX_LINE_WEIGHT_G = 100_000
"""Grams in one weighed package: 100 kg, more than any store scale weighs."""
