"""Fixtures of the command tests: for `kpi check`, the project as the current folder and the
published 2020 bulletin in it; for the collection loop (`kpi form`, `kpi status`), a copy of
the towns fixture's data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.check_helpers import FIXTURE, REFERENCE
from tests.cli.collect_helpers import TOWNS


@pytest.fixture
def here(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project as the current folder, so paths in output are short and stable."""
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def bulletin(here: Path) -> Path:
    """The published 2020 bulletin (the shared reference if present, else the test copy)."""
    source = REFERENCE if REFERENCE.is_file() else FIXTURE
    target = here / "bulletin.txt"
    shutil.copyfile(source, target)
    return target


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    shutil.copytree(TOWNS, tmp_path / "data")
    return tmp_path / "data"
