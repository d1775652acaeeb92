"""What is still to do (距目标还差, 月均需完成) and the projection along a profile."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.periodic.period import Frequency
from gongshu_kpi.core.periodic.remaining import periods_left, project_full_year, still_to_do

D = Decimal


def test_gap_and_monthly_need_at_august() -> None:
    """产业投资 target 46亿元, 1-8月 35.20: 还差10.80亿元, 后4个月月均需完成2.70亿元."""
    todo = still_to_do(D(46), D("35.20"), 8)
    assert str(todo.gap) == "10.80" and todo.periods_left == 4 and not todo.done
    assert todo.pace == Fraction(27, 10)
    assert str(todo.printed_pace(2)) == "2.70"


def test_need_that_does_not_terminate() -> None:
    """1-5月 27.83 of 46: 还差18.17, 7 months left → 2.5957…; printed 2.60 (half-up) or
    2.59 (truncate). The exact need times 7 closes the gap; the printed one overshoots by 0.03."""
    todo = still_to_do(D(46), D("27.83"), 5)
    assert todo.pace == Fraction(1817, 700)
    assert str(todo.printed_pace(2)) == "2.60"
    assert str(todo.printed_pace(2, "truncate")) == "2.59"
    assert todo.pace * 7 + Fraction(D("27.83")) == 46
    assert D("2.60") * 7 + D("27.83") - 46 == D("0.03")


def test_quarterly_need_per_quarter() -> None:
    """A quarterly indicator, target 500, 上半年 260: 还差240, 后两个季度季均需完成120."""
    todo = still_to_do(D(500), D(260), 6, Frequency.QUARTERLY)
    assert todo.periods_left == 2 and todo.pace == 120
    assert periods_left(6, Frequency.HALF_YEARLY) == 1


def test_quarterly_indicator_not_at_a_quarter_end_needs_per_month() -> None:
    """Data of a quarterly indicator to 5月 (sent monthly after all): 7 months are left, not
    2⅓ quarters, so the need is per month: 240 ÷ 7. periods_left counts whole quarters only."""
    todo = still_to_do(D(500), D(260), 5, Frequency.QUARTERLY)
    assert todo.frequency is Frequency.MONTHLY and todo.periods_left == 7
    assert todo.pace == Fraction(240, 7)
    assert periods_left(5, Frequency.QUARTERLY) == 2
    with pytest.raises(ValueError, match="1 到 12"):
        periods_left(13, Frequency.MONTHLY)


def test_done_means_surplus_and_no_need() -> None:
    """1-8月 50 of 46: 超额完成4 — the gap is −4, the need 0, never negative."""
    todo = still_to_do(D(46), D(50), 8)
    assert todo.done and todo.gap == D(-4) and todo.surplus == D(4) and todo.pace == 0
    exact = still_to_do(D(46), D(46), 8)
    assert exact.done and exact.surplus == 0 and exact.pace == 0
    december = still_to_do(D(46), D(40), 12)
    assert december.gap == D(6) and december.pace is None and december.printed_pace(2) is None
    assert still_to_do(D(46), D(40), 3).surplus == 0


_AMOUNT = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(_AMOUNT, _AMOUNT, st.integers(1, 11), st.integers(0, 4))
def test_required_pace_closes_the_gap(
    target: Decimal, ytd: Decimal, as_of: int, places: int
) -> None:
    """Exact need × months left + year-to-date == target; the printed need, rounded half-up,
    misses by at most half a unit of its last digit per month left."""
    todo = still_to_do(target, ytd, as_of)
    left = 12 - as_of
    assert todo.periods_left == left and todo.pace is not None
    if todo.done:
        assert todo.pace == 0 and todo.surplus == ytd - target
        return
    assert todo.pace * left + Fraction(ytd) == Fraction(target)
    printed = todo.printed_pace(places)
    assert printed is not None
    assert abs(printed * left + ytd - target) <= D(left) * D(5).scaleb(-places - 1)


def test_projection_follows_the_profile() -> None:
    """Weights 1 for January-June and 2 for July-December: 1-6月 30 → 90 for the year,
    where the run-rate says 60."""
    profile = (D(1),) * 6 + (D(2),) * 6
    along = project_full_year(D(30), 6, profile)
    assert along is not None and along.value == D(90) and along.method == "profile"
    run = project_full_year(D(30), 6)
    assert run is not None and run.value == D(60) and run.method == "run-rate"
    late = (D(0),) * 6 + (D(1),) * 6
    assert project_full_year(D(30), 6, late) is None  # no weight elapsed: nothing to scale
    with pytest.raises(ValueError, match="截至月份应在 1 到 12 之间"):
        project_full_year(D(30), 0)


def test_explanation_steps_come_from_the_figures() -> None:
    """kpi explain's lines for still-to-do are written from the same StillToDo."""
    assert still_to_do(D(46), D("27.83"), 5).steps(2, unit="亿元") == [
        "距目标还差 = 目标 46 − 累计 27.83 = 18.17 亿元",
        "后7个月月均需完成 = 18.17 ÷ 7 = 2.595714… → 2.60（四舍五入，保留2位）",
    ]
    assert still_to_do(D(500), D(260), 6, Frequency.QUARTERLY).steps(0, "truncate") == [
        "距目标还差 = 目标 500 − 累计 260 = 240",
        "后2个季度季均需完成 = 240 ÷ 2 = 120 → 120（截断，保留0位）",
    ]
    assert still_to_do(D(46), D(50), 8).steps(2, unit="亿元") == [
        "超额完成 = 累计 50 − 目标 46 = 4 亿元"
    ]
    assert still_to_do(D(46), D(46), 8).steps(2) == ["已完成：累计 46 = 目标 46"]
    assert still_to_do(D(46), D(40), 12).steps(2) == ["距目标还差 = 目标 46 − 累计 40 = 6"]
