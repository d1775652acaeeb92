"""Time progress and missing periods by frequency; pace rules for stocks; a quarterly year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.models import Basis, Kind
from gongshu_kpi.core.numbers import percent, round_to
from gongshu_kpi.core.periodic.amounts import amount_over, period_amounts, ytd_from_amounts
from gongshu_kpi.core.periodic.changes import period_chain_growth
from gongshu_kpi.core.periodic.period import Frequency, LabelStyle, Period, label, parse_period
from gongshu_kpi.core.periodic.progress import (
    PaceRule,
    as_of_period,
    expected_periods,
    missing_periods,
    pace_rule,
    reported_periods,
    time_progress,
)
from gongshu_kpi.core.periodic.remaining import still_to_do

D = Decimal


def test_stock_has_no_time_pace_unless_asked() -> None:
    """税收超千万企业累计数 (a stock): target only; `pace: time` or a profile brings pace."""
    assert pace_rule(Kind.STOCK, None) is PaceRule.NONE
    assert pace_rule(Kind.STOCK, None, "time") is PaceRule.TIME
    assert pace_rule(Kind.STOCK, (D(1),) * 12) is PaceRule.PROFILE
    assert pace_rule(Kind.FLOW, None) is PaceRule.TIME
    assert pace_rule(Kind.FLOW, (D(1),) * 12) is PaceRule.PROFILE
    assert pace_rule(Kind.FLOW, (D(1),) * 12, "none") is PaceRule.NONE
    assert pace_rule(Kind.STOCK, (D(1),) * 12, "time") is PaceRule.PROFILE
    assert pace_rule(Kind.STOCK, None, "none") is PaceRule.NONE
    with pytest.raises(ValueError, match="pace 应为 time 或 none"):
        pace_rule(Kind.STOCK, None, "days")


def test_time_progress_by_frequency() -> None:
    """Quarterly at June: 2 of 4 quarters = 50%; in May still 1 of 4; half-yearly at June
    50%; monthly at August 66.67%; along a profile, its weight elapsed."""
    assert time_progress(6, Frequency.QUARTERLY) == D(50)
    assert time_progress(5, Frequency.QUARTERLY) == D(25)
    assert time_progress(6, Frequency.HALF_YEARLY) == D(50)
    assert time_progress(5, Frequency.HALF_YEARLY) == D(0)
    assert str(round_to(time_progress(8), 2)) == "66.67"
    profile = (D(1),) * 6 + (D(2),) * 6
    assert str(round_to(time_progress(6, Frequency.MONTHLY, profile), 2)) == "33.33"


def test_as_of_follows_frequency() -> None:
    """The latest whole period ending by the requested month."""
    assert as_of_period(Frequency.QUARTERLY, 2021, 5) == Period(2021, 1, 3)
    assert as_of_period(Frequency.QUARTERLY, 2021, 6) == Period(2021, 4, 6)
    assert as_of_period(Frequency.HALF_YEARLY, 2021, 11) == Period(2021, 1, 6)
    assert as_of_period(Frequency.QUARTERLY, 2021, 2) is None
    assert as_of_period(Frequency.MONTHLY, 2021, 2) == Period.month(2021, 2)


def test_quarterly_org_is_not_missing_april_and_may() -> None:
    """A quarterly org that sent 一季度 and 二季度 misses nothing in June; in September it
    misses 三季度 only. A monthly org with a 1-2月 release and March misses April."""
    quarters = [Period(2021, 1, 3), Period(2021, 4, 6)]
    assert missing_periods(Frequency.QUARTERLY, 2021, 6, quarters) == ()
    assert missing_periods(Frequency.QUARTERLY, 2021, 8, quarters) == ()
    assert missing_periods(Frequency.QUARTERLY, 2021, 9, quarters) == (Period(2021, 7, 9),)
    cumulative = [Period(2021, 1, 6)]  # a quarterly 1-6月 累计 figure stands for 二季度 too
    assert missing_periods(Frequency.QUARTERLY, 2021, 6, cumulative) == ()
    months = [Period(2021, 1, 2), Period.month(2021, 3)]
    assert missing_periods(Frequency.MONTHLY, 2021, 4, months) == (Period.month(2021, 4),)
    assert missing_periods(Frequency.MONTHLY, 2020, 1, months) == (Period.month(2020, 1),)
    assert len(expected_periods(Frequency.MONTHLY, 2021, 12)) == 12
    assert expected_periods(Frequency.HALF_YEARLY, 2021, 5) == ()


def test_a_quarterly_year_at_2021_q2() -> None:
    """Quarterly data cells 2021年一季度 120 and 2021年二季度 140 (当季), target 500, and
    `--period 2021-Q2`: 上半年 (1-6月) 260, 完成率52.00%, 序时进度50.00%, 二季度 140,
    环比 +16.67%, 还差240, 后两个季度季均需完成120."""
    asked = parse_period("2021-Q2")
    cells = {parse_period("2021年一季度"): D(120), parse_period("2021年二季度"): D(140)}
    values = {p.last: v for p, v in cells.items()}
    covers = {p.last: p.first for p in cells}
    amounts = period_amounts(values, Basis.MONTH, 2021, covers)
    ytd = ytd_from_amounts(amounts)[asked.last]
    assert ytd == D(260)
    assert label(asked.year_to_date, LabelStyle.NAMES) == "上半年"
    assert label(asked.year_to_date) == "1-6月"
    assert label(asked, LabelStyle.NAMES) == "二季度"
    assert str(round_to(percent(ytd, D(500)), 2)) == "52.00"
    assert str(round_to(time_progress(asked.last, Frequency.QUARTERLY), 2)) == "50.00"
    assert amount_over(amounts, asked) == D(140)
    growth = period_chain_growth(amounts, asked).growth
    assert growth is not None and str(round_to(growth, 2)) == "16.67"
    todo = still_to_do(D(500), ytd, asked.last, Frequency.QUARTERLY)
    assert todo.periods_left == 2 and todo.pace == 120
    assert missing_periods(Frequency.QUARTERLY, 2021, 6, cells) == ()


def test_reported_periods_of_a_series() -> None:
    """当月 values keep their releases' spans; 累计 values stand for their month."""
    monthly = reported_periods([2, 3], Basis.MONTH, 2021, {2: 1})
    assert monthly == (Period(2021, 1, 2), Period.month(2021, 3))
    assert missing_periods(Frequency.MONTHLY, 2021, 3, monthly) == ()
    cumulative = reported_periods([2, 3], Basis.YTD, 2021)
    assert missing_periods(Frequency.MONTHLY, 2021, 3, cumulative) == (Period.month(2021, 1),)
    quarterly = reported_periods([6, 3], Basis.MONTH, 2021, {3: 1, 6: 4})
    assert quarterly == (Period(2021, 1, 3), Period(2021, 4, 6))
