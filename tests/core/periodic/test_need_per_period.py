"""What is still to do per remaining period: 季均需完成 for a quarterly indicator, and a count's
need rounded up to a whole number (a need must be enough to reach the target).

Hand-checked:
- 地区生产总值 (quarterly, target 500亿元), 1-6月 260: 还差240, 后2个季度季均需完成120亿元.
- 新招引企业 (家, target 500), 1-6月 261: 还差239, 239 ÷ 6 = 39.83… → 40家 (39家 × 6 = 234
  would leave 5 firms short); a draft saying 39家 is caught.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from math import ceil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.core.periodic.period import Frequency
from gongshu_kpi.core.periodic.remaining import counts_whole_things, still_to_do

runner = CliRunner()
D = Decimal
TARGETS = """year: 2021
indicators:
  - id: gdp
    name: 地区生产总值
    unit: 亿元
    target: 500
    kind: flow
    frequency: quarterly
  - id: firms
    name: 新招引企业
    unit: 家
    target: 500
    kind: flow
"""
ROWS = (
    "指标,月份,数值,口径,计量单位\n"
    "地区生产总值,2021-Q1,120,当月,亿元\n"
    "地区生产总值,2021-Q2,140,当月,亿元\n"
    "新招引企业,2021-06,261,累计,家\n"
)


def project(tmp_path: Path) -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (data / "actuals" / "a-2021.csv").write_text(ROWS, encoding="utf-8")
    return data


def kpi(data: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(data)], env={"COLUMNS": "200"})


def test_count_need_is_rounded_up() -> None:
    todo = still_to_do(D(500), D(261), 6, whole=True)
    assert todo.pace == Fraction(239, 6) and str(todo.printed_pace(0)) == "40"
    assert str(still_to_do(D(500), D(261), 6).printed_pace(0)) == "40"  # half-up agrees here
    # 12 projects, 10 by 1-7月: 0.4 a month is no project; 1个 a month reaches the target.
    assert str(still_to_do(D(12), D(10), 7, whole=True).printed_pace(0)) == "1"
    # 235 over 6 is 39.17: half-up says 39 (× 6 = 234, short of 235); a count needs 40.
    assert str(still_to_do(D(500), D(265), 6, whole=True).printed_pace(0)) == "40"
    assert str(still_to_do(D(500), D(265), 6).printed_pace(0)) == "39"
    assert counts_whole_things("家") and not counts_whole_things("万人")


def test_quarterly_need_in_json_and_bulletin_full(tmp_path: Path) -> None:
    data = project(tmp_path)
    result = kpi(data, "report", "-m", "2021-06", "-f", "json")
    assert result.exit_code == 0, result.output
    gdp, firms = json.loads(result.stdout)["indicators"]
    assert (gdp["gap"], gdp["need_frequency"], gdp["periods_left"], gdp["period_need"]) == (
        "240",
        "quarterly",
        2,
        "120",
    )
    assert gdp["months_left"] is None and gdp["monthly_need"] is None  # not per month
    assert (firms["need_frequency"], firms["months_left"], firms["monthly_need"]) == (
        "monthly",
        6,
        "40",
    )
    text = kpi(data, "report", "-m", "2021-06", "-t", "bulletin_full").stdout
    assert "距年度目标还差240亿元，后2个季度季均需完成120亿元" in text
    assert "距年度目标还差239家，后6个月月均需完成40家" in text


def test_bulletin_full_golden(tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    """The template lines with 季均需完成 and a count's need rounded up."""
    result = kpi(project(tmp_path), "report", "-m", "2021-06", "-t", "bulletin_full")
    assert result.exit_code == 0, result.output
    golden("bulletin-full-need-2021-06.txt", result.stdout)


def test_own_bulletin_checks_clean_and_wrong_needs_are_caught(tmp_path: Path) -> None:
    data = project(tmp_path)
    text = kpi(data, "report", "-m", "2021-06", "-t", "bulletin_full").stdout
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    result = kpi(data, "check", "--bulletin", str(draft), "-m", "2021-06", "-f", "json")
    bulletin = json.loads(result.stdout)["bulletin"]
    assert result.exit_code == 0 and bulletin["wrong"] == 0, result.stdout
    for right, wrong in (
        ("季均需完成120亿元", "季均需完成80亿元"),
        ("月均需完成40家", "月均需完成39家"),
    ):
        draft.write_text(text.replace(right, wrong), encoding="utf-8")
        result = kpi(data, "check", "--bulletin", str(draft), "-m", "2021-06", "-f", "json")
        codes = [p["code"] for p in json.loads(result.stdout)["problems"]]
        assert result.exit_code == 1, result.stdout
        assert any(c.startswith("bulletin-monthly_need-") for c in codes), (wrong, codes)


def test_need_header_follows_the_frequency(tmp_path: Path) -> None:
    """Mixed frequencies: the header says 平均需完成 and each cell per what."""
    data = project(tmp_path)
    result = kpi(data, "report", "-m", "2021-06", "-c", "need", "-f", "markdown")
    assert "| 平均需完成 |" in result.stdout
    assert "| 120亿元/季 |" in result.stdout and "| 40家/月 |" in result.stdout
    only = kpi(data, "report", "-m", "2021-06", "-c", "need", "-i", "gdp", "-f", "markdown")
    assert "| 季均需完成 |" in only.stdout and "| 120亿元 |" in only.stdout


_AMOUNT = st.decimals(min_value=0, max_value=10**6, places=0, allow_nan=False)


@given(_AMOUNT, _AMOUNT, st.sampled_from([3, 6, 9]), st.booleans(), st.booleans())
def test_need_times_periods_left_plus_ytd_is_the_target(
    target: Decimal, ytd: Decimal, as_of: int, quarterly: bool, whole: bool
) -> None:
    """Exactly: pace × periods left + year-to-date == target (monthly or quarterly); and a
    count's printed need is the least whole number that reaches the target."""
    frequency = Frequency.QUARTERLY if quarterly else Frequency.MONTHLY
    todo = still_to_do(target, ytd, as_of, frequency, whole)
    left = (12 - as_of) // (3 if quarterly else 1)
    assert todo.periods_left == left and todo.pace is not None
    if todo.done:
        assert todo.pace == 0
        return
    assert todo.pace * left + Fraction(ytd) == Fraction(target)
    if whole:
        printed = todo.printed_pace(0)
        assert printed is not None and printed == ceil(todo.pace)
        assert printed * left + ytd >= target > (printed - 1) * left + ytd
