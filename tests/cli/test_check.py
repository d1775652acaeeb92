"""`kpi check` for CI and `kpi publish`: the bulletin fact-check, rules, snapshots, formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gongshu_kpi.cli import app
from tests.cli.check_helpers import FIXTURE, REFERENCE, kpi, problem_lines, runner
from tests.paths import REPO

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
