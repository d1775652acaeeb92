"""How the fact-check names what a draft wrote: 季均需完成 (not 月均) for a quarterly need,
in prose and in a table; 7月当月同比 with the month's own 7月 amounts, printed without the
zeros a subtraction pads (44.70, not 44.70000)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin
from gongshu_kpi.core.problems import Severity

TARGETS = """\
year: 2020
indicators:
  - id: invest
    name: 固定资产投资
    unit: 亿元
    target: 120
    kind: flow
    frequency: quarterly
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 500
    kind: flow
"""
# 营业收入 7月 = 279.87215 − 235.17215 = 44.70000; 2019's 7月 = 38.50.
ACTUALS = """\
指标,月份,数值,口径,填报单位
固定资产投资,2020-03,25.3,累计,杭钢新城
固定资产投资,2020-06,60.05,累计,杭钢新城
营业收入,2020-06,235.17215,累计,杭钢新城
营业收入,2020-07,279.87215,累计,杭钢新城
营业收入,2019-06,200.00,累计,杭钢新城
营业收入,2019-07,238.50,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    return result


def _errors(loaded: pipeline.Loaded, text: str, month: int) -> list[tuple[str, str | None]]:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", 2020, month)
    return [(p.message, p.fix) for p in result.problems if p.severity is Severity.ERROR]


def test_a_quarterly_need_is_named_as_written(loaded: pipeline.Loaded) -> None:
    """(120 − 60.05) ÷ 2 quarters = 29.975 → 29.98, called 季均需完成 as the draft does."""
    text = "固定资产投资1-6月完成60.05亿元，后2个季度季均需完成29.97亿元。"
    [(message, fix)] = _errors(loaded, text, 6)
    assert message.startswith("“固定资产投资”季均需完成写作 29.97亿元，应为 29.98亿元")
    assert "月均" not in message
    assert fix == "改为 29.98亿元"


def test_a_need_per_month_where_kpi_shares_per_quarter_gets_the_words(
    loaded: pipeline.Loaded,
) -> None:
    text = "固定资产投资1-6月完成60.05亿元，后6个月月均需完成9.99亿元。"
    [(message, fix)] = _errors(loaded, text, 6)
    assert message.startswith("“固定资产投资”月均需完成写作 9.99亿元，应为 29.98亿元")
    assert fix == "改为 后2个季度季均需完成 29.98亿元"


def test_a_table_need_per_quarter_is_named_by_its_cell_or_header(
    loaded: pipeline.Loaded,
) -> None:
    head = "| 指标 | 期间 | 累计完成 | {} |\n| --- | --- | ---: | ---: |\n"
    row = "| 固定资产投资 | 1-6月 | 60.05亿元 | {} |"
    for header, cell in (("季均需完成", "29.97亿元"), ("平均需完成", "29.97亿元/季")):
        [(message, _)] = _errors(loaded, head.format(header) + row.format(cell), 6)
        assert message.startswith("“固定资产投资”季均需完成写作 29.97亿元"), header


def test_a_months_own_growth_is_named_with_its_month_and_plain_amounts(
    loaded: pipeline.Loaded,
) -> None:
    """(44.70 − 38.50) ÷ 38.50 = 16.1%."""
    text = "营业收入7月当月完成44.70亿元，同比增长18.1%。"
    [(message, fix)] = _errors(loaded, text, 7)
    assert message == (
        "“营业收入”7月当月同比写作 18.1%，应为 16.1%（数据：7月 44.70亿元，上年同期 38.50亿元）"
    )
    assert fix == "改为 16.1%"


def test_a_year_to_date_growth_keeps_its_name_and_the_datas_digits(
    loaded: pipeline.Loaded,
) -> None:
    text = "营业收入1-7月完成279.87亿元，同比增长18.3%。"
    [(message, _)] = _errors(loaded, text, 7)
    assert message == (
        "“营业收入”同比增长写作 18.3%，应为 17.3%（数据：1-7月 279.87215亿元，上年同期 238.50亿元）"
    )
