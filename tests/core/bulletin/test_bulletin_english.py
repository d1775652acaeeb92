"""core/bulletin/english: bulletin_en's lines read back, including a growth-rate indicator's
target and actual in %, and fields the reader does not know (reported, never guessed)."""

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
"""
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-03,20.0,累计,杭钢新城
工业增速,2020-06,9.2,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    assert result.problems == []
    return result


def test_a_growth_rate_indicators_target_and_actual_in_percent(loaded: pipeline.Loaded) -> None:
    """The field "annual target 8 %" is a growth target and "actual 9.2 %" the achieved
    growth, so the gap is 9.2 − 8 = 1.2 points."""
    line = (
        "* 工业增速: annual target 8 %; Jan-Jun actual 9.2 %; "
        "+1.2 points against the target rate.\n"
    )
    result = check_bulletin(line, loaded.facts, "b.md", 2020, 6)
    assert [(f.kind, f.stated, f.expected, f.verdict) for f in result.figures] == [
        ("growth", "9.2%", "9.2%", "ok"),
        ("growth_target", "8%", "8%", "ok"),
        ("growth_gap", "1.2个百分点", "1.2个百分点", "ok"),
    ]


def test_an_unknown_field_with_figures_is_reported_and_one_without_is_skipped(
    loaded: pipeline.Loaded,
) -> None:
    line = "* 营业收入: Jan-Mar actual 20 亿元; ranked 3rd of 9; on track.\n"
    result = check_bulletin(line, loaded.facts, "b.md", 2020, 3)
    assert [(f.kind, f.verdict) for f in result.figures] == [
        ("", "unread"),
        ("actual", "ok"),
    ]
    unread = [p.message for p in result.problems if p.code == "bulletin-unread"]
    assert len(unread) == 1
    assert "未能识别：ranked 3rd of 9）" in unread[0]  # "on track" has no figure: not reported


def test_a_line_with_english_words_but_no_figure_is_reported(loaded: pipeline.Loaded) -> None:
    result = check_bulletin(
        "* 营业收入: target met; year on year.\n", loaded.facts, "b.md", 2020, 3
    )
    assert [(f.stated, f.verdict) for f in result.figures] == [("未能识别这句英文的指标", "unread")]
