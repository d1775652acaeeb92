"""Problems are values: a stable code, a message, a fix and a location in an input file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


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

    def __str__(self) -> str:
        text = self.message if self.fix is None else f"{self.message}；修正：{self.fix}"
        return text if self.location is None else f"{self.location}: {text}"


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
