"""环比, 当月同比, the change of a growth rate, and 两年平均增长 — hand-checked and properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.models import Basis
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.periodic.amounts import Amount, period_amounts
from gongshu_kpi.core.periodic.changes import (
    chain_growth,
    period_chain_growth,
    rate_change,
    same_period_growth,
    two_year_average,
    two_year_average_of_growths,
    two_year_steps,
)
from gongshu_kpi.core.periodic.period import Period

D = Decimal

# 2021 with a 1-2月 release, 当月 basis (亿元); 2020 month by month.
THIS_YEAR = period_amounts({2: D("18.5"), 3: D("11.2"), 4: D("12.6")}, Basis.MONTH, 2021, {2: 1})
LAST_YEAR = period_amounts(
    {1: D("7.0"), 2: D("5.5"), 3: D("10.0"), 12: D("9.8")}, Basis.MONTH, 2020
)


def test_march_after_a_combined_release_has_no_chain_growth() -> None:
    """March (one month) against 1-2月 (two months) is not comparable: no figure, a reason."""
    march = period_chain_growth(THIS_YEAR, Period.month(2021, 3), LAST_YEAR)
    assert march.growth is None and march.code == "not-comparable"
    assert march.why.startswith("1-2月为2个月的合并数，3月与1-2月长度不同，环比不可比")


def test_april_chain_growth_and_february_inside_the_release() -> None:
    """April against March: 12.6 ÷ 11.2 − 1 = 12.5% exactly; February has no own amount."""
    april = period_chain_growth(THIS_YEAR, Period.month(2021, 4), LAST_YEAR)
    assert april.growth == D("12.5") and april.code == ""
    february = period_chain_growth(THIS_YEAR, Period.month(2021, 2), LAST_YEAR)
    assert february.growth is None and february.code == "no-data"
    assert february.why == "2月包含在1-2月合并数中，没有单独的数据"
    assert period_chain_growth(THIS_YEAR, Period.month(2021, 9)).code == "no-data"


def test_combined_release_against_last_december() -> None:
    """1-2月 (two months) against December (one month): not comparable either."""
    release = period_chain_growth(THIS_YEAR, Period(2021, 1, 2), LAST_YEAR)
    assert release.code == "not-comparable"
    january = Amount(Period.month(2021, 1), D("9.8"))
    assert chain_growth(january, LAST_YEAR[-1]).growth == D(0)  # crosses the year
    assert chain_growth(january, None).code == "no-base"
    assert chain_growth(january, LAST_YEAR[0]).code == "no-base"  # not the period before


def test_same_period_growth_of_a_combined_release() -> None:
    """当月同比 of 1-2月: 18.5 against last year's 7.0 + 5.5 = 12.5 → 48%; March 12%."""
    assert same_period_growth(THIS_YEAR, LAST_YEAR, Period(2021, 1, 2)).growth == D(48)
    assert same_period_growth(THIS_YEAR, LAST_YEAR, Period.month(2021, 3)).growth == D(12)
    january = same_period_growth(THIS_YEAR, LAST_YEAR, Period.month(2021, 1))
    assert january.growth is None and january.code == "no-data"
    april = same_period_growth(THIS_YEAR, LAST_YEAR, Period.month(2021, 4))
    assert april.code == "no-base" and april.why == "缺少上年同期（2020年4月）的数据"
    zero = (Amount(Period.month(2020, 4), D(0)),)
    assert same_period_growth(THIS_YEAR, zero, Period.month(2021, 4)).code == "base-not-positive"


def test_quarterly_chain_growth() -> None:
    """二季度 140 against 一季度 120: 16.666…%, 16.67 printed; 一季度 against last 四季度."""
    quarters = period_amounts({3: D(120), 6: D(260)}, Basis.YTD, 2021)
    last = (Amount(Period(2020, 10, 12), D(150)),)
    q2 = period_chain_growth(quarters, Period(2021, 4, 6), last)
    assert q2.growth is not None and str(round_to(q2.growth, 2)) == "16.67"
    q1 = period_chain_growth(quarters, Period(2021, 1, 3), last)
    assert q1.growth == D(-20)


def test_rate_change_in_points() -> None:
    """国家统计局: March 6.0% against 1-2月 7.2% → 回落1.2个百分点."""
    assert str(rate_change(D("6.0"), D("7.2"))) == "-1.2"


@pytest.mark.parametrize(
    ("versus_2019", "printed"),
    [
        # 国家统计局 2021 releases: "比2019年…增长X%，两年平均增长Y%" (the ratio as published).
        ("110.0", "4.9"),  # 社会消费品零售总额, 2021年6月
        ("106.4", "3.2"),  # 社会消费品零售总额, 2021年1-2月
        ("110.3", "5.0"),  # 国内生产总值, 2021年一季度
        ("113.5", "6.5"),  # 规模以上工业增加值, 2021年6月
    ],
)
def test_two_year_average_of_published_figures(versus_2019: str, printed: str) -> None:
    """The figures printed in 2021 bulletins, from the 2021 value over 2019's = 100."""
    assert str(two_year_average(D(versus_2019), D(100), 1)) == printed


def test_two_year_average_from_2019_and_2021_values() -> None:
    """A district's 2019 1-6月 42.00亿元 and 2021 1-6月 50.82亿元: √1.21 − 1 = 10.0% exactly."""
    assert str(two_year_average(D("50.82"), D("42.00"), 1)) == "10.0"
    assert str(two_year_average(D("50.82"), D("42.00"), 2)) == "10.00"


def test_two_year_average_rounds_exact_ties_by_the_rule() -> None:
    """1.025² = 1.050625: 2.5% exactly, so rounding to whole percent is a true tie."""
    up = D("105.0625")
    assert str(two_year_average(up, D(100), 0)) == "3"
    assert str(two_year_average(up, D(100), 0, "half-even")) == "2"
    assert str(two_year_average(up, D(100), 0, "truncate")) == "2"
    down = D("95.0625")  # 0.975²: −2.5%
    assert str(two_year_average(down, D(100), 0)) == "-3"
    assert str(two_year_average(down, D(100), 0, "half-even")) == "-2"
    assert str(two_year_average(down, D(100), 0, "truncate")) == "-2"
    assert str(two_year_average(D("99.4"), D(100), 0, "truncate")) == "0"
    assert str(two_year_average(D(0), D(5), 2)) == "-100.00"
    assert two_year_average(D(5), D(0), 1) is None
    assert two_year_average(D(-1), D(5), 1) is None


_VALUE = st.decimals(min_value=D("0.01"), max_value=10**8, places=2, allow_nan=False)


@given(_VALUE, _VALUE, st.integers(0, 4), st.sampled_from(["half-up", "half-even", "truncate"]))
def test_two_year_average_is_correctly_rounded(
    current: Decimal, base: Decimal, places: int, rounding: str
) -> None:
    """Squaring the printed figure's rounding boundaries brackets the exact ratio, and the
    figure agrees with a 60-digit Decimal square root rounded by the same rule."""
    result = two_year_average(current, base, places, rounding)  # type: ignore[arg-type]
    assert result is not None and result.as_tuple().exponent == -places
    ratio = Fraction(current) / Fraction(base)
    unit = Fraction(1, 10**places)
    if rounding == "truncate":
        low, high = (Fraction(result), Fraction(result) + unit)
        if ratio < 1:
            low, high = low - unit, high - unit
    else:
        low, high = Fraction(result) - unit / 2, Fraction(result) + unit / 2
    assert (1 + max(low, Fraction(-100)) / 100) ** 2 <= ratio <= (1 + high / 100) ** 2
    approximate = ((current / base).sqrt() - 1) * 100  # the decimal context is 150 digits
    assert result == round_to(approximate, places, rounding)  # type: ignore[arg-type]


@given(
    st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False),
    st.integers(2, 12),
)
def test_constant_series_has_zero_chain_and_same_period_growth(value: Decimal, months: int) -> None:
    """The same amount every month, this year and last: every 环比 and 同比 is 0."""
    this_year = period_amounts(dict.fromkeys(range(1, months + 1), value), Basis.MONTH, 2021)
    last_year = period_amounts(dict.fromkeys(range(1, 13), value), Basis.MONTH, 2020)
    for month in range(1, months + 1):
        period = Period.month(2021, month)
        assert period_chain_growth(this_year, period, last_year).growth == 0
        assert same_period_growth(this_year, last_year, period).growth == 0
    ytd = period_amounts(
        {m: value * m for m in range(1, months + 1)}, Basis.YTD, 2021
    )  # the same series given as 累计
    assert period_chain_growth(ytd, Period.month(2021, months), last_year).growth == 0


def test_a_wrong_root_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The squared-boundary check refuses a rounded figure one unit off (a bug guard)."""
    from gongshu_kpi.core.periodic import changes

    right = changes._round_root
    monkeypatch.setattr(changes, "_round_root", lambda *args: right(*args) + 1)
    with pytest.raises(ArithmeticError, match="程序错误"):
        two_year_average(D("110.0"), D(100), 1)


def test_explanation_steps_come_from_the_figures() -> None:
    """kpi explain's lines for 环比, 同比 and 两年平均 are written from the same results."""
    april = period_chain_growth(THIS_YEAR, Period.month(2021, 4), LAST_YEAR)
    assert april.current == D("12.6") and april.base == D("11.2")
    assert april.steps("环比", 1) == [
        "环比 = (12.6 − 11.2) ÷ 11.2 × 100% = 12.5% → 12.5%（四舍五入，保留1位）"
    ]
    march = period_chain_growth(THIS_YEAR, Period.month(2021, 3), LAST_YEAR)
    assert march.steps("环比", 1) == [f"环比：{march.why}"]
    zero = same_period_growth(
        THIS_YEAR, (Amount(Period.month(2020, 4), D("0.0")),), Period.month(2021, 4)
    )
    assert zero.steps("当月同比", 1) == ["当月同比：上年同期（2020年4月）为 0.0，不能作增长基数"]
    assert two_year_steps(D("50.82"), D("42.00"), 1) == [
        (
            "两年平均增长 = (√(50.82 ÷ 42.00) − 1) × 100% = (√1.21 − 1) × 100% → 10.0%"
            "（四舍五入，保留1位，一次舍入）"
        )
    ]
    assert two_year_steps(D(110), D(100), 1, "truncate") == [
        (
            "两年平均增长 = (√(110 ÷ 100) − 1) × 100% = (√1.1 − 1) × 100% → 4.8%"
            "（截断，保留1位，一次舍入）"
        )
    ]
    assert two_year_steps(D(5), D(0), 1) == [
        "两年平均增长：两年前为 0、本期为 5，无法计算（须本期不小于 0 且两年前大于 0）"
    ]


def test_two_year_average_of_two_growth_rates() -> None:
    """+21% after −10%: √(0.9 × 1.21) = √1.089 → 4.4%; +10% twice is 10.0% exactly; a
    "fall" of more than 100% has no root."""
    assert str(two_year_average_of_growths(D(-10), D(21), 1)) == "4.4"
    assert str(two_year_average_of_growths(D(10), D(10), 2)) == "10.00"
    assert str(two_year_average_of_growths(D(-100), D(10), 1)) == "-100.0"  # fell to 0
    assert two_year_average_of_growths(D(-110), D(10), 1) is None
    assert str(two_year_average_of_growths(D(-10), D(21), 1)) == str(
        two_year_average(D("108.9"), D(100), 1)
    )
