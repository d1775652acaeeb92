"""The claim extractor is core code: pure standard-library modules, no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gongshu_kpi.core import bulletin

# --------------------------------------------------------------------------- purity


# The extractor's modules (core/bulletin/ up to the claims; the fact-check half is tested in
# tests/core/bulletin/test_factcheck.py).
EXTRACTOR = ("assign", "claims", "document", "english", "extract", "figures", "kinds", "patterns",
             "periods", "tables")  # fmt: skip


@pytest.mark.parametrize("module", EXTRACTOR)
def test_module_imports_only_pure_stdlib(module: str) -> None:
    """The extractor is core code: stdlib text and number modules only, no I/O."""
    path = Path(str(bulletin.__file__)).parent / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0] for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }  # fmt: skip
    stdlib = {"__future__", "re", "decimal", "dataclasses", "enum", "unicodedata", "functools"}
    stdlib |= {"collections", "typing"}  # collections.abc.Callable; typing.TYPE_CHECKING
    assert imported <= stdlib | {"gongshu_kpi"}  # the core's own pure modules (display units)
    ours = [
        node.module or "" for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gongshu_kpi")
    ]  # fmt: skip
    assert all(module.startswith("gongshu_kpi.core.") for module in ours), ours
    assert "open(" not in path.read_text(encoding="utf-8")
