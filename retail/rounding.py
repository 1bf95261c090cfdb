"""Integer division rounded half-up: the one rounding rule of the kernel.

"Half-up" here means half away from zero, so a return (negative amount) mirrors its sale exactly.
"""

from __future__ import annotations


def div_round_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded to the nearest integer, halves away from zero."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient
