"""Problems as text lines for people (machines get their formats in `kpi check`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from gongshu_kpi.core.problems import Problem, Severity

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage

LABEL: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
LABEL_EN: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}


def format_problem(problem: Problem, lang: OutputLanguage = "zh") -> str:
    """`path:line: 错误：…；修正：…`; under English the fixed words are English (the message
    itself names data and stays as written)."""
    if lang == "en":
        fix = "" if problem.fix is None else f"; fix: {problem.fix}"
        text = f"{LABEL_EN[problem.severity]}: {problem.message}{fix}"
        return text if problem.location is None else f"{problem.location}: {text}"
    text = problem.message if problem.fix is None else f"{problem.message}；修正：{problem.fix}"
    label = LABEL[problem.severity]
    return (
        f"{label}：{text}" if problem.location is None else f"{problem.location}: {label}：{text}"
    )


def render_problems(
    problems: Iterable[Problem], verbose: bool = False, lang: OutputLanguage = "zh"
) -> str:
    shown = [p for p in problems if verbose or p.severity is not Severity.INFO]
    return "".join(format_problem(p, lang) + "\n" for p in shown)


def counted(count: int, singular: str) -> str:
    return f"{count} {singular}" + ("" if count == 1 else "s")


def summarise(problems: Iterable[Problem], lang: OutputLanguage = "zh") -> str:
    counts = dict.fromkeys(Severity, 0)
    for problem in problems:
        counts[problem.severity] += 1
    if lang == "en":
        errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
        return f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    return f"{counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告"
