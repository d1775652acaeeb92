"""The outcome of `kpi check`: every problem, what was looked at, and the pass/fail policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongshu_kpi.core.problems import Problem, Severity

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin import FigureVerdict


@dataclass(frozen=True, slots=True)
class BulletinSummary:
    """How much of a bulletin draft was fact-checked."""

    path: str
    claims: int  # figures-bearing statements found
    checked: int  # stated figures compared with a correct one
    wrong: int  # of those, how many disagree
    figures: tuple[FigureVerdict, ...] = ()  # every stated figure and its verdict


@dataclass(frozen=True)
class CheckReport:
    """Problems of one `kpi check` run; reporters turn it into text, JSON, GitHub or JUnit."""

    problems: tuple[Problem, ...]
    files: tuple[str, ...]  # every input file looked at, in reading order
    indicators: int
    strict: bool = False  # warnings fail too
    month: str | None = None  # the as-of month checked, YYYY-MM
    bulletin: BulletinSummary | None = None

    def fails(self, problem: Problem) -> bool:
        """Whether this problem makes the check fail (exit 1)."""
        if problem.severity is Severity.ERROR:
            return True
        return self.strict and problem.severity is Severity.WARNING

    @property
    def failed(self) -> bool:
        return any(self.fails(p) for p in self.problems)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)
