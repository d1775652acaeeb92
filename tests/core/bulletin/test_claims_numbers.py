"""The claim extractor on numbers (full-width digits, thousands separators, codes) and on
text it cannot read (figures without a subject, kinds kpi does not compute)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.bulletin import Quantity, extract_claims
from tests.core.bulletin.claims_helpers import only_claim, shown

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
