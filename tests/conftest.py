"""Shared fixtures: a copy of the shipped data folder, and golden files with an update flag;
and the core's own coverage gate at the end of a run with coverage."""

from __future__ import annotations

import io
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from tests.paths import GOLDEN, REPO

if TYPE_CHECKING:
    from gongshu_kpi import pipeline

# scripts/mutation.sh runs the suite once per mutant: a few examples each is enough there.
settings.register_profile("mutation", max_examples=10, deadline=None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from current output."
    )


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kpi check` prints GitHub annotations when GITHUB_ACTIONS=true; tests expect text
    unless they set it themselves, also when the suite itself runs in GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the repository's data folder (data/ and templates/)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written; rerun")
        assert text == path.read_text(encoding="utf-8")

    return check


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Issue 15: the pure core is held to its own branch-coverage floor (100% is the aim),
    above the whole package's `--cov-fail-under`. Runs after pytest-cov has combined the
    data; a run with `--no-cov` or failing tests is left alone."""
    plugin = session.config.pluginmanager.getplugin("_cov")
    controller = getattr(plugin, "cov_controller", None)
    if controller is None or session.testsfailed:
        return
    from coverage.exceptions import NoDataError
    from coverage.results import should_fail_under

    gate = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    settings = gate["tool"]["gongshu-kpi"]["coverage"]
    report = io.StringIO()
    try:
        percent = controller.cov.report(
            include=[settings["core-include"]], file=report, show_missing=True, skip_covered=True
        )
    except NoDataError:
        return  # the run did not import the core at all (a single unrelated test file)
    floor = settings["core-fail-under"]
    terminal = session.config.pluginmanager.getplugin("terminalreporter")
    terminal.ensure_newline()
    if should_fail_under(percent, floor, 0):
        terminal.write_line(report.getvalue())
        terminal.write_line(f"FAIL core branch coverage {percent:.2f}% is under {floor}%", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        terminal.write_line(f"core branch coverage {percent:.2f}% (floor {floor}%)")


@pytest.fixture(scope="module")
def load_one_org(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, str], pipeline.Loaded]:
    """Load a throwaway data folder made of a targets.yaml text and one actuals CSV text,
    with one org, 杭钢新城: the small worlds of the fact-check's edge tests."""

    def load(targets: str, actuals: str) -> pipeline.Loaded:
        from gongshu_kpi import pipeline

        data = tmp_path_factory.mktemp("world") / "data"
        (data / "actuals").mkdir(parents=True)
        (data / "targets.yaml").write_text(targets, encoding="utf-8")
        (data / "orgs.yaml").write_text("root: 全区\norgs:\n  - name: 杭钢新城\n", encoding="utf-8")
        (data / "actuals" / "a.csv").write_text(actuals, encoding="utf-8")
        return pipeline.load(pipeline.find_data_folder(data))

    return load
