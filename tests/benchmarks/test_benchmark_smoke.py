"""Smoke tests for benchmarks/run.py: tiny data sets, one round, the expected table rows, and
kpi accepting the generated data."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPO

RUN = REPO / "benchmarks" / "run.py"
# The harness measures the console script next to the interpreter that runs it.
KPI = Path(sys.executable).parent / "kpi"
CSV_HEADER = "指标,月份,数值,口径,填报单位"


def run_harness(*args: str) -> subprocess.CompletedProcess[str]:
    """Run benchmarks/run.py with this interpreter; UTF-8 output whatever the locale."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(RUN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )


def table_row(report: str, label: str) -> list[str]:
    """The cells of the Markdown table row whose first cell is `label`."""
    for line in report.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == label:
            return cells
    raise AssertionError(f"no table row {label!r} in:\n{report}")


def test_generate_tiny_is_deterministic_and_cached(tmp_path: Path) -> None:
    """generate writes the input contract, reuses a cached folder, and --force rebuilds the
    same bytes (the data is seeded)."""
    first = run_harness("generate", "--out", str(tmp_path), "--sizes", "tiny")
    assert first.returncode == 0, first.stderr
    actuals = tmp_path / "csv-200" / "data" / "actuals" / "actuals.csv"
    lines = actuals.read_text(encoding="utf-8").splitlines()
    assert lines[0] == CSV_HEADER
    assert len(lines) == 201
    rows = [line.split(",") for line in lines[1:]]
    assert rows[0][:2] == ["ind0001", "2020-01"]
    assert {row[3] for row in rows} == {"当月"}
    assert len({(row[0], row[1], row[4]) for row in rows}) == 200  # each key once
    targets = (tmp_path / "csv-200" / "data" / "targets.yaml").read_text(encoding="utf-8")
    assert targets.count("  - id: ") == 1000
    assert (tmp_path / "xlsx-200" / "data" / "actuals" / "actuals.xlsx").is_file()

    second = run_harness("generate", "--out", str(tmp_path), "--sizes", "tiny")
    assert second.returncode == 0, second.stderr
    assert "csv-200: cached" in second.stderr

    before = actuals.read_bytes()
    forced = run_harness("generate", "--out", str(tmp_path), "--sizes", "tiny", "--force")
    assert forced.returncode == 0, forced.stderr
    assert actuals.read_bytes() == before


def _check_kpi_rows_and_ratios(report: str) -> None:
    """The kpi report rows, the ratios and the exact baselines' rows of a run's results."""
    # kpi report rows: measured once, or marked FAILED with the stderr tail further down.
    # (Whether kpi accepts the data is test_kpi_reads_generated_tiny_data's business.)
    for label in (
        "kpi report shipped example (2020-06)",
        "kpi report csv-200",
        "kpi report xlsx-200",
    ):
        cells = table_row(report, label)
        assert [cells[1], cells[-1]] in (["1", "ok"], ["0", "FAILED"]), cells
        if cells[-1] == "FAILED":
            assert f"### {label}" in report
    for label in (
        "kpi --help / minimal Typer --help",
        "kpi report shipped / kpi --help",
        "csv-200: kpi / pandas",
        "xlsx-200: kpi / calamine bare read",
    ):
        table_row(report, label)
    for label in ("csv-200", "xlsx-200"):
        assert table_row(report, label)[1] == "200"
    # Ratios are only reported against baselines whose figures equal kpi's; polars is a
    # dependency of kpi, so its baseline always runs (17 indicators have data at 200 rows).
    assert table_row(report, "figures of polars exact baseline csv-200")[1:] == [
        "17",
        "17",
        "equal",
    ]
    table_row(report, "csv-200: kpi / polars exact")
    # fastexcel (the engine's .xlsx reader) is a dependency too: its baseline always runs.
    assert table_row(report, "figures of fastexcel exact baseline xlsx-200")[-1] == "equal"
    table_row(report, "xlsx-200: kpi / fastexcel exact")


def test_run_tiny_reports_every_row(tmp_path: Path) -> None:
    """run --sizes tiny --repeat 1 writes every command, ratio and per-row line to the file
    given by --results; a kpi command that fails is reported, not fatal to the run."""
    if not KPI.exists():
        pytest.skip(f"kpi console script not installed at {KPI}")
    data = tmp_path / "data"
    results = tmp_path / "results.md"
    generated = run_harness("generate", "--out", str(data), "--sizes", "tiny")
    assert generated.returncode == 0, generated.stderr

    ran = run_harness(
        "run", "--out", str(data), "--sizes", "tiny", "--repeat", "1", "--warmup", "0",
        "--results", str(results),
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    report = results.read_text(encoding="utf-8")
    assert report.strip() == ran.stdout.strip()

    # The harness's own commands must succeed; kpi --help too, or nothing was measured.
    # pandas is a baseline only, not a dependency of kpi or its tests: without it that one
    # row is reported as FAILED rather than measured.
    has_pandas = importlib.util.find_spec("pandas") is not None
    for label in (
        "python -c pass",
        "minimal Typer --help",
        "kpi --help",
        "pandas baseline csv-200",
        "calamine bare read xlsx-200",
    ):
        cells = table_row(report, label)
        if label.startswith("pandas") and not has_pandas:
            assert [cells[1], cells[-1]] == ["0", "FAILED"], cells
            continue
        assert [cells[1], cells[-1]] == ["1", "ok"], cells
    _check_kpi_rows_and_ratios(report)


@pytest.mark.parametrize("data_set", ["csv-200", "xlsx-200"])
def test_kpi_reads_generated_tiny_data(tmp_path: Path, data_set: str) -> None:
    """kpi report accepts the generated data (the benchmark would otherwise time an error
    path) and its JSON covers the generated indicators."""
    if not KPI.exists():
        pytest.skip(f"kpi console script not installed at {KPI}")
    generated = run_harness("generate", "--out", str(tmp_path), "--sizes", "tiny")
    assert generated.returncode == 0, generated.stderr
    report = subprocess.run(
        [str(KPI), "report", "--data", str(tmp_path / data_set / "data"),
         "--month", "2020-12", "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    json.loads(report.stdout)
    assert '"ind0001"' in report.stdout
