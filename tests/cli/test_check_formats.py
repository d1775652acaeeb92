"""`kpi check` output formats: goldens, JSON, GitHub annotations and JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.render.check_formats import escape_data, escape_property, github_line
from tests.cli.check_helpers import kpi
from tests.paths import REPO

# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("text", "check-bulletin.txt"),
        ("json", "check-bulletin.json"),
        ("github", "check-bulletin.github.txt"),
        ("junit", "check-bulletin.junit.xml"),
    ],
)
def test_format_goldens(
    here: Path, bulletin: Path, golden: Callable[[str, str], None], fmt: str, name: str
) -> None:
    """Each format's output on the reference bulletin, kept in tests/golden/."""
    result = kpi(here, "check", "--bulletin", "bulletin.txt", "--format", fmt)
    assert result.exit_code == 1, result.output
    golden(name, result.stdout)


def test_json_is_stable_and_documented(here: Path, bulletin: Path) -> None:
    """schema_version 1 and the documented keys; no floats anywhere."""
    result = kpi(here, "check", "--bulletin", "bulletin.txt", "--format", "json")
    data = json.loads(result.stdout, parse_float=lambda s: pytest.fail(f"float {s}"))
    assert data["schema_version"] == 1
    assert set(data) == {
        "schema_version",
        "tool",
        "ok",
        "strict",
        "month",
        "files",
        "summary",
        "bulletin",
        "problems",
    }
    assert data["ok"] is False and data["month"] == "2020-07"
    assert data["summary"]["errors"] == 2 and data["summary"]["failing"] == 2
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    figures = data["bulletin"].pop("figures")
    assert data["bulletin"] == {"path": "bulletin.txt", "claims": 16, "checked": 35, "wrong": 2}
    wrong = [(f["line"], f["kind"], f["stated"], f["expected"], f["verdict"]) for f in figures]
    assert [w for w in wrong if w[-1] in ("wrong", "rounding")] == [
        (37, "rate", "60.49%", "60.50%", "rounding"),
        (41, "rate", "50.59%", "51.60%", "wrong"),
    ]
    for key in figures[0]:
        assert f"`{key}`" in readme
    for key in data["summary"]:
        assert f"`{key}`" in readme
    for key in data["problems"][0]:
        assert f"`{key}`" in readme


def test_github_escaping() -> None:
    """%, CR and LF in messages; additionally : and , in properties (GitHub's rules)."""
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    problem = Problem(
        "bulletin-rate-wrong",
        "完成率 60.49%\n应为 60.50%",
        Location("dir,1/b:x.md", 37, 2),
        "改为 60.50%",
    )
    assert github_line(problem) == (
        "::error file=dir%2C1/b%3Ax.md,line=37,col=2,"
        "title=kpi check%3A bulletin-rate-wrong (错误)"
        "::完成率 60.49%25%0A应为 60.50%25；修正：改为 60.50%25"
    )


def test_github_lines_for_warnings_notes_cells_and_no_location() -> None:
    """warning/notice commands; an Excel cell is named in the message; no file property."""
    cell = Problem("x", "坏值", Location("a.xlsx", sheet="6月", cell="C7"), None, Severity.WARNING)
    assert github_line(cell) == (
        "::warning file=a.xlsx,title=kpi check%3A x (警告)::a.xlsx:6月!C7: 坏值"
    )
    note = Problem("y", "提示", None, None, Severity.INFO)
    assert github_line(note) == "::notice title=kpi check%3A y (提示)::提示"


def test_github_output_line_by_line(here: Path, bulletin: Path) -> None:
    """Every stdout line is one workflow command; the two errors point at lines 37 and 41."""
    result = kpi(here, "check", "--bulletin", "bulletin.txt", "--format", "github")
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    errors = [line for line in lines if line.startswith("::error ")]
    assert [line.split("::")[1] for line in errors] == [
        "error file=bulletin.txt,line=37,title=kpi check%3A bulletin-rate-rounding (错误)",
        "error file=bulletin.txt,line=41,title=kpi check%3A bulletin-rate-wrong (错误)",
    ]
    assert "60.49%25" in errors[0] and "\n" not in errors[0]


def test_github_is_the_default_in_github_actions(here: Path, bulletin: Path) -> None:
    """GITHUB_ACTIONS=true and no --format: workflow commands; --format text still wins."""
    actions = {"GITHUB_ACTIONS": "true"}
    auto = kpi(here, "check", "--bulletin", "bulletin.txt", env=actions)
    assert auto.stdout.startswith("::")
    explicit = kpi(here, "check", "-b", "bulletin.txt", "-f", "text", env=actions)
    assert explicit.stdout.startswith("bulletin.txt:")


def validate_junit(text: str) -> ET.Element:
    """The structure CI systems (Jenkins, GitLab, Azure) accept: testsuites > testsuite >
    testcase, with the required attributes and consistent counts."""
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    for attribute in ("name", "tests", "failures", "errors"):
        assert attribute in root.attrib, attribute
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    for attribute in ("name", "tests", "failures", "errors"):
        assert attribute in suite.attrib, attribute
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "-1")) == len(cases)
    failures = 0
    for case in cases:
        assert case.get("name") and case.get("classname")
        assert {child.tag for child in case} <= {"failure", "system-out"}
        found = case.findall("failure")
        assert len(found) <= 1
        for failure in found:
            assert failure.get("message")
            failures += 1
    assert int(suite.get("failures", "-1")) == failures == int(root.get("failures", "-1"))
    assert int(root.get("tests", "-1")) == len(cases)
    return root


def test_junit_validates(here: Path, bulletin: Path) -> None:
    """One testcase per file; the bulletin's testcase fails with both wrong rates."""
    result = kpi(here, "check", "--bulletin", "bulletin.txt", "--format", "junit")
    root = validate_junit(result.stdout)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {
        "data/targets.yaml",
        "data/actuals/attraction-2020.xlsx",
        "data/actuals/platforms-2019.csv",
        "data/actuals/platforms-2020.csv",
        "bulletin.txt",
    }
    failure = cases["bulletin.txt"].find("failure")
    assert failure is not None and failure.text is not None
    assert "60.49%" in failure.text and "50.59%" in failure.text
    assert cases["data/targets.yaml"].find("failure") is None


def test_junit_clean_and_to_a_file(here: Path) -> None:
    """A clean run is valid JUnit with no failures; --output writes it atomically."""
    out = here / "report.xml"
    result = kpi(here, "check", "--format", "junit", "--output", str(out))
    assert result.exit_code == 0, result.output
    root = validate_junit(out.read_text(encoding="utf-8"))
    assert root.get("failures") == "0"
