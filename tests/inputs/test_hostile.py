"""The hostile suite: every case of scripts/make_hostile.py run as its own `kpi` process
under a CPU-time and address-space cap (resource.setrlimit in the child), checked for
exit 0/1/2 only, no traceback, byte-identical inputs and the expected outcome.

The cases run four at a time when the suite starts; each test then checks one result.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.paths import REPO, SCRIPTS

sys.path.insert(0, str(SCRIPTS))
from make_hostile import CASES, Case, build

CPU_SECONDS = 20
MEMORY_BYTES = 2 << 30  # address space: kpi itself needs ~0.5 GB of it
WALL_SECONDS = 60


@dataclass(frozen=True)
class Outcome:
    code: int
    output: str  # stdout and stderr
    seconds: float
    before: dict[str, str | bytes]
    after: dict[str, str | bytes]


def _caps() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _state(root: Path) -> dict[str, str | bytes]:
    """Every entry under the project, without following links or opening FIFOs."""
    found: dict[str, str | bytes] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            mode = path.lstat().st_mode
            key = str(path.relative_to(root))
            if stat.S_ISLNK(mode):
                found[key] = "link → " + str(path.readlink())
            elif stat.S_ISREG(mode):
                found[key] = path.read_bytes()
            else:
                found[key] = f"mode {stat.S_IFMT(mode):o}"
    return found


def _run(root: Path, case: Case) -> Outcome:
    before = _state(root)
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "gongshu_kpi", *case.args],
            cwd=root,
            capture_output=True,
            timeout=WALL_SECONDS,
            preexec_fn=_caps,
            env={**os.environ, "GITHUB_ACTIONS": "", "COLUMNS": "200"},
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(-1, f"still running after {WALL_SECONDS} s", WALL_SECONDS, before, {})
    seconds = time.monotonic() - started
    output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    return Outcome(done.returncode, output, seconds, before, _state(root))


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("hostile")
    folders = {case.name: build(root, case) for case in CASES}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {c.name: pool.submit(_run, folders[c.name], c) for c in CASES}
        return {name: future.result() for name, future in futures.items()}


def test_every_class_has_several_variants() -> None:
    from collections import Counter

    counts = Counter(case.group for case in CASES)
    assert set(counts) == {
        "resources",
        "numbers",
        "wrong numbers",
        "files",
        "outputs",
        "lax reading",
    }
    assert min(counts.values()) >= 5, counts
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    shown = outcome.output[-1500:]
    assert outcome.code in (0, 1, 2), f"exit {outcome.code} (3 = bug, <0 = killed)\n{shown}"
    assert "Traceback" not in outcome.output and "内部错误" not in outcome.output, shown
    assert outcome.code == case.exit, shown
    assert case.says in outcome.output, shown
    for text in case.never:
        assert text not in outcome.output, f"{text!r} printed\n{shown}"
    assert outcome.after == outcome.before, "an input changed"
    assert len(outcome.output) < 100_000, "messages were not summarised"


def test_the_readme_counts_the_cases_by_class() -> None:
    from collections import Counter

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Reliability", 1)[1]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("| ")][2:]
    documented = [int(cells[2]) for cells in rows if len(cells) > 3 and cells[2].strip().isdigit()]
    counts = Counter(case.group for case in CASES)
    order = ["resources", "numbers", "wrong numbers", "files", "outputs", "lax reading"]
    assert documented == [counts[group] for group in order]
    assert f"runs {len(CASES)} hostile cases" in section.replace("\n", " ")
