"""The claim extractor on a document's structure: headings and titles naming the indicator
below them, clauses, escaped percent signs and a table header's period."""

from __future__ import annotations

import pytest

from gongshu_kpi.core.bulletin import Names, extract_claims
from tests.core.bulletin.claims_helpers import summary

# --------------------------------------------------------------------------- document structure

DOC_NAMES = Names(
    frozenset({"杭钢新城", "智慧网谷小镇"}),
    frozenset({"固定资产投资", "新增企业", "主营业务收入", "常规税收贡献", "营收", "税收"}),
)


BARE = "年度目标任务320亿元，1-8月累计完成251.20亿元，完成年度目标的78.50%。"


@pytest.mark.parametrize(
    "title",
    ["## 固定资产投资\n\n", "**固定资产投资**\n\n", "一、固定资产投资\n", "(一)固定资产投资\n"],
)
def test_a_heading_or_title_names_the_indicator_below_it(title: str) -> None:
    """A sentence that never repeats the name is read under its heading or title line."""
    found, unmatched = extract_claims(title + BARE, DOC_NAMES)
    assert unmatched == []
    assert [summary(c) for c in found] == [
        ("", "固定资产投资", "320亿元", "8", "251.20亿元", "78.50", None, None)
    ]


def test_headings_nest_until_one_of_the_same_level() -> None:
    """## org / ### indicator: each sentence gets both; the next ### replaces the indicator."""
    text = (
        "## 杭钢新城\n### 主营业务收入\n1-6月完成81.31亿元。\n"
        "### 常规税收贡献\n1-6月完成8.1亿元。\n## 其他\n1-6月完成9亿元。\n"
    )
    found, unmatched = extract_claims(text, DOC_NAMES)
    assert [(c.line, c.scope, c.subject) for c in found] == [
        (3, "杭钢新城", "主营业务收入"),
        (5, "杭钢新城", "常规税收贡献"),
    ]
    assert [u.line for u in unmatched] == [7]  # under ## 其他 nothing names an indicator


def test_a_heading_naming_two_indicators_names_none() -> None:
    found, unmatched = extract_claims("## 营收与固定资产投资\n" + BARE, DOC_NAMES)
    assert found == [] and [u.line for u in unmatched] == [2]


def test_a_title_directly_above_its_sentence_names_it() -> None:
    """A bold title with no blank line before the sentence is still its context."""
    found, _ = extract_claims("**固定资产投资**\n" + BARE, DOC_NAMES)
    assert [c.subject for c in found] == ["固定资产投资"]


def test_lead_words_before_a_name_are_not_part_of_it() -> None:
    """目标任务新增企业100家: the target of 新增企业, not an indicator named 目标任务新增企业."""
    found, unmatched = extract_claims(
        "目标任务新增企业100家，1-6月完成60家，完成率60.00%。", DOC_NAMES
    )
    assert unmatched == []
    assert [summary(c) for c in found] == [
        ("", "新增企业", "100家", "6", "60家", "60.00", None, None)
    ]


def test_a_semicolon_clause_starts_a_new_subject_org_included() -> None:
    """智慧网谷小镇…；常规税收贡献…: the second clause is not the town's."""
    found, _ = extract_claims(
        "智慧网谷小镇主营业务收入完成98.20亿元；常规税收贡献完成25.80亿元。", DOC_NAMES
    )
    assert [(c.scope, c.subject) for c in found] == [
        ("智慧网谷小镇", "主营业务收入"),
        ("", "常规税收贡献"),
    ]


def test_escaped_percent_signs_are_read() -> None:
    """60.49\\% (Markdown) and 60.49&#37; (HTML) are percentages like 60.49%."""
    found, unmatched = extract_claims(
        "1-6月主营业务收入完成率60.49\\%，占比51.60&#37;。", DOC_NAMES
    )
    assert unmatched == []
    assert [(str(c.rate), str(c.share)) for c in found] == [("60.49", "51.60")]


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("主营业务收入增长60.4⁹%。", "增长60.4⁹%"),
        ("主营业务收入完成率605.0‰。", "完成率605.0‰"),
        ("主营业务收入完成率百分之六十点四九。", "完成率百分之六十点四九"),
        ("主营业务收入增速高于全区2个百分点。", "增速高于全区2个百分点"),
    ],
)
def test_percentages_not_read_are_reported_never_dropped(sentence: str, shown: str) -> None:
    """A superscript digit, ‰, a Chinese-numeral percentage: unread, named in the reason."""
    _, unmatched = extract_claims(sentence, DOC_NAMES)
    assert len(unmatched) == 1 and shown in unmatched[0].reason


def test_a_table_headers_period_applies_to_its_rows() -> None:
    """| 指标 | 年度目标 | 1-6月完成 | 完成率 |: each row's actual is 1-6月's."""
    text = (
        "| 指标 | 年度目标 | 1-6月完成 | 完成率(%) |\n| --- | --- | --- | --- |\n"
        "| 产业投资 | 46亿元 | 27.83亿元 | 60.50 |\n"
    )
    found, unmatched = extract_claims(text)
    assert unmatched == []
    assert [summary(c) for c in found] == [
        ("", "产业投资", "46亿元", "6", "27.83亿元", "60.50", None, None)
    ]
