"""Exact arithmetic policy: one place where percentages are computed and rounded."""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Literal

RoundingName = Literal["half-up", "half-even", "truncate"]

ROUNDING_BY_NAME: dict[str, str] = {
    "half-up": ROUND_HALF_UP,  # 四舍五入, what bulletins use
    "half-even": ROUND_HALF_EVEN,
    "truncate": ROUND_DOWN,  # some offices cut off instead of rounding
}

# The numeric policy. A value read from any input (a cell, a YAML setting) has at most
# MAX_INTEGER_DIGITS digits before the point and MAX_FRACTION_DIGITS after it; beyond that
# it is an error at its cell or line, never rounded away. Within those bounds a sum of up
# to 10^15 values, a product of two, and a quotient carried to 40 places past the
# smallest input all fit in PRECISION digits, so no sum, rate, growth or projection is
# rounded anywhere but in round_to.
MAX_INTEGER_DIGITS = 30
MAX_FRACTION_DIGITS = 15
PRECISION = 150
_CONTEXT = Context(prec=PRECISION, Emax=999_999, Emin=-999_999)
# Bare arithmetic (a + b, sum()) uses the thread's context, 28 digits by default: roll-up
# sums were rounded there. Every thread started from now on, and this one, get the policy.
decimal.DefaultContext.prec = PRECISION
decimal.getcontext().prec = PRECISION
HUNDRED = Decimal(100)


def digits_problem(value: Decimal) -> str | None:
    """Why a value read from an input is outside the numeric policy, or None."""
    if not value.is_finite():
        return "不是有限数"
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if -exponent > MAX_FRACTION_DIGITS:
        return f"小数位数超过上限 {MAX_FRACTION_DIGITS} 位"
    integer_digits = len(digits) + exponent
    if not value.is_zero() and integer_digits > MAX_INTEGER_DIGITS:
        return f"整数部分有 {integer_digits} 位，超过上限 {MAX_INTEGER_DIGITS} 位"
    return None


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """Exact where the quotient terminates, PRECISION significant digits otherwise."""
    return _CONTEXT.divide(numerator, denominator)


def fraction_value(value: Fraction) -> Decimal:
    """An exact fraction (a need per month, a score) as a Decimal, by `divide`."""
    return divide(Decimal(value.numerator), Decimal(value.denominator))


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator in percent, unrounded."""
    return _CONTEXT.multiply(divide(numerator, denominator), HUNDRED)


def round_to(value: Decimal, places: int, rounding: RoundingName = "half-up") -> Decimal:
    """Round to a number of decimal places with the named policy (never float)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUNDING_BY_NAME[rounding], context=_CONTEXT)
    # -0.001 rounds to -0.00, which would print as 完成率-0.00%: zero has no sign.
    return rounded.copy_abs() if rounded.is_zero() else rounded
