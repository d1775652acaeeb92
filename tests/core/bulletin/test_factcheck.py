"""The bulletin fact-checker (core/bulletin/) on data folders written inside each test."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import (
    BulletinCheck,
    Verdict,
    check_bulletin,
    compare,
    factcheck,
    match_indicator,
    resolve_scope,
)
from gongshu_kpi.core.ci import rules, snapshots, verdict
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.problems import DataError, Severity
from tests.core.bulletin.factcheck_helpers import codes

TARGETS = """\
year: 2020
indicators:
  - id: fdi
    name: 实际利用外资
    unit: 亿美元
    target: 4.5
    kind: flow
  - id: revenue
    name: 主营业务收入
    aliases: [营收]
    unit: 亿元
    target: 800
    kind: flow
  - id: companies
    name: 新招引企业
    unit: 家
    target: 869
    kind: flow
  - id: featured
    name: 新招引特色产业企业
    unit: 家
    target: 355
    kind: flow
"""


ORGS = """\
root: 十大产业平台
orgs:
  - name: 智慧网谷小镇
    groups: [省级特色小镇]
  - name: 运河财富小镇
    groups: [省级特色小镇]
  - name: 其他平台
"""


ACTUALS = """\
指标,月份,数值,口径,计量单位,填报单位
实际利用外资,2020-06,66836.9,累计,万美元,其他平台
主营业务收入,2020-06,100,累计,亿元,智慧网谷小镇
主营业务收入,2020-06,168.41,累计,亿元,运河财富小镇
主营业务收入,2020-06,151.31,累计,亿元,其他平台
主营业务收入,2019-06,90,累计,亿元,智慧网谷小镇
主营业务收入,2019-06,150,累计,亿元,运河财富小镇
主营业务收入,2019-06,137.78,累计,亿元,其他平台
新招引企业,2020-06,630,累计,家,其他平台
新招引特色产业企业,2020-06,259,累计,家,其他平台
"""


@pytest.fixture
def loaded(tmp_path: Path) -> pipeline.Loaded:
    """A small data folder: three towns/platforms, a target in 亿美元 and actuals in 万美元."""
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (data / "orgs.yaml").write_text(ORGS, encoding="utf-8")
    (data / "actuals" / "a.csv").write_text(ACTUALS, encoding="utf-8")
    result = pipeline.load(pipeline.find_data_folder(data))
    assert result.problems == []
    return result


def fact_check(loaded: pipeline.Loaded, text: str) -> BulletinCheck:
    """check_bulletin on a text, as of 2020-06."""
    return check_bulletin(text, loaded.facts, "b.md", 2020, 6)


@pytest.mark.parametrize(
    ("stated", "exact", "verdict", "correct"),
    [
        ("60.50", "60.5", Verdict.OK, "60.50"),
        ("60.49", "60.5", Verdict.ROUNDING, "60.50"),
        ("50.59", "51.6", Verdict.WRONG, "51.60"),
        ("72.5", "72.4971231300345", Verdict.OK, "72.5"),
        ("150", "148.5264444", Verdict.ROUNDING, "149"),
        ("148.53", "148.5264444", Verdict.OK, "148.53"),
    ],
)
def test_compare_judges_at_the_printed_places(
    stated: str, exact: str, verdict: Verdict, correct: str
) -> None:
    """A figure is right when the exact one rounds to it; one unit off is its own verdict."""
    found, right = compare(Decimal(stated), Decimal(exact))
    assert (found, str(right)) == (verdict, correct)  # as written: 51.60 is not 51.6


def test_compare_follows_the_rounding_setting() -> None:
    """An office that truncates prints 66.66 for 2/3, which half-up would call a rounding slip."""
    two_thirds = Decimal(200) / Decimal(3)
    assert compare(Decimal("66.66"), two_thirds, "truncate")[0] is Verdict.OK
    assert compare(Decimal("66.66"), two_thirds, "half-up")[0] is Verdict.ROUNDING


def test_matching_by_name_id_alias_and_fuzzy(loaded: pipeline.Loaded) -> None:
    """Exact name, id, alias, then synonyms (引进 = 招引) and a unique part of a name."""
    indicators = loaded.targets.indicators
    assert match_indicator("主营业务收入", indicators).how == "name"
    assert match_indicator("fdi", indicators).how == "id"
    assert match_indicator("营收", indicators).how == "alias"
    fuzzy = match_indicator("新引进企业", indicators)
    assert fuzzy.how == "fuzzy" and fuzzy.indicator is not None
    assert fuzzy.indicator.id == "companies"
    part = match_indicator("特色产业企业", indicators)
    assert part.indicator is not None and part.indicator.id == "featured"


def test_fuzzy_matching_refuses_to_guess(loaded: pipeline.Loaded) -> None:
    """新引进 is part of two names, 税收 is too short: no match, the candidates are named."""
    indicators = loaded.targets.indicators
    ambiguous = match_indicator("新引进", indicators)
    assert ambiguous.indicator is None
    assert {i.id for i in ambiguous.candidates} == {"companies", "featured"}
    assert match_indicator("税收", indicators).indicator is None


def test_scopes_map_to_the_whole_orgs_and_groups(loaded: pipeline.Loaded) -> None:
    """全区/我区, the root name → the whole; an org or a group by name (a count must match
    the group's size); else unknown."""
    revenue = loaded.targets.by_key()["revenue"]
    facts = loaded.facts
    assert resolve_scope("", facts, revenue) == ""
    assert resolve_scope("全区十大产业平台", facts, revenue) == ""
    assert resolve_scope("智慧网谷小镇", facts, revenue) == "智慧网谷小镇"
    assert resolve_scope("2个省级特色小镇", facts, revenue) == "省级特色小镇"
    assert resolve_scope("4个省级特色小镇", facts, revenue) is None  # orgs.yaml has two
    assert resolve_scope("星直播小镇", facts, revenue) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "实际利用外资年度目标4.5亿美元,1-6月完成66836.9万美元,完成率148.53%。",
        "1-6月,实际利用外资完成66836.9万美元,完成全年目标的148.53%。",
        "实际利用外资1-6月完成6.68亿美元,完成年度目标任务的148.53%。",
        "上半年实际利用外资累计完成66836.9万美元,完成目标任务的148.53%。",
        "实际利用外资完成年度目标任务45000万美元的148.53%。",
    ],
)
def test_other_wordings_magnitudes_and_rates_above_100_agree(
    loaded: pipeline.Loaded, sentence: str
) -> None:
    """Other verbs and word orders, 亿美元 against 万美元, over 100%: all correct, no problem."""
    result = fact_check(loaded, sentence)
    assert result.problems == (), result.problems
    assert result.claims == 1 and result.checked >= 2 and result.wrong == 0


def test_a_wrong_rate_above_100_is_reported_with_the_correct_one(loaded: pipeline.Loaded) -> None:
    """148.35% instead of 148.53%: wrong, the message names both and the arithmetic."""
    text = "# 成绩单\n\n◎ 实际利用外资年度目标4.5亿美元,1-6月完成66836.9万美元,完成率148.35%。\n"
    result = fact_check(loaded, text)
    assert codes(result) == [(3, "bulletin-rate-wrong")]
    problem = result.problems[0]
    assert problem.severity is Severity.ERROR
    assert "写作 148.35%，应为 148.53%" in problem.message
    assert "6.68369亿美元 ÷ 年度目标 4.5亿美元" in problem.message
    assert problem.fix == "改为 148.53%"


def test_wrong_target_and_actual_in_another_magnitude(loaded: pipeline.Loaded) -> None:
    """A target of 5亿美元 (data 4.5) and an actual of 6.9亿美元 (data 6.68369) are wrong."""
    text = "实际利用外资年度目标5亿美元,1-6月完成6.9亿美元。"
    result = fact_check(loaded, text)
    assert codes(result) == [(1, "bulletin-target-wrong"), (1, "bulletin-actual-wrong")]
    assert "应为 4.5亿美元" in result.problems[0].message
    assert "应为 6.7亿美元" in result.problems[1].message


def test_rounding_difference_has_its_own_code_and_is_an_error(loaded: pipeline.Loaded) -> None:
    """52.48% for 419.72/800 (52.465 → 52.47) is one unit off: own code, still an error."""
    text = "主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.48%。"
    result = fact_check(loaded, text)
    assert codes(result) == [(1, "bulletin-rate-rounding")]
    assert result.problems[0].severity is Severity.ERROR
    assert "只差末位一个单位" in result.problems[0].message


def test_rate_checked_against_the_sentence_when_the_data_has_no_such_month(
    loaded: pipeline.Loaded,
) -> None:
    """No 1-7月 data: the rate is still checked against the sentence's own target and actual."""
    text = "新招引企业年度目标任务869家,1-7月完成714家,完成率82.61%。"
    result = fact_check(loaded, text)
    assert ("bulletin-rate-wrong", Severity.ERROR) in [
        (p.code, p.severity) for p in result.problems
    ]
    wrong = next(p for p in result.problems if p.code == "bulletin-rate-wrong")
    assert "按本句：714家 ÷ 869家" in wrong.message and "应为 82.16%" in wrong.message
    unverified = [p for p in result.problems if p.code == "bulletin-unverifiable"]
    assert len(unverified) == 1 and "1-7月" in unverified[0].message


def test_growth_and_share_against_orgs_groups_and_last_year(loaded: pipeline.Loaded) -> None:
    """Growth from last year's data, a town's growth, a group's share of the whole."""
    text = (
        "上半年,十大产业平台营收419.72亿元,同比增长11.1%。\n"
        "智慧网谷小镇主营业务收入同比增长11.2%。\n"
        "省级特色小镇实现主营业务收入268.41亿元,占全区十大产业平台的63.95%。\n"
        "省级特色小镇实现主营业务收入268.41亿元,占全区十大产业平台的64.95%。\n"
    )
    result = fact_check(loaded, text)
    assert codes(result) == [(2, "bulletin-growth-rounding"), (4, "bulletin-share-wrong")]
    assert "上年同期 90亿元" in result.problems[0].message


def test_unverifiable_figures_are_notes_not_errors(loaded: pipeline.Loaded) -> None:
    """A town not in orgs.yaml, growth without last year's data: notes, never errors."""
    text = "星直播小镇实现主营业务收入20亿元,同比增长9.9%。\n1-6月新招引企业630家,同比增长5.0%。\n"
    result = fact_check(loaded, text)
    assert [p.severity for p in result.problems] == [Severity.INFO] * 3
    assert {p.code for p in result.problems} == {"bulletin-unverifiable"}
    assert result.wrong == 0


def test_unknown_names_and_unread_sentences_are_listed(loaded: pipeline.Loaded) -> None:
    """Nothing is passed silently: an unknown indicator and an unreadable sentence are warnings."""
    text = (
        "工业增加值年度目标100亿元,1-6月完成40亿元,完成率40.00%。\n"
        "\n"
        "全年建设100个项目的目标任务,进度超前。\n"
    )
    result = fact_check(loaded, text)
    assert codes(result) == [(1, "bulletin-unknown-indicator"), (3, "bulletin-unread")]
    assert all(p.severity is Severity.WARNING for p in result.problems)


def test_fuzzy_match_is_noted(loaded: pipeline.Loaded) -> None:
    """新引进企业 is taken as 新招引企业, and the note says so."""
    result = fact_check(loaded, "上半年,十大产业平台新引进企业630家,完成全年任务的72.5%。")
    assert codes(result) == [(1, "bulletin-fuzzy-match")]
    assert result.checked == 2 and result.wrong == 0


def test_unit_that_cannot_convert_is_a_warning(loaded: pipeline.Loaded) -> None:
    """630个 for an indicator counted in 家: not compared, and said so."""
    result = fact_check(loaded, "1-6月,新招引企业完成630个,完成率72.50%。")
    assert ("bulletin-unit-mismatch", Severity.WARNING) in [
        (p.code, p.severity) for p in result.problems
    ]


@settings(deadline=None)
@given(
    exact=st.decimals(min_value=-1000, max_value=100000, allow_nan=False, places=6),
    places=st.integers(min_value=0, max_value=4),
)
def test_compare_accepts_its_own_rounding_and_flags_one_unit_off(
    exact: Decimal, places: int
) -> None:
    """The correctly rounded figure is OK; one unit either side is ROUNDING; more is WRONG."""
    printed = round_to(exact, places)
    unit = Decimal(1).scaleb(-places)
    assert compare(printed, exact) == (Verdict.OK, printed)
    assert compare(printed + unit, exact)[0] is Verdict.ROUNDING
    assert compare(printed - unit, exact)[0] is Verdict.ROUNDING
    assert compare(printed + 3 * unit, exact)[0] is Verdict.WRONG


@pytest.mark.parametrize("module", [factcheck, rules, snapshots, verdict])
def test_new_core_modules_do_no_io(module: ModuleType) -> None:
    """core/ stays pure: no CLI, rendering, loaders, file or OS access."""
    source = Path(str(module.__file__)).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }  # fmt: skip
    for name in imported:
        top = name.split(".")[0]
        assert top not in {"os", "pathlib", "io", "typer", "rich", "jinja2", "openpyxl"}, name
        assert not name.startswith(("gongshu_kpi.loaders", "gongshu_kpi.render")), name
        assert name not in {"gongshu_kpi.cli", "gongshu_kpi.pipeline", "gongshu_kpi.checking"}
    assert "open(" not in source


def test_sentence_arithmetic_allows_for_the_printed_actual_being_rounded(
    loaded: pipeline.Loaded,
) -> None:
    """No 1-7月 data: 6.68亿美元 may stand for 6.68369, so 148.53% agrees with the sentence;
    148.70% does not (6.685 ÷ 4.5 is at most 148.56%)."""
    fine = "实际利用外资年度目标4.5亿美元,1-7月完成6.68亿美元,完成率148.53%。"
    result = fact_check(loaded, fine)
    assert [p.code for p in result.problems] == ["bulletin-unverifiable"]
    wrong = fact_check(loaded, fine.replace("148.53%", "148.70%"))
    assert "bulletin-rate-wrong" in [p.code for p in wrong.problems]


def test_share_of_a_part_missing_from_the_data_uses_the_sentences_figure(
    loaded: pipeline.Loaded,
) -> None:
    """A town not in orgs.yaml: its stated 20亿元 (19.5 to 20.5) over the whole's 419.72 gives
    4.6% to 4.9%, so 4.8% passes and 6.0% is wrong; its actual itself is a note."""
    text = "星直播小镇1-6月实现主营业务收入20亿元,占全区十大产业平台的{}%。"
    fine = fact_check(loaded, text.format("4.8"))
    assert [p.code for p in fine.problems] == ["bulletin-unverifiable"]
    wrong = fact_check(loaded, text.format("6.0"))
    assert [p.code for p in wrong.problems] == ["bulletin-unverifiable", "bulletin-share-wrong"]
    assert "本句 20亿元 ÷ 全区十大产业平台1-6月 419.72亿元" in wrong.problems[1].message


def test_an_alias_may_name_only_one_indicator(tmp_path: Path) -> None:
    """An alias that is another indicator's name (or another's alias) is a targets error."""
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    clash = TARGETS.replace("aliases: [营收]", "aliases: [营收, 新招引企业]")
    (data / "targets.yaml").write_text(clash, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        pipeline.load(pipeline.find_data_folder(data))
    assert "“新招引企业”同时指向指标 revenue 和 companies" in str(caught.value)
