"""The claim extractor on Markdown: markers, list items, soft-wrapped sentences and tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.bulletin import Quantity, extract_claims
from tests.core.bulletin.claims_helpers import only_claim, shown

# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize(
    "line",
    [
        "◎ 主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。",
        "- 主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。",
        "* **主营业务收入**年度目标任务800亿元,1-6月完成**419.72**亿元,完成率52.47%。",
        "### 主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。",
        "> ◎ 主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。",
        "1. 主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。",
    ],
)
def test_markdown_markers_are_ignored(line: str) -> None:
    """Leading ◎ - * # > and list numbers, and **bold**, do not reach subject or text."""
    claim = only_claim(f"# 成绩单\n\n{line}\n")
    assert (claim.line, claim.subject, claim.rate) == (3, "主营业务收入", Decimal("52.47"))
    assert str(claim.rate) == "52.47"
    assert shown(claim.actual) == "419.72亿元"
    assert claim.text.startswith("主营业务收入年度目标任务800亿元")


def test_items_without_full_stops_stay_separate() -> None:
    """Bullet items that do not end in 。 are still separate sentences."""
    found, unmatched = extract_claims(
        "- 开工项目年度目标任务25个,1-7月完成13个,完成率52.00%\n"
        "- 产业投资年度目标任务46亿元,1-6月完成27.83亿元,完成率60.49%\n"
    )
    assert unmatched == []
    assert [(c.line, c.subject) for c in found] == [(1, "开工项目"), (2, "产业投资")]


def test_soft_wrapped_sentence_collapses_whitespace() -> None:
    """A sentence wrapped inside a paragraph is one claim; its text has no newlines."""
    claim = only_claim("◎ 主营业务收入年度目标任务800亿元,\n  1-6月完成419.72亿元,\n完成率52.47%。")
    assert (claim.line, claim.actual_line, claim.rate_line) == (1, 2, 3)
    assert claim.text == "主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。"


def test_markdown_table_rows_are_claims() -> None:
    """A table with an 指标 column (as `kpi report --format markdown` writes) gives row claims."""
    text = (
        "## 2020年1-6月指标完成情况\n\n"
        "| 指标 | 年度目标 | 期间 | 累计完成 | 完成率 | 序时进度 | 同比 |\n"
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |\n"
        "| 产业投资 | 46亿元 | 1-6月 | 27.83亿元 | 60.50% | 50.00% | -3.2% |\n"
        "| 税收超千万企业累计数 | 70家 | — | 无数据 | — | — | — |\n"
    )
    found, unmatched = extract_claims(text)
    assert unmatched == []
    assert [
        (c.line, c.subject, c.target, c.period_end, c.actual, c.rate, c.growth, c.rate_line)
        for c in found
    ] == [
        (5, "产业投资", Quantity(Decimal("46"), "亿元"), 6, Quantity(Decimal("27.83"), "亿元"),
         Decimal("60.50"), Decimal("-3.2"), 5),
        (6, "税收超千万企业累计数", Quantity(Decimal("70"), "家"), None, None, None, None, None),
    ]  # fmt: skip


def test_table_without_indicator_column_is_read_row_by_row() -> None:
    """A table with no 指标 column is read like sentences: its percentages are unmatched."""
    found, unmatched = extract_claims("| 年份 | 数值 |\n| --- | --- |\n| 2020 | 52% |\n")
    assert found == []
    assert [(u.line, u.text) for u in unmatched] == [(3, "| 2020 | 52% |")]
