"""The fact-check's checks (core/bulletin/checks_*) at their edges: each case is one stated
figure the data cannot confirm, or can, and the verdict and reason the reader is given."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import Quantity, check_bulletin
from gongshu_kpi.core.bulletin.context import other_currency, written_unit
from gongshu_kpi.core.units import UnitError, parse_unit

TARGETS = """\
year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 100
    kind: flow
  - id: investment
    name: 产业投资
    unit: 亿元
    target: 40
    kind: flow
  - id: value_added
    name: 规上工业增加值
    unit: 亿元
    target_type: growth
    target: 8
    kind: flow
  - id: staff
    name: 从业人员
    unit: 人
    target: 1000
    kind: stock
  - id: tax
    name: 税收收入
    unit: 亿元
    target: 50
    kind: flow
    yoy: false
"""

ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-02,12.1,累计,杭钢新城
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2019-03,9.07,累计,杭钢新城
产业投资,2020-06,22.050,累计,杭钢新城
产业投资,2019-06,10.000,累计,杭钢新城
规上工业增加值,2020-06,109.20,累计,杭钢新城
规上工业增加值,2019-06,100.00,累计,杭钢新城
从业人员,2020-06,800,累计,杭钢新城
税收收入,2020-06,30,累计,杭钢新城
税收收入,2019-06,20,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    """One org (杭钢新城); a stock, a growth target, an indicator without 同比; 营业收入 only
    to March."""
    result = load_one_org(TARGETS, ACTUALS)
    assert result.problems == []
    return result


UNVERIFIABLE = [
    ("1-6月，杭钢新城营业收入同比增长10%。", "growth", "数据中没有本期的数"),
    ("1-6月，杭钢新城营业收入同比增长1.2倍。", "growth_times", "数据中没有本期的数"),
    ("1-6月，拱宸桥产业投资同比增长1.2倍。", "growth_times", "数据中没有“拱宸桥”"),
    ("1-6月，杭钢新城税收收入同比增长50%。", "growth", "设为不计同比"),
    ("◎ 杭钢新城从业人员1-6月完成800人，同比增长10%。", "growth", "2019年1-6月的数（同比基数）"),
    ("杭钢新城从业人员6月完成5人。", "month_actual", "时点指标，kpi 不计算它的当月数"),
    ("拱宸桥产业投资6月完成5亿元。", "month_actual", "数据中没有“拱宸桥”"),
    ("杭钢新城营业收入6月完成7.9亿元。", "month_actual", "算不出当月数"),
    ("◎ 拱宸桥产业投资年度目标任务40亿元。", "target", "数据中没有“拱宸桥”"),
    ("1-6月，杭钢新城营业收入完成率60%。", "rate", "本句也未同时写明目标与完成数"),
    ("规上工业增加值1-6月完成率55%。", "rate", "该指标的目标是增速，没有完成率"),
    ("规上工业增加值1-6月超序时进度5个百分点。", "pace", "该指标的目标是增速，没有序时进度"),
    ("杭钢新城产业投资超序时进度5个百分点。", "pace", "本句未写完成率"),
    (
        "◎ 杭钢新城从业人员1-6月完成800人，按当前进度预计全年1600人。",
        "projection",
        "时点指标没有全年预计",
    ),
    (
        "◎ 杭钢新城营业收入1-6月完成22.05亿元，按当前进度预计全年44.1亿元。",
        "projection",
        "数据中没有本期的数",
    ),
    ("1-6月，杭钢新城产业投资占拱宸桥的比重为50%。", "share", "数据中没有“拱宸桥”"),
    ("1-6月，杭钢新城营业收入占全区的比重为50%。", "share", "数据中没有本期的数"),
    ("拱宸桥产业投资占全区的比重为50%。", "share", "未写明期间"),
    ("营业收入年度目标增长8%。", "growth_target", "目标是数量，不是增速"),
    ("拱宸桥营业收入控制在50亿元以内，占控制额度的40.00%。", "cap_used", "没有控制额度与已使用数"),
    ("拱宸桥规上工业增加值年度目标增长8%。", "growth_target", "数据中没有“拱宸桥”"),
    ("拱宸桥产业投资高于目标增速1.2个百分点。", "growth_gap", "不能同时给出增速与目标增速"),
    ("拱宸桥产业投资完成率55%，超序时进度5个百分点。", "pace", "未写明期间"),
    (
        "◎ 杭钢新城产业投资1-6月完成22.05亿元，全市排名第四。",
        "rank",
        "ranks.yaml 中没有这项排名",
    ),
]


@pytest.mark.parametrize(("text", "kind", "why"), UNVERIFIABLE)
def test_a_figure_the_data_cannot_confirm_is_a_note_saying_why(
    loaded: pipeline.Loaded, text: str, kind: str, why: str
) -> None:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", 2020, 6)
    mine = [f for f in result.figures if f.kind == kind]
    assert [(f.verdict, f.expected) for f in mine] == [("unverifiable", "")]
    notes = [p.message for p in result.problems if p.code == "bulletin-unverifiable"]
    assert any(why in message and "无法核对" in message for message in notes), notes


@pytest.mark.parametrize(
    ("text", "kind", "stated", "expected"),
    [
        ("◎ 杭钢新城产业投资1-6月完成22.05亿元，按当前进度预计全年44.1亿元。", "projection",
         "44.1亿元", "44.1亿元"),
        ("杭钢新城产业投资占全区的比重为100%。", "share", "100%", "100%"),
        # the part is not in the data, but the sentence states it: its share of the whole
        ("4个省级特色小镇产业投资1-6月完成10亿元，占全区的比重为45.35%。", "share",
         "45.35%", "45.35%"),
        ("产业投资超序时进度5个百分点。", "pace", "5个百分点", "5个百分点"),
        # the achieved growth from the data (9.2%) against the growth target (8%)
        ("规上工业增加值高于目标增速1.2个百分点。", "growth_gap", "1.2个百分点", "1.2个百分点"),
        ("产业投资超序时进度5个百分点。", "pace_status", "超序时", "超序时"),
        ("营业收入控制在50亿元以内，1-6月已使用20亿元，占控制额度的40.00%。", "cap_used",
         "40.00%", "40.00%"),
    ],
)  # fmt: skip
def test_a_figure_the_data_or_the_sentence_confirms(
    loaded: pipeline.Loaded, text: str, kind: str, stated: str, expected: str
) -> None:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", 2020, 6)
    mine = [(f.stated, f.expected, f.verdict) for f in result.figures if f.kind == kind]
    assert mine == [(stated, expected, "ok")]


def test_a_cap_used_comes_from_the_data_before_the_sentence(loaded: pipeline.Loaded) -> None:
    """产业投资 has a target and 1-6月 data: 22.05 ÷ 40, whatever the sentence says."""
    text = "产业投资控制在50亿元以内，占控制额度的40.00%。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 6)
    used = [(f.expected, f.verdict) for f in result.figures if f.kind == "cap_used"]
    assert used == [("55.13%", "wrong")]
    message = next(p.message for p in result.problems if p.code == "bulletin-cap_used-wrong")
    assert "22.05亿元 ÷ 控制额度 40亿元" in message  # no padded zeros


def test_a_month_without_data_is_not_worked_out_from_another(loaded: pipeline.Loaded) -> None:
    """No 营业收入 for January 2020: 1月完成 is unverifiable, not taken from February."""
    result = check_bulletin("杭钢新城营业收入1月完成7.9亿元。\n", loaded.facts, "b.md", 2020, 3)
    assert [(f.kind, f.verdict) for f in result.figures] == [("actual", "unverifiable")]


@pytest.mark.parametrize(
    "text",
    [
        # 亿元 against 人: no rate can be worked out from the sentence's own figures
        "◎ 固定资产投资年度目标任务320亿元，1-8月累计完成251.20人，完成年度目标的80.50%。",
        # a target of 0: no rate either
        "◎ 固定资产投资年度目标任务0亿元，1-8月累计完成251.20亿元，完成年度目标的80.50%。",
    ],
)
def test_a_sentence_whose_own_figures_give_no_rate_is_not_judged_by_them(
    loaded: pipeline.Loaded, text: str
) -> None:
    result = check_bulletin(text + "\n", loaded.facts, "b.md", 2020, 6)
    assert [f.kind for f in result.figures if f.kind == "rate"] == []
    assert [p.code for p in result.problems] == ["bulletin-unknown-indicator"]
    right = text.replace("251.20人", "251.20亿元").replace("0亿元", "320亿元")
    checked = check_bulletin(right + "\n", loaded.facts, "b.md", 2020, 6)
    assert [(f.kind, f.verdict) for f in checked.figures] == [("rate", "wrong")]  # 78.50%


def test_a_unit_the_bulletin_cannot_read_is_no_currency() -> None:
    yuan = parse_unit("亿元")
    assert written_unit("亿元", None) == yuan
    with pytest.raises(UnitError):
        written_unit("箩筐", None)
    assert not other_currency(yuan, Quantity(Decimal(1), "箩筐"))
    assert other_currency(yuan, Quantity(Decimal(1), "亿美元"))


def test_a_projection_in_a_unit_that_does_not_convert_is_not_checked(
    loaded: pipeline.Loaded,
) -> None:
    text = "◎ 杭钢新城产业投资1-6月完成22.05亿元，按当前进度预计全年44.1人。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 6)
    assert [f.kind for f in result.figures] == ["actual"]
    assert [p.code for p in result.problems] == ["bulletin-unit-mismatch"]
    assert "不能换算" in result.problems[0].message
