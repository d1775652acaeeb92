"""What the `kpi check` tests share: the reference bulletin's paths, a runner with --data, and
the output lines of one severity. (Their fixtures `here` and `bulletin` are in conftest.py.)"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES, REPO

runner = CliRunner()

REFERENCE = REPO.parent / "shared/reference/platforms-bulletin-2020.txt"

FIXTURE = FIXTURES / "platforms-bulletin-2020.txt"


def kpi(project: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Run kpi with --data pointing at the project; GITHUB_ACTIONS cleared unless given."""
    environment = {"COLUMNS": "120", "GITHUB_ACTIONS": "", **(env or {})}
    return runner.invoke(app, [*args, "--data", str(project)], env=environment)


def problem_lines(stdout: str, label: str = "错误") -> list[str]:
    """Output lines of one severity."""
    return [line for line in stdout.splitlines() if f": {label}：" in line]
