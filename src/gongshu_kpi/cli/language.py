"""The command line's own language: help and usage errors in Chinese by default, in English
with `--lang en` or an English locale (LC_ALL / LC_MESSAGES / LANG starting with `en`).

Help texts are written in English beside the options; the Chinese ones live here, keyed by
command and parameter name, and replace them when the language is Chinese. A group class
applies them, sets readable metavars (no `<list[str]>` or `<bool>`), joins hard-wrapped
lines so the terminal wraps them cleanly, and reports usage errors in the same language.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any, Literal

from typer.core import TyperGroup

from gongshu_kpi.cli.options import EXPLAIN_FORMATS, REPORT_FORMATS, listed
from gongshu_kpi.render.registry import View, names

Language = Literal["zh", "en"]

GROUP_ZH = (
    "年度目标任务 + 月度实际数 → 完成率、序时进度、成绩单文本与 CI 校验。\n\n"
    "不给 --data 时，kpi 在当前目录及其上级目录中查找 data/targets.yaml。\n\n"
    "退出码：0 成功；1 数据或模板有问题；2 用法错误（选项有误、找不到数据目录、无法写入输出）；"
    "3 内部错误（请报告；--debug 显示详情）。"
)
GROUP_EN = (
    "Annual targets + monthly actuals → completion rates, time progress, bulletin text and a "
    "CI verdict.\n\nWithout --data, kpi looks for data/targets.yaml in the current folder and "
    "its parents.\n\nExit codes: 0 ok; 1 problems in the data or a template; 2 usage error "
    "(bad option, no data folder, output not writable); 3 internal error (please report it; "
    "--debug shows details)."
)

COMMAND_ZH: dict[str, str] = {
    "report": "各指标截至某月的完成率、序时进度和差值。\n\n"
    "每个指标按它自己不晚于 --month 的最近有数据月份计算（一份报告里可同时有 1-7月 和 1-6月，"
    "与成绩单一致）。数据目录里有上年实际数时加同比。",
    "check": "校验目标与实际数，执行 data/rules.yaml 中的规则，与已发布快照比较，"
    "并可核对成绩单草稿；每个问题一行：`路径:行[:列]: 错误：<问题>；修正：<做法>`。\n\n"
    "退出码：0 通过（警告不算，除非 --strict），1 有问题，2 用法错误，3 内部错误。",
    "publish": "记录成绩单发布时的数字和目标（data/published/YYYY-MM.json）；"
    "之后 kpi check 会报告其中任何变化。",
    "explain": "一个数字从哪里来：每个文件行或单元格，以及逐步的计算过程。",
    "trend": "一个指标的逐月情况：当月数、累计数、完成率、同比，并在终端画小图。",
    "init": "新建项目：data/targets.yaml、带示例 CSV 的 data/actuals/、含默认模板副本的 "
    "templates/。从不覆盖已有文件。",
    "templates": "列出 --template 可用的模板，或导出默认模板以便修改。",
    "form": "为某月每个填报单位生成一份 Excel 填报表。\n\n"
    "每份表列出该单位的指标、计量单位和口径，附上月数和上年同期数，工作表受保护，"
    "只有一列可填。填好的表放进 data/actuals/ 即可直接读取。",
    "status": "某月谁已报送（催报），并为每个单位生成催报文字。\n\n"
    "按单位和指标列出已报、未报或逾期（次月 settings.due_day 之后仍未报送）。"
    "数据文件有错误时退出码为 1（其数字按未报计）。",
}

DATA_ZH = "数据目录（含 targets.yaml 和 actuals/），或含 data/ 的项目目录。"
DEBUG_ZH = "出现内部错误时显示 Python 回溯信息。"
QUIET_ZH = "不在 stderr 显示进度。"
PERIOD_ZH = "截至某季度或半年末：2021-Q2、2021-H1、2021年一季度（代替 --month）。"
PARAM_ZH: dict[tuple[str, str], str] = {
    ("report", "month"): "截至该月（YYYY-MM）。默认：最近有数据的月份。",
    ("report", "period"): PERIOD_ZH,
    ("report", "fmt"): "输出格式，默认 table 或按 --output 的扩展名："
    + "、".join(REPORT_FORMATS)
    + "。",
    ("report", "template"): "用 Jinja 模板生成成绩单文字：项目 templates/ 中或默认的模板名"
    "（bulletin、bulletin_full、bulletin_en；--view scorecard 时用 scorecard），"
    "或模板文件路径。名称以 _en 结尾的模板生成英文。",
    ("report", "output"): "写入该文件（原子写入），而不是输出到终端。扩展名决定格式；"
    "不认识的扩展名是用法错误。",
    ("report", "indicator"): "只看该指标（代码或名称）；可重复。",
    ("report", "group"): "只看该分组；可重复。",
    ("report", "org"): "只看 orgs.yaml 中该单位或分组的数字，而不是全体；可重复（每单位一行）。",
    ("report", "by"): "org：每个单位、每个指标一行。",
    ("report", "share_of"): "加上每行占该单位或分组的比重（占比）。",
    ("report", "rank"): "各指标内的单位排名：按完成率（rate）或按同比（yoy）。",
    ("report", "projection"): "加上预计全年、距目标还差和月均需完成。",
    ("report", "columns"): "加上这些列（可重复，或用逗号分隔，按给出的顺序）："
    "当月/month、环比/mom、当月同比/month-yoy、累计环比/ytd-mom、两年平均/two-year、"
    "距目标还差/gap、月均需完成/need、预计全年/projection。表头写明期间（如 6月当月）；"
    "1-2月合并数写作“1-2月 165”，不拆分；算不出的数写“—”，表下注明原因。"
    "列名写错是用法错误（退出码 2）。",
    ("report", "skip_bad_files"): "跳过有错误的数据文件，用其余文件出报告。受影响的数字"
    "标注（不含XX），脚注列出跳过的文件；退出码仍为 1。",
    ("report", "charts"): "同时把图表以 PNG 和 SVG 文件写入该目录。",
    ("report", "view"): "scorecard：赛马表，单位为行、指标为列，按 data/scorecard.yaml 的权重"
    "计算综合得分并排名。",
    ("report", "quiet"): QUIET_ZH,
    ("report", "lang"): "输出语言：zh 中文，en 英文。",
    ("report", "data"): DATA_ZH,
    ("report", "debug"): DEBUG_ZH,
    ("form", "month"): "填报的月份（YYYY-MM）。",
    ("form", "out"): "填报表写入的目录。默认：data/ 旁的 forms/YYYY-MM。",
    ("form", "force"): "覆盖该目录中已有的填报表。",
    ("form", "data"): DATA_ZH,
    ("form", "debug"): DEBUG_ZH,
    ("status", "month"): "查看的月份（YYYY-MM）。默认：最近有数据的月份。",
    ("status", "fmt"): "table（含催报文字）、json 或 text（只有催报文字）。",
    ("status", "today"): "按该日期（YYYY-MM-DD）判断是否逾期。默认：今天。",
    ("status", "template"): "催报文字模板：templates/ 中的名称或模板文件。默认：reminder。",
    ("status", "output"): "写入该文件（原子写入），而不是输出到终端。",
    ("status", "data"): DATA_ZH,
    ("status", "debug"): DEBUG_ZH,
    ("check", "data"): DATA_ZH,
    ("check", "month"): "按该月（YYYY-MM）检查。默认：最近有数据的月份。",
    ("check", "period"): PERIOD_ZH,
    ("check", "bulletin"): "核对成绩单草稿（Markdown 或文本，UTF-8 或 GB18030）中的每个目标、"
    "完成数、完成率、同比和占比。",
    ("check", "fmt"): "text、json、github（工作流命令；GITHUB_ACTIONS=true 时为默认）"
    "或 junit（XML）。",
    ("check", "output"): "把检查结果写入该文件（原子写入）。",
    ("check", "strict"): "警告也算不通过（退出码 1）。",
    ("check", "verbose"): "同时显示提示信息。",
    ("check", "quiet"): QUIET_ZH,
    ("check", "lang"): "输出语言：zh 中文，en 英文。",
    ("check", "debug"): DEBUG_ZH,
    ("publish", "month"): "发布的月份（YYYY-MM）。默认：最近有数据的月份。",
    ("publish", "force"): "替换该月已有的快照。",
    ("publish", "data"): DATA_ZH,
    ("publish", "debug"): DEBUG_ZH,
    ("explain", "indicator"): "指标代码或名称。",
    ("explain", "month"): "截至该月（YYYY-MM）。",
    ("explain", "period"): PERIOD_ZH,
    ("explain", "org"): "某单位或单位分组，而不是全体。",
    ("explain", "share_of"): "同时说明占该单位或分组的比重（占比）。",
    ("explain", "rank"): "同时说明在各单位中的排名（与 report --by org --rank 相同）："
    "按完成率（rate）或按同比（yoy）。",
    ("explain", "fmt"): listed(EXPLAIN_FORMATS, " 或 ", "、") + "。",
    ("explain", "lang"): "输出语言：zh 中文，en 英文。",
    ("explain", "data"): DATA_ZH,
    ("explain", "debug"): DEBUG_ZH,
    ("trend", "indicator"): "指标代码或名称。",
    ("trend", "year"): "年份（默认：targets.yaml 的年份）。",
    ("trend", "org"): "某单位或单位分组，而不是全体。",
    ("trend", "fmt"): listed(names(View.TREND), " 或 ", "、") + "。",
    ("trend", "lang"): "输出语言：zh 中文，en 英文。",
    ("trend", "data"): DATA_ZH,
    ("trend", "debug"): DEBUG_ZH,
    ("init", "folder"): "新项目所在目录（不存在则创建）。",
    ("init", "debug"): DEBUG_ZH,
    ("templates", "export"): "把默认模板复制到该目录以便修改。",
    ("templates", "data"): DATA_ZH,
    ("templates", "debug"): DEBUG_ZH,
}

# What an option's value looks like, instead of Typer's <str> / <list[str]> / <bool>.
METAVAR: dict[str, str] = {
    "month": "YYYY-MM",
    "period": "YYYY-QN",
    "year": "YYYY",
    "today": "YYYY-MM-DD",
    "indicator": "ID|NAME",
    "group": "NAME",
    "org": "NAME",
    "share_of": "NAME",
    "by": "org",
    "template": "NAME|FILE",
    "output": "FILE",
    "bulletin": "FILE",
    "data": "DIR",
    "charts": "DIR",
    "export": "DIR",
    "folder": "DIR",
    "fmt": "FORMAT",
}


class _Current:
    """The language of the command running now (set by KpiGroup.main), for the error boundary."""

    lang: Language = "zh"


def current_language() -> Language:
    return _Current.lang


def language(args: Sequence[str] | None = None) -> Language:
    """`--lang en` among the arguments, else an English locale, means English."""
    words = list(sys.argv[1:] if args is None else args)
    for index, word in enumerate(words):
        if word == "--lang=en" or (word == "--lang" and words[index + 1 : index + 2] == ["en"]):
            return "en"
        if word == "--lang=zh" or (word == "--lang" and words[index + 1 : index + 2] == ["zh"]):
            return "zh"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def _unwrap(text: str) -> str:
    """Paragraphs as single lines, so the terminal wraps them to its width: lines are joined
    with a space between Latin words and without one next to Chinese."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        joined = ""
        for line in (ln.strip() for ln in paragraph.splitlines()):
            if joined and line and joined[-1].isascii() and line[0].isascii():
                joined += " "
            joined += line
        paragraphs.append(joined)  # cli/wrapping.py wraps it between Chinese characters
    return "\n\n".join(paragraphs)


HELP_OPTION = {"zh": "显示本说明并退出。", "en": "Show this message and exit."}


def _help_option(command: Any, lang: Language) -> None:
    """The --help option's own text, and no <bool> beside it."""
    original = getattr(command, "_kpi_get_help_option", None)
    if original is None:
        original = command._kpi_get_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.help = HELP_OPTION[lang]
            option.metavar = ""
        return option

    command.get_help_option = get_help_option


ROOT_ZH = {
    "version": "显示版本号。",
    "install_completion": "为当前 shell 安装命令补全。",
    "show_completion": "显示当前 shell 的补全脚本，可复制或自行安装。",
}
PANELS = {
    "zh": {
        "ARGUMENTS_PANEL_TITLE": "参数",
        "OPTIONS_PANEL_TITLE": "选项",
        "COMMANDS_PANEL_TITLE": "命令",
    },
    "en": {
        "ARGUMENTS_PANEL_TITLE": "Arguments",
        "OPTIONS_PANEL_TITLE": "Options",
        "COMMANDS_PANEL_TITLE": "Commands",
    },
}


def _panels(lang: Language) -> None:
    # Typer names its help panels in module constants; only touched when help is shown.
    from typer import rich_utils

    for key, value in PANELS[lang].items():
        setattr(rich_utils, key, value)
    _wrap_help_texts(rich_utils)


def _wrap_help_texts(rich_utils: Any) -> None:
    """Every help text Typer makes wraps as Chinese is written (cli/wrapping.py): Typer makes
    them all in one function, wrapped here once."""
    make = rich_utils._make_rich_text
    if getattr(make, "_kpi_wrapped", False):
        return
    from gongshu_kpi.cli.wrapping import wrapped

    def make_wrapped(**kwargs: Any) -> Any:
        return wrapped(make(**kwargs))

    make_wrapped._kpi_wrapped = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make_wrapped


def localise(group: Any, lang: Language, showing_help: bool = True) -> None:
    """Set help texts and metavars of the group and its commands for `lang`."""
    group.help = GROUP_EN if lang == "en" else GROUP_ZH
    if showing_help:
        _panels(lang)
    _help_option(group, lang)
    for param in group.params:
        english = getattr(param, "_kpi_help", None)
        if english is None:
            english = param._kpi_help = getattr(param, "help", None) or ""
        if hasattr(param, "help"):
            param.help = english if lang == "en" else ROOT_ZH.get(param.name, english)
        if getattr(param, "is_flag", False):
            param.metavar = ""
    for name, command in group.commands.items():
        _localise_command(name, command, lang)


def _localise_command(name: str, command: Any, lang: Language) -> None:
    _help_option(command, lang)
    original = getattr(command, "_kpi_help", None)
    if original is None:
        original = command._kpi_help = command.help or ""
    command.help = _unwrap(original if lang == "en" else COMMAND_ZH.get(name, original))
    for param in command.params:
        english = getattr(param, "_kpi_help", None)
        if english is None:
            english = param._kpi_help = getattr(param, "help", None) or ""
        chosen = english if lang == "en" else PARAM_ZH.get((name, param.name), english)
        if hasattr(param, "help"):
            param.help = _unwrap(chosen)
        if getattr(param, "show_default", None) and lang == "zh":
            param.show_default = False  # "[default: zh]" would be the only English left
        if getattr(param, "is_flag", False):
            param.metavar = ""  # a switch takes no value
        elif param.name in METAVAR:
            param.metavar = METAVAR[param.name]


# Click's usage errors, in Chinese (the patterns of its English messages).
USAGE_ZH: tuple[tuple[str, str], ...] = (
    (
        r"No such option: (\S+?)\.?(?:\s*\((?:Possible options|Did you mean):?\s*(.+?)\??\))?$",
        "没有选项 {0}{1}",
    ),
    (r"No such command '(.+)'\.$", "没有命令“{0}”"),
    (r"Missing argument '?(.+?)'?\.?$", "缺少参数 {0}"),
    (r"Missing option '?(.+?)'?\.?$", "缺少选项 {0}"),
    (r"Option '(.+)' requires an argument\.$", "选项 {0} 需要一个值"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "多余的参数：{0}"),
    (
        r"Invalid value for (.+?): (?:Value error, )?'(.+)' is not one of (.+?)\.?$",
        "{0} 的值“{1}”无效；可用：{2}",
    ),
    (r"Invalid value for (.+?): '(.+)' is not a valid integer\.?$", "{0} 的值“{1}”不是整数"),
    (r"Invalid value for (.+?): Input should be a valid integer.*$", "{0} 的值应为整数"),
    (r"Invalid value for (.+?): (?:Value error, )?(.+)$", "{0} 的值无效：{1}"),
)


def usage_message(message: str, lang: Language) -> str:
    """Click's message in the help's language (English ones as Click writes them)."""
    if lang == "en":
        return message
    for pattern, zh in USAGE_ZH:
        found = re.match(pattern, message.strip())
        if found:
            parts = [(g or "").replace("'", "").replace(" / ", "/") for g in found.groups()]
            if zh.startswith("没有选项"):
                parts[1] = f"（是否为 {parts[1]}？）" if parts[1] else ""
            return zh.format(*parts)
    return message


class KpiGroup(TyperGroup):
    """The `kpi` group: localised help, and usage errors in the help's language."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        lang = language(args)
        _Current.lang = lang
        words = sys.argv[1:] if args is None else list(args)
        localise(self, lang, showing_help=not words or "--help" in words or "-h" in words)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except Exception as exc:
            if not (hasattr(exc, "exit_code") and hasattr(exc, "format_message")):
                raise
            if type(exc).__name__ == "Abort":
                sys.stderr.write("已中止。\n" if lang == "zh" else "Aborted.\n")
                sys.exit(1)
            context = getattr(exc, "ctx", None)
            usage = context.get_usage() if context is not None else ""
            text = usage_message(exc.format_message(), lang)
            command = context.command_path if context is not None else "kpi"
            if lang == "en":
                sys.stderr.write(f"{usage}\nError: {text}\nSee '{command} --help'.\n")
            else:
                usage = usage.replace("Usage: ", "用法：").replace("[OPTIONS]", "[选项]")
                sys.stderr.write(f"{usage}\n错误：{text}\n详见 {command} --help\n")
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)
