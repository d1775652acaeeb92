"""Lower is better (控制在…以内): the rate is the share of the cap used, compared with time
progress; the pace is the printed share minus the printed time progress, and above time
progress is behind."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
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

runner = CliRunner()


def _cap(kind: Kind = Kind.FLOW, target: str = "120") -> Indicator:
    return Indicator.model_validate(
        {
            "id": "energy",
            "name": "能耗总量",
            "unit": "吨",
            "target": Decimal(target),
            "kind": kind,
            "direction": "lower",
        }
    )


def _result(
    indicator: Indicator,
    values: dict[int, str],
    month: int = 6,
    settings: Settings | None = None,
) -> IndicatorResult:
    series = ActualSeries(
        indicator_id=indicator.id,
        org="",
        year=2020,
        basis=Basis.YTD,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location("a.csv", m + 1) for m in values},
    )
    targets = Targets(year=2020, indicators=(indicator,), settings=settings or Settings())
    facts, problems = build_facts(targets, OrgTree(), [series])
    assert problems == []
    return compute_result(facts, indicator, "", 2020, month)


def test_share_of_cap_minus_time_progress_is_the_printed_pace() -> None:
    """1-6月: 54.321 of 120 is 45.27% (45.2675 rounded), 4.73 points under 50.00%: ahead."""
    result = _result(_cap(), {6: "54.321"})
    assert (str(result.rate), str(result.time_progress), str(result.pace)) == (
        "45.27",
        "50.00",
        "-4.73",
    )
    assert result.rate is not None and result.time_progress is not None
    assert result.pace == result.rate - result.time_progress
    assert result.status is Status.AHEAD


def test_using_the_cap_faster_than_the_calendar_is_behind() -> None:
    result = _result(_cap(), {6: "66"})
    assert (str(result.rate), str(result.pace)) == ("55.00", "5.00")
    assert result.status is Status.BEHIND


def test_zero_actual_uses_none_of_the_cap() -> None:
    """Nothing used yet is 0.00% of the cap, fully ahead (not an undefined inverse)."""
    result = _result(_cap(), {6: "0"})
    assert (str(result.rate), str(result.pace)) == ("0.00", "-50.00")
    assert result.status is Status.AHEAD


@pytest.mark.parametrize(
    ("rounding", "rate", "pace"),
    [
        ("half-up", "45.27", "-4.73"),
        ("truncate", "45.26", "-4.74"),
        ("half-even", "45.27", "-4.73"),
    ],
)
def test_share_of_cap_follows_the_rounding_setting(rounding: str, rate: str, pace: str) -> None:
    result = _result(_cap(), {6: "54.321"}, settings=Settings(rounding=rounding))
    assert (str(result.rate), str(result.pace)) == (rate, pace)


def test_pace_on_the_band_is_on_pace_under_a_cap() -> None:
    """A band of 0.5: 50.50% used at 50.00% is 达序时, 50.51% is behind, 49.49% ahead."""
    band = Settings(on_pace_band=Decimal("0.5"))
    assert _result(_cap(target="100"), {6: "50.50"}, settings=band).status is Status.ON_PACE
    assert _result(_cap(target="100"), {6: "49.50"}, settings=band).status is Status.ON_PACE
    assert _result(_cap(target="100"), {6: "50.51"}, settings=band).status is Status.BEHIND
    assert _result(_cap(target="100"), {6: "49.49"}, settings=band).status is Status.AHEAD


def test_stock_cap_is_its_latest_level_against_the_cap() -> None:
    """A stock cap takes the month-end level (not a sum) and is compared the same way when it
    asks for pace (`pace: time`); without it a stock is compared with its cap only."""
    paced = _cap(Kind.STOCK, "40").model_copy(update={"pace": "time"})
    result = _result(paced, {4: "30", 5: "10", 6: "18"})
    assert (str(result.actual), str(result.rate), str(result.pace)) == ("18", "45.00", "-5.00")
    assert result.status is Status.AHEAD
    alone = _result(_cap(Kind.STOCK, "40"), {4: "30", 5: "10", 6: "18"})
    assert (str(alone.rate), alone.time_progress, alone.pace, alone.status) == (
        "45.00",
        None,
        None,
        None,
    )


def test_ranks_under_a_cap_put_the_smallest_share_first() -> None:
    base = _result(_cap(target="100"), {6: "60"})
    results = [
        replace(base, org=org, rate=Decimal(rate))
        for org, rate in (("甲", "60.00"), ("乙", "30.00"), ("丙", "45.00"))
    ]
    ranked = rank_results(results, "rate")
    assert [(r.org, r.rank) for r in ranked] == [("乙", 1), ("丙", 2), ("甲", 3)]


# --- through the CLI: the bulletin's wording, explain and the behind rule -----------------


@pytest.fixture
def capped(tmp_path: Path) -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(
        "year: 2020\nindicators:\n"
        "  - {id: energy, name: 能耗总量, unit: 吨, target: 120, kind: flow, direction: lower}\n"
        "  - {id: coal, name: 煤炭消费量, unit: 吨, target: 100, kind: flow, direction: lower}\n",
        encoding="utf-8",
    )
    (data / "actuals" / "2020.csv").write_text(
        "指标,月份,数值,口径\n能耗总量,2020-06,54.321,累计\n煤炭消费量,2020-06,58,累计\n",
        encoding="utf-8",
    )
    return tmp_path / "p"


def _kpi(folder: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(folder)], env={"COLUMNS": "160"})


@pytest.mark.parametrize("template", ["bulletin", "bulletin_full"])
def test_bulletin_says_it_as_offices_do(capped: Path, template: str) -> None:
    result = _kpi(capped, "report", "-m", "2020-06", "-t", template)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "◎ 能耗总量控制在120吨以内，1-6月已使用54.321吨，占控制额度的45.27%，"
        "低于序时进度4.73个百分点。\n"
        "◎ 煤炭消费量控制在100吨以内，1-6月已使用58吨，占控制额度的58.00%，"
        "高于序时进度8.00个百分点。\n"
    )


def test_english_bulletin_calls_it_a_cap(capped: Path) -> None:
    result = _kpi(capped, "report", "-m", "2020-06", "-t", "bulletin_en", "-i", "煤炭消费量")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "* 煤炭消费量: cap 100 tonnes; Jan-Jun actual 58 tonnes; 58.00% of the cap used.\n"
    )


def test_json_pace_is_share_minus_time_progress(capped: Path) -> None:
    result = _kpi(capped, "report", "-m", "2020-06", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = {i["id"]: i for i in json.loads(result.stdout)["indicators"]}
    for row in rows.values():
        rate, progress = Decimal(row["completion_rate"]), Decimal(row["time_progress"])
        assert Decimal(row["pace"]) == rate - progress
    assert (rows["coal"]["completion_rate"], rows["coal"]["pace"], rows["coal"]["status"]) == (
        "58.00",
        "8.00",
        "behind",
    )


def test_behind_rule_fires_when_the_cap_is_used_too_fast(capped: Path) -> None:
    (capped / "data" / "rules.yaml").write_text(
        "rules:\n  behind-time-progress:\n    enabled: true\n    points: 5\n", encoding="utf-8"
    )
    result = _kpi(capped, "check", "-m", "2020-06")
    assert "“煤炭消费量”1-6月占控制额度 58.00%，高于序时进度 50.00% 共 8.00 个百分点" in (
        result.stdout
    )
    assert "能耗总量" not in result.stdout  # 4.73 points under the calendar is ahead


@pytest.mark.parametrize("template", ["bulletin", "bulletin_full", "bulletin_en"])
def test_cap_bulletins_pass_the_fact_check_and_a_wrong_share_fails(
    capped: Path, tmp_path: Path, template: str
) -> None:
    """kpi's own cap lines verify clean; the same line with another share is an error."""
    draft = tmp_path / "draft.txt"
    result = _kpi(capped, "report", "-m", "2020-06", "-t", template, "-o", str(draft))
    assert result.exit_code == 0, result.output
    checked = _kpi(capped, "check", "-m", "2020-06", "-b", str(draft), "--strict")
    assert checked.exit_code == 0, checked.output
    text = draft.read_text("utf-8")
    assert "45.27%" in text
    draft.write_text(text.replace("45.27%", "46.27%"), encoding="utf-8")
    wrong = _kpi(capped, "check", "-m", "2020-06", "-b", str(draft))
    assert wrong.exit_code == 1, wrong.output
    assert "45.27" in wrong.output


def test_cap_pace_words_are_checked(capped: Path, tmp_path: Path) -> None:
    """低于序时进度 under a cap is the printed share minus time progress; a wrong one fails."""
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "◎ 能耗总量控制在120吨以内，1-6月已使用54.321吨，占控制额度的45.27%，"
        "低于序时进度5.73个百分点。\n",
        encoding="utf-8",
    )
    wrong = _kpi(capped, "check", "-m", "2020-06", "-b", str(draft))
    assert wrong.exit_code == 1, wrong.output
    assert "4.73" in wrong.output
