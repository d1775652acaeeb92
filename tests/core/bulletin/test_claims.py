"""Tests for the bulletin claim extractor (gongshu_kpi.core.bulletin)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.bulletin import Quantity, extract_claims
from tests.core.bulletin.claims_helpers import (
    DATA_NAMES,
    REFERENCE,
    SCORECARD,
    expected_rows,
    only_claim,
    scorecard_row,
    shown,
    summary,
)

# --------------------------------------------------------------------------- the reference


def test_scorecard_lines_give_the_nine_claims() -> None:
    """The nine ◎ lines give nine claims with subject, target, period, actual, rate and lines."""
    found, unmatched = extract_claims(SCORECARD)
    assert unmatched == []
    assert [scorecard_row(c) for c in found] == expected_rows(heading_line=1)


def test_scorecard_claim_spanning_a_blank_line_keeps_its_unit() -> None:
    """'完成714' / blank / '家,完成率82.16%' is one sentence: actual 714 家, rate on line 13."""
    claim = extract_claims(SCORECARD)[0][4]
    assert shown(claim.actual) == "714家"
    assert (claim.line, claim.actual_line, claim.rate_line) == (11, 11, 13)
    assert claim.text == "新招引企业年度目标任务869家,1-7月完成714家,完成率82.16%。"


def test_reference_bulletin_scorecard_claims() -> None:
    """In the published bulletin the nine ◎ claims are found at lines 35-53."""
    found, _ = extract_claims(REFERENCE.read_text(encoding="utf-8"))
    scorecard = [c for c in found if c.target is not None]
    assert [scorecard_row(c) for c in scorecard] == expected_rows(heading_line=33)


def test_reference_bulletin_narrative_figures() -> None:
    """Besides the 成绩单, the narrative's figures are claims and line 23's target is reported."""
    found, unmatched = extract_claims(REFERENCE.read_text(encoding="utf-8"), DATA_NAMES)
    narrative = [
        (c.line, c.scope, c.subject, c.period_end, c.actual, c.rate, c.growth, c.share)
        for c in found
        if c.target is None
    ]
    yi = "亿元"
    assert narrative == [
        (15, "我区十大产业平台", "主营业务收入", 6, Quantity(Decimal("419.72"), yi),
         None, Decimal("11.1"), None),
        (59, "十大产业平台", "新引进企业", 6, Quantity(Decimal("630"), "家"),
         Decimal("72.5"), None, None),
        (59, "十大产业平台", "特色产业企业", 6, Quantity(Decimal("259"), "家"),
         Decimal("72.96"), None, None),
        (75, "4个省级特色小镇", "主营业务收入", 6, Quantity(Decimal("268.41"), yi),
         None, None, Decimal("63.95")),
        (75, "4个省级特色小镇", "常规税收贡献", 6, Quantity(Decimal("18.62"), yi),
         None, None, Decimal("72.17")),
        (75, "智慧网谷小镇", "营收", None, None, None, Decimal("236.5"), None),
        (75, "智慧网谷小镇", "税收", None, None, None, Decimal("148.7"), None),
    ]  # fmt: skip
    # "全年建设100个重大产业项目的目标任务" states a target in a shape not read: reported.
    assert [u.line for u in unmatched] == [23]


# --------------------------------------------------------------------------- sentence shapes


def test_full_width_commas_read_like_ascii_commas() -> None:
    """'，' separates clauses exactly as ',' does; Claim.text keeps the writer's commas."""
    ascii_claims, _ = extract_claims(SCORECARD)
    wide_claims, unmatched = extract_claims(SCORECARD.replace(",", "，"))
    assert unmatched == []
    assert [scorecard_row(c) for c in wide_claims] == [scorecard_row(c) for c in ascii_claims]
    assert "，" in wide_claims[0].text


@pytest.mark.parametrize(
    "sentence",
    [
        "主营业务收入完成419.72亿元，完成全年目标的52.47%。",
        "主营业务收入完成419.72亿元，完成目标任务的52.47%。",
        "主营业务收入完成419.72亿元，完成年度目标的52.47%。",
        "主营业务收入完成419.72亿元，完成率为52.47%。",
        "主营业务收入累计完成419.72亿元,占年度目标的52.47%。",
    ],
)
def test_rate_verbs_and_word_orders(sentence: str) -> None:
    """Subject before 完成, and every way of writing the completion rate, read the same."""
    claim = only_claim(sentence)
    assert claim.subject == "主营业务收入"
    assert shown(claim.actual) == "419.72亿元"
    assert str(claim.rate) == "52.47"
    assert claim.target is None


def test_target_and_actual_in_different_magnitudes() -> None:
    """亿美元 target and 万美元 actual keep their own units; a rate above 100% is fine."""
    claim = only_claim("实际利用外资年度目标任务4.5亿美元，1-6月完成66836.9万美元，完成率148.53%。")
    assert claim.subject == "实际利用外资"
    assert shown(claim.target) == "4.5亿美元"
    assert shown(claim.actual) == "66836.9万美元"
    assert str(claim.rate) == "148.53"
    assert claim.period_end == 6


@pytest.mark.parametrize(
    ("wording", "growth"),
    [
        ("同比增长11.1%", "11.1"),
        ("同比下降3.2%", "-3.2"),
        ("同比减少3.2%", "-3.2"),
        ("比上年同期增长11.1%", "11.1"),
        ("同比增11.1%", "11.1"),
        ("同比持平", "0"),
        ("与上年基本持平", "0"),
        ("同比增长-3.2%", "-3.2"),
    ],
)
def test_growth_wordings(wording: str, growth: str) -> None:
    """Growth is signed percent: 下降 negative, 持平 zero, N倍 times one hundred."""
    claim = only_claim(f"上半年，主营业务收入{wording}。")
    assert str(claim.growth) == growth
    assert claim.subject == "主营业务收入"
    assert claim.period_end == 6


def test_growth_follows_an_actual_stated_with_a_verb() -> None:
    """'我区十大产业平台实现主营业务收入419.72亿元,同比增长11.1%' after 上半年."""
    claim = only_claim(
        "上半年,我区十大产业平台实现主营业务收入419.72亿元,同比增长11.1%,高于全区增速。"
    )
    assert claim.subject == "主营业务收入"
    assert claim.scope == "我区十大产业平台"
    assert shown(claim.actual) == "419.72亿元"
    assert claim.period_end == 6
    assert str(claim.growth) == "11.1"
    assert claim.rate is None


def test_respectively_shares_rates_over_the_subjects_before_it() -> None:
    """'新引进企业630家,特色产业企业259家,分别完成全年任务的72.5%、72.96%' is two claims."""
    found, unmatched = extract_claims(
        "今年上半年,十大产业平台新引进企业630家,特色产业企业259家,分别完成全年任务的"
        "72.5%、72.96%,招引浙数文化、旭航网络等8个重大产业项目。",
        DATA_NAMES,
    )
    assert unmatched == []
    assert [(c.subject, c.actual, c.rate, c.period_end) for c in found] == [
        ("新引进企业", Quantity(Decimal("630"), "家"), Decimal("72.5"), 6),
        ("特色产业企业", Quantity(Decimal("259"), "家"), Decimal("72.96"), 6),
    ]


def test_respectively_shares_shares_over_the_subjects_before_it() -> None:
    """'分别占全区十大产业平台63.95%、72.17%' gives each earlier indicator its share."""
    found, unmatched = extract_claims(
        "上半年,4个省级特色小镇实现主营业务收入268.41亿元,常规税收贡献18.62亿元,"
        "分别占全区十大产业平台63.95%、72.17%。"
    )
    assert unmatched == []
    assert [(c.subject, c.actual, c.share, c.share_of, c.scope) for c in found] == [
        ("主营业务收入", Quantity(Decimal("268.41"), "亿元"), Decimal("63.95"),
         "全区十大产业平台", "4个省级特色小镇"),
        ("常规税收贡献", Quantity(Decimal("18.62"), "亿元"), Decimal("72.17"),
         "全区十大产业平台", "4个省级特色小镇"),
    ]  # fmt: skip


def test_respectively_with_names_listed_before_it() -> None:
    """'营收、税收指标分别同比增长236.5%、148.7%' names its two indicators itself."""
    found, unmatched = extract_claims(
        "其中,智慧网谷小镇营收和税收分别同比增长236.5%、148.7%。", DATA_NAMES
    )
    assert unmatched == []
    assert [(c.subject, c.growth, c.scope) for c in found] == [
        ("营收", Decimal("236.5"), "智慧网谷小镇"),
        ("税收", Decimal("148.7"), "智慧网谷小镇"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "1-6月，全区实现规上工业增加值120.5亿元，同比增长8.2%，完成年度目标的48.2%。",
            [("全区", "规上工业增加值", None, "6", "120.5亿元", "48.2", "8.2", None)],
        ),
        (
            "1-7月，新招引企业714家，完成年度目标任务869家的82.16%。",
            [("", "新招引企业", "869家", "7", "714家", "82.16", None, None)],
        ),
        (
            "**开工项目**：年度目标25个；1-7月完成13个；完成率52.00%。",
            [("", "开工项目", "25个", "7", "13个", "52.00", None, None)],
        ),
        (
            "税收收入45.6亿元，占一般公共预算收入的85.3%。",
            [("", "税收收入", None, None, "45.6亿元", None, None, "85.3")],
        ),
        (
            "其中，数字经济核心产业营业收入同比增长23.4%，占比达到45.6%。",
            [("", "数字经济核心产业营业收入", None, None, None, None, "23.4", "45.6")],
        ),
        (
            "进出口总额下降12.3%，其中出口额下降10.1%、进口额下降15.2%。",
            [
                ("", "进出口总额", None, None, None, None, "-12.3", None),
                ("", "出口额", None, None, None, None, "-10.1", None),
                ("", "进口额", None, None, None, None, "-15.2", None),
            ],
        ),
        (
            (
                "上半年，十大产业平台实现主营业务收入419.72亿元、常规税收贡献25.80亿元，"
                "分别完成全年目标的52.47%、51.60%。"
            ),
            [
                ("十大产业平台", "主营业务收入", None, "6", "419.72亿元", "52.47", None, None),
                ("十大产业平台", "常规税收贡献", None, "6", "25.80亿元", "51.60", None, None),
            ],
        ),
    ],
)
def test_other_bulletin_shapes(sentence: str, expected: list[tuple[str | None, ...]]) -> None:
    """Shapes seen in district bulletins: scope words, 的-rates, 、 and ； separators, shares."""
    found, unmatched = extract_claims(sentence)
    assert unmatched == []
    assert [summary(c) for c in found] == expected


@pytest.mark.parametrize(
    ("period", "month"),
    [
        ("1-6月", 6),
        ("1—6月", 6),
        ("1～6月", 6),
        ("1~6月", 6),
        ("1至6月", 6),
        ("1-12月", 12),
        ("上半年", 6),
        ("前三季度", 9),
        ("一季度", 3),
        ("全年", 12),
        ("截至6月底,", 6),
    ],
)
def test_period_words(period: str, month: int) -> None:
    """Every way of writing the year-to-date period gives its last month."""
    claim = only_claim(f"产业投资年度目标任务46亿元,{period}完成27.83亿元,完成率60.50%。")
    assert claim.period_end == month
    assert shown(claim.actual) == "27.83亿元"


def test_full_year_target_is_not_a_period() -> None:
    """'完成全年目标的' names the target, not the period 全年."""
    assert only_claim("主营业务收入完成419.72亿元，完成全年目标的52.47%。").period_end is None
