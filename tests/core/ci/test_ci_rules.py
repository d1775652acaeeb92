"""core/ci/rules at its edges: the behind-time-progress points setting (refused as text,
10 by default) and a published figure that is no longer in the data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.ci.rules import DEFAULT_BEHIND_POINTS, Rules

runner = CliRunner()


def test_points_are_ten_unless_set() -> None:
    assert Rules().points() == Decimal(10) == DEFAULT_BEHIND_POINTS
    switched = Rules.model_validate({"rules": {"behind-time-progress": {"enabled": False}}})
    assert switched.points() == Decimal(10)
    given = Rules.model_validate({"rules": {"behind-time-progress": {"points": Decimal("2.5")}}})
    assert str(given.points()) == "2.5"


@pytest.mark.parametrize("written", ["10", True, 2.5])
def test_points_written_as_text_or_a_flag_are_refused(written: object) -> None:
    with pytest.raises(ValidationError) as refused:
        Rules.model_validate({"rules": {"behind-time-progress": {"points": written}}})
    assert f"应为数值，得到“{written}”；修正：写作普通数字如 10" in str(refused.value)


def test_a_published_figure_removed_from_the_data_is_reported(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    env = {"COLUMNS": "120", "GITHUB_ACTIONS": ""}
    data = ["--data", str(project)]
    assert runner.invoke(app, ["publish", "--month", "2020-06", *data], env=env).exit_code == 0
    csv = project / "data" / "actuals" / "platforms-2020.csv"
    text = csv.read_text(encoding="utf-8")
    row = "常规税收贡献,2020-06,25.80,累计,亿元\n"
    assert row in text
    csv.write_text(text.replace(row, ""), encoding="utf-8")
    result = runner.invoke(app, ["check", *data], env=env)
    assert result.exit_code == 1
    assert (
        "data/published/2020-06.json: 错误：“常规税收贡献”2020年1-6月累计已于 2020-06 发布为 "
        "25.80，现在数据中没有这个数" in result.stdout
    ), result.stdout
