"""Reporters for `kpi check`: text for people, JSON, GitHub workflow commands and JUnit XML.

Each reporter is pure: a CheckReport in, a string out.  `REPORTER_BY_NAME` is the registry the
CLI's --format chooses from.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Protocol

from gongshu_kpi.core.bulletin import FIGURE_LABEL
from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.render.problems import LABEL, LABEL_EN, counted, format_problem, summarise

if TYPE_CHECKING:
    from gongshu_kpi.core.ci.verdict import CheckReport
    from gongshu_kpi.core.models import OutputLanguage

JSON_SCHEMA_VERSION = 1


class Reporter(Protocol):
    """Every reporter takes (report, verbose, lang), whether its format uses them or not: JSON
    lists every problem for machines to filter (ruff's ARG001 is off here for that reason)."""

    def __call__(
        self, report: CheckReport, verbose: bool = False, lang: OutputLanguage = "zh", /
    ) -> str: ...


def _shown(report: CheckReport, verbose: bool) -> list[Problem]:
    """Notes only on request; a failing problem always."""
    return [p for p in report.problems if verbose or p.severity is not Severity.INFO]


def _text_of(problem: Problem, lang: OutputLanguage = "zh") -> str:
    if problem.fix is None:
        return problem.message
    return f"{problem.message}{'; fix: ' if lang == 'en' else '；修正：'}{problem.fix}"


# --------------------------------------------------------------------------- text


def render_text(report: CheckReport, verbose: bool = False, lang: OutputLanguage = "zh") -> str:
    """path:line: 错误：…；修正：… — one line per problem."""
    return "".join(format_problem(p, lang) + "\n" for p in _shown(report, verbose))


# How a per-figure verdict reads in the --verbose summary.
_VERDICT_TEXT = {
    "ok": "✓",
    "wrong": "✗",
    "rounding": "✗（末位）",
    "unverifiable": "未核对",
    "unread": "未读出",
}


_VERDICT_EN = {
    "ok": "✓",
    "wrong": "✗",
    "rounding": "✗ (last digit)",
    "unverifiable": "not checked",
    "unread": "not read",
}


def render_figure_lines(report: CheckReport, lang: OutputLanguage = "zh") -> str:
    """--verbose: one line per bulletin line, each stated figure with its verdict."""
    bulletin = report.bulletin
    if bulletin is None or not bulletin.figures:
        return ""
    by_line: dict[int, list[str]] = {}
    for f in bulletin.figures:
        what = f"{f.org}{f.indicator}".strip() or "（未识别）"
        label = FIGURE_LABEL.get(f.kind, f.kind)
        shown = f"{what} {label} {f.stated}".strip()
        verdict = (_VERDICT_EN if lang == "en" else _VERDICT_TEXT).get(f.verdict, f.verdict)
        if f.verdict in ("wrong", "rounding"):
            verdict += f" {'should be' if lang == 'en' else '应为'} {f.expected}"
        by_line.setdefault(f.line, []).append(f"{shown} {verdict}")
    return "".join(
        f"{bulletin.path}:{line}: " + ("; " if lang == "en" else "；").join(items) + "\n"
        for line, items in sorted(by_line.items())
    )


def summary_line(report: CheckReport, lang: OutputLanguage = "zh") -> str:
    """The verdict for stderr, whatever the format."""
    if lang == "en":
        return _summary_line_en(report)
    verdict = "未通过" if report.failed else "通过"
    strict = "（--strict：警告也算失败）" if report.strict else ""
    text = (
        f"检查{verdict}{strict}：{len(report.files)} 个文件，{report.indicators} 个指标；"
        f"{summarise(report.problems)}，{report.count(Severity.INFO)} 个提示。"
    )
    if report.bulletin is not None:
        b = report.bulletin
        text += (
            f"\n成绩单核对：{b.path} 中 {b.claims} 处指标表述，核对 {b.checked} 个数字，"
            f"{b.wrong} 个有误。"
        )
    return text + "\n"


def _summary_line_en(report: CheckReport) -> str:
    verdict = "failed" if report.failed else "passed"
    strict = " (--strict: warnings fail too)" if report.strict else ""
    notes = counted(report.count(Severity.INFO), "note")
    text = (
        f"Check {verdict}{strict}: {counted(len(report.files), 'file')}, "
        f"{counted(report.indicators, 'indicator')}; {summarise(report.problems, 'en')}, {notes}."
    )
    if report.bulletin is not None:
        b = report.bulletin
        text += (
            f"\nBulletin fact-check: {counted(b.claims, 'statement')} about indicators in "
            f"{b.path}, {counted(b.checked, 'figure')} checked, {b.wrong} wrong."
        )
    return text + "\n"


# --------------------------------------------------------------------------- json


def _location_data(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "sheet": location.sheet,
        "cell": location.cell,
        "text": str(location),
    }


def check_as_data(report: CheckReport) -> dict[str, Any]:
    """The JSON document (schema_version 1, documented in README)."""
    bulletin = report.bulletin
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": "kpi check",
        "ok": not report.failed,
        "strict": report.strict,
        "month": report.month,
        "files": list(report.files),
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "notes": report.count(Severity.INFO),
            "failing": sum(1 for p in report.problems if report.fails(p)),
            "files": len(report.files),
            "indicators": report.indicators,
        },
        "bulletin": None
        if bulletin is None
        else {
            "path": bulletin.path,
            "claims": bulletin.claims,
            "checked": bulletin.checked,
            "wrong": bulletin.wrong,
            "figures": [asdict(figure) for figure in bulletin.figures],
        },
        "problems": [
            {
                "code": p.code,
                "severity": p.severity.value,
                "fails": report.fails(p),
                "message": p.message,
                "fix": p.fix,
                "location": _location_data(p.location),
            }
            for p in report.problems
        ],
    }


def render_json(report: CheckReport, verbose: bool = False, lang: OutputLanguage = "zh") -> str:
    """Every problem, notes included: machines filter for themselves."""
    return json.dumps(check_as_data(report), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- github


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github_line(problem: Problem, lang: OutputLanguage = "zh") -> str:
    """`::error file=…,line=…,col=…,title=…::message` for one problem."""
    properties: list[tuple[str, str]] = []
    message = _text_of(problem, lang)
    location = problem.location
    if location is not None:
        properties.append(("file", location.path))
        if location.line is not None:
            properties.append(("line", str(location.line)))
            if location.column is not None:
                properties.append(("col", str(location.column)))
        if location.cell is not None:  # an Excel cell has no line: name it in the message
            message = f"{location}: {message}"
    label = (LABEL_EN if lang == "en" else LABEL)[problem.severity]
    properties.append(("title", f"kpi check: {problem.code} ({label})"))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_GITHUB_COMMAND[problem.severity]} {props}::{escape_data(message)}"


def render_github(report: CheckReport, verbose: bool = False, lang: OutputLanguage = "zh") -> str:
    """GitHub Actions annotations, one workflow command per line."""
    return "".join(github_line(p, lang) + "\n" for p in _shown(report, verbose))


# --------------------------------------------------------------------------- junit

GENERAL_CASE = "(general)"


# Characters XML 1.0 cannot hold at all (a cell may contain them); shown as \xNN instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_junit(report: CheckReport, verbose: bool = False, lang: OutputLanguage = "zh") -> str:
    """JUnit XML: one testsuite, one testcase per input file, a failure per failing file."""
    by_file: dict[str, list[Problem]] = {name: [] for name in report.files}
    for problem in report.problems:
        key = problem.location.path if problem.location is not None else GENERAL_CASE
        by_file.setdefault(key, []).append(problem)
    failing_cases = sum(1 for ps in by_file.values() if any(report.fails(p) for p in ps))
    counts = {"tests": str(len(by_file)), "failures": str(failing_cases), "errors": "0"}
    root = ET.Element("testsuites", {"name": "kpi check", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "kpi check", **counts, "skipped": "0"})
    for name, problems in by_file.items():
        case = ET.SubElement(suite, "testcase", {"name": _xml_safe(name), "classname": "kpi.check"})
        failing = [p for p in problems if report.fails(p)]
        if failing:
            first = failing[0]
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": _xml_safe(_junit_message(len(failing), _text_of(first, lang), lang)),
                    "type": first.code,
                },
            )
            failure.text = _xml_safe(
                "".join(f"[{p.code}] {format_problem(p, lang)}\n" for p in failing)
            )
        quiet = [p for p in problems if not report.fails(p)]
        others = [p for p in quiet if verbose or p.severity is not Severity.INFO]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = _xml_safe("".join(format_problem(p, lang) + "\n" for p in others))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _junit_message(count: int, first: str, lang: OutputLanguage) -> str:
    return f"{counted(count, 'problem')}: {first}" if lang == "en" else f"{count} 个问题：{first}"


REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
}
