"""Property tests of the claim extractor: generated sentences round-trip, and any text gives
located results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongshu_kpi.core.bulletin import extract_claims
from tests.core.bulletin.claims_helpers import only_claim

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
