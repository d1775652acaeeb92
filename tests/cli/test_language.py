"""--help and usage errors: Chinese by default, English with --lang en or an English locale;
clean metavars; every option has its Chinese text."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.cli.language import COMMAND_ZH, PARAM_ZH, language, usage_message

runner = CliRunner()
CHINESE = {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100"}
ENGLISH = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100"}


@pytest.mark.parametrize("columns", ["80", "100"])
def test_help_is_chinese_by_default(columns: str) -> None:
    result = runner.invoke(app, ["report", "--help"], env={**CHINESE, "COLUMNS": columns})
    assert result.exit_code == 0
    out = result.stdout
    assert "各指标截至某月的完成率" in out and "只看该指标（代码或名称）" in out
    assert "选项" in out and "显示本说明并退出" in out
    for hint in ("<list[str]>", "<str>", "<bool>", "<path>", "Show this message"):
        assert hint not in out, hint
    assert "YYYY-MM" in out and "ID|NAME" in out
    assert "…" not in out  # nothing cut off


def test_help_is_english_with_lang_en_or_an_english_locale() -> None:
    for args, env in (
        (["report", "--lang", "en", "--help"], CHINESE),
        (["report", "--help"], ENGLISH),
    ):
        out = runner.invoke(app, args, env=env).stdout
        assert "Completion rates, time progress and pace" in out
        assert "Only this indicator" in out
        assert "<list[str]>" not in out and "<bool>" not in out


def test_help_paragraphs_are_not_hard_wrapped() -> None:
    """A docstring's line breaks are not kept: at 160 columns a paragraph is one line."""
    out = runner.invoke(app, ["report", "--help"], env={**ENGLISH, "COLUMNS": "160"}).stdout
    assert "not after --month (so one report may mix" in out


def test_every_option_has_chinese_help() -> None:
    """A new option or command needs its Chinese text in cli/language.py."""
    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert name in COMMAND_ZH, name
        for param in command.params:
            assert (name, param.name) in PARAM_ZH, (name, param.name)


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["report", "--nope"], "错误：没有选项 --nope", "Error: No such option: --nope"),
        (["report", "-f", "pdf"], "--format/-f 的值“pdf”无效；可用：table", "Invalid value"),
        (["trend"], "错误：缺少参数", "Missing argument"),
        (["trend", "a", "b"], "错误：多余的参数：b", "unexpected extra argument"),
        (["nosuch"], "错误：没有命令“nosuch”", "No such command"),
    ],
)
def test_usage_errors_in_the_same_language(args: list[str], zh: str, en: str) -> None:
    result = runner.invoke(app, args, env=CHINESE)
    assert result.exit_code == 2 and zh in result.stderr, result.stderr
    assert "详见 " in result.stderr and "--help" in result.stderr
    english = runner.invoke(
        app, [*args, "--lang", "en"] if args[0] == "report" else args, env=ENGLISH
    )
    assert english.exit_code == 2 and en in english.stderr, english.stderr


def test_language_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert language([]) == "zh"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert language([]) == "en"
    assert language(["report", "--lang", "zh"]) == "zh"
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert language([]) == "zh"
    assert language(["--lang=en"]) == "en"


def test_unknown_messages_pass_through() -> None:
    assert usage_message("Something new", "zh") == "Something new"
