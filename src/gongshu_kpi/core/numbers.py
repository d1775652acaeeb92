"""Exact arithmetic policy: one place where percentages are computed and rounded."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import Literal

RoundingName = Literal["half-up", "half-even", "truncate"]

ROUNDING_BY_NAME: dict[str, str] = {
    "half-up": ROUND_HALF_UP,  # 四舍五入, what bulletins use
    "half-even": ROUND_HALF_EVEN,
    "truncate": ROUND_DOWN,  # some offices cut off instead of rounding
}

# Wide enough that a non-terminating quotient (1/3) cannot land on a rounding boundary by
# accident; terminating quotients are exact.
_CONTEXT = Context(prec=50)
HUNDRED = Decimal(100)


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """Exact where the quotient terminates, 50 significant digits otherwise."""
    return _CONTEXT.divide(numerator, denominator)


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator in percent, unrounded."""
    return _CONTEXT.multiply(divide(numerator, denominator), HUNDRED)


def round_to(value: Decimal, places: int, rounding: RoundingName = "half-up") -> Decimal:
    """Round to a number of decimal places with the named policy (never float)."""
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUNDING_BY_NAME[rounding], context=_CONTEXT)
