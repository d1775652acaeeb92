"""`kpi publish` and the published snapshots `kpi check` compares against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.check_helpers import kpi, problem_lines

# --------------------------------------------------------------------------- publish


def test_publish_writes_a_snapshot_of_decimal_strings(here: Path) -> None:
    """kpi publish --month 2020-06 writes data/published/2020-06.json; again needs --force."""
    result = kpi(here, "publish", "--month", "2020-06")
    assert result.exit_code == 0, result.output
    path = here / "data" / "published" / "2020-06.json"
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=pytest.fail)
    assert data["schema_version"] == 1 and data["month"] == "2020-06"
    assert data["targets"]["industrial_investment"] == "46"
    assert {"indicator": "regular_tax", "org": "", "month": 6, "ytd": "25.80"} in data["figures"]
    assert all(f["month"] <= 6 for f in data["figures"])
    assert kpi(here, "publish", "--month", "2020-06").exit_code == 2
    assert kpi(here, "publish", "--month", "2020-06", "--force").exit_code == 0
    assert not list(path.parent.glob(".*.tmp"))
    assert kpi(here, "check").exit_code == 0


def test_changed_published_value_fails_at_its_row(here: Path) -> None:
    """A published 1-6月 figure edited afterwards: published-changed at the CSV row, exit 1."""
    assert kpi(here, "publish", "--month", "2020-06").exit_code == 0
    csv = here / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("25.80", "25.90"), encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 1
    lines = problem_lines(result.stdout)
    assert lines == [
        (
            "data/actuals/platforms-2020.csv:6: 错误：“常规税收贡献”2020年1-6月累计已于 2020-06 "
            "发布为 25.80，现为 25.90；修正：如确需更正，更正后重新发布"
            "（kpi publish --month 2020-06 --force）并说明"
        )
    ]


def test_changed_target_is_a_warning_at_the_target_line(here: Path) -> None:
    """A target changed after publishing: target-changed at targets.yaml's target line."""
    assert kpi(here, "publish").exit_code == 0
    targets = here / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8").replace("target: 46\n", "target: 48\n")
    targets.write_text(text, encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 0
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == "target: 48")
    expected = (
        f"data/targets.yaml:{line}:5: 警告：“产业投资”2020年目标在 2020-07 发布时为 46，现为 48"
    )
    assert expected in result.stdout
    assert kpi(here, "check", "--strict").exit_code == 1


def test_broken_snapshot_is_a_located_error(here: Path) -> None:
    """A hand-edited snapshot that is not what kpi publish writes: exit 1 naming the file."""
    folder = here / "data" / "published"
    folder.mkdir()
    (folder / "2020-06.json").write_text('{"kind": "other"}', encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 1
    assert "data/published/2020-06.json: 错误：发布快照有误" in result.stdout


def test_publish_refuses_data_with_errors(here: Path) -> None:
    """No snapshot of figures that failed validation: exit 1, nothing written."""
    csv = here / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("25.80", "x"), encoding="utf-8")
    assert kpi(here, "publish").exit_code == 1
    assert not (here / "data" / "published").exists()


def test_check_as_of_a_month(here: Path) -> None:
    """--month sets the as-of month; a malformed one is a usage error."""
    result = kpi(here, "check", "--month", "2020-06", "--format", "json")
    assert json.loads(result.stdout)["month"] == "2020-06"
    assert kpi(here, "check", "--month", "June").exit_code == 2
