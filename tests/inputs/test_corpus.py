"""The corpus of real-world bad inputs (tests/corpus/, made by scripts/make_corpus.py).

Each case builds a data folder from its files and checks the outcome in expected.yaml: the
same figures as clean.csv, given completion rates, or a named problem at a file, line or cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from gongshu_kpi import pipeline
from gongshu_kpi.core.problems import DataError, Problem, Severity
from tests.paths import CORPUS

CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))
MONTH = "2020-06"
Figures = list[tuple[str, int | None, str, str]]


def build_folder(root: Path, case: dict[str, Any]) -> pipeline.DataFolder:
    data = root / "data"
    (data / "actuals").mkdir(parents=True)
    shutil.copy(CORPUS / case.get("targets", "targets.yaml"), data / "targets.yaml")
    if case.get("sources"):
        shutil.copy(CORPUS / case["sources"], data / "sources.yaml")
    for name in case["files"]:
        shutil.copy(CORPUS / name, data / "actuals" / name)
    return pipeline.DataFolder(data, root / "templates")


def load(folder: pipeline.DataFolder) -> tuple[pipeline.Loaded | None, list[Problem]]:
    try:
        loaded = pipeline.load(folder)
    except DataError as exc:
        return None, exc.problems
    return loaded, loaded.problems


def figures(loaded: pipeline.Loaded) -> Figures:
    report = pipeline.build_report(loaded, pipeline.ReportAsk(MONTH))
    # The actual as written: a case that reads 419.72 as 419.7200 (or 万 as 亿 with extra
    # zeros) prints other digits, so it is not "the same".
    return [(r.indicator.id, r.as_of, str(r.actual), str(r.rate)) for r in report.results]


@pytest.fixture(scope="module")
def clean_figures(tmp_path_factory: pytest.TempPathFactory) -> Figures:
    """The figures of clean.csv, which every "same" case must reproduce."""
    loaded, problems = load(
        build_folder(tmp_path_factory.mktemp("clean"), {"files": ["clean.csv"]})
    )
    assert loaded is not None and not problems, problems
    result = figures(loaded)
    rates = {name: rate for name, _, _, rate in result}
    assert rates == {
        "revenue": "52.47",
        "investment": "60.50",
        "projects": "52.00",
        "fdi": "148.53",
        "hightech": "96.88",
        "rnd_share": "83.33",
    }
    # The actuals as written in clean.csv, so a change of digits everywhere cannot pass as
    # "the same" in every case at once.
    assert {name: actual for name, _, actual, _ in result} == {
        "revenue": "419.72",
        "investment": "27.83",
        "projects": "13",
        "fdi": "6.68369",  # 66836.9万美元 in the target's 亿美元
        "hightech": "217",
        "rnd_share": "2.5",
    }
    return result


def test_corpus_is_large_and_covers_the_hazards() -> None:
    """At least 40 cases, covering every loading row (#1-#36) of the hazards table."""
    assert len(CASES) >= 40
    covered = {c["hazard"] for c in CASES if c["hazard"]}
    assert not set(range(1, 37)) - covered, sorted(set(range(1, 37)) - covered)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_corpus_case(case: dict[str, Any], tmp_path: Path, clean_figures: Figures) -> None:
    """Each corpus case reads as expected: same figures, or the named problem at its place."""
    loaded, problems = load(build_folder(tmp_path, case))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    shown = "\n".join(str(p) for p in problems)
    expect = case["expect"]
    if expect in ("same", "ok", "warning"):
        assert loaded is not None and not errors, shown
        if expect == "same":
            assert figures(loaded) == clean_figures
        if expect == "ok":
            rates = {i: rate for i, _, _, rate in figures(loaded)}
            assert {k: rates[k] for k in case["figures"]} == case["figures"]
    if "code" not in case:
        return
    wanted = Severity.WARNING if expect == "warning" else None
    matching = [
        p
        for p in problems
        if p.code == case["code"]
        and case.get("message", "") in p.message
        and (wanted is None or p.severity is wanted)
    ]
    assert matching, f"no {case['code']} “{case.get('message')}” in:\n{shown}"
    if expect == "error":
        assert any(p.severity is Severity.ERROR for p in matching), shown
    where = case.get("where")
    if where:
        assert any(str(p.location).endswith(where) for p in matching), "\n".join(
            str(p) for p in matching
        )
        # File-level problems name the file; all others a line or a cell.
        if ":" in where:
            assert all(p.location and (p.location.line or p.location.cell) for p in matching)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_corpus_exit_codes(case: dict[str, Any], tmp_path: Path) -> None:
    """`kpi check` on each case: exit 1 for errors, 0 otherwise, never a traceback."""
    from typer.testing import CliRunner

    from gongshu_kpi.cli import app

    folder = build_folder(tmp_path, case)
    result = CliRunner().invoke(app, ["check", "--data", str(folder.data)])
    assert result.exit_code == (1 if case["expect"] == "error" else 0), result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output
