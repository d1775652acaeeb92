"""How the explanation steps of period figures write numbers: as entered, never 4.5E+4."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from gongshu_kpi.core.numbers import RoundingName

ROUNDING_TEXT: dict[RoundingName, str] = {
    "half-up": "四舍五入",
    "half-even": "银行家舍入",
    "truncate": "截断",
}


def plain(value: Decimal) -> str:
    """A Decimal as written: 25.80 stays 25.80, 4.5E+4 is 45000."""
    return format(value, "f")


def operand(value: Decimal, entered: Iterable[Decimal] = ()) -> str:
    """A figure a step works with, as entered: a row's value equal to it as that row has it
    (25.80 stays 25.80), else without the zeros exact arithmetic pads it with (a month's own
    amount 88.72215 − 71.72215 is 17.00000, entered as 17: shown 17)."""
    for value_entered in entered:
        if value_entered == value:
            return plain(value_entered)
    return plain(value.normalize())


def approx(value: Decimal) -> str:
    """An unrounded quotient to 6 places, marked with … when it goes on."""
    shown = value.quantize(Decimal("0.000001"), rounding=ROUND_DOWN)
    return plain(shown.normalize()) + ("…" if shown != value else "")
