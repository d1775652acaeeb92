"""core/bulletin/figures: the readers of a sentence's figure expressions at their edges —
ranks in digits or Chinese numerals, a growth 与目标增速持平 (a gap of 0), and the
增速比…提高 form kpi does not compute (reported as such, never checked)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin
from gongshu_kpi.core.bulletin.figures import _rank_number

TARGETS = """\
year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 100
    kind: flow
  - id: rate_ind
    name: 工业增速
    unit: "%"
    target_type: growth
    target: 8
    kind: flow
"""
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2019-03,9.07,累计,杭钢新城
工业增速,2020-03,8.0,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    assert result.problems == []
    return result


@pytest.mark.parametrize(
    ("text", "number"),
    [("4", 4), ("12", 12), ("四", 4), ("十", 10), ("十二", 12), ("二十", 20), ("二十四", 24)],
)
def test_rank_numbers_in_digits_and_chinese_numerals(text: str, number: int) -> None:
    assert _rank_number(text) == number


@pytest.mark.parametrize(("written", "shown"), [("第4", "第4"), ("第十二", "第12")])
def test_a_rank_is_read_in_either_numeral(
    loaded: pipeline.Loaded, written: str, shown: str
) -> None:
    text = f"◎ 杭钢新城营业收入1-3月完成20亿元，全市排名{written}。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    assert [(f.kind, f.stated) for f in result.figures if f.kind == "rank"] == [
        ("rank", f"全市排名{shown}")
    ]


def test_level_with_the_growth_target_is_a_gap_of_zero(loaded: pipeline.Loaded) -> None:
    """8.0% achieved against an 8% target: 持平 is right; against 9.2% it would not be."""
    result = check_bulletin("工业增速与目标增速持平。\n", loaded.facts, "b.md", 2020, 3)
    assert [(f.kind, f.stated, f.expected, f.verdict) for f in result.figures] == [
        ("growth_gap", "0个百分点", "0个百分点", "ok")
    ]


def test_a_change_of_the_growth_rate_is_reported_as_not_computed(
    loaded: pipeline.Loaded,
) -> None:
    text = "1-3月，杭钢新城营业收入同比增长120.51%，增速比1-2月提高1.2个百分点。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    assert [(f.kind, f.verdict) for f in result.figures] == [
        ("增速比1-2月提高1.2个百分点", "unverifiable"),
        ("growth", "ok"),  # (20.0 − 9.07) ÷ 9.07 = 120.507…%
    ]
    [note] = result.problems
    assert note.code == "bulletin-unverifiable"
    assert note.message.startswith("“增速比1-2月提高1.2个百分点”kpi 尚不计算")
