"""Project-level contracts: the README documents every command, the core stays pure,
and the scaffolding helpers never overwrite a user's files."""

from __future__ import annotations

import ast
from pathlib import Path

from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import REPO

runner = CliRunner()
IO_OR_UI = {
    "yaml",
    "openpyxl",
    "python_calamine",
    "rich",
    "typer",
    "jinja2",
    "csv",
    "io",
    "os",
    "pathlib",
    "shutil",
}


def test_readme_documents_every_command() -> None:
    """Each command `kpi --help` lists appears in the README's command table."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert names, "no commands registered"
    for name in names:
        assert f"`kpi {name}" in readme, name


def test_readme_keeps_the_two_setup_commands() -> None:
    """The README's set-up commands are the ones .ci/run and new users rely on."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e . && .venv/bin/kpi report --month 2020-06" in readme
    test_command = (
        ".venv/bin/pip install -e '.[test]' && .venv/bin/ruff check . && .venv/bin/mypy"
        " && .venv/bin/python -m pytest -q"
    )
    assert test_command in readme
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_core_imports_no_io_or_ui() -> None:
    """core/ is the pure domain: it imports no file, YAML, Excel, terminal or template library."""
    paths = sorted((REPO / "src" / "gongshu_kpi" / "core").rglob("*.py"))
    # Not a loop over nothing: the modules that compute figures are among those read.
    assert {"exact.py", "formulas.py", "units.py", "periods.py", "rollup.py"} <= {
        p.name for p in paths
    }
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert not roots & IO_OR_UI, f"{path.name} imports {roots & IO_OR_UI}"


def test_init_scaffolds_a_working_project(tmp_path: Path) -> None:
    """kpi init makes a project that passes check and reports; a second init is refused."""
    folder = tmp_path / "new"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    assert runner.invoke(app, ["check", "--data", str(folder)]).exit_code == 0
    result = runner.invoke(app, ["report", "-t", "bulletin", "--data", str(folder)])
    assert result.exit_code == 0 and result.stdout.startswith("◎ 主营业务收入")
    before = (folder / "data" / "targets.yaml").read_bytes()
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 2
    assert (folder / "data" / "targets.yaml").read_bytes() == before


def test_templates_export_keeps_user_edits(tmp_path: Path) -> None:
    """kpi templates --export copies defaults but leaves an edited file alone."""
    (tmp_path / "bulletin.j2").write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["templates", "--export", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "bulletin.j2").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "bulletin_full.j2").is_file()
