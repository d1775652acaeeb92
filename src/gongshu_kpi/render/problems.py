"""Problems as text lines for people (machines get their formats in `kpi check`)."""

from __future__ import annotations

from collections.abc import Iterable

from gongshu_kpi.core.problems import Problem, Severity

LABEL: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}


def format_problem(problem: Problem) -> str:
    text = problem.message if problem.fix is None else f"{problem.message}；修正：{problem.fix}"
    label = LABEL[problem.severity]
    return (
        f"{label}：{text}" if problem.location is None else f"{problem.location}: {label}：{text}"
    )


def render_problems(problems: Iterable[Problem], verbose: bool = False) -> str:
    shown = [p for p in problems if verbose or p.severity is not Severity.INFO]
    return "".join(format_problem(p) + "\n" for p in shown)


def summarise(problems: Iterable[Problem]) -> str:
    counts = dict.fromkeys(Severity, 0)
    for problem in problems:
        counts[problem.severity] += 1
    return f"{counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告"
