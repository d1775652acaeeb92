"""Issue 3 analysis: orgs and roll-ups, shares, year-on-year, pace, ranks, projection,
trend and provenance — through the core and through the CLI on a per-town fixture."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.core.figures import build_facts, compute_result
from gongshu_kpi.core.figures.rank import rank_results
from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    Indicator,
    IndicatorResult,
    Kind,
    Settings,
    Status,
    Targets,
)
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.problems import Location
from tests.paths import FIXTURES

FIXTURE = FIXTURES / "towns"
runner = CliRunner()


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    """A copy of the per-town fixture: ten platforms as orgs, four provincial towns."""
    root = tmp_path / "towns"
    shutil.copytree(FIXTURE, root)
    return root


def kpi(folder: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(folder)], env={"COLUMNS": "160"})


def _json(folder: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = kpi(folder, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_four_town_shares(towns: Path) -> None:
    """The four provincial towns earn 63.95% of the platforms' revenue and 72.17% of tax."""
    data = _json(
        towns, "report", "-m", "2020-06", "--org", "省级特色小镇", "--share-of", "十大产业平台"
    )
    by_id = {i["id"]: i for i in data["indicators"]}
    assert by_id["main_business_revenue"]["actual"] == "268.41"
    assert by_id["main_business_revenue"]["share"] == "63.95"
    assert by_id["regular_tax"]["actual"] == "18.62"
    assert by_id["regular_tax"]["share"] == "72.17"


def test_parent_mismatch_fails_check_with_both_numbers(towns: Path) -> None:
    """A parent's own figure that disagrees with its children's sum is a check problem."""
    csv = towns / "data" / "actuals" / "orgs-2020.csv"
    with csv.open("a", encoding="utf-8") as handle:
        handle.write("主营业务收入,2020-06,150.00,累计,其他平台\n")
    result = kpi(towns, "check")
    assert result.exit_code == 1
    assert (
        "其他平台 2020年1-6月填报 150.00，下级单位（杭钢新城、康桥健康产业园）合计 151.31"
        in result.stdout
    )


def test_matching_parent_figure_passes(towns: Path) -> None:
    """A parent reporting exactly its children's sum is fine."""
    csv = towns / "data" / "actuals" / "orgs-2020.csv"
    with csv.open("a", encoding="utf-8") as handle:
        handle.write("主营业务收入,2020-06,151.31,累计,其他平台\n")
    assert kpi(towns, "check").exit_code == 0


def test_year_on_year(towns: Path) -> None:
    """419.72 against a previous-year 377.78 gives 同比增长11.1%."""
    data = _json(towns, "report", "-m", "2020-06", "-i", "主营业务收入")
    line = data["indicators"][0]
    assert (line["previous_year"], line["yoy"]) == ("377.78", "11.1")
    bulletin = kpi(towns, "report", "-m", "2020-06", "-t", "bulletin", "-i", "主营业务收入")
    assert "完成率52.47%，同比增长11.1%。" in bulletin.stdout


def test_growth_rate_target_in_points(towns: Path) -> None:
    """A growth target (增长8%) compares the achieved rate in percentage points."""
    line = _json(towns, "report", "-m", "2020-06", "-i", "规上工业增加值")["indicators"][0]
    assert (line["actual"], line["completion_rate"], line["status"]) == ("9.2", "1.2", "ahead")


def test_combined_release_not_double_counted(towns: Path) -> None:
    """A 1-2月 combined release counts once; a separate January row on top is refused."""
    line = _json(towns, "report", "-m", "2020-07", "-i", "新招引企业")["indicators"][0]
    assert line["actual"] == "714"
    csv = towns / "data" / "actuals" / "orgs-2020.csv"
    with csv.open("a", encoding="utf-8") as handle:
        handle.write("新招引企业,2020-01,5,当月,星直播小镇\n")
    result = kpi(towns, "check")
    assert result.exit_code == 1
    assert "重复填报" in result.stdout


def test_explain_lists_rows_that_sum(towns: Path) -> None:
    """kpi explain for 新招引企业 at 2020-07 shows the rows that sum to 714."""
    result = kpi(towns, "explain", "新招引企业", "-m", "2020-07", "-f", "json")
    data = json.loads(result.stdout)
    assert sum(Decimal(row["value"]) for row in data["sources"]) == Decimal(714)
    assert len(data["sources"]) == 36
    assert all("orgs-2020.csv:" in row["location"] for row in data["sources"])
    text = kpi(towns, "explain", "新招引企业", "-m", "2020-07").stdout
    assert "= 714 家" in text and "完成率 = 714 ÷ 869 × 100%" in text


def test_explain_golden_on_shipped_data(project: Path, golden: Callable[[str, str], None]) -> None:
    """Provenance of the shipped 新招引企业 figure: one Excel cell and the arithmetic."""
    result = runner.invoke(app, ["explain", "新招引企业", "-m", "2020-07", "--data", str(project)])
    assert result.exit_code == 0, result.output
    text = result.stdout.replace(str(project), "<project>")
    assert "attraction-2020.xlsx:招商数据!C3" in text
    golden("explain-new-companies-2020-07.txt", text)


def test_by_org_rank_golden(towns: Path, golden: Callable[[str, str], None]) -> None:
    """--by org --rank rate: one row per org; the whole is shown but never ranked."""
    result = kpi(
        towns, "report", "-m", "2020-06", "--rank", "rate", "-i", "主营业务收入", "-f", "markdown"
    )
    assert result.exit_code == 0, result.output
    assert (
        "| 主营业务收入 | 汽车互联网小镇 | 120亿元 | 1-6月 | 80.11亿元 | 66.76% |" in result.stdout
    )
    golden("by-org-rank-2020-06.md", result.stdout)


def test_full_bulletin_golden(towns: Path, golden: Callable[[str, str], None]) -> None:
    """bulletin_full adds pace, YoY, projection and external ranks in the reference style."""
    result = kpi(towns, "report", "-m", "2020-07", "-t", "bulletin_full")
    assert result.exit_code == 0, result.output
    assert "超序时进度2.47个百分点，同比增长11.1%" in result.stdout
    assert "全市排名第四，同城组排名第二" in result.stdout
    golden("bulletin-full-towns-2020-07.txt", result.stdout)


def test_share_bulletin_golden(towns: Path, golden: Callable[[str, str], None]) -> None:
    """The towns' share sentences, as the reference text words them."""
    result = kpi(
        towns,
        "report",
        "-m",
        "2020-06",
        "-t",
        "bulletin_full",
        "--org",
        "省级特色小镇",
        "--share-of",
        "十大产业平台",
        "-i",
        "主营业务收入",
        "-i",
        "常规税收贡献",
    )
    assert "占十大产业平台63.95%" in result.stdout and "占十大产业平台72.17%" in result.stdout
    golden("bulletin-towns-share-2020-06.txt", result.stdout)


def test_trend_golden(towns: Path, golden: Callable[[str, str], None]) -> None:
    """kpi trend: monthly amounts from a 1-2月 release onwards, with a small chart."""
    result = kpi(towns, "trend", "新招引企业", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "| 7月 | 160 | 714 | 82.16% |" in result.stdout
    golden("trend-new-companies.md", result.stdout)


def test_trend_table_has_a_chart(towns: Path) -> None:
    """The terminal trend shows a sparkline of the monthly amounts."""
    result = kpi(towns, "trend", "新招引企业")
    assert any(ch in result.stdout for ch in "▁▂▃▄▅▆▇█")


def test_projection_methods(towns: Path) -> None:
    """Run-rate without last year's months; the report says which method it used."""
    line = _json(towns, "report", "-m", "2020-06", "-i", "主营业务收入")["indicators"][0]
    assert (line["projection"], line["projection_method"]) == ("839.44", "run-rate")


def test_exports(towns: Path, tmp_path: Path) -> None:
    """CSV (with BOM), XLSX (exact numbers) and HTML exports of the same report."""
    out = tmp_path / "r.csv"
    assert kpi(towns, "report", "-m", "2020-06", "-f", "csv", "-o", str(out)).exit_code == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("指标代码,指标,单位,分组,责任单位,类型,年度目标,目标计量单位")
    xlsx = tmp_path / "r.xlsx"
    assert kpi(towns, "report", "-m", "2020-06", "-f", "xlsx", "-o", str(xlsx)).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    headings = [c.value for c in sheet[3]]  # below the title and the unit basis rows
    row = [c.value for c in sheet[4]]
    assert row[headings.index("完成率")] == pytest.approx(0.5247)  # a percentage cell
    assert kpi(towns, "report", "-f", "xlsx").exit_code == 2  # binary needs --output
    html = kpi(towns, "report", "-m", "2020-06", "-f", "html").stdout
    assert '<td class="num rate">52.47%</td>' in html


def test_export_neutralises_formula_text(project: Path, tmp_path: Path) -> None:
    """An indicator named like a formula is written as text in CSV and XLSX."""
    targets = project / "data" / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("name: 开工项目", 'name: "=HYPERLINK(1)"'),
        encoding="utf-8",
    )
    csv = project / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8").replace("开工项目", "projects_started"), encoding="utf-8"
    )
    out = tmp_path / "r.csv"
    result = runner.invoke(app, ["report", "-f", "csv", "-o", str(out), "--data", str(project)])
    assert result.exit_code == 0, result.output
    assert ",'=HYPERLINK(1)," in out.read_text(encoding="utf-8-sig")
    xlsx = tmp_path / "r.xlsx"
    runner.invoke(app, ["report", "-f", "xlsx", "-o", str(xlsx), "--data", str(project)])
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    assert sheet["A4"].value == "=HYPERLINK(1)" and sheet["A4"].data_type == "s"


# --- the core, directly ---------------------------------------------------------------


def _indicator(**extra: object) -> Indicator:
    fields: dict[str, object] = {
        "id": "x",
        "name": "X",
        "unit": "个",
        "target": Decimal(100),
        "kind": Kind.FLOW,
    }
    fields.update(extra)
    return Indicator.model_validate(fields)


def _series(
    org: str, values: dict[int, str], basis: Basis = Basis.YTD, year: int = 2020
) -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org=org,
        year=year,
        basis=basis,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location(f"{org}.csv", m) for m in values},
    )


def _result(
    indicator: Indicator, *series: ActualSeries, month: int = 6, settings_: Settings | None = None
) -> IndicatorResult:
    targets = Targets(year=2020, indicators=(indicator,), settings=settings_ or Settings())
    facts, problems = build_facts(targets, OrgTree(), list(series))
    assert problems == []
    return compute_result(facts, indicator, "", 2020, month)


def test_pace_band_makes_small_gaps_on_pace() -> None:
    """Within the configured band, a small gap counts as 达序时."""
    band = Settings(on_pace_band=Decimal(1))
    assert _result(_indicator(), _series("", {6: "49.5"}), settings_=band).status is Status.ON_PACE
    assert _result(_indicator(), _series("", {6: "48"}), settings_=band).status is Status.BEHIND


def test_lower_is_better_rate_is_share_of_cap_used() -> None:
    """Energy use under its cap: the rate is the share used; using less than pace is ahead."""
    result = _result(_indicator(direction="lower"), _series("", {6: "40"}))
    assert str(result.rate) == "40.00"  # 40 of the cap of 100
    assert str(result.pace) == "-10.00"  # the printed 40.00 minus the printed 50.00
    assert result.status is Status.AHEAD


def test_profile_phases_time_progress() -> None:
    """A monthly profile replaces N/12: here half the weight falls in December."""
    profile = [Decimal(1)] * 11 + [Decimal(11)]
    result = _result(_indicator(profile=profile), _series("", {6: "30"}))
    assert result.time_progress == Decimal("27.27")  # 6 / 22


def test_days_time_progress() -> None:
    """Time progress by days: 1-6月 2020 is 182 of 366 days."""
    result = _result(_indicator(), _series("", {6: "50"}), settings_=Settings(time_progress="days"))
    assert result.time_progress == Decimal("49.73")


def test_seasonal_projection_uses_last_years_shape() -> None:
    """With last year's months, 预计全年 follows last year's seasonal shape."""
    result = _result(
        _indicator(),
        _series("", {6: "60"}),
        _series("", {6: "40", 12: "100"}, year=2019),
    )
    assert (result.projection, result.projection_method) == (Decimal(150), "seasonal")


def test_ranks_with_ties() -> None:
    """Equal completion rates share a rank (并列)."""
    rows = [
        IndicatorResult(_indicator(), org, None, 6, None, Decimal(rate), None, None, None)
        for org, rate in (("a", "50"), ("b", "70"), ("c", "50"), ("d", "10"))
    ]
    ranked = {r.org: (r.rank, r.rank_tied) for r in rank_results(rows)}
    assert ranked == {"b": (1, False), "a": (2, True), "c": (2, True), "d": (4, False)}


values = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(st.lists(values, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_rollup_is_order_independent(amounts: list[Decimal], rnd: random.Random) -> None:
    """The whole's figure is the same whatever order the orgs' rows arrive in."""
    indicator = _indicator()
    targets = Targets(year=2020, indicators=(indicator,))
    series = [_series(f"o{i}", {6: str(a)}) for i, a in enumerate(amounts)]
    facts, _ = build_facts(targets, OrgTree(), series)
    shuffled = series[:]
    rnd.shuffle(shuffled)
    again, _ = build_facts(targets, OrgTree(), shuffled)
    assert (
        facts.series("x", 2020, "")[6].value == again.series("x", 2020, "")[6].value == sum(amounts)
    )


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.decimals(min_value="0.01", max_value=10**6, places=2, allow_nan=False),
        min_size=1,
        max_size=8,
    )
)
def test_shares_of_a_partition_add_up(amounts: list[Decimal]) -> None:
    """Shares of orgs partitioning the whole sum to 100% within rounding (±0.005 each)."""
    indicator = _indicator()
    targets = Targets(year=2020, indicators=(indicator,))
    series = [_series(f"o{i}", {6: str(a)}) for i, a in enumerate(amounts)]
    facts, _ = build_facts(targets, OrgTree(), series)
    shares = [
        compute_result(facts, indicator, f"o{i}", 2020, 6, share_of="").share
        for i in range(len(amounts))
    ]
    assert all(s is not None for s in shares)
    total = sum((s for s in shares if s is not None), Decimal(0))
    assert abs(total - 100) <= Decimal("0.005") * len(amounts)


def test_org_lines_name_the_org_and_ranks_stay_with_the_whole(towns: Path) -> None:
    """Bulletin lines for an org say whose they are; published ranks belong to the whole."""
    result = kpi(
        towns,
        "report",
        "-m",
        "2020-06",
        "-t",
        "bulletin",
        "--org",
        "智慧网谷小镇",
        "-i",
        "主营业务收入",
    )
    assert (
        result.stdout
        == "◎ 智慧网谷小镇主营业务收入年度目标任务150亿元，1-6月完成98.20亿元，完成率65.47%。\n"
    )
    full = kpi(
        towns, "report", "-m", "2020-06", "-t", "bulletin_full", "--by", "org", "-i", "主营业务收入"
    )
    ranked = [line for line in full.stdout.splitlines() if "全市排名第四" in line]
    assert len(ranked) == 1 and ranked[0].startswith("◎ 十大产业平台主营业务收入")


def test_trend_of_a_year_without_data_is_a_usage_error(towns: Path) -> None:
    """kpi trend --year with nothing to show exits 2, like report --month would."""
    result = kpi(towns, "trend", "新招引企业", "--year", "2018")
    assert result.exit_code == 2 and "“新招引企业”没有 2018 年的数据" in result.stderr
    assert kpi(towns, "trend", "新招引企业", "--year", "2020").exit_code == 0


def test_large_tables_take_the_plain_text_path(
    towns: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above LARGE_TABLE rows the terminal table is aligned text with the same figures."""
    from gongshu_kpi.render import formats

    rich_table = kpi(towns, "report", "-m", "2020-06", "-i", "主营业务收入").stdout
    monkeypatch.setattr(formats, "LARGE_TABLE", 0)
    plain = kpi(towns, "report", "-m", "2020-06", "-i", "主营业务收入").stdout
    assert "━" not in plain and "─" in plain
    for figure in ("800亿元", "419.72亿元", "52.47%", "50.00%", "+2.47", "超序时", "11.1%"):
        assert figure in rich_table and figure in plain
    lines = plain.splitlines()
    assert lines[2].startswith("指标") and lines[4].startswith("主营业务收入")
