"""What a cell held before it became a value in the indicator's unit (kpi explain shows it).

Kept by the row loaders only for cells entered in another unit (4.45146 亿元 for an indicator
in 万元): most cells are in the indicator's own unit and need no record.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class EnteredValue:
    """A cell's number and unit as entered, and the exact factor to the indicator's unit."""

    number: Decimal
    unit: str
    factor: Fraction  # 1 entered unit in the indicator's unit: 亿元 → 万元 is 10000

    def factor_text(self) -> str:
        """The factor as a reader checks it: ×10000, ÷10000, or ×2000/3."""
        factor = self.factor
        if factor.denominator == 1:
            return f"×{factor.numerator}"
        if factor.numerator == 1:
            return f"÷{factor.denominator}"
        return f"×{factor.numerator}/{factor.denominator}"
