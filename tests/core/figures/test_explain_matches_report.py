"""Nothing `kpi explain` shows is computed differently from the report: for every indicator
and org of the shipped data and of the towns fixture, explain's figures equal the report's
JSON, and each figure's step prints that very value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES, REPO

runner = CliRunner()
TOWNS = FIXTURES / "towns"
FIGURES = (
    "time_progress", "pace", "status", "yoy", "share", "share_note", "projection",
    "projection_method", "gap", "months_left", "monthly_need", "two_year_growth",
    "month_amount", "month_yoy", "chain", "rank", "rank_tied",
)  # fmt: skip


def _run(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _steps_show(line: dict[str, Any], steps: list[str]) -> list[str]:
    """What a figure's step should print for the report's value (one entry per figure)."""

    def shown(prefixes: tuple[str, ...], fragment: str) -> str | None:
        found = [s for s in steps if s.startswith(prefixes)]
        return None if any(fragment in s for s in found) else f"{prefixes[0]} {fragment}: {found}"

    wanted: list[str | None] = []
    percent_steps = (
        ("completion_rate", ("完成率 =", "占控制额度 =")),
        ("time_progress", ("序时进度 =",)),
        ("yoy", ("同比 =",)),
        ("share", ("占",)),
        ("month_yoy", ("当月同比 =",)),
        ("chain", ("环比 =",)),
        ("two_year_growth", ("两年平均增长 =",)),
    )
    for key, prefixes in percent_steps:
        if line[key] is not None and not (
            key == "completion_rate" and line["target_type"] != "amount"
        ):
            wanted.append(shown(prefixes, f"→ {line[key]}%"))
    if line["pace"] is not None:
        # Against time progress, or a growth target's gap (its completion_rate too).
        sign = "+" if line["pace"].strip("0.") and not line["pace"].startswith("-") else ""
        wanted.append(shown(("差值 =", "与目标增速比 ="), f"= {sign}{line['pace']} 个百分点"))
    if line["projection"] is not None:
        wanted.append(shown(("预计全年",), f"→ {line['projection']} "))
    if line["gap"] is not None and line["gap"] != "0":
        wanted.append(shown(("距目标还差", "超额完成"), f"{line['gap'].lstrip('-')}"))
    if line["monthly_need"] is not None and line["gap"] not in (None, "0"):
        wanted.append(shown(("后",), f"→ {line['monthly_need']}（"))
    if line["rank"] is not None:
        tied = "并列" if line["rank_tied"] else ""
        wanted.append(shown(("排名",), f"→ {tied}第{line['rank']}位"))
    return [w for w in wanted if w is not None]


@pytest.mark.parametrize(
    ("data", "months"),
    [(REPO / "data", ("2020-06", "2020-07")), (TOWNS / "data", ("2020-06", "2020-07"))],
    ids=["shipped", "towns"],
)
def test_explain_shows_the_report_figures(data: Path, months: tuple[str, ...]) -> None:
    checked = 0
    for month in months:
        report = _run(
            "report", "--format", "json", "--by", "org", "--rank", "rate", "--share-of",
            "合计" if data == REPO / "data" else "十大产业平台", "-m", month, "--data", str(data),
        )  # fmt: skip
        root = "合计" if data == REPO / "data" else "十大产业平台"
        for line in report["indicators"]:
            if line["as_of"] is None:
                continue
            explained = _run(
                "explain", line["id"], "--org", line["org"] or root, "--share-of", root,
                "--rank", "rate", "-m", month, "--format", "json", "--data", str(data),
            )  # fmt: skip
            assert explained["actual"] == line["actual"], line["id"]
            assert explained["completion_rate"] == line["completion_rate"], line["id"]
            for key in FIGURES:
                assert explained["figures"][key] == line[key], (line["id"], line["org"], key)
            assert _steps_show(line, explained["steps"]) == [], (line["id"], line["org"])
            checked += 1
    assert checked >= 16
