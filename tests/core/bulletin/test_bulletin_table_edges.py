"""core/bulletin/tables and checks_columns at their edges: a report column (序时进度, 累计环比,
状态) that the data cannot give for a row is a note naming why, never a pass or an error; a
cell the check cannot read is a note naming its column; only the cells compared count."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import BulletinCheck, check_bulletin
from gongshu_kpi.core.problems import Severity

TARGETS = """\
year: 2021
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 50
    kind: flow
  - id: firms
    name: 在库企业
    unit: 家
    target: 100
    kind: stock
  - id: output
    name: 工业增加值
    unit: 亿元
    target: 8
    target_type: growth
    kind: flow
  - id: starts
    name: 开工项目
    unit: 个
    target: 25
    kind: flow
"""
# 营业收入 1-6月 25.05 of 50 (50.10%, time progress 50.00%); 在库企业 80 → 88 (累计环比
# 10.00%); 工业增加值 has no last year, so no growth; 开工项目 has no data at all.
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2021-06,25.05,累计,杭钢新城
在库企业,2021-05,80,累计,杭钢新城
在库企业,2021-06,88,累计,杭钢新城
工业增加值,2021-06,30,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    return load_one_org(TARGETS, ACTUALS)


def _table(headers: str, *rows: str) -> str:
    rule = "|" + " --- |" * (headers.count("|") - 1)
    return "\n".join([headers, rule, *rows]) + "\n"


def _check(loaded: pipeline.Loaded, text: str) -> BulletinCheck:
    return check_bulletin(text, loaded.facts, "draft.md", 2021, 6)


def _notes(result: BulletinCheck) -> list[tuple[int | None, str]]:
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    return [(p.location.line if p.location else None, p.message) for p in result.problems]


def _unread(result: BulletinCheck) -> set[tuple[int | None, str]]:
    """(line, column) of every cell the check said it could not read."""
    found = set()
    for line, message in _notes(result):
        if m := re.search(r"的“(.+?)”列未能核对", message):
            found.add((line, m.group(1)))
    return found


# ------------------------------------------------------------------ 序时进度


def test_time_progress_is_checked_for_a_flow(loaded: pipeline.Loaded) -> None:
    text = _table("| 指标 | 序时进度 |", "| 营业收入 | 50.00% |")
    assert _notes(_check(loaded, text)) == []
    wrong = _check(loaded, _table("| 指标 | 序时进度 |", "| 营业收入 | 51.00% |"))
    assert [p.code for p in wrong.problems] == ["bulletin-time_progress-wrong"]
    assert (wrong.checked, wrong.wrong) == (1, 1)


def test_time_progress_without_data_is_a_note(loaded: pipeline.Loaded) -> None:
    result = _check(loaded, _table("| 指标 | 序时进度 |", "| 开工项目 | 50.00% |"))
    ((line, message),) = _notes(result)
    assert line == 3
    assert "50.00%：数据中没有本期的数，无法核对" in message
    assert result.checked == 0


@pytest.mark.parametrize("subject", ["在库企业", "工业增加值"])
def test_time_progress_of_a_stock_or_a_growth_target_is_a_note(
    loaded: pipeline.Loaded, subject: str
) -> None:
    result = _check(loaded, _table("| 指标 | 序时进度 |", f"| {subject} | 50.00% |"))
    ((line, message),) = _notes(result)
    assert line == 3
    assert message.startswith(f"“{subject}”")
    assert "该指标不计序时进度（时点指标或增速目标），无法核对" in message
    assert result.checked == 0


# ------------------------------------------------------------------ 累计环比


def test_ytd_chain_of_a_stock_is_checked(loaded: pipeline.Loaded) -> None:
    assert _notes(_check(loaded, _table("| 指标 | 累计环比 |", "| 在库企业 | 10.00% |"))) == []
    wrong = _check(loaded, _table("| 指标 | 累计环比 |", "| 在库企业 | 12.00% |"))
    (problem,) = wrong.problems
    assert problem.code == "bulletin-ytd_chain-wrong"
    assert "6月末 88 ÷ 上期末 80 − 1" in problem.message
    assert (wrong.checked, wrong.wrong) == (1, 1)


@pytest.mark.parametrize(
    ("subject", "why"),
    [
        ("开工项目", "数据中没有本期的数"),  # no month: the indicator has no data
        ("工业增加值", "该指标没有累计环比"),  # a growth target: no 累计环比 at all
        ("营业收入", "累计环比没有意义"),  # a flow: the comparison's own reason
    ],
)
def test_ytd_chain_that_cannot_be_computed_is_a_note(
    loaded: pipeline.Loaded, subject: str, why: str
) -> None:
    result = _check(loaded, _table("| 指标 | 累计环比 |", f"| {subject} | 3.00% |"))
    ((line, message),) = _notes(result)
    assert line == 3
    assert message.startswith(f"“{subject}”")
    assert why in message
    assert message.endswith("无法核对")
    assert result.checked == 0


# ------------------------------------------------------------------ 高于/低于目标


def test_growth_status_without_an_achieved_growth_is_a_note(loaded: pipeline.Loaded) -> None:
    # 工业增加值 has a target rate (8%) but no last year, so no growth to set against it.
    result = _check(loaded, _table("| 指标 | 状态 |", "| 工业增加值 | 高于目标 |"))
    ((line, message),) = _notes(result)
    assert line == 3
    assert message == (
        "“工业增加值”写作“高于目标”：本句和数据都不能同时给出增速与目标增速，无法核对"
    )
    assert result.checked == 0


def test_growth_status_with_the_rows_own_growth_is_checked(loaded: pipeline.Loaded) -> None:
    # The row states growth 9.2% and the target 8%: 高于目标 is right, 低于目标 wrong.
    headers = "| 指标 | 年度目标 | 同比 | 状态 |"
    # The 9.2% itself has no base in the data (a note): target and status are compared.
    ok = _check(loaded, _table(headers, "| 工业增加值 | 8% | 9.2% | 高于目标 |"))
    assert [p.code for p in ok.problems] == ["bulletin-unverifiable"]
    assert (ok.checked, ok.wrong) == (2, 0)
    wrong = _check(loaded, _table(headers, "| 工业增加值 | 8% | 9.2% | 低于目标 |"))
    errors = [p.message for p in wrong.problems if p.severity is Severity.ERROR]
    assert errors == [
        "“工业增加值”写作“低于目标”，应为“高于目标”（增速 9.2% − 目标增速 8% = 1.2个百分点）"
    ]
    assert (wrong.checked, wrong.wrong) == (2, 1)


# ------------------------------------------------------------------ cells not read


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("年度目标", "待定"),  # an amount column whose cell is not a quantity
        ("当月", "见附表"),  # 当月: neither a quantity nor months and a quantity
        ("完成率", "过半"),  # a percent column whose cell is not a percentage
        ("状态", "良好"),  # a status column with neither a pace nor a growth-status word
    ],
)
def test_a_cell_that_is_not_a_figure_is_a_note_naming_its_column(
    loaded: pipeline.Loaded, header: str, cell: str
) -> None:
    text = _table(
        f"| 指标 | 期间 | 累计完成 | {header} |", f"| 营业收入 | 1-6月 | 25.05亿元 | {cell} |"
    )
    result = _check(loaded, text)
    assert _unread(result) == {(3, header)}
    assert result.checked == 1  # the 累计完成 cell only


def test_a_second_figure_of_a_kind_is_checked_on_its_own(loaded: pipeline.Loaded) -> None:
    # Two 完成 columns: each cell is compared, a wrong one reported on its own.
    headers = "| 指标 | 期间 | 累计完成 | 实际 |"
    ok = _check(loaded, _table(headers, "| 营业收入 | 1-6月 | 25.05亿元 | 25.05亿元 |"))
    assert (ok.checked, ok.wrong) == (2, 0)
    wrong = _check(loaded, _table(headers, "| 营业收入 | 1-6月 | 25.05亿元 | 26.05亿元 |"))
    assert (wrong.checked, wrong.wrong) == (2, 1)


# ------------------------------------------------------------------ 累计环比 in prose


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("在库企业1-6月88家，比上月末增长10.0%。", False),
        ("在库企业1-6月88家，较上月末增长10%。", False),
        ("在库企业1-6月88家，累计环比增长10.00%。", False),
        ("在库企业1-6月88家，比上月末增长12.0%。", True),
        ("在库企业1-6月88家，比上月末下降10.0%。", True),
    ],
)
def test_a_stocks_rise_since_last_months_end_is_its_ytd_chain(
    loaded: pipeline.Loaded, sentence: str, wrong: bool
) -> None:
    """比上月末 / 较上月末 / 累计环比 in a sentence is kpi's 累计环比 (88 ÷ 80 − 1 = 10%), checked
    at its printed places — never taken for an indicator's name."""
    result = _check(loaded, sentence + "\n")
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert [p.code for p in errors] == (["bulletin-ytd_chain-wrong"] if wrong else [])
    assert not any("aliases" in p.message for p in result.problems)
    if wrong:
        assert "应为 10.0%" in errors[0].message
