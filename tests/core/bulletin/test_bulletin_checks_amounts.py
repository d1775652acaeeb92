"""core/bulletin/checks_amounts at its edges: January's own amount, a projection in last
year's shape, and targets or amounts of a year the data and targets.yaml do not cover."""

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
"""

# 2019 has 1-3月 9.07 and the full year 90.7: 1-3月 2020 of 20.0 projects to 20.0 × 90.7 ÷ 9.07
# = 200 in last year's shape (the run-rate would give 80).
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-01,5,累计,杭钢新城
营业收入,2020-02,12.1,累计,杭钢新城
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2019-03,9.07,累计,杭钢新城
营业收入,2019-12,90.7,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    # 2019 lacks months 4-11: a warning, not an error
    assert [p.code for p in result.problems if p.severity is Severity.ERROR] == []
    return result


def test_januarys_own_amount_is_its_year_to_date(loaded: pipeline.Loaded) -> None:
    result = check_bulletin("杭钢新城营业收入当月完成5亿元。\n", loaded.facts, "b.md", 2020, 1)
    assert [(f.kind, f.expected, f.verdict) for f in result.figures] == [
        ("month_actual", "5亿元", "ok")
    ]
    wrong = check_bulletin("杭钢新城营业收入当月完成7亿元。\n", loaded.facts, "b.md", 2020, 1)
    message = next(p.message for p in wrong.problems if p.code == "bulletin-month_actual-wrong")
    assert "数据：1月 5亿元" in message


def test_a_projection_follows_last_years_shape_when_known(loaded: pipeline.Loaded) -> None:
    text = "◎ 杭钢新城营业收入1-3月完成20亿元，预计全年{}亿元。\n"
    right = check_bulletin(text.format(200), loaded.facts, "b.md", 2020, 3)
    assert [(f.kind, f.expected, f.verdict) for f in right.figures if f.kind == "projection"] == [
        ("projection", "200亿元", "ok")
    ]
    wrong = check_bulletin(text.format(80), loaded.facts, "b.md", 2020, 3)
    message = next(p.message for p in wrong.problems if p.code == "bulletin-projection-wrong")
    assert "按上年同期进度：20.0 × 90.7 ÷ 9.07" in message


@pytest.mark.parametrize(
    ("text", "kind", "why"),
    [
        ("杭钢新城营业收入年度目标任务100亿元。", "target", "targets.yaml 中没有该目标"),
        ("杭钢新城营业收入完成20亿元。", "actual", "未写明期间，数据中也没有可用的月份"),
    ],
)
def test_a_year_without_targets_or_data_leaves_the_amounts_unverifiable(
    loaded: pipeline.Loaded, text: str, kind: str, why: str
) -> None:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", 2021, 6)
    assert [(f.kind, f.verdict) for f in result.figures] == [(kind, "unverifiable")]
    assert why in result.problems[0].message
