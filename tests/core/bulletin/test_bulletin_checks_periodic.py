"""core/bulletin/checks_periodic at its edges: 距年度目标还差 and 月均需完成 in a unit that
does not convert, without data, for a stock and in December; 两年平均 without a base; 环比
of a stock."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin
from gongshu_kpi.core.problems import Severity

TARGETS = """\
year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 100
    kind: flow
  - id: staff
    name: 从业人员
    unit: 人
    target: 1000
    kind: stock
"""
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-08,60,累计,杭钢新城
营业收入,2020-12,120,累计,杭钢新城
从业人员,2020-08,800,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    # months 9-11 are missing: a warning, not an error
    assert [p.code for p in result.problems if p.severity is Severity.ERROR] == []
    return result


def _figures(loaded: pipeline.Loaded, text: str, year: int, month: int) -> list[tuple[str, str]]:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", year, month)
    return [(str(f.kind), f.verdict) for f in result.figures]


def _notes(loaded: pipeline.Loaded, text: str, year: int, month: int) -> list[str]:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", year, month)
    return [p.message for p in result.problems]


def test_gap_and_need_at_august(loaded: pipeline.Loaded) -> None:
    """100 − 60 = 40 still to do; 40 ÷ 4 months = 10 a month."""
    text = "◎ 营业收入1-8月累计完成60亿元，距年度目标还差40亿元，后4个月月均需完成10亿元。"
    assert _figures(loaded, text, 2020, 8) == [
        ("actual", "ok"),
        ("gap", "ok"),
        ("monthly_need", "ok"),
    ]


def test_a_gap_in_a_unit_that_does_not_convert_is_not_checked(loaded: pipeline.Loaded) -> None:
    text = "◎ 营业收入1-8月累计完成60亿元，距年度目标还差40人。"
    assert _figures(loaded, text, 2020, 8) == [("actual", "ok")]
    [note] = _notes(loaded, text, 2020, 8)
    assert "距目标还差 40人 的单位与指标单位“亿元”不能换算" in note


@pytest.mark.parametrize(
    ("text", "year", "month", "why"),
    [
        (
            "◎ 营业收入1-8月累计完成60亿元，距年度目标还差40亿元。",
            2021,
            8,
            "数据中没有本期的数或年度目标",
        ),
        (
            "◎ 从业人员1-8月累计完成800人，距年度目标还差200人。",
            2020,
            8,
            "时点指标不按剩余月份分摊",
        ),
        (
            "◎ 营业收入1-12月累计完成120亿元，后0个月月均需完成0亿元。",
            2020,
            12,
            "已是全年数，没有剩余月份",
        ),
        (
            "◎ 营业收入1-8月累计完成60亿元，两年平均增长5%。",
            2021,
            8,
            "两年平均增长 5%：数据中没有本期的数",
        ),
        ("1-8月，营业收入两年平均增长5%。", 2020, 8, "没有可作基数的2018年1-8月的数"),
        ("从业人员环比增长5%。", 2020, 8, "环比只对期间累计（流量）指标的当月数计算"),
    ],
)
def test_what_the_data_cannot_give_is_unverifiable_with_the_reason(
    loaded: pipeline.Loaded, text: str, year: int, month: int, why: str
) -> None:
    figures = _figures(loaded, text, year, month)
    assert figures[-1][1] == "unverifiable"
    assert any(why in note and "无法核对" in note for note in _notes(loaded, text, year, month))
