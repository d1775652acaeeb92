"""Carry another branch's edits of a test file that tests/ no longer has (moved or split when
tests/ came to mirror src/, issue 15) into the files that hold that code now.

    python scripts/follow_test_splits.py BRANCH [--base COMMIT] [--apply]

For each tests/ file BRANCH changed since BASE and that is gone here, each hunk of its diff is
tried on the file(s) the code went to (SPLITS below, or the rename git sees since BASE): with
its full context, then with one line of context. A hunk that fits exactly one file is applied
there (with --apply); the others are printed to place by hand, such as a hunk in the imports,
which every part of a split file repeats. Run `ruff check --fix` and `ruff format` afterwards
(a part may need an import its hunk brings). New files BRANCH adds are scripts/place_tests.py's.
Exit 0 when every hunk found its file, 1 when some are left to place by hand.

Merging the tests/ layout after branches that edited the old files: `git merge h15tests`, take
the deletion of each split file (`git rm tests/test_claims.py ...`), regenerate pyproject's
baselines (`python scripts/gate_baseline.py`), commit; then
`python scripts/follow_test_splits.py HEAD^1 --apply` (edits of files moved whole came
through the merge and show as already there) and `python scripts/place_tests.py --apply`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "6f0b4b1"  # main when tests/ was laid out

# Files split in parts: where each part went (helpers and fixtures first).
SPLITS = {
    "tests/test_core_figures.py": [
        "tests/core/figure_builders.py",
        "tests/core/figures/test_result_edges.py",
        "tests/core/figures/test_provenance_edges.py",
        "tests/core/test_periods_units_orgs_edges.py",
        "tests/core/test_rollup_edges.py",
    ],
    "tests/test_claims.py": [
        "tests/core/bulletin/claims_helpers.py",
        *(
            f"tests/core/bulletin/test_claims{part}.py"
            for part in ("", "_numbers", "_markdown", "_properties", "_purity", "_document")
        ),
    ],
    "tests/test_factcheck.py": [
        "tests/core/bulletin/factcheck_helpers.py",
        "tests/core/bulletin/test_factcheck.py",
        "tests/core/bulletin/test_factcheck_misreadings.py",
    ],
    "tests/test_check_cli.py": [
        "tests/cli/check_helpers.py",
        "tests/cli/conftest.py",
        *(
            f"tests/cli/test_check{part}.py"
            for part in ("", "_formats", "_publish", "_integration")
        ),
    ],
    "tests/test_collection.py": [
        "tests/cli/collect_helpers.py",
        "tests/cli/conftest.py",
        "tests/cli/test_collect.py",
        "tests/cli/test_collect_status.py",
    ],
}


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def _renames(base: str) -> dict[str, list[str]]:
    """Files moved whole since BASE (old path -> [new path]), as git sees them."""
    found: dict[str, list[str]] = {}
    for line in _git("diff", "-M", "--name-status", base, "HEAD", "--", "tests").splitlines():
        status, *paths = line.split("\t")
        if status.startswith("R"):
            found[paths[0]] = [paths[1]]
    return found


def _hunks(diff: str) -> list[str]:
    """The hunks of a one-file unified diff, each from its @@ line."""
    hunks: list[str] = []
    for line in diff.splitlines(keepends=True):
        if line.startswith("@@"):
            hunks.append(line)
        elif hunks:
            hunks[-1] += line
    return hunks


def _fits(path: str, hunk: str, context: int, *, apply: bool, reverse: bool = False) -> bool:
    patch = f"--- a/{path}\n+++ b/{path}\n{hunk}"
    with tempfile.NamedTemporaryFile("w", suffix=".patch", delete=False) as handle:
        handle.write(patch)
    args = ["git", "apply", "--recount", f"-C{context}", handle.name]
    if reverse:
        args.insert(2, "-R")
    if not apply:
        args.insert(2, "--check")
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    Path(handle.name).unlink()
    return done.returncode == 0


def _imports_only(hunk: str) -> bool:
    changed = [line[1:].strip() for line in hunk.splitlines()[1:] if line[:1] in "+-"]
    return bool(changed) and all(line.startswith(("from ", "import ")) for line in changed)


def _place(hunk: str, targets: list[str], *, apply: bool) -> list[str]:
    """The targets a hunk goes to (applied there with --apply): the one it fits, or every one
    an import-only hunk fits; none when it fits nowhere or several. A hunk whose change a
    target already has (the same formatting, say) goes nowhere and is reported as there."""
    present = [t for t in targets if (ROOT / t).is_file()]
    if any(_fits(t, hunk, 1, apply=False, reverse=True) for t in present):
        return ["(already there)"]
    contexts = (3, 1, 0) if _imports_only(hunk) else (3, 1)
    for context in contexts:
        fitting = [t for t in present if _fits(t, hunk, context, apply=False)]
        if len(fitting) == 1 or (fitting and _imports_only(hunk)):
            for target in fitting if apply else []:
                _fits(target, hunk, context, apply=True)
            return fitting
        if fitting:
            return []
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("branch")
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--apply", action="store_true")
    args = parser.parse_args(argv)
    moved = {**_renames(args.base), **SPLITS}
    changed = _git("diff", "--name-only", "--diff-filter=M", args.base, args.branch, "--", "tests")
    left = 0
    for old in changed.splitlines():
        if (ROOT / old).exists() or old not in moved:
            continue
        diff = _git("diff", "-U3", args.base, args.branch, "--", old)
        for hunk in _hunks(diff):
            targets = _place(hunk, moved[old], apply=args.apply)
            if targets:
                print(f"{old}: {hunk.splitlines()[0]} -> {', '.join(targets)}")
            else:
                left += 1
                print(f"{old}: place by hand in one of {', '.join(moved[old])}:\n{hunk}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
