"""The command line through Typer's runner: outputs (golden files) and the exit-code contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app

runner = CliRunner()

BULLETIN_RATES = ["52.00", "60.50", "52.47", "51.60", "82.16", "85.07", "83.33", "64.29", "96.88"]


def kpi(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "120"})


def test_bulletin_golden(project: Path, golden: Callable[[str, str], None]) -> None:
    """The shipped bulletin template prints the nine 成绩单 lines with the correct rates."""
    result = kpi(project, "report", "--month", "2020-07", "--template", "bulletin")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    assert [re.search(r"完成率([0-9.]+)%", line)[1] for line in lines] == BULLETIN_RATES  # type: ignore[index]
    assert lines[0] == "◎ 开工项目年度目标任务25个，1-7月完成13个，完成率52.00%。"
    assert lines[3] == "◎ 常规税收贡献年度目标任务50亿元，1-6月完成25.80亿元，完成率51.60%。"
    golden("bulletin-2020-07.txt", result.stdout)


def test_june_report_golden(project: Path, golden: Callable[[str, str], None]) -> None:
    """At 2020-06: 630 of 869 = 72.50%, 259 of 355 = 72.96%, time progress 50.00%."""
    result = kpi(project, "report", "--month", "2020-06", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert (
        "| 新招引企业 | 869家 | 1-6月 | 630家 | 72.50% | 50.00% | +22.50 | 超序时 |"
        in result.stdout
    )
    assert "| 新招引特色产业企业 | 355家 | 1-6月 | 259家 | 72.96% | 50.00% |" in result.stdout
    assert "没有数据" in result.stderr
    golden("report-2020-06.md", result.stdout)


def test_table_golden(project: Path, golden: Callable[[str, str], None]) -> None:
    """The terminal table, captured at a fixed width."""
    result = kpi(project, "report", "--month", "2020-07")
    assert result.exit_code == 0, result.output
    assert "落后序时" in result.stdout
    golden("report-2020-07.table.txt", result.stdout)


def test_json_golden_has_only_decimal_strings(
    project: Path, golden: Callable[[str, str], None]
) -> None:
    """Every figure in JSON is a decimal string, never a float."""
    result = kpi(project, "report", "--month", "2020-07", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_float=lambda s: pytest.fail(f"float {s} in JSON"))
    first = data["indicators"][0]
    assert first["completion_rate"] == "52.00" and first["pace"] == "-6.33"
    assert all(isinstance(i["actual"], str) for i in data["indicators"])
    golden("report-2020-07.json", result.stdout)


def test_english_bulletin(project: Path) -> None:
    """English output is an option."""
    result = kpi(project, "report", "-m", "2020-07", "-t", "bulletin_en", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (
        "* 开工项目: annual target 25 items; Jan-Jul actual 13 items; completion 52.00%."
        in result.stdout
    )


def test_filters(project: Path) -> None:
    """--indicator takes ids or names; an unknown one is a usage error."""
    result = kpi(
        project, "report", "-m", "2020-07", "-f", "json", "-i", "regular_tax", "-i", "开工项目"
    )
    assert [i["id"] for i in json.loads(result.stdout)["indicators"]] == [
        "projects_started",
        "regular_tax",
    ]
    assert kpi(project, "report", "-i", "nope").exit_code == 2


def test_latest_month_is_the_default(project: Path) -> None:
    """Without --month the report is as of the latest month with data (2020-07)."""
    result = kpi(project, "report", "-f", "json")
    assert json.loads(result.stdout)["month"] == "2020-07"


def test_user_template_overrides_and_errors_are_located(project: Path) -> None:
    """A data folder's template wins by name; an undefined variable names file and line."""
    (project / "templates" / "bulletin.j2").write_text("自定义 {{ year }}\n", encoding="utf-8")
    assert kpi(project, "report", "-t", "bulletin").stdout == "自定义 2020\n"
    (project / "templates" / "bad.j2").write_text("ok\n{{ nmae }}\n", encoding="utf-8")
    result = kpi(project, "report", "-t", "bad")
    assert result.exit_code == 1
    assert "bad.j2:2: 错误：模板错误：未定义变量 nmae" in result.stderr
    sandbox = project / "templates" / "evil.j2"
    sandbox.write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    assert "不允许" in kpi(project, "report", "-t", "evil").stderr


def test_output_is_atomic_and_never_an_input(project: Path) -> None:
    """--output writes the whole file; pointing it at an input is refused (exit 2)."""
    out = project / "bulletin.txt"
    result = kpi(project, "report", "-t", "bulletin", "-o", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").count("◎") == 9
    assert not list(project.glob(".bulletin.txt.*"))
    target = project / "data" / "actuals" / "platforms-2020.csv"
    before = target.read_bytes()
    result = kpi(project, "report", "-o", str(target))
    assert result.exit_code == 2 and target.read_bytes() == before
    assert kpi(project, "report", "-o", str(project / "nodir" / "x.txt")).exit_code == 2


def test_check_clean_exits_0(project: Path) -> None:
    """kpi check passes the shipped data."""
    result = kpi(project, "check")
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.stderr


def test_check_broken_value_exits_1_and_names_the_line(project: Path) -> None:
    """One broken value: exit 1 and path:line in the message."""
    csv = project / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("419.72", "419.7x"), encoding="utf-8")
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert "platforms-2020.csv:5:3: 错误：“419.7x”不是数值" in result.stdout
    assert kpi(project, "report").exit_code == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("未知指标,2020-06,1,累计\n", "未知指标“未知指标”"),
        ("产业投资,2017-06,1,累计\n", "不在目标年度 2020 内"),
        ("产业投资,2020-06,-1,累计\n", "为负数"),
        ("主营业务收入,2020-06,419.72,累计\n", "重复填报"),
        ("主营业务收入,2020-07,400,累计\n", "1-7月累计 400 小于 1-6月累计 419.72"),
        ("主营业务收入,2020-07,400,当月\n", "“主营业务收入”口径为"),
        ("产业投资,2020-06,1,半年\n", "口径“半年”无法识别"),
        ("产业投资,2020-06,1亿美元,累计\n", "无法在美元与人民币之间换算"),
    ],
)
def test_check_finds_data_problems(project: Path, rows: str, message: str) -> None:
    """Unknown indicators, wrong year, negatives, duplicates, decreasing YTD, basis, units."""
    extra = project / "data" / "actuals" / "extra.csv"
    extra.write_text("指标,月份,数值,口径\n" + rows, encoding="utf-8")
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert message in result.stdout, result.stdout
    assert "extra.csv:2" in result.stdout or "platforms-2020.csv" in result.stdout


def test_check_reports_all_problems_not_only_the_first(project: Path) -> None:
    """Several bad rows are all reported in one run."""
    extra = project / "data" / "actuals" / "extra.csv"
    extra.write_text(
        "指标,月份,数值,口径\nX,2020-06,1,累计\n产业投资,2020-06,abc,累计\n", encoding="utf-8"
    )
    result = kpi(project, "check")
    assert "extra.csv:2" in result.stdout and "extra.csv:3" in result.stdout


def test_broken_targets_exit_1(project: Path) -> None:
    """A YAML syntax error in targets.yaml: exit 1 with file:line."""
    (project / "data" / "targets.yaml").write_text("year: 2020\nindicators: [\n", encoding="utf-8")
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert "targets.yaml:3:1: 错误：YAML 语法错误" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path, project: Path) -> None:
    """No data folder, a bad option value or a month outside the year: exit 2."""
    result = runner.invoke(app, ["check", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "找不到 targets.yaml" in result.stderr
    result = kpi(project, "report", "--month", "June")
    assert result.exit_code == 2 and "--month：无法识别的月份“June”" in result.stderr
    result = kpi(project, "report", "--month", "2021-06")
    assert result.exit_code == 2
    assert "--month 2021-06：targets.yaml 中没有 2021 年的目标" in result.stderr
    result = kpi(project, "report", "--month", "2020-13")
    assert result.exit_code == 2 and "月份应在 1 到 12 之间，得到 13" in result.stderr
    result = kpi(project, "report", "--format", "pdf")
    assert result.exit_code == 2 and "--format/-f 的值“pdf”无效" in result.stderr
    # December is a month like any other: a parser refusing it would also exit 2.
    assert kpi(project, "report", "--month", "2020-12").exit_code == 0


def test_internal_error_exits_3_without_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug becomes exit 3 and a short message; the traceback only with --debug."""
    from gongshu_kpi import pipeline

    def boom(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "load", boom)
    result = kpi(project, "report")
    assert result.exit_code == 3
    assert "内部错误" in result.stderr and "Traceback" not in result.stderr
    assert "Traceback" in kpi(project, "report", "--debug").stderr
    # --debug belongs to the run it was given to: the next run keeps the traceback back.
    assert "Traceback" not in kpi(project, "report").stderr


# Every command that reads the data folder: each runs inside the one error boundary.
DATA_COMMANDS = [
    ["report"],
    ["check"],
    ["publish"],
    ["explain", "regular_tax"],
    ["trend", "regular_tax"],
    ["form", "--month", "2020-06"],
    ["status", "--month", "2020-06"],
]


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=lambda c: c[0])
def test_ctrl_c_exits_130_from_every_command(
    project: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Ctrl-C in a pipeline step: exit 130 and 已中断, no traceback, whichever the command."""
    from gongshu_kpi import pipeline

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "find_data_folder", interrupted)
    result = kpi(project, *command)
    assert (result.exit_code, result.stderr) == (130, "已中断。\n")


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=lambda c: c[0])
def test_a_bug_exits_3_from_every_command(
    project: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    from gongshu_kpi import pipeline

    def boom(*_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pipeline, "find_data_folder", boom)
    result = kpi(project, *command)
    assert result.exit_code == 3
    assert result.stderr.startswith("内部错误：ZeroDivisionError: boom\n")


def test_exit_codes_of_a_real_process(project: Path) -> None:
    """The exit codes as a shell sees them: 0 clean, 1 bad data, 2 usage, 3 bug, 130 Ctrl-C
    (a pipeline step replaced in the child process)."""
    run = "import sys\nfrom gongshu_kpi.cli import main\nsys.argv[0] = 'kpi'\nmain()\n"
    raising = (
        "import sys\nfrom gongshu_kpi import pipeline\n"
        "def step(*_):\n    raise {}\n"
        "pipeline.load = step\n" + run
    )

    def code(program: str, *args: str) -> int:
        command = [sys.executable, "-c", program, *args, "--data", str(project)]
        return subprocess.run(command, capture_output=True, check=False).returncode

    assert code(run, "check") == 0
    assert code(run, "report", "--month", "June") == 2
    assert code(raising.format("KeyboardInterrupt"), "report") == 130
    assert code(raising.format("RuntimeError('bug')"), "report") == 3
    (project / "data" / "targets.yaml").write_text("year: [\n", encoding="utf-8")
    assert code(run, "check") == 1


def test_version_and_help() -> None:
    """--version prints the version; every command has help with its options."""
    assert runner.invoke(app, ["--version"]).stdout.startswith("kpi ")
    for command in ("report", "check"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and "--data" in result.stdout


def test_finds_data_folder_from_a_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like git, kpi finds data/targets.yaml in a parent folder."""
    monkeypatch.chdir(project / "data" / "actuals")
    assert runner.invoke(app, ["check"]).exit_code == 0


def test_help_imports_no_heavy_modules() -> None:
    """`kpi --help` imports none of openpyxl, jinja2, python_calamine, pydantic, yaml or
    polars (the columnar engine loads only for large inputs)."""
    code = (
        "import sys\nfrom gongshu_kpi.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'openpyxl', 'jinja2', 'python_calamine', 'pydantic', 'yaml', 'polars'}\n"
        "heavy &= set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_json_report_imports_no_rich(project: Path) -> None:
    """`kpi report --format json` learns no terminal width: Rich (a table's) is not imported."""
    code = (
        "import sys\nfrom gongshu_kpi.cli import app\n"
        f"try:\n    app(['report', '--data', {str(project / 'data')!r}, '-f', 'json'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"indicators"' in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_template_runtime_errors_are_the_templates(project: Path) -> None:
    """Arithmetic on formatted figures in a user template is exit 1 with file:line, not a bug."""
    (project / "templates" / "calc.j2").write_text("x\n{{ lines[0].rate + 1 }}\n", encoding="utf-8")
    result = kpi(project, "report", "-t", "calc")
    assert result.exit_code == 1
    assert "calc.j2:2: 错误：模板运行出错：TypeError" in result.stderr
    assert "模板有误，未生成结果" in result.stderr
    (project / "templates" / "typo.j2").write_text("{{ lines[0].rat }}\n", encoding="utf-8")
    assert "没有字段 rat（是否为 rate？）" in kpi(project, "report", "-t", "typo").stderr


def test_output_format_follows_the_extension(project: Path, tmp_path: Path) -> None:
    """-o r.xlsx writes a workbook; text into .xlsx and output into actuals/ are refused."""
    out = tmp_path / "r.xlsx"
    assert kpi(project, "report", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"PK")
    assert kpi(project, "report", "-t", "bulletin", "-o", str(tmp_path / "b.xlsx")).exit_code == 2
    assert kpi(project, "report", "-f", "json", "-o", str(tmp_path / "c.xlsx")).exit_code == 2
    md = tmp_path / "r.md"
    assert kpi(project, "report", "-o", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("## ")
    inside = project / "data" / "actuals" / "report.csv"
    result = kpi(project, "report", "-o", str(inside))
    assert result.exit_code == 2 and not inside.exists()


def test_month_without_any_data_is_refused(project: Path) -> None:
    """A month before any data gives no empty bulletin for a clerk to publish."""
    result = kpi(project, "report", "-m", "2020-01", "-t", "bulletin")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "没有任何数据" in result.stderr


def test_messages_name_the_real_mistake(project: Path) -> None:
    """Duplicate ids point at the repeat; a full-width colon and a kind typo get fixes."""
    targets = project / "data" / "targets.yaml"
    original = targets.read_text(encoding="utf-8")
    targets.write_text(
        original.replace("id: regular_tax", "id: main_business_revenue"), encoding="utf-8"
    )
    out = kpi(project, "check").stdout
    assert "targets.yaml:30:5: 错误：指标id“main_business_revenue”重复（首次出现于第22行）" in out
    targets.write_text(original.replace("target: 46", "target：46"), encoding="utf-8")
    assert "把全角冒号“：”改为半角冒号" in kpi(project, "check").stdout
    targets.write_text(original.replace("kind: stock", "kind: stok", 1), encoding="utf-8")
    assert "kind 的值“stok”无效；修正：改为 flow、stock 之一" in kpi(project, "check").stdout


def test_conflicting_duplicates_show_both_values(project: Path) -> None:
    """Two different figures for one month are shown side by side."""
    extra = project / "data" / "actuals" / "extra.csv"
    extra.write_text("指标,月份,数值,口径\n产业投资,2020-06,27.38,累计\n", encoding="utf-8")
    assert "两处数值不同：27.38 与 27.83" in kpi(project, "check").stdout


def test_missing_data_folder_is_named(tmp_path: Path) -> None:
    """--data pointing nowhere says the folder does not exist."""
    result = runner.invoke(app, ["check", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "目录不存在" in result.stderr


def test_progress_is_told_each_stage(project: Path) -> None:
    """pipeline.load names each file, then the checking stage, to a progress display."""
    from gongshu_kpi import pipeline

    class Steps:
        def __init__(self) -> None:
            self.seen: list[str] = []

        def step(self, what: str) -> None:
            self.seen.append(what)

    steps = Steps()
    pipeline.load(pipeline.find_data_folder(project), steps)
    assert [s for s in steps.seen if s.startswith("读取")][-1].endswith("（3/3）")
    assert steps.seen[-1] == "校验、汇总"


def test_progress_stays_off_without_a_terminal() -> None:
    """No spinner in pipes, CI logs or with --quiet; the display object itself is sound."""
    from gongshu_kpi.cli.console import StderrProgress, progress_display

    with progress_display(quiet=False) as shown:  # pytest captures stderr: not a terminal
        assert shown is None
    with progress_display(quiet=True) as shown:
        assert shown is None
    with StderrProgress() as display:
        display.step("读取 a.csv（1/1）")


def test_output_never_lands_in_the_data_folder_or_on_the_template(project: Path) -> None:
    """orgs.yaml, ranks.yaml and the template being rendered are inputs too."""
    (project / "data" / "orgs.yaml").write_text("root: 合计\n", encoding="utf-8")
    for target in ("data/orgs.yaml", "data/ranks.yaml", "data/notes.md"):
        result = kpi(project, "report", "-o", str(project / target))
        assert result.exit_code == 2, target
    assert (project / "data" / "orgs.yaml").read_text(encoding="utf-8") == "root: 合计\n"
    template = project / "templates" / "newsletter.j2"
    before = template.read_bytes()
    assert kpi(project, "report", "-t", "newsletter", "-o", str(template)).exit_code == 2
    assert template.read_bytes() == before


def test_atomic_write_follows_links_keeps_modes_and_refuses_devices(tmp_path: Path) -> None:
    """A link's target is replaced (the link stays); modes are kept; devices are written."""
    import stat

    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.output import write_atomically

    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o644)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    fresh = tmp_path / "fresh.md"
    write_atomically(fresh, "x")
    assert stat.S_IMODE(fresh.stat().st_mode) & 0o044  # readable by others, as usual
    write_atomically(Path("/dev/null"), "x")  # a device is written directly, not replaced
    with pytest.raises(UsageError, match="无法写入"):
        write_atomically(tmp_path / "no-such-folder" / "x.md", "x")
