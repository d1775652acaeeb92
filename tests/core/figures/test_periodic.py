"""Issue 11's period figures wired end to end: 距目标还差 and 月均需完成 (what is still to do),
the projection along a profile, and 两年平均增长 — exact in exact_figures, rounded once on the
result, printed in JSON, bulletin_full and explain, and read back by the fact-check."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.figures import Facts, build_facts, compute_result, exact_figures
from gongshu_kpi.core.figures.explain import explain, trend
from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind, Settings, Targets
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location

runner = CliRunner()


def _indicator(**extra: object) -> Indicator:
    fields: dict[str, object] = {"id": "x", "name": "X", "unit": "亿元", "target": Decimal(800)}
    fields["kind"] = Kind.FLOW
    fields.update(extra)
    return Indicator.model_validate(fields)


def _series(values: dict[int, Decimal], year: int) -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org="",
        year=year,
        basis=Basis.YTD,
        values=values,
        sources={m: Location(f"{year}.csv", m + 1) for m in values},
    )


def _facts(indicator: Indicator, year: int, *series: ActualSeries) -> Facts:
    targets = Targets(year=year, indicators=(indicator,), settings=Settings())
    facts, problems = build_facts(targets, OrgTree(), list(series))
    assert problems == []
    return facts


# --------------------------------------------------------------------------- still to do


def test_gap_and_monthly_need_at_1_to_8() -> None:
    """800亿 target, 541.30亿 by 1-8月: 258.70 still to do; over the 4 months left 64.675 a
    month exactly, printed 64.68 (half-up, at the 2 places of the year-to-date figure)."""
    indicator = _indicator()
    facts = _facts(indicator, 2020, _series({8: Decimal("541.30")}, 2020))
    todo = exact_figures(facts, indicator, WHOLE, 2020, 8).still_to_do
    assert todo is not None
    assert (str(todo.gap), todo.periods_left, todo.pace) == ("258.70", 4, Fraction("64.675"))
    result = compute_result(facts, indicator, WHOLE, 2020, 8)
    assert (str(result.gap), result.months_left, str(result.monthly_need)) == ("258.70", 4, "64.68")
    steps = explain(facts, indicator, WHOLE, 2020, 8).steps
    assert "距目标还差 = 目标 800 − 累计 541.30 = 258.70 亿元" in steps
    assert "后4个月月均需完成 = 258.70 ÷ 4 = 64.675 → 64.68（四舍五入，保留2位）" in steps


def test_exceeded_target_has_a_negative_gap_and_no_need() -> None:
    """820 of 800 by 1-10月: gap −20 (超额完成 20), nothing needed a month."""
    indicator = _indicator()
    facts = _facts(indicator, 2020, _series({10: Decimal(820)}, 2020))
    result = compute_result(facts, indicator, WHOLE, 2020, 10)
    assert (str(result.gap), result.months_left, str(result.monthly_need)) == ("-20", 2, "0")
    steps = explain(facts, indicator, WHOLE, 2020, 10).steps
    assert "超额完成 = 累计 820 − 目标 800 = 20 亿元" in steps


def test_a_need_below_the_last_digit_is_printed_to_its_first_digit() -> None:
    """12亿元, 10 by 1-7月: 2 over 5 months is 0.4 a month, not "0亿元". For 12 projects
    (个, a count of whole things) the need is rounded up to 1个: 0.4个 is no project."""
    indicator = _indicator(unit="亿元", target=Decimal(12))
    facts = _facts(indicator, 2020, _series({7: Decimal(10)}, 2020))
    result = compute_result(facts, indicator, WHOLE, 2020, 7)
    assert (str(result.gap), str(result.monthly_need)) == ("2", "0.4")
    projects = _indicator(unit="个", target=Decimal(12))
    facts = _facts(projects, 2020, _series({7: Decimal(10)}, 2020))
    result = compute_result(facts, projects, WHOLE, 2020, 7)
    assert (str(result.gap), str(result.monthly_need)) == ("2", "1")


def test_stock_cap_and_december_have_no_monthly_need() -> None:
    """A stock's level or a cap is not shared out over months; December has no months left."""
    for extra in ({"kind": Kind.STOCK}, {"direction": "lower"}):
        indicator = _indicator(**extra)
        facts = _facts(indicator, 2020, _series({6: Decimal(100)}, 2020))
        assert exact_figures(facts, indicator, WHOLE, 2020, 6).still_to_do is None
    indicator = _indicator()
    facts = _facts(indicator, 2020, _series({12: Decimal(700)}, 2020))
    result = compute_result(facts, indicator, WHOLE, 2020, 12)
    assert (str(result.gap), result.months_left, result.monthly_need) == ("100", 0, None)


@given(
    st.decimals(min_value=Decimal(0), max_value=Decimal(10**9), places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2),
    st.integers(min_value=1, max_value=11),
)
def test_required_pace_times_months_left_plus_ytd_is_the_target(
    ytd: Decimal, target: Decimal, month: int
) -> None:
    """Exactly, as the issue asks: pace × months left + ytd == target (pace 0 once done)."""
    indicator = _indicator(target=target)
    facts = _facts(indicator, 2020, _series({month: ytd}, 2020))
    todo = exact_figures(facts, indicator, WHOLE, 2020, month).still_to_do
    assert todo is not None and todo.pace is not None
    if ytd < target:
        assert todo.pace * (12 - month) + Fraction(ytd) == Fraction(target)
    else:
        assert todo.pace == 0 and todo.gap <= 0


# --------------------------------------------------------------------------- projection


def test_projection_follows_the_profile_over_last_years_shape() -> None:
    """Weights 1 a month to June and 3 after: 60 by June is 6 of 24 parts, so 240 — the
    profile wins over last year's shape (which would give 60 × 200 ÷ 50 = 240 too, so last
    year here is 100 by June: seasonal would be 120)."""
    profile = [Decimal(1)] * 6 + [Decimal(3)] * 6
    indicator = _indicator(profile=profile)
    facts = _facts(
        indicator,
        2020,
        _series({6: Decimal(60)}, 2020),
        _series({6: Decimal(100), 12: Decimal(200)}, 2019),
    )
    projection = exact_figures(facts, indicator, WHOLE, 2020, 6).projection
    assert projection is not None
    assert (projection.method, format(projection.value.normalize(), "f")) == ("profile", "240")
    assert compute_result(facts, indicator, WHOLE, 2020, 6).projection_method == "profile"


# --------------------------------------------------------------------------- 两年平均


def test_two_year_average_from_2019_and_2021_without_2020() -> None:
    """2019 1-6月 50, 2021 1-6月 56: √1.12 − 1 = 5.830…%, printed 5.8 (one place)."""
    indicator = _indicator()
    facts = _facts(
        indicator, 2021, _series({6: Decimal(56)}, 2021), _series({6: Decimal(50)}, 2019)
    )
    figures = exact_figures(facts, indicator, WHOLE, 2021, 6)
    assert figures.two_years_ago == Decimal(50) and figures.growth is None
    assert str(compute_result(facts, indicator, WHOLE, 2021, 6).two_year_growth) == "5.8"
    steps = explain(facts, indicator, WHOLE, 2021, 6).steps
    assert any(s.startswith("两年平均增长 = (√(56 ÷ 50) − 1) × 100%") for s in steps)


def test_two_year_average_of_an_exact_square_and_a_fall() -> None:
    """121 over 100 is exactly 10.0%; 81 over 100 is a 10.0% fall a year."""
    for now, printed in ((Decimal(121), "10.0"), (Decimal(81), "-10.0")):
        indicator = _indicator()
        facts = _facts(indicator, 2021, _series({6: now}, 2021), _series({6: Decimal(100)}, 2019))
        assert str(compute_result(facts, indicator, WHOLE, 2021, 6).two_year_growth) == printed


def test_no_two_year_average_without_a_positive_base() -> None:
    indicator = _indicator()
    facts = _facts(indicator, 2021, _series({6: Decimal(56)}, 2021), _series({6: Decimal(0)}, 2019))
    assert compute_result(facts, indicator, WHOLE, 2021, 6).two_year_growth is None


# --------------------------------------------------------------------------- end to end

TARGETS = """year: 2021
indicators:
  - id: revenue
    name: 主营业务收入
    unit: 亿元
    target: 1000
    kind: flow
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "data" / "actuals").mkdir(parents=True)
    (root / "data" / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    rows = {2019: "400.00", 2020: "450.00", 2021: "541.30"}
    for year, value in rows.items():
        (root / "data" / "actuals" / f"r-{year}.csv").write_text(
            f"指标,月份,数值,口径,计量单位\n主营业务收入,{year}-08,{value},累计,亿元\n",
            encoding="utf-8",
        )
    return root


def _kpi(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--data", str(root / "data")])
    return result.exit_code, result.stdout


def test_json_and_bulletin_full_print_the_new_figures(tmp_path: Path) -> None:
    """1-8月 541.30 of 1000, 2019 400: gap 458.70, 114.675 → 114.68 a month over 4;
    √(541.30 ÷ 400) − 1 = 16.33…% → 16.3."""
    root = _project(tmp_path)
    code, out = _kpi(root, "report", "-m", "2021-08", "-f", "json")
    assert code == 0, out
    record = json.loads(out)["indicators"][0]
    assert (record["gap"], record["months_left"], record["monthly_need"]) == (
        "458.70",
        4,
        "114.68",
    )
    assert record["two_year_growth"] == "16.3"
    code, out = _kpi(root, "report", "-m", "2021-08", "-t", "bulletin_full")
    assert code == 0, out
    assert "同比增长20.3%，两年平均增长16.3%" in out
    assert "距年度目标还差458.70亿元，后4个月月均需完成114.68亿元" in out


def test_own_bulletin_passes_and_a_planted_error_in_each_new_line_is_caught(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    code, text = _kpi(root, "report", "-m", "2021-08", "-t", "bulletin_full")
    assert code == 0, text
    draft = root / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    code, out = _kpi(root, "check", "--bulletin", str(draft), "-f", "json")
    bulletin = json.loads(out)["bulletin"]
    assert code == 0 and (bulletin["checked"], bulletin["wrong"]) == (10, 0), out
    plants = {
        "两年平均增长16.3%": ("两年平均增长16.4%", "bulletin-two_year-"),
        "还差458.70亿元": ("还差458.07亿元", "bulletin-gap-"),
        "月均需完成114.68亿元": ("月均需完成114.67亿元", "bulletin-monthly_need-"),
    }
    for right, (wrong, code_prefix) in plants.items():
        assert right in text
        draft.write_text(text.replace(right, wrong), encoding="utf-8")
        code, out = _kpi(root, "check", "--bulletin", str(draft), "-f", "json")
        assert code == 1, out
        codes = [p["code"] for p in json.loads(out)["problems"]]
        assert any(c.startswith(code_prefix) for c in codes), (wrong, codes)


# --------------------------------------------------------------------------- 当月 and 环比


def _monthly(values: dict[int, Decimal], year: int, covers: dict[int, int]) -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org="",
        year=year,
        basis=Basis.MONTH,
        values=values,
        sources={m: Location(f"{year}.csv", m + 1) for m in values},
        covers=covers,
    )


def test_trend_of_a_1_to_2_release_and_march() -> None:
    """2021: 1-2月 released as one 30, March 18, April 20. 2020: January 10, February 10,
    March 15, April 16. 1-2月's 当月同比 is 30 over 10 + 10 = +50.0%; March's 18 over 15
    is +20.0%, and March has no 环比 (a month against a two-month release is not a growth);
    April's 环比 is 20 over 18 = +11.1% (11.11…), 当月同比 20 over 16 = +25.0%."""
    indicator = _indicator()
    this_year = _monthly({2: Decimal(30), 3: Decimal(18), 4: Decimal(20)}, 2021, {2: 1})
    last = {1: Decimal(10), 2: Decimal(10), 3: Decimal(15), 4: Decimal(16)}
    facts = _facts(indicator, 2021, this_year, _monthly(last, 2020, {}))
    rows = trend(facts, indicator, WHOLE, 2021)
    seen = [(r.month, r.first_month, str(r.amount), str(r.month_yoy), str(r.chain)) for r in rows]
    assert seen == [
        (2, 1, "30", "50.0", "None"),
        (3, 3, "18", "20.0", "None"),
        (4, 4, "20", "25.0", "11.1"),
    ]


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2),
    st.integers(min_value=2, max_value=12),
)
def test_chain_and_month_yoy_of_a_constant_series_are_zero(value: Decimal, months: int) -> None:
    """The same amount every month, this year and last: every 环比 and 当月同比 is 0."""
    indicator = _indicator()
    each = dict.fromkeys(range(1, months + 1), value)
    facts = _facts(indicator, 2021, _monthly(each, 2021, {}), _monthly(each, 2020, {}))
    rows = trend(facts, indicator, WHOLE, 2021)
    assert all(r.month_yoy == 0 for r in rows)
    assert all(r.chain == 0 for r in rows if r.month > 1)
    # January's 环比 is over last December: there only when last year reached December.
    assert rows[0].chain == (0 if months == 12 else None)


def test_a_profiled_indicator_projects_along_its_weights_and_its_bulletin_checks(
    tmp_path: Path,
) -> None:
    """Weights 1 a month to August and 2 after: 541.30 by 1-8月 is 8 of 16 parts, so the
    year is 1082.60 (the run-rate would give 811.95); bulletin_full says so and
    its own check agrees, and a wrong projection is caught."""
    root = _project(tmp_path)
    profile = "[1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]"
    (root / "data" / "targets.yaml").write_text(
        TARGETS + f"    profile: {profile}\n", encoding="utf-8"
    )
    code, text = _kpi(root, "report", "-m", "2021-08", "-t", "bulletin_full")
    assert code == 0, text
    assert "按月度权重预计全年1082.60亿元" in text
    draft = root / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    code, out = _kpi(root, "check", "--bulletin", str(draft), "-f", "json")
    assert code == 0 and json.loads(out)["bulletin"]["wrong"] == 0, out
    draft.write_text(text.replace("1082.60", "1082.06"), encoding="utf-8")
    code, out = _kpi(root, "check", "--bulletin", str(draft), "-f", "json")
    codes = [p["code"] for p in json.loads(out)["problems"]]
    assert code == 1 and "bulletin-projection-wrong" in codes, codes


def test_projection_option_adds_the_still_to_do_columns(tmp_path: Path) -> None:
    """--projection looks ahead: 预计全年, 距目标还差 and 月均需完成 as columns."""
    root = _project(tmp_path)
    code, out = _kpi(root, "report", "-m", "2021-08", "--projection", "-f", "markdown")
    assert code == 0, out
    assert "| 预计全年 | 距目标还差 | 月均需完成 |" in out
    assert "| 811.95亿元 | 458.70亿元 | 114.68亿元 |" in out
    code, out = _kpi(root, "report", "-m", "2021-08", "-f", "markdown")
    assert code == 0 and "距目标还差" not in out


MONTHLY_TARGETS = """year: 2021
indicators:
  - id: revenue
    name: 主营业务收入
    unit: 亿元
    target: 1000
    kind: flow
"""


def test_chain_growth_in_a_bulletin_is_checked(tmp_path: Path) -> None:
    """1-2月 100 then 1-3月 160 and 1-4月 226: April's own 66 over March's 60 is +10.0%;
    a stated 11.0% is wrong, and March's 环比 (against the 1-2月 release) cannot be checked."""
    root = _project(tmp_path)
    (root / "data" / "actuals" / "r-2021.csv").write_text(
        "指标,月份,数值,口径,计量单位\n"
        "主营业务收入,2021-02,100,累计,亿元\n"
        "主营业务收入,2021-03,160,累计,亿元\n"
        "主营业务收入,2021-04,226,累计,亿元\n",
        encoding="utf-8",
    )
    draft = root / "draft.txt"
    for text, wrong in (
        ("4月主营业务收入环比增长10.0%。", 0),
        ("4月主营业务收入环比增长11.0%。", 1),
    ):
        draft.write_text(text, encoding="utf-8")
        code, out = _kpi(root, "check", "--bulletin", str(draft), "-m", "2021-04", "-f", "json")
        assert (code, json.loads(out)["bulletin"]["wrong"]) == (wrong, wrong), out
    draft.write_text("3月主营业务收入环比增长10.0%。", encoding="utf-8")
    code, out = _kpi(root, "check", "--bulletin", str(draft), "-m", "2021-03", "-f", "json")
    messages = [p["message"] for p in json.loads(out)["problems"]]
    assert code == 0 and any("环比不可比" in m for m in messages), messages


def test_trend_keeps_a_gap_between_reports_as_one_amount() -> None:
    """1-4月 40, then 1-6月 70 (May not reported): one 5-6月 amount of 30, never split."""
    indicator = _indicator()
    facts = _facts(indicator, 2021, _series({4: Decimal(40), 6: Decimal(70)}, 2021))
    rows = trend(facts, indicator, WHOLE, 2021)
    assert [(r.month, r.first_month, str(r.amount)) for r in rows] == [(4, 1, "40"), (6, 5, "30")]


def test_report_figures_of_the_month_after_a_1_to_2_release() -> None:
    """The same data as the trend above, as a report gives it: at 1-2月 the month's amount
    is the release (30 from January, 当月同比 +50.0%); at 1-3月 March's 18 (+20.0%) has no
    环比; at 1-4月 April's 20 is +11.1% on March."""
    indicator = _indicator()
    this_year = _monthly({2: Decimal(30), 3: Decimal(18), 4: Decimal(20)}, 2021, {2: 1})
    last = {1: Decimal(10), 2: Decimal(10), 3: Decimal(15), 4: Decimal(16)}
    facts = _facts(indicator, 2021, this_year, _monthly(last, 2020, {}))
    seen = []
    for month in (2, 3, 4):
        r = compute_result(facts, indicator, WHOLE, 2021, month)
        seen.append((str(r.month_amount), r.month_first, str(r.month_yoy), str(r.chain)))
    assert seen == [
        ("30", 1, "50.0", "None"),
        ("18", 3, "20.0", "None"),
        ("20", 4, "25.0", "11.1"),
    ]
    chain = exact_figures(facts, indicator, WHOLE, 2021, 3).chain
    assert chain is not None and chain.code == "not-comparable"


def test_explain_shows_month_yoy_and_why_march_has_no_chain() -> None:
    indicator = _indicator()
    this_year = _monthly({2: Decimal(30), 3: Decimal(18)}, 2021, {2: 1})
    last = {1: Decimal(10), 2: Decimal(10), 3: Decimal(15)}
    facts = _facts(indicator, 2021, this_year, _monthly(last, 2020, {}))
    steps = explain(facts, indicator, WHOLE, 2021, 3).steps
    assert "当月同比 = (18 − 15) ÷ 15 × 100% = 20% → 20.0%（四舍五入，保留1位）" in steps
    assert any(s.startswith("环比：1-2月为2个月的合并数") for s in steps), steps
