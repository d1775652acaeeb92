"""Tests for the bulletin claim extractor (gongshu_kpi.core.bulletin)."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongshu_kpi.core import bulletin
from gongshu_kpi.core.bulletin import Claim, Names, Quantity, extract_claims
from tests.paths import FIXTURES

# The published bulletin, byte for byte (tests/test_check_cli.py checks it against shared/).
REFERENCE = FIXTURES / "platforms-bulletin-2020.txt"

# What data/ knows: its indicators' names and aliases (with the 引进 synonym of 招引, as
# factcheck.known_names adds), and no orgs beyond the root.
DATA_NAMES = Names(
    frozenset({"合计"}),
    frozenset(
        {"开工项目", "产业投资", "主营业务收入", "营收", "常规税收贡献", "税收", "新招引企业",
         "新引进企业", "新招引特色产业企业", "新引进特色产业企业", "新招引重大项目",
         "新引进重大项目", "税收超千万企业累计数", "市级及以上高新企业累计数"}
    ),
)  # fmt: skip

# Lines 33-53 of the reference bulletin, verbatim: the heading and the nine ◎ lines, with the
# 新招引企业 line broken between its number and its unit as it is in the published text.
SCORECARD = """\
## 十大产业平台主要绩效指标成绩单

◎ 开工项目年度目标任务25个,1-7月完成13个,完成率52.00%。

◎ 产业投资年度目标任务46亿元,1-6月完成27.83亿元,完成率60.49%。

◎ 主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。

◎ 常规税收贡献年度目标任务50亿元,1-6月完成25.80亿元,完成率50.59%。

◎ 新招引企业年度目标任务869家,1-7月完成714

家,完成率82.16%。

◎ 新招引特色产业企业年度目标任务355家,1-7月完成302家,完成率85.07%。

◎ 新招引重大项目年度目标任务12个,1-7月完成10个,完成率83.33%。

◎ 税收超千万企业累计数年度目标任务70家,1-7月完成45家,完成率64.29%。

◎ 市级及以上高新企业累计数年度目标任务224家,1-7月完成217家,完成率96.88%。
"""

# (line offset from the heading line, subject, target, unit, period, actual, rate, rate line offset)
SCORECARD_CLAIMS = [
    (2, "开工项目", "25", "个", 7, "13", "52.00", 2),
    (4, "产业投资", "46", "亿元", 6, "27.83", "60.49", 4),
    (6, "主营业务收入", "800", "亿元", 6, "419.72", "52.47", 6),
    (8, "常规税收贡献", "50", "亿元", 6, "25.80", "50.59", 8),
    (10, "新招引企业", "869", "家", 7, "714", "82.16", 12),
    (14, "新招引特色产业企业", "355", "家", 7, "302", "85.07", 14),
    (16, "新招引重大项目", "12", "个", 7, "10", "83.33", 16),
    (18, "税收超千万企业累计数", "70", "家", 7, "45", "64.29", 18),
    (20, "市级及以上高新企业累计数", "224", "家", 7, "217", "96.88", 20),
]


def shown(quantity: Quantity | None) -> str:
    """A stated amount as written: str() keeps the exponent, so 25.80 is not 25.8."""
    return "" if quantity is None else f"{quantity.value}{quantity.unit}"


def scorecard_row(claim: Claim) -> tuple[object, ...]:
    """A claim as comparable strings; str() of a Decimal keeps its exponent (25.80, 52.00)."""
    assert claim.target is not None
    assert claim.actual is not None
    assert claim.actual.unit == claim.target.unit
    return (
        claim.line,
        claim.subject,
        str(claim.target.value),
        claim.target.unit,
        claim.period_end,
        str(claim.actual.value),
        str(claim.rate),
        claim.rate_line,
    )


def expected_rows(heading_line: int) -> list[tuple[object, ...]]:
    """SCORECARD_CLAIMS with line offsets turned into line numbers."""
    return [
        (heading_line + at, subject, target, unit, period, actual, rate, heading_line + rate_at)
        for at, subject, target, unit, period, actual, rate, rate_at in SCORECARD_CLAIMS
    ]


def only_claim(text: str) -> Claim:
    """The single claim in a text that must give exactly one and leave nothing unmatched."""
    found, unmatched = extract_claims(text)
    assert unmatched == []
    assert len(found) == 1, found
    return found[0]


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


def summary(claim: Claim) -> tuple[str | None, ...]:
    """A claim as short strings: scope, subject, target, period, actual, rate, growth, share."""

    def show(value: Quantity | Decimal | int | None) -> str | None:
        if isinstance(value, Quantity):
            return f"{value.value}{value.unit}"
        return None if value is None else str(value)

    return (
        claim.scope,
        claim.subject,
        show(claim.target),
        show(claim.period_end),
        show(claim.actual),
        show(claim.rate),
        show(claim.growth),
        show(claim.share),
    )


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
            "上半年，十大产业平台实现主营业务收入419.72亿元、常规税收贡献25.80亿元，"
            "分别完成全年目标的52.47%、51.60%。",
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


# --------------------------------------------------------------------------- numbers


def test_full_width_digits_are_folded() -> None:
    """Full-width digits, point and percent (５２．４７％) are read after NFKC folding."""
    claim = only_claim(
        "◎ 主营业务收入年度目标任务８００亿元，１-６月完成４１９．７２亿元，完成率５２．４７％。"
    )
    assert shown(claim.target) == "800亿元"
    assert shown(claim.actual) == "419.72亿元"
    assert str(claim.rate) == "52.47"
    assert claim.period_end == 6


def test_thousands_separators_inside_numbers() -> None:
    """'66,836.9' is one number: the comma is followed by exactly three digits."""
    claim = only_claim("实际利用外资年度目标任务4.5亿美元,1-6月完成66,836.9万美元,完成率148.53%。")
    assert shown(claim.actual) == "66836.9万美元"


@pytest.mark.parametrize(
    ("sentence", "actual"),
    [
        ("主营业务收入1-6月完成419.72亿元,完成率52.47%。", Quantity(Decimal("419.72"), "亿元")),
        ("新招引企业1-7月完成714,完成率82.16%。", Quantity(Decimal("714"), "")),
        ("新招引企业1-7月完成714,123家,完成率82.16%。", Quantity(Decimal("714123"), "家")),
    ],
)
def test_clause_commas_are_not_thousands_separators(sentence: str, actual: Quantity) -> None:
    """A comma followed by words (not three digits and a non-digit) separates clauses."""
    claim = only_claim(sentence)
    assert claim.actual == actual
    assert claim.rate is not None


def test_numbers_in_codes_and_list_markers_are_not_figures() -> None:
    """Plot codes (GS1103-03-01) and circled list numbers (①) are not read as figures."""
    found, unmatched = extract_claims(
        "铁路北站单元GS1103-03-01地块完成出让。\n①主营业务收入年度目标任务800亿元。"
    )
    assert unmatched == []
    assert [(c.subject, c.target) for c in found] == [
        ("主营业务收入", Quantity(Decimal("800"), "亿元"))
    ]


# --------------------------------------------------------------------------- unreadable text


@pytest.mark.parametrize(
    "sentence",
    [
        "完成率52.47%。",
        "同比增长11.1%,高于全区增速。",
        "1-6月完成27.83亿元。",
        "围绕十大产业平台全年建设100个重大产业项目的目标任务,上半年有21个项目进度超前。",
    ],
)
def test_figures_without_a_readable_subject_are_unmatched(sentence: str) -> None:
    """A percentage or 目标/完成 figure with no indicator is reported, never dropped."""
    found, unmatched = extract_claims("导语。\n\n" + sentence)
    assert found == []
    assert [(u.line, u.text) for u in unmatched] == [(3, sentence)]
    assert unmatched[0].reason


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("工业增加值增速比一季度提高2.1个百分点。", "增速比一季度提高2.1个百分点"),
    ],
)
def test_figure_kinds_kpi_does_not_compute_are_named(sentence: str, kind: str) -> None:
    """Changes of a rate are stated, read as what they are and reported as not computed
    (两年平均 and 环比 are computed now: test_two_year_average_is_read_as_its_own_kind)."""
    found, unmatched = extract_claims(sentence)
    assert found == []
    assert [(u.line, u.not_computed, u.reason) for u in unmatched] == [(1, kind, "")]


def test_chain_growth_is_read_as_its_own_kind_not_as_yoy() -> None:
    """环比增长5% is month-on-month: its own kind, never year-on-year growth."""
    found, unmatched = extract_claims("主营业务收入环比增长5%。")
    assert unmatched == [] and len(found) == 1
    assert (str(found[0].chain), found[0].growth) == ("5", None)


def test_two_year_average_is_read_as_its_own_kind() -> None:
    """两年平均增长5.2% / 两年平均下降1.3% are read as 两年平均 figures, never as 同比."""
    for sentence, value in (
        ("固定资产投资两年平均增长5.2%。", "5.2"),
        ("固定资产投资两年平均下降1.3%。", "-1.3"),
    ):
        found, unmatched = extract_claims(sentence)
        assert unmatched == [] and len(found) == 1
        assert (found[0].subject, str(found[0].two_year), found[0].growth) == (
            "固定资产投资",
            value,
            None,
        )


def test_left_over_figure_is_reported_alongside_the_claim() -> None:
    """A 完成 figure that fits no indicator (上年同期) puts the sentence in Unmatched too."""
    found, unmatched = extract_claims(
        "主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,上年同期完成378亿元,完成率52.47%。"
    )
    assert [c.subject for c in found] == ["主营业务收入"]
    assert str(found[0].rate) == "52.47"
    assert len(unmatched) == 1
    assert "378亿元" in unmatched[0].reason


def test_narrative_without_figures_gives_nothing() -> None:
    """Narrative lines, dates and project sizes without 目标/完成 or % give nothing."""
    text = (
        "## 项目直击\n\n奇虎360花椒直播全国总部项目建设现场 余文华/摄\n\n"
        "近日,该项目占地面积80亩,建筑面积15.6万平方米,总投资20亿元。"
        "3月20日,全区23个重大项目集中开工。\n每周汇总平台日常工作推进情况和完成进度。"
    )
    assert extract_claims(text) == ([], [])


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


# --------------------------------------------------------------------------- properties

NAMES = st.sampled_from(
    [
        "开工项目",
        "产业投资",
        "主营业务收入",
        "常规税收贡献",
        "新招引企业",
        "新招引特色产业企业",
        "税收超千万企业累计数",
        "市级及以上高新企业累计数",
        "实际利用外资",
    ]
) | st.text(
    alphabet="产业投资收入企业项目数字经济营业增加值工规上新招引重大税收贡献主营务",
    min_size=2,
    max_size=12,
)
UNITS = st.sampled_from(["亿元", "万元", "元", "个", "家", "项", "万美元", "亿美元", "亩", ""])


def decimals(max_digits: int) -> st.SearchStrategy[Decimal]:
    """Non-negative Decimals with 0-2 decimal places, as an office would type them."""
    return st.builds(
        lambda n, places: Decimal(n).scaleb(-places),
        st.integers(min_value=0, max_value=10**max_digits - 1),
        st.integers(min_value=0, max_value=2),
    )


@settings(deadline=None)
@given(
    name=NAMES,
    target=decimals(9),
    actual=decimals(9),
    rate=decimals(6),
    unit=UNITS,
    month=st.integers(min_value=1, max_value=12),
)
def test_template_round_trip(
    name: str, target: Decimal, actual: Decimal, rate: Decimal, unit: str, month: int
) -> None:
    """Any figures rendered into the 成绩单 template come back exactly, exponent included."""
    text = (
        f"◎ {name}年度目标任务{target:f}{unit}，1-{month}月完成{actual:f}{unit}，完成率{rate:f}%。"
    )
    claim = only_claim(text)
    assert claim.subject == name
    assert claim.period_end == month
    assert claim.target is not None
    assert claim.actual is not None
    assert (claim.target.unit, claim.actual.unit) == (unit, unit)
    assert claim.target.value.as_tuple() == target.as_tuple()
    assert claim.actual.value.as_tuple() == actual.as_tuple()
    assert claim.rate is not None
    assert claim.rate.as_tuple() == rate.as_tuple()


@settings(deadline=None)
@given(target=decimals(12), actual=decimals(12), unit=UNITS)
def test_thousands_separated_round_trip(target: Decimal, actual: Decimal, unit: str) -> None:
    """Numbers written with valid thousands grouping ("1,234,567.8") read back exactly."""
    text = f"主营业务收入年度目标任务{target:,f}{unit},1-6月完成{actual:,f}{unit},完成率52.47%。"
    claim = only_claim(text)
    assert claim.target is not None and claim.actual is not None
    assert (str(claim.target.value), claim.target.unit) == (str(target), unit)
    assert (str(claim.actual.value), claim.actual.unit) == (str(actual), unit)


@pytest.mark.parametrize("wording", ["同比增长1.21倍", "同比增长2倍", "同比增长1.20倍"])
def test_growth_in_times_is_kept_as_written(wording: str) -> None:
    """增长N倍 is kept at its printed places, to be compared at them (1.20 is not 1.2)."""
    claim = only_claim(f"上半年，主营业务收入{wording}。")
    assert claim.growth is None
    assert str(claim.growth_times) == wording.removeprefix("同比增长").removesuffix("倍")


# --------------------------------------------------------------------------- purity


# The extractor's modules (core/bulletin/ up to the claims; the fact-check half is tested in
# tests/test_factcheck.py).
EXTRACTOR = ("assign", "claims", "document", "english", "extract", "figures", "kinds", "patterns",
             "periods", "tables")  # fmt: skip


@pytest.mark.parametrize("module", EXTRACTOR)
def test_module_imports_only_pure_stdlib(module: str) -> None:
    """The extractor is core code: stdlib text and number modules only, no I/O."""
    path = Path(str(bulletin.__file__)).parent / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0] for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }  # fmt: skip
    stdlib = {"__future__", "re", "decimal", "dataclasses", "enum", "unicodedata", "functools"}
    assert imported <= stdlib | {"gongshu_kpi"}  # the core's own pure modules (display units)
    ours = [
        node.module or "" for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gongshu_kpi")
    ]  # fmt: skip
    assert all(module.startswith("gongshu_kpi.core.") for module in ours), ours
    assert "open(" not in path.read_text(encoding="utf-8")


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


TOKENS = st.sampled_from(
    ["主营业务收入", "年度目标任务", "完成", "完成率", "1-6月", "上半年", "分别", "、", ",", "，",
     "。", "；", "\n", "\n\n", "%", "52.47", "1,234", "7", "亿元", "家", "◎ ", "- ", "**", "| ",
     "| --- |", "同比增长", "下降", "占", "全区", "平台", "的", "倍", "持平", "１２", "％", "①",
     "# ", "> ", " ", "实现", "其中", "目标", "全年", "环比", "为", "个百分点", "\r\n", "…"]
)  # fmt: skip


@settings(deadline=None)
@given(
    before=st.lists(TOKENS, max_size=30).map("".join),
    after=st.lists(TOKENS, max_size=30).map("".join),
)
def test_any_text_gives_located_results(before: str, after: str) -> None:
    """Arbitrary bulletin-like text around a scorecard line never raises, every result points
    at a real line, and the scorecard line between the noise is always read."""
    text = f"{before}\n\n◎ 产业投资年度目标任务46亿元,1-6月完成27.83亿元,完成率60.49%。\n\n{after}"
    found, unmatched = extract_claims(text)
    last_line = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for claim in found:
        assert claim.subject
        assert 1 <= claim.line <= last_line
        for line in (claim.rate_line, claim.target_line, claim.actual_line):
            assert line is None or claim.line <= line <= last_line
    assert all(1 <= u.line <= last_line and u.text for u in unmatched)
    line = before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 3
    assert ("产业投资", "60.49", line) in {(c.subject, str(c.rate), c.rate_line) for c in found}


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
