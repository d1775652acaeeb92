"""tests/ mirrors src/gongshu_kpi/ (issue 15): every test file sits in the folder of the package
it tests, beside a top-level module's name, or in a named cross-cutting folder; every test
folder is a package. The rule and the tool that moves files by it: scripts/place_tests.py."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from tests.paths import REPO, SCRIPTS

sys.path.insert(0, str(SCRIPTS))
import place_tests  # a script, imported from its folder


def test_every_test_file_sits_where_the_layout_puts_it() -> None:
    files = place_tests.test_files(REPO)
    assert len(files) >= 60  # the suite was found, not an empty folder
    misplaced = [p.relative_to(REPO).as_posix() for p in place_tests.misplaced(REPO)]
    assert misplaced == [], "python scripts/place_tests.py lists where they go (--apply moves)"


def test_every_test_folder_is_a_package() -> None:
    """Two folders may then hold the same file name (tests.core.test_x, tests.render.test_x)."""
    bare = [p.relative_to(REPO).as_posix() for p in place_tests.folders_without_init(REPO)]
    assert bare == []


def test_the_test_folders_mirror_source_packages() -> None:
    """Each folder of tests/ is a package of src/gongshu_kpi/, a cross-cutting folder, or data."""
    tests = REPO / "tests"
    folders = {
        p.relative_to(tests).as_posix()
        for p in tests.rglob("*")
        if p.is_dir() and p.name != "__pycache__"
        and p.relative_to(tests).parts[0] not in place_tests.DATA_FOLDERS
    }  # fmt: skip
    mirrored = place_tests.source_packages(REPO) | set(place_tests.CROSS_CUTTING)
    assert {f for f in folders if f.split("/")[0] not in place_tests.CROSS_CUTTING} <= mirrored
    assert {"core/figures", "core/bulletin", "cli", "loaders", "render"} <= folders


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project of its own: two packages, a top-level module, tests in and out of place."""
    return _write(
        tmp_path,
        {
            "src/gongshu_kpi/__init__.py": "",
            "src/gongshu_kpi/pipeline.py": "",
            "src/gongshu_kpi/core/__init__.py": "",
            "src/gongshu_kpi/core/models.py": "",
            "src/gongshu_kpi/core/figures/__init__.py": "",
            "src/gongshu_kpi/core/figures/exact.py": "",
            "src/gongshu_kpi/render/__init__.py": "",
            "src/gongshu_kpi/render/html.py": "",
            "tests/__init__.py": "",
            "tests/conftest.py": "",
            "tests/test_pipeline.py": "",
            "tests/core/__init__.py": "",
            "tests/core/figures/__init__.py": "",
            "tests/core/figures/test_exact.py": "",
            "tests/e2e/__init__.py": "",
            "tests/e2e/test_commands.py": "",
            "tests/fixtures/test_data.py": "",
            "tests/test_rounding.py": """
                from gongshu_kpi.core.figures.exact import exact_figures
                from gongshu_kpi.core.models import Indicator
                from gongshu_kpi.cli import app
            """,
            "tests/test_html_page.py": "from pathlib import Path\nX = Path(__file__).parent\n",
            "tests/test_runs.py": "from gongshu_kpi.cli import app\n",
            "tests/nowhere/test_lost.py": "from test_rounding import X\n",
        },
    )


def test_the_rule_finds_what_is_out_of_place(tree: Path) -> None:
    misplaced = [p.relative_to(tree).as_posix() for p in place_tests.misplaced(tree)]
    assert misplaced == [
        "tests/nowhere/test_lost.py",
        "tests/test_html_page.py",
        "tests/test_rounding.py",
        "tests/test_runs.py",
    ]
    assert [p.relative_to(tree).as_posix() for p in place_tests.folders_without_init(tree)] == [
        "tests/nowhere"
    ]


def test_the_guess_follows_the_imports_and_the_name(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Imports of the figures (models and `app` say nothing), a word naming render/html.py,
    and no clue at all (e2e); the warnings name what breaks one folder down."""
    assert place_tests.main(["--root", str(tree)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "git mv tests/nowhere/test_lost.py tests/e2e/test_lost.py",
        "  imports test_rounding: import it as tests.<folder>.test_rounding",
        "git mv tests/test_html_page.py tests/render/test_html_page.py",
        "  uses Path(__file__): take REPO, FIXTURES, GOLDEN, CORPUS from tests.paths",
        "git mv tests/test_rounding.py tests/core/figures/test_rounding.py",
        "git mv tests/test_runs.py tests/e2e/test_runs.py",
        "tests/nowhere/ has no __init__.py",
    ]


def test_a_moved_file_takes_its_paths_from_tests_paths() -> None:
    """Each way a flat file reaches tests/ folders from its own place, and a flat import of a
    test module, rewritten for any depth; the import goes before the sys.path line."""
    flat = textwrap.dedent(
        """\
        \"\"\"Doc.\"\"\"

        import sys
        from pathlib import Path

        from test_corpus import CASES

        FIXTURES = Path(__file__).resolve().parent / "fixtures"
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
        GOLD = Path(__file__).parent / "golden" / "a.txt"
        ROOT = Path(__file__).resolve().parent.parent
        SHARED = Path(__file__).resolve().parents[2] / "shared"
        HERE = Path(__file__).resolve().parent
        SOURCE = Path(str(sys.__file__))
        """
    )
    moved = place_tests.rewrite(flat, {"test_corpus": "tests.inputs.test_corpus"})
    assert moved == textwrap.dedent(
        """\
        \"\"\"Doc.\"\"\"

        import sys
        from pathlib import Path

        from tests.inputs.test_corpus import CASES

        from tests.paths import GOLDEN, REPO, TESTS

        sys.path.insert(0, str(REPO / "scripts"))
        GOLD = GOLDEN / "a.txt"
        ROOT = REPO
        SHARED = REPO.parent / "shared"
        HERE = TESTS
        SOURCE = Path(str(sys.__file__))
        """
    )
