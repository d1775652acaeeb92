"""Comparison at printed precision: a stated figure is right when the exact figure, rounded
to the places it is printed with (settings.rounding), equals it; one unit off in the last
place is a rounding difference.  Also how figures are shown in messages."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from gongshu_kpi.core.display import exact_text
from gongshu_kpi.core.formulas import places_of
from gongshu_kpi.core.numbers import RoundingName, round_to

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.claims import Quantity


class Verdict(StrEnum):
    OK = "ok"
    ROUNDING = "rounding"  # one unit off in the last printed place
    WRONG = "wrong"


def compare(
    stated: Decimal, exact: Decimal, rounding: RoundingName = "half-up"
) -> tuple[Verdict, Decimal]:
    """Judge a printed figure against the exact one, at the places it is printed with.

    Returns the verdict and the correct figure at those places (60.49 vs 60.50 -> ROUNDING).
    """
    places = places_of(stated)
    correct = round_to(exact, places, rounding)
    if stated == correct:
        return Verdict.OK, correct
    if abs(stated - correct) == Decimal(1).scaleb(-places):
        return Verdict.ROUNDING, correct
    return Verdict.WRONG, correct


def plain(value: Decimal) -> str:
    return format(value, "f")


def amount(value: Decimal) -> str:
    """An amount from the data in a message: exact, without zeros arithmetic padded (44.70
    for 279.87215 − 235.17215), by the display rule (core/display.exact_text)."""
    return exact_text(value)


def qty(quantity: Quantity) -> str:
    # English units are words (bulletin_en): 16.15 10,000 vehicle trips, not 16.1510,000 …
    unit = quantity.unit
    gap = " " if unit[:1].isascii() and unit[:1].isalnum() else ""
    return f"{plain(quantity.value)}{gap}{unit}"
