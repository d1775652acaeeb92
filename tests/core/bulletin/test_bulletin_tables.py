"""core/bulletin/tables: a Markdown table with an 指标 column, one claim per row; a period
column gives the row's months; a row with figures but no indicator is reported."""

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
"""
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2020-04,30.0,累计,杭钢新城
营业收入,2020-05,38.0,累计,杭钢新城
营业收入,2020-06,45.0,累计,杭钢新城
"""

TABLE = """\
| 指标 | 期间 | 完成(亿元) | 完成率 |
|---|---|---|---|
| 营业收入 | 1-3月 | 20 | 20.00% |
|  | 1-3月 | 20 | |
| 营业收入 | — | 无数据 | |
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    assert result.problems == []
    return result


def test_a_period_column_gives_the_rows_months(loaded: pipeline.Loaded) -> None:
    """Checked in June, the row says 1-3月: 20 of 100 = 20.00% (June's 45 would be 45.00%)."""
    result = check_bulletin(TABLE, loaded.facts, "b.md", 2020, 6)
    assert [(f.kind, f.expected, f.verdict) for f in result.figures][:2] == [
        ("actual", "20亿元", "ok"),
        ("rate", "20.00%", "ok"),
    ]


def test_a_row_with_figures_but_no_indicator_is_reported(loaded: pipeline.Loaded) -> None:
    result = check_bulletin(TABLE, loaded.facts, "b.md", 2020, 6)
    unread = [p for p in result.problems if p.code == "bulletin-unread"]
    lines = [p.location.line if p.location else None for p in unread]
    assert lines == [4]
    assert "表格行未能识别" in unread[0].message
    # the row of "—" and "无数据" states nothing: neither checked nor reported
    assert len(result.figures) == 3


@pytest.mark.parametrize("cell", ["100亿元*", "100亿元\\*", "100亿元＊", "100亿元（调整后）"])
def test_a_marked_target_cell_is_read_and_checked(loaded: pipeline.Loaded, cell: str) -> None:
    """A target marked as adjusted (kpi's 20个*, or 20个（调整后）) is its figure, checked
    against the target in force; a wrong one is still caught."""
    table = f"| 指标 | 年度目标 | 期间 |\n|---|---|---|\n| 营业收入 | {cell} | 1-3月 |\n"
    result = check_bulletin(table, loaded.facts, "b.md", 2020, 6)
    assert [(f.kind, f.expected, f.verdict) for f in result.figures] == [
        ("target", "100亿元", "ok")
    ]
    wrong = check_bulletin(table.replace("100", "120"), loaded.facts, "b.md", 2020, 6)
    assert [f.verdict for f in wrong.figures] == ["wrong"]
