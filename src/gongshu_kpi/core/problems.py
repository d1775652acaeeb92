"""Problems are values: a stable code, a message, a fix and a location in an input file."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, Self, SupportsIndex

# A value quoted in a message (“…”) is cut to this many characters: a 30,000-character cell
# repeated in 4,000 messages made 360 MB of output.
MAX_QUOTED_CHARS = 60
MAX_MESSAGE_CHARS = 1000
# Beyond this many problems of one code in one file, the rest are counted, not listed.
MAX_PROBLEMS_PER_KIND = 20
_LONG_QUOTE = re.compile(f"“([^”]{{{MAX_QUOTED_CHARS + 1},}})”")


def shorten(message: str) -> str:
    """Long quoted values cut to MAX_QUOTED_CHARS, the whole to MAX_MESSAGE_CHARS."""
    message = _LONG_QUOTE.sub(
        lambda m: f"“{m.group(1)[:MAX_QUOTED_CHARS]}…（共 {len(m.group(1)):,} 字）”", message
    )
    if len(message) > MAX_MESSAGE_CHARS:
        message = f"{message[:MAX_MESSAGE_CHARS]}…（消息过长，已截断）"
    return message


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value came from: a file and a 1-based line (CSV, YAML) or a sheet cell (Excel)."""

    path: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            sheet = f"{self.sheet}!" if self.sheet else ""
            return f"{self.path}:{sheet}{self.cell}"
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class Place(Protocol):
    """Where a file's values are (a CSV file, or a sheet and its value column)."""

    def at(self, row: int, field: str | None = None) -> Location: ...


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth knowing) about the inputs; loaders and checks return these."""

    code: str
    message: str
    location: Location | None = None
    fix: str | None = None
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if len(self.message) > 2 * MAX_QUOTED_CHARS:
            object.__setattr__(self, "message", shorten(self.message))
        if self.fix is not None and len(self.fix) > 2 * MAX_QUOTED_CHARS:
            object.__setattr__(self, "fix", shorten(self.fix))

    def __str__(self) -> str:
        text = self.message if self.fix is None else f"{self.message}；修正：{self.fix}"
        return text if self.location is None else f"{self.location}: {text}"


def _kind(problem: Problem) -> tuple[str, str, Severity]:
    return (problem.code, problem.location.path if problem.location else "", problem.severity)


class BoundedProblems(list[Problem]):
    """A list of problems that keeps the first MAX_PROBLEMS_PER_KIND of each code in each
    file and counts the rest, so a file with a million bad rows costs twenty messages."""

    def __init__(self, problems: Iterable[Problem] = (), keep: int = MAX_PROBLEMS_PER_KIND):
        super().__init__()
        self._keep = keep
        self._counts: Counter[tuple[str, str, Severity]] = Counter()
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        key = _kind(problem)
        self._counts[key] += 1
        if self._counts[key] <= self._keep:
            super().append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> Self:  # type: ignore[override,misc]
        self.extend(problems)
        return self

    def insert(self, index: SupportsIndex, problem: Problem) -> None:
        raise NotImplementedError("problems are only appended")

    def summarised(self) -> list[Problem]:
        """The problems kept, each kind followed by the count of those left out."""
        out: list[Problem] = []
        shown: Counter[tuple[str, str, Severity]] = Counter()
        for problem in self:
            out.append(problem)
            key = _kind(problem)
            shown[key] += 1
            hidden = self._counts[key] - self._keep
            if shown[key] == self._keep and hidden > 0:
                out.append(
                    Problem(
                        problem.code,
                        f"…以及另外 {hidden:,} 处同类问题",
                        Location(key[1]) if key[1] else None,
                        severity=problem.severity,
                    )
                )
        return out


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


class UsageError(Exception):
    """The command cannot run as asked (bad option, no data folder): exit code 2."""


class DataError(Exception):
    """The inputs cannot be used at all; carries the problems that say why: exit code 1.

    `what` names the input at fault in the closing line (数据, 模板).
    """

    def __init__(self, problems: list[Problem], what: str = "数据") -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.what = what
