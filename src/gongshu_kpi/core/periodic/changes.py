"""环比, 当月同比, the change of a growth rate in points, and 两年平均增长 — exact.

环比 compares a period's own amount with the amount of the period just before it, of the
same length (March with February, 二季度 with 一季度, January with last December). After a
combined 1-2月 release March has no comparable base: a one-month amount against a two-month
one is not a growth, and an average of January and February would be a guess at a split the
release never gave. So March's 环比 is "not comparable", and what statistics offices print
instead is the change of the 同比 growth rate: "3月份规模以上工业增加值同比增长6%，比1-2月份
回落1.2个百分点" (国家统计局), i.e. `rate_change`. (The 国家统计局's own monthly 环比, "3月份
规模以上工业增加值比上月增长0.44%", is seasonally adjusted from an index: not a ratio of raw
amounts, and not something a district's data can give.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import isqrt

from gongshu_kpi.core import formulas
from gongshu_kpi.core.models import Kind
from gongshu_kpi.core.numbers import RoundingName, divide, round_to
from gongshu_kpi.core.periodic.amounts import Amount, amount_of, amount_over, release_containing
from gongshu_kpi.core.periodic.period import Period, label
from gongshu_kpi.core.periodic.text import ROUNDING_TEXT, approx, operand, plain
from gongshu_kpi.core.periods import MONTHS_IN_YEAR


@dataclass(frozen=True, slots=True)
class Comparison:
    """A growth in percent (unrounded), or why there is none (`code`, and `why` for people)."""

    growth: Decimal | None
    code: str = ""  # "", "no-data", "no-base", "not-comparable", "base-not-positive"
    why: str = ""
    current: Decimal | None = None  # the figures compared, for the explanation
    base: Decimal | None = None

    def steps(
        self,
        name: str,
        places: int,
        rounding: RoundingName = "half-up",
        entered: Iterable[Decimal] = (),
    ) -> list[str]:
        """The arithmetic as a reader would check it (kpi explain), or why there is none; the
        figures compared as `entered` has them (text.operand), never padded with zeros."""
        if self.growth is None or self.current is None or self.base is None:
            return [f"{name}：{self.why}"]
        values = tuple(entered)
        now, base = operand(self.current, values), operand(self.base, values)
        printed = plain(round_to(self.growth, places, rounding))
        return [
            (
                f"{name} = ({now} − {base}) ÷ {base} × 100% = {approx(self.growth)}% → {printed}%"
                f"（{ROUNDING_TEXT[rounding]}，保留{places}位）"
            )
        ]


def _growth(current: Decimal, base: Decimal, base_name: str) -> Comparison:
    if not formulas.is_growth_base(base):
        why = f"{base_name}为 {plain(base)}，不能作增长基数"
        return Comparison(None, "base-not-positive", why, current, base)
    return Comparison(formulas.growth(current, base), current=current, base=base)


def _adjacent(previous: Period, current: Period) -> bool:
    if previous.year == current.year:
        return previous.last + 1 == current.first
    return (
        previous.year + 1 == current.year and previous.last == MONTHS_IN_YEAR and current.first == 1
    )


def chain_growth(current: Amount, previous: Amount | None) -> Comparison:
    """环比: the change of a period's amount from the amount of the period just before."""
    if previous is None:
        return Comparison(None, "no-base", f"缺少{label(current.period)}之前一期的数据")
    now, before = current.period, previous.period
    if not _adjacent(before, now):
        return Comparison(None, "no-base", f"{before}与{now}不相邻，不是上一期")
    if before.months != now.months:
        combined = before if before.months > now.months else now
        return Comparison(
            None,
            "not-comparable",
            f"{label(combined)}为{combined.months}个月的合并数，{label(now)}与{label(before)}"
            "长度不同，环比不可比；可比较同比增速的变化（个百分点）",
        )
    return _growth(current.value, previous.value, f"上期（{before}）")


def period_chain_growth(
    amounts: Iterable[Amount], period: Period, earlier: Iterable[Amount] = ()
) -> Comparison:
    """环比 of a period among a year's amounts; `earlier` holds last year's (for January
    or 一季度, whose previous period is last December or 四季度)."""
    this_year = tuple(amounts)
    current = amount_of(this_year, period)
    if current is None:
        inside = release_containing(this_year, period)
        if inside is not None:
            return Comparison(
                None,
                "no-data",
                f"{label(period)}包含在{label(inside.period)}合并数中，没有单独的数据",
            )
        return Comparison(None, "no-data", f"缺少{period}的数据")
    candidates = (*this_year, *earlier)
    previous = next((a for a in candidates if _adjacent(a.period, period)), None)
    return chain_growth(current, previous)


def same_period_growth(
    amounts: Iterable[Amount], last_year: Iterable[Amount], period: Period
) -> Comparison:
    """当月同比 (当季同比): a period's amount against the same months a year earlier, each
    side summed from its own amounts (this year's 1-2月 release against last year's January
    plus February)."""
    current = amount_over(amounts, period)
    if current is None:
        return Comparison(None, "no-data", f"缺少{period}的数据，或其中有跨期的合并数")
    base = amount_over(last_year, period.last_year())
    if base is None:
        return Comparison(None, "no-base", f"缺少上年同期（{period.last_year()}）的数据")
    return _growth(current, base, f"上年同期（{period.last_year()}）")


YTD_CHAIN_FLOW = (
    "期间累计数逐月累加，1-N月比1-(N−1)月只多了当月数，累计环比没有意义；"
    "请看当月环比，或累计同比增速比上月提高/回落的百分点"
)


def ytd_chain_growth(
    kind: Kind,
    values: Mapping[int, Decimal],
    as_of: int,
    step: int = 1,
    last_year: Mapping[int, Decimal] | None = None,
) -> Comparison:
    """累计环比 as offices use it: for a stock (时点数: 在库企业数, 贷款余额) the level at the
    as-of month's end against the level a period earlier (`step` months: 1, or 3 for a
    quarterly indicator; January against last December), "比上月末增长"; for a flow it is not a
    figure — its year-to-date only ever adds the month, and what offices print instead is the
    month's 环比 or the change of the 累计同比 rate in points (`rate_change`: "增速比1-6月份回落
    0.1个百分点", 国家统计局)."""
    if kind is Kind.FLOW:
        return Comparison(None, "not-meaningful", YTD_CHAIN_FLOW)
    current = values.get(as_of)
    if current is None:
        return Comparison(None, "no-data", f"缺少{as_of}月的数据")
    before = as_of - step
    base = values.get(before) if before >= 1 else (last_year or {}).get(before + 12)
    if base is None:
        when = f"{before}月" if before >= 1 else f"上年{before + 12}月"
        return Comparison(None, "no-base", f"缺少上期末（{when}）的数据")
    when = f"{before}月末" if before >= 1 else f"上年{before + 12}月末"
    return _growth(current, base, f"上期末（{when}）")


def rate_change(current_rate: Decimal, previous_rate: Decimal) -> Decimal:
    """增速比上期提高 (+) / 回落 (−) 多少个百分点, from the two printed (rounded) rates so
    the reader's own subtraction agrees — the 环比 of year-to-date growth offices print
    ("1-7月…增速比1-6月份放缓0.1个百分点")."""
    return current_rate - previous_rate


def two_year_average(
    current: Decimal, two_years_ago: Decimal, places: int, rounding: RoundingName = "half-up"
) -> Decimal | None:
    """两年平均增长 in percent, rounded once: (current ÷ two_years_ago)^(1/2) − 1.

    Exact: the square root is never approximated. With S = 10^(places+2), the rounded figure
    is (N − S) / 10^places where N is √ratio·S rounded; N comes from the integer square root
    of 4·ratio·S², which says whether √ratio·S is below, at or above each half-way point.
    None when the base is not positive or the current value negative (no real root).
    """
    if not formulas.is_growth_base(two_years_ago) or current < 0:
        return None
    ratio = Fraction(current) / Fraction(two_years_ago)
    scale = 10 ** (places + 2)
    scaled = 4 * ratio * scale * scale
    twice = isqrt(scaled.numerator // scaled.denominator)  # ⌊2·√ratio·S⌋
    exact = Fraction(twice * twice) == scaled
    rounded = _round_root(twice, exact, ratio >= 1, rounding)
    result = Decimal(rounded - scale).scaleb(-places)
    _check_brackets(ratio, result, places, rounding == "truncate")
    return result.copy_abs() if result.is_zero() else result


def two_year_average_of_growths(
    last_year: Decimal, this_year: Decimal, places: int, rounding: RoundingName = "half-up"
) -> Decimal | None:
    """两年平均增长 from the two 同比 rates in percent (last year's, this year's) when the
    values two years back are not at hand: √((1 + g₁)(1 + g₂)) − 1, the same exact root.
    Rates that were themselves rounded give a figure that may differ from the one computed
    from the values by a unit in the last place."""
    hundred = Decimal(100)
    return two_year_average(
        (hundred + last_year) * (hundred + this_year), hundred * hundred, places, rounding
    )


def two_year_steps(
    current: Decimal, two_years_ago: Decimal, places: int, rounding: RoundingName = "half-up"
) -> list[str]:
    """The arithmetic of 两年平均增长 as a reader would check it (kpi explain)."""
    result = two_year_average(current, two_years_ago, places, rounding)
    now, base = plain(current), plain(two_years_ago)
    if result is None:
        why = "须本期不小于 0 且两年前大于 0"
        return [f"两年平均增长：两年前为 {base}、本期为 {now}，无法计算（{why}）"]
    ratio = approx(divide(current, two_years_ago))
    return [
        (
            f"两年平均增长 = (√({now} ÷ {base}) − 1) × 100% = (√{ratio} − 1) × 100% → "
            f"{plain(result)}%（{ROUNDING_TEXT[rounding]}，保留{places}位，一次舍入）"
        )
    ]


def _round_root(twice: int, exact: bool, growing: bool, rounding: RoundingName) -> int:
    """N from ⌊2x⌋ (x = √ratio·S): x lies in [⌊2x⌋/2, (⌊2x⌋+1)/2), at the half-way point
    when ⌊2x⌋ is odd and exact. Half-up and truncation act on the growth, whose sign says
    which way is away from zero."""
    floor, odd = divmod(twice, 2)
    tie = bool(odd) and exact
    above_half = bool(odd) and not exact
    if rounding == "half-up":
        return floor + (1 if above_half or (tie and growing) else 0)
    if rounding == "half-even":
        return floor + (1 if above_half or (tie and floor % 2 == 1) else 0)
    whole = not odd and exact  # x is an integer: nothing to cut off
    return floor if growing or whole else floor + 1


def _check_brackets(ratio: Fraction, result: Decimal, places: int, truncate: bool) -> None:
    """The rounded growth g must have the exact one between its rounding boundaries:
    (1 + low/100)² ≤ ratio ≤ (1 + high/100)², squared exactly. A failure is a bug."""
    unit = Fraction(1, 10**places)
    g = Fraction(result)
    if truncate:
        low, high = (g, g + unit) if ratio >= 1 else (g - unit, g)
    else:
        low, high = g - unit / 2, g + unit / 2
    below = (1 + max(low, Fraction(-100)) / 100) ** 2
    above = (1 + high / 100) ** 2
    if not below <= ratio <= above:
        raise ArithmeticError(f"两年平均增长 {result}% 与比值 {ratio} 不符（程序错误）")
