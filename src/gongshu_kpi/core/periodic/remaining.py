"""What is still to do: 距年度目标还差 and 后N个月（季度）月均需完成, and the full-year
projection along the indicator's profile.

The required pace is kept as an exact fraction, gap ÷ periods left, so that
pace × periods left + year-to-date == target holds exactly. The printed figure is that
fraction rounded once by the report's rule (half-up by default, as offices round in Excel);
printed × periods left + year-to-date then differs from the target by at most
periods left × half a unit of the last printed digit, which is why a bulletin's
"月均需完成2.70亿元" times 4 may miss the gap by a rounding, never by more.

A count of whole things (家, 个, 项, or a unit targets.yaml declares with `whole: true`) is
the exception: 239 firms over 6 months is 39.83 a
month, and a need must be enough to reach the target, so it is rounded up to a whole number
(40家; 39家 × 6 = 234 would fall 5 short). A need below one thing a month (2 projects over 5
months) is then 1个, never 0.4个.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import ceil

from gongshu_kpi.core import formulas
from gongshu_kpi.core.numbers import RoundingName, fraction_value, round_to
from gongshu_kpi.core.periodic.period import Frequency
from gongshu_kpi.core.periodic.text import ROUNDING_TEXT, approx, plain
from gongshu_kpi.core.periods import MONTHS_IN_YEAR
from gongshu_kpi.core.units import BASE_UNITS, COUNTED, BaseUnit


@dataclass(frozen=True, slots=True)
class StillToDo:
    """The gap to the target at an as-of month and the pace that would close it."""

    target: Decimal
    ytd: Decimal
    gap: Decimal  # target − year-to-date; 0 or negative once done (−gap is the surplus)
    periods_left: int  # months (or quarters, halves) after the as-of period
    frequency: Frequency
    pace: Fraction | None  # exact need per period left; 0 when done; None when none left
    whole: bool = False  # counts whole things: the printed need is rounded up to a whole number

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
        """The pace rounded once for print: by `rounding` at `places`, or for a count of whole
        things up to a whole number (enough to reach the target)."""
        exact = self.exact_pace
        if exact is None or self.pace is None:
            return None
        if self.whole:
            return Decimal(ceil(self.pace))
        return round_to(exact, places, rounding)

    def steps(
        self,
        places: int,
        rounding: RoundingName = "half-up",
        unit: str = "",
        shown: Callable[[Decimal], str] = plain,
        shown_unit: str | None = None,
    ) -> list[str]:
        """The arithmetic as a reader would check it (kpi explain), from these very figures;
        `shown` prints a figure as the report does (core/display.py's rule, in `shown_unit`),
        so a gap or a need the report shows otherwise ends in → that figure."""
        target, ytd = plain(self.target), plain(self.ytd)
        show = _Shown(shown, unit, unit if shown_unit is None else shown_unit, rounding)
        if self.gap < 0:
            return [
                f"超额完成 = 累计 {ytd} − 目标 {target} = {plain(self.surplus)} {unit}".rstrip()
                + show.arrow(self.surplus)
            ]
        if self.gap == 0:
            return [f"已完成：累计 {ytd} = 目标 {target}"]
        lines = [
            f"距目标还差 = 目标 {target} − 累计 {ytd} = {plain(self.gap)} {unit}".rstrip()
            + show.arrow(self.gap)
        ]
        printed, exact = self.printed_pace(places, rounding), self.exact_pace
        if printed is not None and exact is not None:
            how = WHOLE_TEXT if self.whole else f"{ROUNDING_TEXT[rounding]}，保留{places}位"
            text = show.figure(printed)
            if text != plain(printed) and not self.whole:
                how = show.how(printed)
            lines.append(
                need_words(self.frequency, self.periods_left) + f" = {plain(self.gap)} ÷ "
                f"{self.periods_left} = {approx(exact)} → {text}（{how}）"
            )
        return lines


@dataclass(frozen=True, slots=True)
class _Shown:
    """A figure as the report prints it (number and unit), for the → of a step."""

    shown: Callable[[Decimal], str]
    unit: str
    shown_unit: str
    rounding: RoundingName

    def figure(self, value: Decimal) -> str:
        text = self.shown(value)
        return text if self.shown_unit == self.unit else f"{text} {self.shown_unit}"

    def how(self, value: Decimal) -> str:
        places = formulas.places_of(Decimal(self.shown(value)))
        return f"{ROUNDING_TEXT[self.rounding]}，保留{places}位"

    def arrow(self, value: Decimal) -> str:
        """→ the figure as printed, where it differs from the exact one ("" where not)."""
        if self.shown(value) == plain(value) and self.shown_unit == self.unit:
            return ""
        return f" → {self.shown(value)} {self.shown_unit}（{self.how(value)}）"


WHOLE_TEXT = "向上取整：按个数计的指标须为整数，且要足以完成目标"


def counts_whole_things(unit: str, table: Mapping[str, BaseUnit] = BASE_UNITS) -> bool:
    """Whether a unit counts indivisible things (家, 个, 项, or a unit targets.yaml declares
    with `whole: true` in `table`; not 万人, which is printed with decimals): their need is
    rounded up."""
    if unit in COUNTED:
        return True
    found = table.get(unit)
    return found is not None and found.whole


def periods_left(as_of: int, frequency: Frequency) -> int:
    """Whole periods of the frequency after month `as_of` (1-8月, monthly: 4; 1-6月,
    quarterly: 2; 1-5月, quarterly: 2, June being no whole quarter)."""
    if not 1 <= as_of <= MONTHS_IN_YEAR:
        raise ValueError(f"截至月份应在 1 到 12 之间，得到 {as_of}")
    return (MONTHS_IN_YEAR - as_of) // frequency.months


def need_frequency(as_of: int, frequency: Frequency) -> Frequency:
    """What the gap is shared out over: the indicator's periods when `as_of` ends one of
    them (1-6月, quarterly: 后两个季度), else months (a quarterly indicator with data to 5月
    has 7 months left, not 2⅓ quarters: 后7个月月均需完成)."""
    return frequency if as_of % frequency.months == 0 else Frequency.MONTHLY


def need_words(frequency: Frequency, left: int) -> str:
    """后4个月月均需完成 / 后2个季度季均需完成 / 后1个半年平均需完成."""
    return _NEED[frequency].format(n=left)


_NEED = {
    Frequency.MONTHLY: "后{n}个月月均需完成",
    Frequency.QUARTERLY: "后{n}个季度季均需完成",
    Frequency.HALF_YEARLY: "后{n}个半年平均需完成",
}


def still_to_do(
    target: Decimal,
    ytd: Decimal,
    as_of: int,
    frequency: Frequency = Frequency.MONTHLY,
    whole: bool = False,
) -> StillToDo:
    """距目标还差 (target − ytd) and the average needed per remaining period (of the
    indicator's frequency where `as_of` ends one of its periods, else per month); `whole`
    for a count of whole things, whose printed need is rounded up."""
    gap = target - ytd
    frequency = need_frequency(as_of, frequency)
    left = periods_left(as_of, frequency)
    if left == 0:
        pace = None
    elif gap <= 0:
        pace = Fraction(0)  # nothing is needed: shown as 超额完成, never a negative need
    else:
        pace = Fraction(gap) / left
    return StillToDo(target, ytd, gap, left, frequency, pace, whole)


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
