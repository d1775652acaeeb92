"""cli/errors under --lang en: a bug and bad data are framed in English, with the exit codes
of the Chinese run (3 and 1), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi import pipeline
from gongshu_kpi.cli import app

runner = CliRunner()


def test_a_bug_in_english(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pipeline, "find_data_folder", boom)
    result = runner.invoke(app, ["report", "--lang", "en", "--data", str(project)])
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "Internal error: ZeroDivisionError: boom\nThis is a bug in kpi; please report it"
    )
    assert "Traceback" not in result.output


def test_bad_data_in_english(project: Path) -> None:
    (project / "data" / "targets.yaml").write_text("year: 2020\nindicators: 3\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "--lang", "en", "--data", str(project)])
    assert result.exit_code == 1
    assert "Problems in the input, nothing made (" in result.output
