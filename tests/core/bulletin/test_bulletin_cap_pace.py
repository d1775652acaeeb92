"""core/bulletin/checks_growth: the pace of a cap (direction: lower).  Using more of the cap
than time progress is 落后序时: 超/落后 say kpi's status, 高于/低于 the side of time progress,
and the points after either are a size.  Below a target (no cap) the two readings agree."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin

TARGETS = """\
year: 2021
indicators:
  - id: energy
    name: 能耗总量
    unit: 万吨标准煤
    target: 50
    kind: flow
    direction: lower
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 50
    kind: flow
"""
# 1-6月 25.05 of 50: 50.10% against time progress 50.00%, 0.10 points above it.
ACTUALS = """\
指标,月份,数值,口径,填报单位
能耗总量,2021-06,25.05,累计,杭钢新城
营业收入,2021-06,25.05,累计,杭钢新城
"""
CAP = "能耗总量1-6月已使用25.05万吨标准煤，占控制额度的50.10%，"
RATE = "营业收入1-6月完成25.05亿元，完成率50.10%，"


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    assert result.problems == []
    return result


def _problems(loaded: pipeline.Loaded, text: str) -> list[tuple[str, str | None]]:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", 2021, 6)
    return [(p.code, p.fix) for p in result.problems]


@pytest.mark.parametrize(
    "words",
    [
        "落后序时进度0.10个百分点",  # the reviewer's: behind, by 0.10 points
        "高于序时进度0.10个百分点",  # kpi's own bulletin line
        "超过序时进度0.10个百分点",
        "落后序时",
    ],
)
def test_a_cap_used_faster_than_time_is_behind(loaded: pipeline.Loaded, words: str) -> None:
    assert _problems(loaded, CAP + words + "。") == []


@pytest.mark.parametrize(
    ("words", "fixes"),
    [
        ("超序时进度0.10个百分点", ["改为“落后序时”"]),
        ("低于序时进度0.10个百分点", ["改为“高于序时进度”"]),
        ("超序时", ["改为“落后序时”"]),
        ("达到序时进度", ["改为“落后序时”"]),
        ("落后序时进度0.20个百分点", ["改为 0.10个百分点"]),
        ("高于序时进度0.20个百分点", ["改为 0.10个百分点"]),
        ("低于序时进度0.20个百分点", ["改为 0.10个百分点", "改为“高于序时进度”"]),
    ],
)
def test_wrong_cap_pace_words_get_the_right_fix(
    loaded: pipeline.Loaded, words: str, fixes: list[str]
) -> None:
    found = _problems(loaded, CAP + words + "。")
    assert [fix for _, fix in found] == fixes
    assert {code for code, _ in found} <= {"bulletin-pace-wrong"}


def test_the_wrong_status_says_why_under_a_cap(loaded: pipeline.Loaded) -> None:
    result = check_bulletin(CAP + "超序时进度0.10个百分点。\n", loaded.facts, "b.md", 2021, 6)
    (problem,) = result.problems
    assert "应为“落后序时”" in problem.message
    assert "占控制额度 50.10% − 1-6月序时进度 50.00% = 0.10个百分点" in problem.message
    assert "控制额度用得比序时快为落后序时" in problem.message
    assert (result.checked, result.wrong) == (4, 1)


@pytest.mark.parametrize(
    ("words", "fixes"),
    [
        ("超序时进度0.10个百分点", []),
        ("高于序时进度0.10个百分点", []),
        ("落后序时进度0.10个百分点", ["改为“超序时”"]),
        ("低于序时进度0.10个百分点", ["改为“高于序时进度”"]),
        ("超序时进度0.30个百分点", ["改为 0.10个百分点"]),
    ],
)
def test_below_a_target_status_and_side_agree(
    loaded: pipeline.Loaded, words: str, fixes: list[str]
) -> None:
    assert [fix for _, fix in _problems(loaded, RATE + words + "。")] == fixes


# kpi's Markdown table: 差值 is signed (rate − time progress; a cap's share used − time
# progress), whatever the 状态 cell beside it says.
TABLE = """\
| 指标 | 期间 | 累计完成 | 完成率 | 序时进度 | 差值 | 状态 |
| --- | --- | ---: | ---: | ---: | ---: | --- |
| 能耗总量 | 1-6月 | 25.05万吨标准煤 | 50.10% | 50.00% | {cap} | 落后序时 |
| 营业收入 | 1-6月 | 25.05亿元 | 50.10% | 50.00% | {rate} | 超序时 |
"""


def _table_errors(loaded: pipeline.Loaded, cap: str, rate: str) -> list[tuple[int, str]]:
    result = check_bulletin(TABLE.format(cap=cap, rate=rate), loaded.facts, "r.md", 2021, 6)
    return [
        ((p.location.line or 0) if p.location else 0, p.message)
        for p in result.problems
        if p.severity.value == "error"
    ]


def test_a_tables_signed_pace_cells_pass(loaded: pipeline.Loaded) -> None:
    assert _table_errors(loaded, "+0.10", "+0.10") == []


@pytest.mark.parametrize(
    ("cap", "rate", "line", "name"),
    [("-0.10", "+0.10", 3, "能耗总量"), ("+0.10", "-0.10", 4, "营业收入")],
)
def test_a_wrong_sign_in_a_pace_cell_is_an_error(
    loaded: pipeline.Loaded, cap: str, rate: str, line: int, name: str
) -> None:
    """-0.10 under 落后序时 (a cap) or 超序时 (a target) is the wrong side of time progress."""
    errors = _table_errors(loaded, cap, rate)
    assert len(errors) == 1, errors
    at, message = errors[0]
    assert at == line
    assert f"“{name}”与序时进度之差写作 -0.10个百分点，应为 0.10个百分点" in message
