"""The fact-check against misreadings (issue 9): a growth target read as the achieved growth,
orgs by their exact names, times, a month's own amount, pace, sub-indicators, English
bulletins and currencies; and ranks, projections and a cap's share on the towns fixture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import BulletinCheck, check_bulletin
from gongshu_kpi.core.problems import Severity
from tests.core.bulletin.factcheck_helpers import codes
from tests.paths import FIXTURES

# --------------------------------------------------------------------------- misreadings (issue 9)

GROWTH_TARGETS = """\
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
"""


GROWTH_ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-02,12.1,累计,杭钢新城
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2019-03,9.07,累计,杭钢新城
营业收入,2019-02,5.0,累计,杭钢新城
产业投资,2020-06,22.050,累计,杭钢新城
产业投资,2019-06,10.000,累计,杭钢新城
规上工业增加值,2020-06,109.20,累计,杭钢新城
规上工业增加值,2019-06,100.00,累计,杭钢新城
"""


@pytest.fixture
def growth_loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    """One org without a 平台/小镇 suffix (杭钢新城), a growth-rate target, months 2-3 and 6."""
    result = load_one_org(GROWTH_TARGETS, GROWTH_ACTUALS)
    assert result.problems == []
    return result


def check_at(loaded: pipeline.Loaded, text: str, month: int) -> BulletinCheck:
    return check_bulletin(text, loaded.facts, "b.md", 2020, month)


def test_growth_target_is_not_read_as_the_achieved_growth(growth_loaded: pipeline.Loaded) -> None:
    """年度目标增长8% is the target; 增长9.2% the growth; 高于目标增速1.2个百分点 their gap."""
    text = "◎ 规上工业增加值年度目标增长8%，1-6月增长9.2%，高于目标增速1.2个百分点。\n"
    result = check_at(growth_loaded, text, 6)
    assert codes(result) == [] and result.checked == 3
    wrong_target = text.replace("增长8%", "增长7%")  # and 9.2 − 7 is no 1.2 either
    assert codes(check_at(growth_loaded, wrong_target, 6)) == [
        (1, "bulletin-growth_target-wrong"),
        (1, "bulletin-growth_gap-wrong"),
    ]
    wrong_gap = text.replace("高于目标增速1.2", "高于目标增速2.2")
    assert codes(check_at(growth_loaded, wrong_gap, 6)) == [(1, "bulletin-growth_gap-wrong")]


def test_an_org_is_known_by_its_exact_name(growth_loaded: pipeline.Loaded) -> None:
    """杭钢新城 ends in no 平台/小镇/园区: it is still the org, never the whole."""
    result = check_at(growth_loaded, "◎ 杭钢新城产业投资1-6月完成22.05亿元。\n", 6)
    assert codes(result) == [] and result.checked == 1
    whole = check_at(growth_loaded, "◎ 全区产业投资1-6月完成22.05亿元。\n", 6)
    assert codes(whole) == [] and whole.checked == 1  # the only org is the whole here
    unknown = check_at(growth_loaded, "◎ 拱宸桥产业投资1-6月完成22.05亿元。\n", 6)
    assert codes(unknown) == [(1, "bulletin-unverifiable")]  # a note, not the whole's figure


def test_growth_in_times_is_compared_at_its_printed_places(growth_loaded: pipeline.Loaded) -> None:
    """同比增长1.2倍 for 22.05 against 10.00 (+120.5%) is right at one decimal place."""
    ok = check_at(growth_loaded, "1-6月，杭钢新城产业投资同比增长1.2倍。\n", 6)
    assert codes(ok) == [] and ok.checked == 1
    wrong = check_at(growth_loaded, "1-6月，杭钢新城产业投资同比增长1.3倍。\n", 6)
    assert codes(wrong) == [(1, "bulletin-growth_times-rounding")]
    assert "应为 1.2倍" in wrong.problems[0].message


def test_the_months_own_amount_is_not_the_year_to_date(growth_loaded: pipeline.Loaded) -> None:
    """营业收入3月完成7.9亿元 is March alone: 20.0 − 12.1, not the 1-3月 figure."""
    result = check_at(growth_loaded, "杭钢新城营业收入3月完成7.9亿元。\n", 3)
    assert codes(result) == [] and result.checked == 1
    wrong = check_at(growth_loaded, "杭钢新城营业收入3月完成20.0亿元。\n", 3)
    assert codes(wrong) == [(1, "bulletin-month_actual-wrong")]
    assert "应为 7.9亿元" in wrong.problems[0].message


def test_pace_claims_are_checked(growth_loaded: pipeline.Loaded) -> None:
    """Rate 55.13% at 1-6月 (time progress 50.00%) is 5.13 points ahead: 超, not 落后."""
    line = "产业投资年度目标任务40亿元，1-6月完成22.05亿元，完成率55.13%，"
    assert codes(check_at(growth_loaded, line + "超序时进度5.13个百分点。", 6)) == []
    assert codes(check_at(growth_loaded, line + "超序时进度6.00个百分点。", 6)) == [
        (1, "bulletin-pace-wrong")
    ]
    assert codes(check_at(growth_loaded, line + "落后序时。", 6)) == [(1, "bulletin-pace-wrong")]


def test_a_sentence_must_agree_with_itself_whatever_the_indicator(
    growth_loaded: pipeline.Loaded,
) -> None:
    """An unknown indicator's target, actual and rate are still checked against each other."""
    text = "◎ 固定资产投资年度目标任务320亿元，1-8月累计完成251.20亿元，完成年度目标的80.50%。"
    result = check_at(growth_loaded, text, 6)
    assert (1, "bulletin-rate-wrong") in codes(result)
    assert "78.50%" in next(p.message for p in result.problems if p.code == "bulletin-rate-wrong")


def test_a_sub_indicator_is_not_its_parent(growth_loaded: pipeline.Loaded) -> None:
    """其中，制造业产业投资… is not 产业投资: no fuzzy match on a name with a qualifier added."""
    text = "1-6月，杭钢新城产业投资完成22.05亿元，其中，制造业产业投资完成9.50亿元。\n"
    result = check_at(growth_loaded, text, 6)
    assert "bulletin-actual-wrong" not in {code for _, code in codes(result)}


def test_figure_kinds_not_computed_get_a_note_not_alias_advice(
    growth_loaded: pipeline.Loaded,
) -> None:
    """两年平均 and 环比 are computed now; without data two years back, and for March after a
    1-2月 release (a month against two is not a growth), each is a note that it cannot be
    checked, and why — never alias advice."""
    result = check_at(growth_loaded, "杭钢新城营业收入两年平均增长5.1%，环比增长2.0%。\n", 3)
    assert [p.severity for p in result.problems] == [Severity.INFO, Severity.INFO]
    assert all("aliases" not in (p.fix or "") for p in result.problems)
    assert "两年平均增长 5.1%：数据中没有可作基数的2018年1-3月的数" in result.problems[0].message
    assert "环比 2.0%：1-2月为2个月的合并数，3月与1-2月长度不同，环比不可比" in (
        result.problems[1].message
    )


def test_an_english_bulletin_is_checked(growth_loaded: pipeline.Loaded) -> None:
    """bulletin_en's wording: a wrong completion rate is found."""
    text = (
        "* 杭钢新城: 产业投资: Jan-Jun actual 22.05 亿元; +120.5% year on year.\n"
        "* 产业投资: annual target 40 亿元; Jan-Jun actual 22.05 亿元; completion 55.31%.\n"
    )
    result = check_at(growth_loaded, text, 6)
    assert codes(result) == [(2, "bulletin-rate-wrong")]
    assert result.checked == 5


def test_every_figure_has_a_verdict(growth_loaded: pipeline.Loaded) -> None:
    """figures lists each stated figure with its kind, stated and expected value and verdict."""
    text = "全区产业投资年度目标任务40亿元，1-6月完成22.05亿元，完成率55.31%。"
    figures = check_at(growth_loaded, text, 6).figures
    assert [(f.kind, f.stated, f.expected, f.verdict) for f in figures] == [
        ("target", "40亿元", "40亿元", "ok"),
        ("actual", "22.05亿元", "22.05亿元", "ok"),
        ("rate", "55.31%", "55.13%", "wrong"),
    ]
    assert {(f.indicator, f.org, f.period, f.line) for f in figures} == {
        ("产业投资", "全区", "1-6月", 1)
    }


def test_on_pace_is_judged_at_the_places_of_the_printed_rate(
    growth_loaded: pipeline.Loaded,
) -> None:
    """完成率55%，达到序时进度 at 1-6月: 55 − 50 is 5, so 超序时; at 0 places 17% at 1-2月
    (16.67 → 17) is 达序时 — time progress is rounded like the rate printed beside it."""
    line = "产业投资年度目标任务40亿元，1-6月完成22.05亿元，完成率55%，达到序时进度。"
    assert codes(check_at(growth_loaded, line, 6)) == [(1, "bulletin-pace-wrong")]
    assert codes(check_at(growth_loaded, line.replace("达到", "超"), 6)) == []


def test_a_coarse_magnitude_verifies_nothing(growth_loaded: pipeline.Loaded) -> None:
    """完成0万亿元 is not 22.05亿元 rounded: a figure verifies at its magnitude too."""
    result = check_at(growth_loaded, "杭钢新城产业投资1-6月完成0万亿元。\n", 6)
    assert codes(result) == [(1, "bulletin-actual-wrong")]
    fine = check_at(growth_loaded, "杭钢新城产业投资1-6月完成220500万元。\n", 6)
    assert codes(fine) == []


def test_a_wrong_currency_is_an_error(growth_loaded: pipeline.Loaded) -> None:
    """22.05亿美元 for an indicator in 亿元 is wrong money, not a unit to convert."""
    result = check_at(growth_loaded, "杭钢新城产业投资1-6月完成22.05亿美元。\n", 6)
    assert codes(result) == [(1, "bulletin-currency-wrong")]
    assert result.problems[0].severity is Severity.ERROR
    counted = check_at(growth_loaded, "杭钢新城产业投资1-6月完成22家。\n", 6)
    assert codes(counted) == [(1, "bulletin-unit-mismatch")]  # not money: a warning


TOWNS = FIXTURES / "towns" / "data"


def test_ranks_and_projections_are_checked() -> None:
    """全市排名第四 against ranks.yaml; 预计全年 as the run-rate (no full last year)."""
    loaded = pipeline.load(pipeline.find_data_folder(TOWNS))
    line = "◎ 主营业务收入1-6月完成419.72亿元，按当前进度预计全年{p}亿元，全市排名第{r}。"
    ok = check_bulletin(line.format(p="839.44", r="四"), loaded.facts, "b.md", 2020, 6)
    assert codes(ok) == [] and ok.checked == 3
    wrong = check_bulletin(line.format(p="840.44", r="三"), loaded.facts, "b.md", 2020, 6)
    assert codes(wrong) == [(1, "bulletin-rank-wrong"), (1, "bulletin-projection-wrong")]
    unknown = check_bulletin(
        "◎ 主营业务收入1-6月完成419.72亿元，全省排名第一。", loaded.facts, "b.md", 2020, 6
    )
    assert codes(unknown) == [(1, "bulletin-unverifiable")]


def test_a_caps_share_used_is_checked(tmp_path: Path) -> None:
    """Lower is better: 控制在50万吨以内，已使用20万吨，占控制额度的40.00% (used ÷ cap)."""
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(
        "year: 2020\nindicators:\n  - id: coal\n    name: 煤炭消费量\n    unit: 万吨\n"
        "    target: 50\n    kind: flow\n    direction: lower\n",
        encoding="utf-8",
    )
    (data / "actuals" / "a.csv").write_text(
        "指标,月份,数值,口径,填报单位\n煤炭消费量,2020-06,20,累计,\n", encoding="utf-8"
    )
    loaded = pipeline.load(pipeline.find_data_folder(data))
    text = "煤炭消费量控制在50万吨以内，1-6月已使用20万吨，占控制额度的{}%。"
    ok = check_bulletin(text.format("40.00"), loaded.facts, "b.md", 2020, 6)
    assert codes(ok) == [] and ok.checked == 3
    wrong = check_bulletin(text.format("41.00"), loaded.facts, "b.md", 2020, 6)
    assert codes(wrong) == [(1, "bulletin-cap_used-wrong")]


def test_pace_must_agree_with_the_sentences_rate_whatever_the_indicator(
    growth_loaded: pipeline.Loaded,
) -> None:
    """An unknown indicator: 78.50% at 1-8月 (66.67%) is 11.83 points ahead, not 12.83."""
    text = (
        "◎ 固定资产投资年度目标任务320亿元，1-8月完成251.20亿元，完成率78.50%，"
        "超序时进度{}个百分点。"
    )
    ok = check_at(growth_loaded, text.format("11.83"), 6)
    assert "bulletin-pace-wrong" not in {code for _, code in codes(ok)}
    wrong = check_at(growth_loaded, text.format("12.83"), 6)
    assert (1, "bulletin-pace-wrong") in codes(wrong)
