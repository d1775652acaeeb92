"""Where a test file belongs: tests/ mirrors src/gongshu_kpi/ (issue 15).

The rule (tests/project/test_architecture.py holds every test file to it):

- `tests/<package>/test_*.py` where `src/gongshu_kpi/<package>/` is a package: cli, core,
  core/figures, core/periodic, core/bulletin, core/ci, loaders, loaders/layouts, render. A test
  goes to the package of the code it tests (a feature driven through `kpi` goes to the package
  whose behaviour it pins, e.g. quarterly figures to core/periodic, the XLSX report to render);
- `tests/test_<module>.py` only for a top-level module `src/gongshu_kpi/<module>.py` (pipeline,
  checking, output, ...);
- or a cross-cutting folder (CROSS_CUTTING below): whole commands end to end, real-world and
  hostile inputs, the benchmarks, the project's own contracts.

Every folder is a package (`__init__.py`), so two folders may hold the same file name. Other
modules (conftest.py, paths.py, *_helpers.py) may sit anywhere.

    python scripts/place_tests.py                  # list misplaced test files and where they go
    python scripts/place_tests.py --apply          # git mv them there, paths from tests.paths
    python scripts/place_tests.py --to test_x.py=core/figures --apply   # decide one yourself

The destination is a guess from the words of the file's name (test_html: render/html.py;
test_benchmark_x: benchmarks/) and what it imports from gongshu_kpi (the package imported most,
the deeper on a tie; `from gongshu_kpi.cli import app` and the core's types count for nothing;
a file with no clue at all goes to e2e/). Read the list before --apply and override with --to
where the guess is wrong; the file keeps its name.
Exit 0 when nothing is misplaced (or everything was moved), 1 when something is, 2 on a
configuration problem.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_NAME = "gongshu_kpi"

# The folders of tests that are about no single package, and what goes in each.
CROSS_CUTTING = {
    "e2e": "whole `kpi` commands end to end: golden outputs, exit codes, user paths",
    "inputs": "real-world and hostile input files (tests/corpus, scripts/make_hostile.py)",
    "benchmarks": "small runs of benchmarks/ (accuracy and that they run, never timings)",
    "project": "the project's own contracts: architecture, the tooling gate, README, purity",
}
# Data folders of tests/: no test modules inside.
DATA_FOLDERS = ("fixtures", "golden", "corpus")


def source_packages(root: Path) -> set[str]:
    """Package folders of src/gongshu_kpi relative to it, as posix paths ('core/figures')."""
    package = root / "src" / PACKAGE_NAME
    return {
        init.parent.relative_to(package).as_posix()
        for init in package.rglob("__init__.py")
        if init.parent != package
    }


def top_level_modules(root: Path) -> set[str]:
    return {p.stem for p in (root / "src" / PACKAGE_NAME).glob("*.py") if p.stem != "__init__"}


def allowed(root: Path, test: Path) -> bool:
    """Whether a test file (tests/.../test_*.py) sits where the layout rule puts it."""
    folder = test.parent.relative_to(root / "tests").as_posix()
    if folder == ".":
        return test.stem.removeprefix("test_") in top_level_modules(root)
    return folder in source_packages(root) or folder.split("/")[0] in CROSS_CUTTING


def test_files(root: Path) -> list[Path]:
    tests = root / "tests"
    return sorted(
        p for p in tests.rglob("test_*.py") if p.relative_to(tests).parts[0] not in DATA_FOLDERS
    )


def misplaced(root: Path) -> list[Path]:
    return [p for p in test_files(root) if not allowed(root, p)]


def folders_without_init(root: Path) -> list[Path]:
    """Test folders holding Python files but no __init__.py (one module name per file)."""
    tests = root / "tests"
    folders = {
        p.parent for p in tests.rglob("*.py") if p.relative_to(tests).parts[0] not in DATA_FOLDERS
    }
    return sorted(f for f in folders if not (f / "__init__.py").is_file())


def _imported_modules(test: Path) -> list[str]:
    """Dotted gongshu_kpi modules a test imports (`from gongshu_kpi import x` gives .x)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(test.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(PACKAGE_NAME + ".")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE_NAME):
            module = node.module or ""
            if module == f"{PACKAGE_NAME}.cli" and [a.name for a in node.names] == ["app"]:
                continue  # the entry point every command test uses: says nothing of the subject
            found += [f"{module}.{a.name}" for a in node.names]
    return found


def _folder_of(root: Path, dotted: str, packages: set[str]) -> str | None:
    """The package folder holding a dotted name (a module, a package, or a name in one)."""
    parts = dotted.split(".")[1:]
    while parts:
        path = "/".join(parts)
        if path in packages:
            return path
        if (root / "src" / PACKAGE_NAME / f"{path}.py").is_file():
            if f"{path}.py" in COMMON_TYPES:
                return None
            return "/".join(parts[:-1]) or None  # a top-level module counts for no folder
        parts = parts[:-1]
    return None


# Modules nearly every test imports for their types: they say nothing of a test's subject.
COMMON_TYPES = {"core/models.py", "core/problems.py", "core/numbers.py"}
# Words of a test's name that name a cross-cutting folder (they decide).
NAME_HINTS = {
    "benchmark": "benchmarks",
    "hostile": "inputs",
    "corpus": "inputs",
    "architecture": "project",
    "gate": "project",
    "roundtrip": "e2e",
}


def _named(root: Path, test: Path, packages: set[str]) -> list[str]:
    """Package folders a word of the test's name names (test_html -> render, as render/html.py;
    test_periodic_amounts -> core/periodic)."""
    source = root / "src" / PACKAGE_NAME
    words = test.stem.removeprefix("test_").split("_")
    found: list[str] = []
    for word in words:
        found += [p for p in packages if p.rsplit("/", 1)[-1] == word]
        found += [
            m.parent.relative_to(source).as_posix()
            for m in source.rglob(f"{word}.py")
            if m.parent != source
        ]
    return found


def destination(root: Path, test: Path) -> str:
    """Where a test file goes, relative to tests/ (a folder; '.' for tests/ itself): the
    folder its name and its gongshu_kpi imports point at most (a name counts twice); a word
    naming a cross-cutting folder decides."""
    if test.stem.removeprefix("test_") in top_level_modules(root):
        return "."
    hinted = [NAME_HINTS[w] for w in test.stem.split("_") if w in NAME_HINTS]
    if hinted:
        return hinted[0]
    packages = source_packages(root)
    votes = Counter(
        folder
        for dotted in _imported_modules(test)
        if (folder := _folder_of(root, dotted, packages)) is not None
    )
    for folder in _named(root, test, packages):
        votes[folder] += 2
    if not votes:
        return "e2e"
    return max(votes, key=lambda f: (votes[f], f.count("/")))


def _depth_dependent(test: Path) -> list[str]:
    """What stops working when a flat test file moves down a folder."""
    text = test.read_text(encoding="utf-8")
    found = []
    if re.search(r"(?<![.\w])__file__", text):
        found.append("uses Path(__file__): take REPO, FIXTURES, GOLDEN, CORPUS from tests.paths")
    flat = (
        node.module
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(("test_", "conftest"))
    )
    found += [f"imports {module}: import it as tests.<folder>.{module}" for module in flat]
    return found


# A flat test file's ways to its folders (tests/ is its own folder), and tests.paths' names.
_FILE = r"Path\(__file__\)(?:\.resolve\(\))?"
_PATHS = [
    (_FILE + r'\.parent / "fixtures"', "FIXTURES"),
    (_FILE + r'\.parent / "golden"', "GOLDEN"),
    (_FILE + r'\.parent / "corpus"', "CORPUS"),
    (_FILE + r"\.parents\[2\]", "REPO.parent"),
    (_FILE + r"(?:\.parents\[1\]|\.parent\.parent)", "REPO"),
    (_FILE + r"\.parent", "TESTS"),
]


def rewrite(text: str, homes: dict[str, str]) -> str:
    """A flat test file's text with its Path(__file__) ways to tests/ folders taken from
    tests.paths, and its imports of flat test modules by their dotted names now (`homes`:
    test_corpus -> tests.inputs.test_corpus). Imports need `ruff check --fix` afterwards."""
    for pattern, name in _PATHS:
        text = re.sub(pattern, name, text)
    text = re.sub(r"^(\w+) = \1\n", "", text, flags=re.MULTILINE)
    for flat, dotted in homes.items():
        text = re.sub(rf"^from {flat} import", f"from {dotted} import", text, flags=re.MULTILINE)
    names = sorted(
        {name.split(".")[0] for _, name in _PATHS}
        & set(re.findall(r"\b[A-Z]+\b", text))
        - set(re.findall(r"^([A-Z]+) = ", text, flags=re.MULTILINE))
    )
    if not names:
        return text
    body = ast.parse(text).body
    first = next(
        node
        for index, node in enumerate(body)
        if not isinstance(node, ast.Import | ast.ImportFrom)
        and not (index == 0 and isinstance(node, ast.Expr))  # the docstring
    )
    lines = text.splitlines(keepends=True)
    at = first.lineno - 1
    lines.insert(at, f"from tests.paths import {', '.join(names)}\n\n")
    return "".join(lines)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--apply", action="store_true", help="git mv the files")
    parser.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="FILE=FOLDER",
        help="put a file (its name) in a folder of tests/ instead of the guess",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    root: Path = args.root.resolve()
    chosen = dict(item.split("=", 1) for item in args.to)
    moves: list[tuple[Path, Path]] = []
    for test in misplaced(root):
        folder = chosen.get(test.name) or destination(root, test)
        target = root / "tests" / folder / test.name
        if not allowed(root, target):
            print(f"{test.relative_to(root)}: {folder}/ is not a folder of the layout")
            return 2
        if target.exists():
            print(f"{test.relative_to(root)}: {target.relative_to(root)} exists; rename or --to")
            return 2
        moves.append((test, target))
        print(f"git mv {test.relative_to(root)} {target.relative_to(root)}")
        for warning in _depth_dependent(test):
            print(f"  {warning}")
    for folder in folders_without_init(root):
        print(f"{folder.relative_to(root)}/ has no __init__.py")
    if not args.apply:
        return 1 if moves or folders_without_init(root) else 0
    for test, target in moves:
        _make_package(root, target.parent)
        subprocess.run(["git", "mv", str(test), str(target)], cwd=root, check=True)
    homes = {p.stem: ".".join(p.relative_to(root).with_suffix("").parts) for p in test_files(root)}
    for _, target in moves:
        target.write_text(rewrite(target.read_text(encoding="utf-8"), homes), encoding="utf-8")
        for warning in _depth_dependent(target):
            print(f"{target.relative_to(root)}: still {warning}")
    if moves:
        print("then: ruff check --fix --select I001,F401 tests && ruff format tests")
    return 0


def _make_package(root: Path, folder: Path) -> None:
    """Create a test folder (and its parents) as packages, added to git."""
    tests = root / "tests"
    for level in [*reversed(folder.relative_to(tests).parents), folder.relative_to(tests)]:
        init = tests / level / "__init__.py"
        if not init.exists():
            init.parent.mkdir(parents=True, exist_ok=True)
            init.touch()
            subprocess.run(["git", "add", str(init)], cwd=root, check=True)


if __name__ == "__main__":
    sys.exit(main())
