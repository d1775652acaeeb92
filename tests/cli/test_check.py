"""`kpi check` for CI and `kpi publish`: the bulletin fact-check, rules, snapshots, formats."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.render.check_formats import escape_data, escape_property, github_line
from tests.paths import FIXTURES, REPO

runner = CliRunner()

REFERENCE = REPO.parent / "shared/reference/platforms-bulletin-2020.txt"
FIXTURE = FIXTURES / "platforms-bulletin-2020.txt"


def kpi(project: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Run kpi with --data pointing at the project; GITHUB_ACTIONS cleared unless given."""
    environment = {"COLUMNS": "120", "GITHUB_ACTIONS": "", **(env or {})}
    return runner.invoke(app, [*args, "--data", str(project)], env=environment)


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


def problem_lines(stdout: str, label: str = "错误") -> list[str]:
    """Output lines of one severity."""
    return [line for line in stdout.splitlines() if f": {label}：" in line]


# --------------------------------------------------------------------------- acceptance


def test_fixture_is_a_true_copy_of_the_reference() -> None:
    """tests/fixtures keeps the published text byte for byte (checked when shared/ exists)."""
    if REFERENCE.is_file():
        assert FIXTURE.read_bytes() == REFERENCE.read_bytes()
    assert "完成率60.49%" in FIXTURE.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", [REFERENCE, FIXTURE], ids=["shared-reference", "test-copy"])
def test_reference_bulletin_has_exactly_two_wrong_rates(here: Path, source: Path) -> None:
    """产业投资 60.49% (→ 60.50%, one unit off) and 常规税收贡献 50.59% (→ 51.60%): exit 1.

    Run on the shared reference where it exists, and always on the copy in tests/fixtures.
    """
    if not source.is_file():
        pytest.skip(f"{source} is not on this machine (the test-copy case still runs)")
    shutil.copyfile(source, here / "bulletin.txt")
    result = kpi(here, "check", "--bulletin", "bulletin.txt")
    assert result.exit_code == 1, result.output
    errors = problem_lines(result.stdout)
    assert len(errors) == 2, result.stdout
    assert errors[0].startswith("bulletin.txt:37: 错误：“产业投资”完成率写作 60.49%，应为 60.50%")
    assert "只差末位一个单位" in errors[0] and "仍按错误处理" in errors[0]
    assert errors[1].startswith(
        "bulletin.txt:41: 错误：“常规税收贡献”完成率写作 50.59%，应为 51.60%"
    )
    assert "成绩单核对：bulletin.txt 中 16 处指标表述，核对 35 个数字，2 个有误。" in result.stderr
    data = json.loads(kpi(here, "check", "-b", "bulletin.txt", "-f", "json").stdout)
    failing = [(p["code"], p["location"]["line"]) for p in data["problems"] if p["fails"]]
    assert failing == [("bulletin-rate-rounding", 37), ("bulletin-rate-wrong", 41)]


def test_corrected_bulletin_exits_0(here: Path, bulletin: Path) -> None:
    """With the two rates corrected, only notes and a warning remain: exit 0."""
    text = bulletin.read_text(encoding="utf-8")
    fixed = text.replace("完成率60.49%", "完成率60.50%").replace("完成率50.59%", "完成率51.60%")
    bulletin.write_text(fixed, encoding="utf-8")
    result = kpi(here, "check", "--bulletin", "bulletin.txt")
    assert result.exit_code == 0, result.output
    assert problem_lines(result.stdout) == []
    # Narrative figures without data behind them (the four towns) are notes.
    assert (
        "bulletin.txt:75: 提示：“主营业务收入（4个省级特色小镇）”累计完成 268.41亿元"
        in result.stdout
    )
    # 同比增长11.1% is checked against data/actuals/platforms-2019.csv (419.72 / 377.78).
    assert ":15:" not in result.stdout
    assert "检查通过" in result.stderr


def test_corrected_bulletin_fails_with_strict_because_of_the_unread_sentence(
    here: Path, bulletin: Path
) -> None:
    """--strict makes warnings fail; rules.yaml can make the unread-sentence rule a note."""
    text = bulletin.read_text(encoding="utf-8")
    fixed = text.replace("完成率60.49%", "完成率60.50%").replace("完成率50.59%", "完成率51.60%")
    bulletin.write_text(fixed, encoding="utf-8")
    assert kpi(here, "check", "-b", "bulletin.txt", "--strict").exit_code == 1
    rules = "rules:\n  bulletin-unread:\n    severity: info\n"
    (here / "data" / "rules.yaml").write_text(rules, encoding="utf-8")
    assert kpi(here, "check", "-b", "bulletin.txt", "--strict").exit_code == 0


def test_gb18030_bulletin_is_read(here: Path, bulletin: Path) -> None:
    """A draft saved by Excel/Notepad on Chinese Windows (GB18030) reads the same."""
    text = bulletin.read_text(encoding="utf-8")
    bulletin.write_bytes(text.encode("gb18030"))
    result = kpi(here, "check", "--bulletin", "bulletin.txt")
    assert result.exit_code == 1
    assert len(problem_lines(result.stdout)) == 2


def test_missing_bulletin_is_a_usage_error(here: Path) -> None:
    """--bulletin naming no file: exit 2."""
    result = kpi(here, "check", "--bulletin", "nope.md")
    assert result.exit_code == 2
    assert "nope.md" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("-m", "2020-07", "-t", "bulletin"),
        ("-m", "2020-07", "-f", "markdown"),
        ("-m", "2020-06", "-f", "markdown"),
    ],
)
def test_kpis_own_bulletins_pass_the_fact_check(here: Path, args: tuple[str, ...]) -> None:
    """What `kpi report` writes (bulletin text, Markdown tables) checks clean: no problem at all."""
    draft = here / "draft.md"
    assert kpi(here, "report", *args, "-o", str(draft)).exit_code == 0
    result = kpi(here, "check", "--bulletin", "draft.md", "--month", args[1])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 个有误" in result.stderr and "9 处指标表述" in result.stderr


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


# --------------------------------------------------------------------------- rules


def test_behind_time_progress_is_off_by_default_and_configurable(here: Path) -> None:
    """Enabled with points: 5, 开工项目 (52.00% at 58.33%, 6.33 behind) fails at its target line."""
    assert kpi(here, "check").exit_code == 0
    rules = "rules:\n  behind-time-progress:\n    enabled: true\n    points: 5\n"
    (here / "data" / "rules.yaml").write_text(rules, encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 1
    lines = problem_lines(result.stdout)
    assert len(lines) == 1 and lines[0].startswith("data/targets.yaml:")
    assert "“开工项目”1-7月完成率 52.00%" in lines[0] and "6.33" in lines[0]


def test_behind_time_progress_as_a_warning(here: Path) -> None:
    """severity: warning passes, unless --strict."""
    rules = "rules:\n  behind-time-progress: {enabled: true, points: 5, severity: warning}\n"
    (here / "data" / "rules.yaml").write_text(rules, encoding="utf-8")
    assert kpi(here, "check").exit_code == 0
    assert kpi(here, "check", "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  behind-time-progres: {enabled: true}\n", "data/rules.yaml:2:3"),
        ("rules:\n  behind-time-progress: {enable: true}\n", "未知字段 enable"),
        ("rules:\n  published-changed: {points: 3}\n", "没有 points 设置"),
        ("rules:\n  target-changed: {severity: fatal}\n", "无效"),
    ],
)
def test_rules_file_errors_are_located(here: Path, text: str, message: str) -> None:
    """A typo in rules.yaml is an error with file:line, never silently ignored."""
    (here / "data" / "rules.yaml").write_text(text, encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 1
    assert message in result.stdout, result.stdout


def test_missing_latest_month_per_org(here: Path) -> None:
    """Two platforms report 产业投资; one has 5月 only when the other has 6月: a warning."""
    rows = (
        "指标,月份,数值,口径,填报单位\n"
        "新招引重大项目,2020-05,1,累计,甲平台\n"
        "新招引重大项目,2020-05,1,累计,乙平台\n"
        "新招引重大项目,2020-06,2,累计,乙平台\n"
    )
    (here / "data" / "actuals" / "orgs.csv").write_text(rows, encoding="utf-8")
    result = kpi(here, "check", "--month", "2020-06")
    warnings = problem_lines(result.stdout, "警告")
    expected = "data/actuals/orgs.csv:2: 警告：“新招引重大项目”（甲平台）只填报到 2020年5月"
    assert any(line.startswith(expected) for line in warnings), result.stdout
    off = "rules:\n  missing-latest-month: {enabled: false}\n"
    (here / "data" / "rules.yaml").write_text(off, encoding="utf-8")
    assert "甲平台" not in kpi(here, "check", "--month", "2020-06").stdout


# --------------------------------------------------------------------------- publish


def test_publish_writes_a_snapshot_of_decimal_strings(here: Path) -> None:
    """kpi publish --month 2020-06 writes data/published/2020-06.json; again needs --force."""
    result = kpi(here, "publish", "--month", "2020-06")
    assert result.exit_code == 0, result.output
    path = here / "data" / "published" / "2020-06.json"
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=lambda s: pytest.fail(s))
    assert data["schema_version"] == 1 and data["month"] == "2020-06"
    assert data["targets"]["industrial_investment"] == "46"
    assert {"indicator": "regular_tax", "org": "", "month": 6, "ytd": "25.80"} in data["figures"]
    assert all(f["month"] <= 6 for f in data["figures"])
    assert kpi(here, "publish", "--month", "2020-06").exit_code == 2
    assert kpi(here, "publish", "--month", "2020-06", "--force").exit_code == 0
    assert not list(path.parent.glob(".*.tmp"))
    assert kpi(here, "check").exit_code == 0


def test_changed_published_value_fails_at_its_row(here: Path) -> None:
    """A published 1-6月 figure edited afterwards: published-changed at the CSV row, exit 1."""
    assert kpi(here, "publish", "--month", "2020-06").exit_code == 0
    csv = here / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("25.80", "25.90"), encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 1
    lines = problem_lines(result.stdout)
    assert lines == [
        "data/actuals/platforms-2020.csv:6: 错误：“常规税收贡献”2020年1-6月累计已于 2020-06 "
        "发布为 25.80，现为 25.90；修正：如确需更正，更正后重新发布"
        "（kpi publish --month 2020-06 --force）并说明"
    ]


def test_changed_target_is_a_warning_at_the_target_line(here: Path) -> None:
    """A target changed after publishing: target-changed at targets.yaml's target line."""
    assert kpi(here, "publish").exit_code == 0
    targets = here / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8").replace("target: 46\n", "target: 48\n")
    targets.write_text(text, encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 0
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == "target: 48")
    expected = (
        f"data/targets.yaml:{line}:5: 警告：“产业投资”2020年目标在 2020-07 发布时为 46，现为 48"
    )
    assert expected in result.stdout
    assert kpi(here, "check", "--strict").exit_code == 1


def test_broken_snapshot_is_a_located_error(here: Path) -> None:
    """A hand-edited snapshot that is not what kpi publish writes: exit 1 naming the file."""
    folder = here / "data" / "published"
    folder.mkdir()
    (folder / "2020-06.json").write_text('{"kind": "other"}', encoding="utf-8")
    result = kpi(here, "check")
    assert result.exit_code == 1
    assert "data/published/2020-06.json: 错误：发布快照有误" in result.stdout


def test_publish_refuses_data_with_errors(here: Path) -> None:
    """No snapshot of figures that failed validation: exit 1, nothing written."""
    csv = here / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("25.80", "x"), encoding="utf-8")
    assert kpi(here, "publish").exit_code == 1
    assert not (here / "data" / "published").exists()


def test_check_as_of_a_month(here: Path) -> None:
    """--month sets the as-of month; a malformed one is a usage error."""
    result = kpi(here, "check", "--month", "2020-06", "--format", "json")
    assert json.loads(result.stdout)["month"] == "2020-06"
    assert kpi(here, "check", "--month", "June").exit_code == 2


# --------------------------------------------------------------------------- integration files


def test_pre_commit_hook_definition() -> None:
    """.pre-commit-hooks.yaml offers `kpi check` as a hook, documented in the README."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    hook = by_id["kpi-check"]
    assert hook["entry"] == "kpi check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert "kpi-check" in (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_example_workflow_runs_kpi_check() -> None:
    """docs/ci/github-actions.yml is valid YAML whose steps run kpi check."""
    workflow = yaml.safe_load((REPO / "docs/ci/github-actions.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("kpi check" in str(step.get("run", "")) for step in steps)


def test_readme_documents_check_and_publish() -> None:
    """Every option of check and the publish command appear in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in (
        "kpi publish",
        "--bulletin",
        "--strict",
        "--format",
        "rules.yaml",
        "data/published/",
        "schema_version",
        "GITHUB_ACTIONS",
        "aliases",
    ):
        assert text in readme, text


def test_check_exit_codes_for_usage_and_bugs(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown --format is a usage error (2); a bug inside check is exit 3, no traceback."""
    result = kpi(here, "check", "--format", "xml")
    assert result.exit_code == 2 and "--format/-f 的值“xml”无效" in result.stderr
    from gongshu_kpi import checking

    def boom(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checking, "run_check", boom)
    result = kpi(here, "check")
    assert result.exit_code == 3 and "Traceback" not in result.stderr


def test_switched_off_bulletin_rule_drops_its_problems(here: Path, bulletin: Path) -> None:
    """enabled: false removes a rule's problems from every format."""
    rules = (
        "rules:\n"
        "  bulletin-unverifiable: {enabled: false}\n"
        "  bulletin-fuzzy-match: {enabled: false}\n"
    )
    (here / "data" / "rules.yaml").write_text(rules, encoding="utf-8")
    data = json.loads(kpi(here, "check", "-b", "bulletin.txt", "-f", "json").stdout)
    assert data["summary"]["notes"] == 0 and data["summary"]["errors"] == 2
    assert "data/rules.yaml" in data["files"]


def test_changed_org_row_is_reported_once_not_again_for_the_whole(here: Path) -> None:
    """A platform's corrected row changes the total too; one problem, at that row. A row added
    for a new platform changes only the total, and that is reported."""
    orgs = here / "data" / "actuals" / "orgs.csv"
    orgs.write_text(
        "指标,月份,数值,口径,填报单位\n新招引重大项目,2020-05,1,累计,甲平台\n"
        "新招引重大项目,2020-05,2,累计,乙平台\n",
        encoding="utf-8",
    )
    assert kpi(here, "publish", "--month", "2020-05").exit_code == 0
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(",2,累计,乙", ",3,累计,乙"))
    lines = problem_lines(kpi(here, "check").stdout)
    assert len(lines) == 1 and lines[0].startswith("data/actuals/orgs.csv:3: 错误：")
    assert "（乙平台）2020年1-5月累计已于 2020-05 发布为 2，现为 3" in lines[0]
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(",3,累计,乙", ",2,累计,乙"))
    with orgs.open("a", encoding="utf-8") as handle:
        handle.write("新招引重大项目,2020-05,1,累计,丙平台\n")
    lines = problem_lines(kpi(here, "check").stdout)
    assert (
        len(lines) == 1
        and "“新招引重大项目”2020年1-5月累计已于 2020-05 发布为 3，现为 4" in lines[0]
    )


def test_check_output_is_never_an_input_nor_inside_the_data_folder(
    here: Path, bulletin: Path
) -> None:
    """--output on the bulletin, or inside data/ (published/ would read it back): exit 2."""
    before = bulletin.read_bytes()
    result = kpi(here, "check", "-b", "bulletin.txt", "-f", "junit", "-o", "bulletin.txt")
    assert result.exit_code == 2 and bulletin.read_bytes() == before
    (here / "data" / "published").mkdir()
    inside = here / "data" / "published" / "report.json"
    assert kpi(here, "check", "-f", "json", "-o", str(inside)).exit_code == 2
    assert not inside.exists()


def test_towns_in_orgs_yaml_make_the_narrative_checkable() -> None:
    """With an orgs.yaml naming the four 省级特色小镇 (tests/fixtures/towns), line 75's
    268.41亿元 and 18.62亿元 and their shares 63.95% and 72.17% are verified, not noted."""
    towns = REPO / "tests" / "fixtures" / "towns"
    result = runner.invoke(
        app, ["check", "--data", str(towns), "--bulletin", str(FIXTURE), "--format", "json"]
    )
    line_75 = [p for p in json.loads(result.stdout)["problems"] if p["location"]["line"] == 75]
    assert {p["code"] for p in line_75} == {"bulletin-unknown-indicator"}  # 营收, 税收: no aliases
