"""Size gate (issue 15): no function over 60 lines, no module over 500 lines.

Ruff has no rule that counts a function's lines (PLR0915 counts statements), so this
script does: a function's size is its physical lines from `def` to its last line
(decorators not counted, docstring and blank lines counted); a module's size is its line
count. Limits, the folders checked and the justified exceptions live in pyproject.toml:

    [tool.gongshu-kpi.sizes]
    paths = ["src", "tests"]
    max-function-lines = 60
    max-module-lines = 500

    [tool.gongshu-kpi.size-exceptions]
    "src/pkg/mod.py" = "why this module may be longer"
    "src/pkg/mod.py::Class.method" = "why this function may be longer"

An exception that no longer exceeds its limit (or names nothing) fails too, so the list
never outlives its reason. `--baseline` prints an exceptions table for today's offenders
(to paste after a restructuring; give each entry a real reason).

Exit 0 when everything fits, 1 when something does not, 2 on a configuration problem.
"""

from __future__ import annotations

import argparse
import ast
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Oversize:
    """One function or module over its limit: `key` is how the exception list names it."""

    key: str
    lines: int
    limit: int


@dataclass(frozen=True)
class Config:
    paths: tuple[str, ...]
    max_function_lines: int
    max_module_lines: int
    exceptions: dict[str, str]


def load_config(pyproject: Path) -> Config:
    tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    own = tool.get("gongshu-kpi", {})
    sizes = own.get("sizes", {})
    return Config(
        paths=tuple(sizes.get("paths", ["src"])),
        max_function_lines=int(sizes.get("max-function-lines", 60)),
        max_module_lines=int(sizes.get("max-module-lines", 500)),
        exceptions=dict(own.get("size-exceptions", {})),
    )


def _functions(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method with its qualified name (Class.method, outer.inner)."""
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                found.append((name, child))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def measure(path: Path, rel: str, config: Config) -> list[Oversize]:
    """The functions and the module in `path` that exceed their limits."""
    text = path.read_text(encoding="utf-8")
    found: list[Oversize] = []
    module_lines = len(text.splitlines())
    if module_lines > config.max_module_lines:
        found.append(Oversize(rel, module_lines, config.max_module_lines))
    for name, node in _functions(ast.parse(text, filename=rel)):
        lines = (node.end_lineno or node.lineno) - node.lineno + 1
        if lines > config.max_function_lines:
            found.append(Oversize(f"{rel}::{name}", lines, config.max_function_lines))
    return found


def python_files(root: Path, paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for entry in paths:
        base = root / entry
        files.extend([base] if base.is_file() else sorted(base.rglob("*.py")))
    return files


def check(root: Path, config: Config) -> tuple[list[Oversize], list[str]]:
    """Offenders not in the exception list, and exceptions that no longer apply."""
    oversized = [
        item
        for path in python_files(root, config.paths)
        for item in measure(path, path.relative_to(root).as_posix(), config)
    ]
    excused = {item.key for item in oversized} & set(config.exceptions)
    offenders = [item for item in oversized if item.key not in excused]
    stale = sorted(set(config.exceptions) - excused)
    return offenders, stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder")
    parser.add_argument(
        "--baseline", action="store_true", help="print an exceptions table for today's offenders"
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        config = load_config(root / "pyproject.toml")
    except (OSError, tomllib.TOMLDecodeError, TypeError, ValueError) as error:
        print(f"check_sizes: cannot read {root / 'pyproject.toml'}: {error}", file=sys.stderr)
        return 2
    if args.baseline:
        everything = Config(config.paths, config.max_function_lines, config.max_module_lines, {})
        print("[tool.gongshu-kpi.size-exceptions]")
        for item in check(root, everything)[0]:
            reason = config.exceptions.get(item.key, f"{item.lines} lines: TODO reason")
            print(f'"{item.key}" = "{reason}"')
        return 0
    offenders, stale = check(root, config)
    for item in offenders:
        print(
            f"{item.key}: {item.lines} lines (limit {item.limit}): split it, or add it with a "
            "reason to [tool.gongshu-kpi.size-exceptions] in pyproject.toml"
        )
    for key in stale:
        print(
            f"{key}: listed in [tool.gongshu-kpi.size-exceptions] but within its limit or "
            "gone: remove the entry"
        )
    return 1 if offenders or stale else 0


if __name__ == "__main__":
    sys.exit(main())
