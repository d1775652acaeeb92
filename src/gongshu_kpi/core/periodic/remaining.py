"""What is still to do: 距年度目标还差 and 后N个月（季度）月均需完成, and the full-year
projection along the indicator's profile.

The required pace is kept as an exact fraction, gap ÷ periods left, so that
pace × periods left + year-to-date == target holds exactly. The printed figure is that
fraction rounded once by the report's rule (half-up by default, as offices round in Excel);
printed × periods left + year-to-date then differs from the target by at most
periods left × half a unit of the last printed digit, which is why a bulletin's
"月均需完成2.70亿元" times 4 may miss the gap by a rounding, never by more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from gongshu_kpi.core import formulas
from gongshu_kpi.core.numbers import RoundingName, fraction_value, round_to
from gongshu_kpi.core.periodic.period import Frequency
from gongshu_kpi.core.periodic.text import ROUNDING_TEXT, approx, plain
from gongshu_kpi.core.periods import MONTHS_IN_YEAR


@dataclass(frozen=True, slots=True)
class StillToDo:
    """The gap to the target at an as-of month and the pace that would close it."""

    target: Decimal
    ytd: Decimal
    gap: Decimal  # target − year-to-date; 0 or negative once done (−gap is the surplus)
    periods_left: int  # months (or quarters, halves) after the as-of period
    frequency: Frequency
    pace: Fraction | None  # exact need per period left; 0 when done; None when none left

    @property
    def done(self) -> bool:
        """已完成 (gap 0) or 超额完成 (gap negative)."""
        return self.gap <= 0

    @property
    def surplus(self) -> Decimal:
        """超额完成的量 (0 while not done)."""
        return max(-self.gap, Decimal(0))

    @property
    def exact_pace(self) -> Decimal | None:
        """The pace as a Decimal, unrounded (to the context's precision)."""
        return None if self.pace is None else fraction_value(self.pace)

    def printed_pace(self, places: int, rounding: RoundingName = "half-up") -> Decimal | None:
        """The pace rounded once for print."""
        exact = self.exact_pace
        return None if exact is None else round_to(exact, places, rounding)

    def steps(self, places: int, rounding: RoundingName = "half-up", unit: str = "") -> list[str]:
        """The arithmetic as a reader would check it (kpi explain), from these very figures."""
        target, ytd = plain(self.target), plain(self.ytd)
        if self.gap < 0:
            return [
                f"超额完成 = 累计 {ytd} − 目标 {target} = {plain(self.surplus)} {unit}".rstrip()
            ]
        if self.gap == 0:
            return [f"已完成：累计 {ytd} = 目标 {target}"]
        lines = [f"距目标还差 = 目标 {target} − 累计 {ytd} = {plain(self.gap)} {unit}".rstrip()]
        printed, exact = self.printed_pace(places, rounding), self.exact_pace
        if printed is not None and exact is not None:
            lines.append(
                _NEED[self.frequency].format(n=self.periods_left) + f" = {plain(self.gap)} ÷ "
                f"{self.periods_left} = {approx(exact)} → {plain(printed)}"
                f"（{ROUNDING_TEXT[rounding]}，保留{places}位）"
            )
        return lines


def periods_left(as_of: int, frequency: Frequency) -> int:
    """Whole periods of the frequency after month `as_of` (1-8月, monthly: 4; 1-6月,
    quarterly: 2). A quarterly indicator's as-of month is a quarter's end."""
    if as_of % frequency.months:
        raise ValueError(
            f"按{_NAME[frequency]}报送的指标，截至月份应为{_NAME[frequency]}末，得到 {as_of}月"
        )
    return (12 - as_of) // frequency.months


_NAME = {Frequency.MONTHLY: "月", Frequency.QUARTERLY: "季度", Frequency.HALF_YEARLY: "半年"}
_NEED = {
    Frequency.MONTHLY: "后{n}个月月均需完成",
    Frequency.QUARTERLY: "后{n}个季度季均需完成",
    Frequency.HALF_YEARLY: "后{n}个半年平均需完成",
}


def still_to_do(
    target: Decimal, ytd: Decimal, as_of: int, frequency: Frequency = Frequency.MONTHLY
) -> StillToDo:
    """距目标还差 (target − ytd) and the average needed per remaining period."""
    gap = target - ytd
    left = periods_left(as_of, frequency)
    if left == 0:
        pace = None
    elif gap <= 0:
        pace = Fraction(0)  # nothing is needed: shown as 超额完成, never a negative need
    else:
        pace = Fraction(gap) / left
    return StillToDo(target, ytd, gap, left, frequency, pace)


@dataclass(frozen=True, slots=True)
class Projection:
    value: Decimal  # unrounded; the caller rounds for print
    method: str  # "profile" or "run-rate"


def project_full_year(
    ytd: Decimal, as_of: int, profile: Sequence[Decimal] | None = None
) -> Projection | None:
    """预计全年 of a flow: along the profile when one is given (ytd ÷ the share of the year's
    weight elapsed), else the run-rate ytd × 12 ÷ N. None when the profile puts no weight
    in the months elapsed (nothing to scale from)."""
    if not 1 <= as_of <= MONTHS_IN_YEAR:
        raise ValueError(f"截至月份应在 1 到 12 之间，得到 {as_of}")
    if profile is None:
        return Projection(formulas.run_rate_projection(ytd, as_of), "run-rate")
    along = formulas.profile_projection(ytd, profile, as_of)
    return None if along is None else Projection(along, "profile")
