"""core/bulletin/checks_growth at its edges: 当月同比 from two months' year-to-date figures,
a growth-rate indicator kept in %, a growth target or an achieved growth the data cannot
give, and a pace stated in points without a word (bulletin_en's lines)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin

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
  - id: value_added
    name: 规上工业增加值
    unit: 亿元
    target_type: growth
    target: 8
    kind: flow
"""

# 营业收入: March's own amount 20.0 − 12.1 = 7.9 against 2019's 9.07 − 6.07 = 3.00.
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-02,12.1,累计,杭钢新城
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2019-02,6.07,累计,杭钢新城
营业收入,2019-03,9.07,累计,杭钢新城
工业增速,2020-06,9.2,累计,杭钢新城
规上工业增加值,2020-06,109.20,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    assert result.problems == []
    return result


def _verdicts(
    loaded: pipeline.Loaded, text: str, year: int = 2020, month: int = 6
) -> list[tuple[str, str, str, str]]:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", year, month)
    return [(str(f.kind), f.stated, f.expected, f.verdict) for f in result.figures]


def test_a_months_own_growth_compares_the_two_years_own_amounts(loaded: pipeline.Loaded) -> None:
    """(7.9 − 3.00) ÷ 3.00 = 163.333…% → 163.33%; the year to date would give 120.51%."""
    text = "杭钢新城营业收入3月完成7.9亿元，同比增长163.33%。"
    assert _verdicts(loaded, text, month=3) == [
        ("month_actual", "7.9亿元", "7.9亿元", "ok"),
        ("growth", "163.33%", "163.33%", "ok"),
    ]
    wrong = _verdicts(loaded, text.replace("163.33%", "120.51%"), month=3)
    assert wrong[1] == ("growth", "120.51%", "163.33%", "wrong")


def test_a_growth_rate_indicator_in_percent_is_its_own_growth(loaded: pipeline.Loaded) -> None:
    assert _verdicts(loaded, "1-6月，杭钢新城工业增速同比增长9.2%。") == [
        ("growth", "9.2%", "9.2%", "ok")
    ]
    assert _verdicts(loaded, "1-6月，杭钢新城工业增速同比增长9.5%。") == [
        ("growth", "9.5%", "9.2%", "wrong")
    ]


def test_the_gap_to_a_growth_target_uses_the_rate_in_the_data(loaded: pipeline.Loaded) -> None:
    """9.2% achieved (the data's own figure, in %) − 8% target = 1.2 points."""
    assert _verdicts(loaded, "工业增速高于目标增速1.2个百分点。") == [
        ("growth_gap", "1.2个百分点", "1.2个百分点", "ok")
    ]
    assert _verdicts(loaded, "工业增速高于目标增速2.2个百分点。") == [
        ("growth_gap", "2.2个百分点", "1.2个百分点", "wrong")
    ]


def test_no_growth_gap_without_last_years_figure(loaded: pipeline.Loaded) -> None:
    """规上工业增加值 has no 2019 figure: no achieved growth, so no gap to check."""
    result = check_bulletin(
        "1-6月，规上工业增加值高于目标增速1.2个百分点。\n", loaded.facts, "b.md", 2020, 6
    )
    assert [(f.kind, f.verdict) for f in result.figures] == [("growth_gap", "unverifiable")]
    assert "本句和数据都不能同时给出增速与目标增速" in result.problems[0].message


def test_a_growth_target_of_a_year_without_targets_is_unverifiable(
    loaded: pipeline.Loaded,
) -> None:
    """targets.yaml is for 2020: a 2021 bulletin's growth target has nothing to match."""
    result = check_bulletin("规上工业增加值年度目标增长8%。\n", loaded.facts, "b.md", 2021, 6)
    assert [(f.kind, f.verdict) for f in result.figures] == [("growth_target", "unverifiable")]
    assert "targets.yaml 中没有该目标" in result.problems[0].message


def test_a_pace_in_points_alone_is_checked_without_a_status_word(
    loaded: pipeline.Loaded,
) -> None:
    """bulletin_en states the pace in points and no 超/落后 word: 20.00% − 25.00% (3/12)."""
    line = "* 营业收入: annual target 100 亿元; Jan-Mar actual 20 亿元; completion 20.00%; "
    right = _verdicts(loaded, line + "-5.00 points against time progress.", month=3)
    assert [v for v in right if v[0].startswith("pace")] == [
        ("pace", "-5.00个百分点", "-5.00个百分点", "ok")
    ]
    wrong = _verdicts(loaded, line + "+4.00 points against time progress.", month=3)
    assert [v for v in wrong if v[0].startswith("pace")] == [
        ("pace", "4.00个百分点", "-5.00个百分点", "wrong")
    ]


def test_a_growth_targets_indicator_has_no_projection(loaded: pipeline.Loaded) -> None:
    """The report projects no full year for a growth target; the fact-check does not either."""
    text = "◎ 规上工业增加值1-6月完成109.20亿元，预计全年218.4亿元。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 6)
    assert [(f.kind, f.verdict) for f in result.figures if f.kind == "projection"] == [
        ("projection", "unverifiable")
    ]
    assert any("增速目标的指标没有全年预计" in p.message for p in result.problems)
