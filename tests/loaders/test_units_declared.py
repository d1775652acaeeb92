"""Units a project declares in targets.yaml's `units:` (issue 12 item 5), end to end: 车次
declared (with English words), 标准箱 declared the same as the built-in 标箱; targets in 万车次
and 万标箱; actuals in the declared unit and in a magnitude of it, from CSV and XLSX, through
the careful and the columnar paths; report figures, English words and the bulletin fact-check
reading kpi's own bulletins back. Bad declarations stop with targets.yaml:line:col."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from gongshu_kpi import pipeline
from gongshu_kpi.cli import app
from gongshu_kpi.core.models import Targets
from gongshu_kpi.core.units import BASE_UNITS
from gongshu_kpi.loaders import columnar
from gongshu_kpi.loaders.actuals import scan_actuals
from gongshu_kpi.loaders.rows import RowContext
from gongshu_kpi.loaders.sources import load_sources
from gongshu_kpi.loaders.targets import load_targets

runner = CliRunner()

TARGETS = """year: 2026
units:
  - name: 车次
    counts: 公交运营车次
    en: vehicle trips
  - name: 标准箱
    counts: 集装箱吞吐量
    same_as: 标箱
indicators:
  - id: trips
    name: 公交运营车次
    unit: 万车次
    target: 120
    kind: flow
  - id: boxes
    name: 集装箱吞吐量
    unit: 万标箱
    target: 50
    kind: flow
"""
HEADER = ["指标", "填报单位", "月份", "数值", "口径", "计量单位"]
# 52000 + 48000 + 31000 + 29500 车次 = 16.05万车次; 21000 + 19000 + 5000 + 6000 标箱 = 5.1万标箱
ROWS: list[list[str]] = [
    ["公交运营车次", "东区", "2026-01", "52000", "当月", "车次"],
    ["公交运营车次", "东区", "2026-02", "4.8", "当月", "万车次"],
    ["公交运营车次", "西区", "2026-01", "3.1", "当月", "万车次"],
    ["公交运营车次", "西区", "2026-02", "29500", "当月", "车次"],
    ["集装箱吞吐量", "东区", "2026-01", "21000", "当月", "标准箱"],
    ["集装箱吞吐量", "东区", "2026-02", "1.9", "当月", "万TEU"],
    ["集装箱吞吐量", "西区", "2026-01", "0.5", "当月", "万标准箱"],
    ["集装箱吞吐量", "西区", "2026-02", "6000", "当月", "标箱"],
]


def project(root: Path, kind: str = "csv", targets: str = TARGETS) -> Path:
    """A data folder with the declared units and one actuals file (CSV or XLSX)."""
    data = root / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(targets, encoding="utf-8")
    if kind == "csv":
        lines = [",".join(row) for row in [HEADER, *ROWS]]
        (data / "actuals" / "2026.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(HEADER)
        for row in ROWS:  # numbers as numbers, as an office's workbook has them
            sheet.append([*row[:3], float(row[3]) if "." in row[3] else int(row[3]), *row[4:]])
        workbook.save(data / "actuals" / "2026.xlsx")
    return data


def report_json(data: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(
        app, ["report", "--month", "2026-02", "--format", "json", "--data", str(data), *extra]
    )
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def figures(data: Path) -> dict[str, tuple[str, str, str]]:
    return {
        i["id"]: (i["unit"], i["actual"], i["completion_rate"])
        for i in report_json(data)["indicators"]
    }


EXPECTED = {"trips": ("万车次", "16.05", "13.38"), "boxes": ("万标箱", "5.1", "10.20")}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("columnar_first", [False, True])
def test_declared_units_and_their_magnitudes_add_up_in_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, columnar_first: bool
) -> None:
    """车次 and 万车次 cells into a 万车次 indicator; 标准箱, 万标准箱, 标箱 and 万TEU
    into 万标箱."""
    monkeypatch.setattr(pipeline, "FAST_MIN_BYTES", 0 if columnar_first else 1 << 62)
    data = project(tmp_path, kind)
    assert figures(data) == EXPECTED


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_columnar_engine_takes_declared_unit_cells_itself(tmp_path: Path, kind: str) -> None:
    """Not a fallback to the careful path: the engine reads 车次 cells against the project's
    table and shifts them into 万车次."""
    data = project(tmp_path, kind)
    targets, problems = load_targets(data / "targets.yaml", "targets.yaml")
    assert targets is not None, problems
    paths, _ = scan_actuals(data / "actuals", str)
    fast = columnar.read_fast(
        paths, [str(p) for p in paths], [None] * len(paths), RowContext(targets), 0
    )
    assert fast is not None


def test_english_output_uses_the_declared_words_with_magnitudes(tmp_path: Path) -> None:
    data = project(tmp_path)
    result = runner.invoke(
        app, ["report", "--month", "2026-02", "--lang", "en", "--data", str(data)]
    )
    assert result.exit_code == 0, result.output
    assert "120 10,000 vehicle trips" in result.stdout
    assert "16.05 10,000 vehicle trips" in result.stdout
    assert "50 10,000 TEU" in result.stdout  # 标箱 is built in: its own English word


@pytest.mark.parametrize("template", ["bulletin_full", "bulletin_en"])
def test_kpis_own_bulletin_passes_the_fact_check(tmp_path: Path, template: str) -> None:
    data = project(tmp_path)
    result = runner.invoke(
        app, ["report", "--month", "2026-02", "--template", template, "--data", str(data)]
    )
    assert result.exit_code == 0, result.output
    draft = tmp_path / "draft.md"
    draft.write_text(result.stdout, encoding="utf-8")
    checked = runner.invoke(
        app, ["check", "--month", "2026-02", "--data", str(data), "--bulletin", str(draft)]
    )
    assert checked.exit_code == 0, checked.output
    # Every figure was read (none left unchecked as an unreadable sentence).
    assert "0 个有误" in checked.output and "0 个警告" in checked.output
    assert "核对 0 个数字" not in checked.output


@pytest.mark.parametrize(
    ("sentence", "stated", "expected"),
    [
        # The declared unit itself, its magnitude, and a unit declared the same as a built-in.
        ("公交运营车次1-2月完成160600车次，完成率13.38%。", "160600车次", "160500车次"),
        ("公交运营车次1-2月完成16.15万车次，完成率13.38%。", "16.15万车次", "16.05万车次"),
        ("集装箱吞吐量1-2月完成52000标准箱，完成率10.20%。", "52000标准箱", "51000标准箱"),
    ],
)
def test_a_wrong_figure_in_a_declared_unit_is_caught(
    tmp_path: Path, sentence: str, stated: str, expected: str
) -> None:
    data = project(tmp_path)
    draft = tmp_path / "draft.md"
    draft.write_text(sentence + "\n", encoding="utf-8")
    checked = runner.invoke(
        app, ["check", "--month", "2026-02", "--data", str(data), "--bulletin", str(draft)]
    )
    assert checked.exit_code == 1, checked.output
    assert f"写作 {stated}，应为 {expected}" in checked.output


def test_a_wrong_figure_in_declared_english_words_is_caught(tmp_path: Path) -> None:
    data = project(tmp_path)
    draft = tmp_path / "draft.md"
    draft.write_text(
        "* 公交运营车次: annual target 120 10,000 vehicle trips; "
        "Jan-Feb actual 16.15 10,000 vehicle trips; completion 13.38%.\n",
        encoding="utf-8",
    )
    checked = runner.invoke(
        app, ["check", "--month", "2026-02", "--data", str(data), "--bulletin", str(draft)]
    )
    assert checked.exit_code == 1, checked.output
    assert "写作 16.15 10,000 vehicle trips，应为 16.05万车次" in checked.output


def test_sources_yaml_may_name_a_declared_unit(tmp_path: Path) -> None:
    """A file-wide unit in sources.yaml is read against the project's table, as cells are."""
    data = project(tmp_path)
    targets, _ = load_targets(data / "targets.yaml", "targets.yaml")
    assert targets is not None
    path = data / "sources.yaml"
    path.write_text('files:\n  - match: "*.csv"\n    unit: 万车次\n', encoding="utf-8")
    _, problems = load_sources(path, "sources.yaml", targets.unit_table)
    assert problems == []
    _, without = load_sources(path, "sources.yaml")
    assert "无法识别的计量单位“万车次”" in without[0].message


@pytest.mark.parametrize(
    ("before", "after", "where", "message"),
    [
        (
            "  - name: 标准箱\n",
            "  - name: 吨\n",
            "targets.yaml:6:5:",
            "计量单位“吨”是内置单位，不能再声明",
        ),
        (
            "  - name: 标准箱\n",
            "  - name: 万车次\n",
            "targets.yaml:6:5:",
            "计量单位“万车次”已可写作 万 × 车次",
        ),
        (
            "    same_as: 标箱\n",
            "    same_as: 集装箱\n",
            "targets.yaml:8:5:",
            "same_as“集装箱”不是内置或已声明的单位",
        ),
        (
            "    en: vehicle trips\n",
            "    en: vehicle trips\n    same_as: 万标准箱\n",
            "targets.yaml:9:5:",
            "same_as 首尾相连（车次 → 标准箱 → 车次）",
        ),
        (
            "    same_as: 标箱\n",
            "    same_as: 标箱\n    factor: 约1000\n",
            "targets.yaml:9:5:",
            "units 中的“标准箱”：factor 应为精确的数值，得到“约1000”",
        ),
        (
            "    same_as: 标箱\n",
            "    same_as: 标箱\n    factor: 0\n",
            "targets.yaml:9:5:",
            "换算系数应大于 0",
        ),
        (
            "    unit: 万车次\n",
            "    unit: 万辆次\n",
            "targets.yaml:12:5:",
            "指标 trips：unit 无法识别的计量单位“万辆次”",
        ),
    ],
)
def test_declarations_that_cannot_stand_are_located(
    tmp_path: Path, before: str, after: str, where: str, message: str
) -> None:
    targets = TARGETS.replace(before, after, 1)
    if "万标准箱" in after:  # the cycle: 车次 same_as 万标准箱, 标准箱 same_as 车次
        targets = targets.replace("    same_as: 标箱\n", "    same_as: 车次\n")
    data = project(tmp_path, targets=targets)
    result = runner.invoke(app, ["report", "--month", "2026-02", "--data", str(data)])
    assert result.exit_code == 1, result.output
    line = next(line for line in result.stderr.splitlines() if message in line)
    assert line.split(" ")[0].endswith(where), line
    assert "Traceback" not in result.output


def test_an_unknown_unit_says_it_may_be_declared(tmp_path: Path) -> None:
    data = project(tmp_path, targets=TARGETS.replace("    unit: 万车次\n", "    unit: 万辆次\n"))
    result = runner.invoke(app, ["report", "--month", "2026-02", "--data", str(data)])
    assert result.exit_code == 1
    assert "units:" in result.stderr and "声明" in result.stderr


def test_targets_validated_without_the_loader_still_know_their_declared_units() -> None:
    """The table is never a stale built-in one beside a `units:` section."""
    targets = Targets.model_validate(
        {
            "year": 2026,
            "units": [{"name": "车次", "counts": "公交运营车次"}],
            "indicators": [{"id": "a", "name": "甲", "unit": "个", "target": 1, "kind": "flow"}],
        }
    )
    assert "车次" in targets.unit_table and "车次" not in BASE_UNITS
