"""Codemod: add the annotations mypy --strict wants on pytest test modules.

    python scripts/annotate_tests.py [FILES_OR_FOLDERS ...]    # default: tests/

- a test function (`test_*`) without a return annotation gets `-> None`; so does a fixture
  or helper that neither returns a value nor yields;
- a parameter named after a pytest fixture gets that fixture's type (`tmp_path: Path`,
  `monkeypatch: pytest.MonkeyPatch`, `capsys: pytest.CaptureFixture[str]`, ...), and one
  named after a fixture of conftest.py or the module itself gets the type that fixture
  declares when it returns a `Path` or a pytest type (a generator fixture's yielded type);
- `import pytest` and `from pathlib import Path` are added where an annotation needs them.

Formatting and comments are kept (libcst). What it cannot know (hypothesis `@given`
arguments, `parametrize` values, fixtures returning other types) it lists on stderr for a
person to annotate; mypy names anything else. Re-running is harmless: annotated code is left
alone. Exit 0, or 1 with `--check` when a file would change.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

ROOT = Path(__file__).resolve().parents[1]

# pytest's own fixtures and the import each annotation needs (module, name).
BUILTIN_FIXTURES: dict[str, tuple[str, tuple[str, str]]] = {
    "tmp_path": ("Path", ("pathlib", "Path")),
    "tmp_path_factory": ("pytest.TempPathFactory", ("pytest", "")),
    "monkeypatch": ("pytest.MonkeyPatch", ("pytest", "")),
    "capsys": ("pytest.CaptureFixture[str]", ("pytest", "")),
    "capfd": ("pytest.CaptureFixture[str]", ("pytest", "")),
    "capsysbinary": ("pytest.CaptureFixture[bytes]", ("pytest", "")),
    "capfdbinary": ("pytest.CaptureFixture[bytes]", ("pytest", "")),
    "caplog": ("pytest.LogCaptureFixture", ("pytest", "")),
    "request": ("pytest.FixtureRequest", ("pytest", "")),
    "pytestconfig": ("pytest.Config", ("pytest", "")),
    "recwarn": ("pytest.WarningsRecorder", ("pytest", "")),
    "pytester": ("pytest.Pytester", ("pytest", "")),
}
# Generator fixtures declare Iterator[X] / Generator[X, ...]: the test receives X.
_GENERATORS = ("Iterator", "Generator", "Iterable")
# Names a conftest fixture's type may use, and where a test module imports each from.
_IMPORTABLE = {"Path": ("pathlib", "Path"), "Callable": ("collections.abc", "Callable")}
_BUILTIN_TYPES = {"str", "int", "float", "bool", "bytes", "None", "dict", "list", "tuple", "object"}
# The comment an unannotated helper carried to pass mypy --strict; gone once annotated.
_UNTYPED_IGNORE = "# type: ignore[no-untyped-def]"


def _names(expression: cst.BaseExpression) -> set[str]:
    """The top-level names an annotation uses (`pytest` for pytest.X)."""
    found: set[str] = set()

    class Collect(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            root: cst.BaseExpression = node
            while isinstance(root, cst.Attribute):
                root = root.value
            if isinstance(root, cst.Name):
                found.add(root.value)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            found.add(node.value)

    expression.visit(Collect())
    return found


def _is_fixture(decorator: cst.Decorator) -> bool:
    node = decorator.decorator
    if isinstance(node, cst.Call):
        node = node.func
    code = cst.Module([]).code_for_node(node)
    return code in ("pytest.fixture", "fixture")


def _fixture_type(node: cst.FunctionDef) -> str | None:
    """The type a test receives from this fixture, when it is one we can import."""
    if node.returns is None:
        return None
    annotation = node.returns.annotation
    if isinstance(annotation, cst.Subscript):
        base = cst.Module([]).code_for_node(annotation.value).split(".")[-1]
        if base in _GENERATORS and annotation.slice:
            element = annotation.slice[0].slice
            if isinstance(element, cst.Index):
                annotation = element.value
    if not _names(annotation) <= {*_IMPORTABLE, *_BUILTIN_TYPES, "pytest"}:
        return None
    return cst.Module([]).code_for_node(annotation)


def declared_fixtures(module: cst.Module) -> dict[str, str]:
    """name -> type for the fixtures a module defines with an annotation we can reuse."""
    found: dict[str, str] = {}
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and any(
            _is_fixture(d) for d in statement.decorators
        ):
            kind = _fixture_type(statement)
            if kind:
                found[statement.name.value] = kind
    return found


class _ValueReturns(cst.CSTVisitor):
    """Does a function body return a value or yield (not counting nested functions)?"""

    def __init__(self) -> None:
        self.found = False

    def visit_FunctionDef(self, _node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, _node: cst.Lambda) -> bool:
        return False

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.found = True

    def visit_Yield(self, _node: cst.Yield) -> None:
        self.found = True


def _returns_nothing(node: cst.FunctionDef) -> bool:
    finder = _ValueReturns()
    node.body.visit(finder)
    return not finder.found


class Annotate(cst.CSTTransformer):
    def __init__(self, context: CodemodContext, fixtures: dict[str, str], path: str) -> None:
        self.context = context
        self.fixtures = fixtures
        self.path = path
        self.left: list[str] = []
        self.changed = False

    def _need(self, kind: str) -> None:
        for name in _names(cst.parse_expression(kind)):
            if name == "pytest":
                AddImportsVisitor.add_needed_import(self.context, "pytest")
            elif name in _IMPORTABLE:
                AddImportsVisitor.add_needed_import(self.context, *_IMPORTABLE[name])

    def _param(self, param: cst.Param, where: str) -> cst.Param:
        name = param.name.value
        if param.annotation is not None or name in ("self", "cls"):
            return param
        known = BUILTIN_FIXTURES.get(name)
        kind = known[0] if known else self.fixtures.get(name)
        if kind is None:
            self.left.append(f"{where}: parameter {name!r}")
            return param
        self._need(kind)
        self.changed = True
        return param.with_changes(annotation=cst.Annotation(cst.parse_expression(kind)))

    def leave_FunctionDef(
        self, _original: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        line = self.path + ":" + updated_node.name.value
        params = updated_node.params
        new_params = params.with_changes(
            params=[self._param(p, line) for p in params.params],
            kwonly_params=[self._param(p, line) for p in params.kwonly_params],
            posonly_params=[self._param(p, line) for p in params.posonly_params],
        )
        updated_node = updated_node.with_changes(params=new_params)
        if updated_node.returns is None:
            if _returns_nothing(updated_node):
                self.changed = True
                updated_node = updated_node.with_changes(returns=cst.Annotation(cst.Name("None")))
            else:
                self.left.append(f"{line}: return type (it returns or yields a value)")
        return self._drop_untyped_ignore(updated_node)

    def _drop_untyped_ignore(self, node: cst.FunctionDef) -> cst.FunctionDef:
        """Remove `# type: ignore[no-untyped-def]` from a now fully annotated def line."""
        params = node.params
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        if node.returns is None or any(
            p.annotation is None and p.name.value not in ("self", "cls") for p in every
        ):
            return node
        body = node.body
        if not isinstance(body, cst.IndentedBlock) or body.header.comment is None:
            return node
        if body.header.comment.value.strip() != _UNTYPED_IGNORE:
            return node
        self.changed = True
        header = body.header.with_changes(comment=None, whitespace=cst.SimpleWhitespace(""))
        return node.with_changes(body=body.with_changes(header=header))


def annotate(source: str, fixtures: dict[str, str], path: str) -> tuple[str, list[str]]:
    """The annotated source and what is left for a person."""
    module = cst.parse_module(source)
    context = CodemodContext()
    own = {**fixtures, **declared_fixtures(module)}
    transformer = Annotate(context, own, path)
    annotated = module.visit(transformer)
    if not transformer.changed:
        return source, transformer.left
    annotated = AddImportsVisitor(context).transform_module(annotated)
    return annotated.code, transformer.left


def test_files(targets: list[Path]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        if target.is_file():
            files.append(target)
        else:
            files.extend(
                sorted(p for p in target.rglob("*.py") if p.name.startswith(("test_", "conftest")))
            )
    return files


def conftest_fixtures(path: Path) -> dict[str, str]:
    """Fixtures of the conftest.py files above `path`; the nearest one wins."""
    found: dict[str, str] = {}
    for folder in [path.parent, *path.parent.parents]:
        conftest = folder / "conftest.py"
        if conftest.is_file() and conftest != path:
            tree = cst.parse_module(conftest.read_text(encoding="utf-8"))
            found = {**declared_fixtures(tree), **found}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", type=Path, default=[ROOT / "tests"])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args(argv)
    would_change = False
    for path in test_files(args.targets):
        source = path.read_text(encoding="utf-8")
        result, left = annotate(source, conftest_fixtures(path), str(path))
        for item in left:
            print(f"not annotated: {item}", file=sys.stderr)
        if result != source:
            would_change = True
            print(f"{'would annotate' if args.check else 'annotated'} {path}")
            if not args.check:
                path.write_text(result, encoding="utf-8")
    return 1 if args.check and would_change else 0


if __name__ == "__main__":
    sys.exit(main())
