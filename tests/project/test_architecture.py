"""The README's architecture diagram matches the source tree, and every feature package says
what it is in its module docstring."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.paths import REPO

ROOT = REPO
PACKAGE = ROOT / "src" / "gongshu_kpi"
_ENTRY = re.compile(r"^(?P<indent>(?:│   |    )*)[├└]── (?P<name>\S+)")
_STEP = re.compile(r"(?:src/gongshu_kpi/)?([\w./]+\.py|[\w/]+/)")


def _diagram() -> str:
    """The first text block of the README's Architecture section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Architecture\n", 1)[1].split("\n### ", 1)[0]
    return section.split("```text\n", 1)[1].split("```", 1)[0]


def _tree_entries(diagram: str) -> list[str]:
    """Each path the tree names, relative to src/gongshu_kpi (folders end in /)."""
    parents: list[str] = []
    entries: list[str] = []
    for line in diagram.splitlines():
        found = _ENTRY.match(line)
        if found is None:
            continue
        depth = len(found["indent"]) // 4
        del parents[depth:]
        path = "".join(parents) + found["name"]
        entries.append(path)
        if path.endswith("/"):
            parents.append(found["name"])
    return entries


def _packages() -> list[Path]:
    return sorted(p.parent for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE)


def test_every_path_in_the_diagram_exists() -> None:
    entries = _tree_entries(_diagram())
    assert len(entries) >= 10  # the tree was read, not skipped
    missing = [e for e in entries if not (PACKAGE / e).exists()]
    assert missing == []


def test_every_folder_of_the_tree_is_in_the_diagram() -> None:
    entries = set(_tree_entries(_diagram()))
    folders = {
        f"{p.relative_to(PACKAGE).as_posix()}/"
        for p in PACKAGE.rglob("*")
        if p.is_dir() and p.name != "__pycache__"
    }
    assert folders - entries == set()


def test_the_pipeline_line_names_real_modules() -> None:
    pipeline = [line for line in _diagram().splitlines() if "→" in line and "├" not in line]
    steps = [step for line in pipeline for step in _STEP.findall(line)]
    assert {"cli/", "pipeline.py", "core/figures/", "render/registry.py"} <= set(steps)
    assert [s for s in steps if not (PACKAGE / s).exists()] == []


def test_every_feature_package_has_a_module_docstring() -> None:
    packages = _packages()
    assert {p.name for p in packages} >= {"cli", "loaders", "render", "figures", "bulletin", "ci"}
    bare = []
    for package in packages:
        tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree) or ""
        if len(docstring.split()) < 5:  # a paragraph, not a placeholder
            bare.append(package.relative_to(PACKAGE).as_posix())
    assert bare == []
