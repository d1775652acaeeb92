"""The optional data/sources.yaml: how each actuals file is laid out, declared once per folder.

Entries are matched to files by glob, first match wins; files no entry matches keep the long
layout. The file is read with the strict YAML reader and validated like targets.yaml, so every
mistake names its line.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from gongshu_kpi.core.models import Basis
from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.core.unit_specs import UNITS_CONTEXT, UnitTable, units_in
from gongshu_kpi.core.units import BASE_UNITS, checked_unit
from gongshu_kpi.core.vocabulary import LayoutName, basis_for
from gongshu_kpi.loaders.files import input_problem, present
from gongshu_kpi.loaders.yamlsafe import Position, YamlError, load_yaml
from gongshu_kpi.loaders.yamltext import read_utf8

SOURCES_NAME = "sources.yaml"
MAX_HEADER_ROWS = 4  # a title-less table's header: more rows than this is a layout mistake

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class SourceEntry(BaseModel):
    """How one group of files (matched by glob) is laid out."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    match: Text  # glob against the path under actuals/, e.g. "经济指标*.xlsx", "towns/*.csv"
    layout: LayoutName = "long"
    sheet: Text | None = None  # xlsx: only this sheet (sheet-per-month: a glob of sheet names)
    header_row: tuple[int, ...] | None = None  # 1-based; two rows for a merged 2-row header
    indicator_column: Text | None = None
    value_column: Text | None = None  # sheet-per-month: which column holds the value
    unit_column: Text | None = None
    org_column: Text | None = None
    org: Text | None = None  # every row is this org's
    unit: Text | None = None  # every value is in this unit unless a cell or unit column says
    basis: Basis | None = None
    year: int | None = Field(default=None, ge=1900, le=2999)  # for month headers without one
    encoding: Text | None = None  # CSV: overrides detection

    @field_validator("header_row", mode="before")
    @classmethod
    def _rows(cls, value: Any) -> Any:
        if value is None:
            return None
        rows = [value] if isinstance(value, int) else value
        if (
            not isinstance(rows, list | tuple)
            or not rows
            or not all(isinstance(r, int) and not isinstance(r, bool) for r in rows)
        ):
            raise ValueError("应为行号（如 3）或行号列表（如 [3, 4]）")
        if any(r < 1 for r in rows) or list(rows) != sorted(set(rows)):
            raise ValueError("行号应从 1 起，且按从小到大排列")
        if len(rows) > MAX_HEADER_ROWS:
            raise ValueError(f"表头最多 {MAX_HEADER_ROWS} 行")
        return tuple(rows)

    @field_validator("basis", mode="before")
    @classmethod
    def _basis(cls, value: Any) -> Any:
        if isinstance(value, str):
            basis = basis_for(value)
            if basis is None:
                raise ValueError(f"口径“{value}”无效，应为 ytd（累计）或 month（当月）")
            return basis
        return value

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Read against the project's units (targets.yaml's `units:`), as its cells will be.
        return None if value is None else checked_unit(value, units_in(info))

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                info = codecs.lookup(value)
            except LookupError:
                raise ValueError(f"未知编码“{value}”（如 utf-8、gb18030）") from None
            # rot13, base64, zlib … are codecs too, but not ones that decode a file's bytes
            # into text: reading with one ended in an internal error.
            if not getattr(info, "_is_text_encoding", True):
                raise ValueError(f"“{value}”不是文本编码（应如 utf-8、gb18030）")
        return value

    def matches(self, relative: PurePosixPath) -> bool:
        # PurePath.match anchors at the right, so "a*.xlsx" matches in any subfolder.
        return relative.match(self.match)


class _SourcesFile(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    files: tuple[SourceEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Sources:
    """The declared entries with their lines in sources.yaml (for messages)."""

    entries: tuple[SourceEntry, ...] = ()
    places: tuple[Location, ...] = ()

    def entry_for(self, path: Path, root: Path) -> SourceEntry | None:
        if not self.entries:
            return None
        relative = PurePosixPath(path.relative_to(root).as_posix())
        return next((e for e in self.entries if e.matches(relative)), None)

    def unmatched(self, paths: Iterable[Path], root: Path) -> list[Problem]:
        """Entries no file matched: usually a typo in the glob, worth a warning."""
        relatives = [PurePosixPath(p.relative_to(root).as_posix()) for p in paths]
        return [
            Problem(
                "source-unmatched",
                f"sources.yaml 的 match “{entry.match}” 没有匹配任何文件",
                place,
                "核对文件名与通配符（* 匹配任意字符）",
                Severity.WARNING,
            )
            for entry, place in zip(self.entries, self.places, strict=True)
            if not any(entry.matches(r) for r in relatives)
        ]


def load_sources(
    path: Path, shown_as: str, units: UnitTable = BASE_UNITS
) -> tuple[Sources, list[Problem]]:
    """The folder's sources.yaml, or empty Sources when there is none; its units are read
    against `units` (the project's table, Targets.unit_table)."""
    if not present(path):
        return Sources(), []
    read = _read_yaml(path, shown_as)
    if isinstance(read, Problem):
        return Sources(), [read]
    data, positions = read
    if data is None:
        return Sources(), []
    try:
        parsed = _SourcesFile.model_validate(data, context={UNITS_CONTEXT: units})
    except ValidationError as exc:
        return Sources(), [_problem(e, positions, shown_as) for e in exc.errors()]
    places = tuple(
        _place(positions.get(("files", index)), shown_as) for index in range(len(parsed.files))
    )
    return Sources(parsed.files, places), []


def _read_yaml(path: Path, shown_as: str) -> tuple[Any, dict[Any, Position]] | Problem:
    """The file's YAML and where each key is written, or why it cannot be read."""
    refused = input_problem(path, shown_as, path.absolute().parent.parent)
    if refused is not None:
        return refused
    try:
        text, undecodable = read_utf8(path, shown_as)
    except OSError as exc:
        return Problem(
            "unreadable",
            f"无法读取：{exc.strerror}",
            Location(shown_as),
            "检查文件权限或是否被占用",
        )
    if text is None:
        assert undecodable is not None
        return undecodable
    try:
        return load_yaml(text)
    except YamlError as exc:
        line, column = exc.position or (None, None)
        return Problem("sources-yaml", exc.message, Location(shown_as, line, column), exc.fix)


def _place(position: Position | None, shown_as: str) -> Location:
    return Location(shown_as, *position) if position else Location(shown_as)


def _problem(error: Any, positions: dict[Any, Position], shown_as: str) -> Problem:
    loc = tuple(error["loc"])
    position = next(
        (positions[loc[:end]] for end in range(len(loc), -1, -1) if loc[:end] in positions), None
    )
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    kind = error["type"]
    fix: str | None = "参照 README 的“Files offices send”一节"
    if kind == "extra_forbidden":
        known = _FIELDS if len(loc) > 1 else ("files",)
        guess = difflib.get_close_matches(field, known, n=1)
        message = f"未知字段 {field}" + (f"（是否为 {guess[0]}？）" if guess else "")
        fix = f"可用字段：{', '.join(known)}"
    elif kind == "missing":
        message = f"缺少字段 {field}"
    elif kind in _MESSAGE_BY_TYPE:
        message = (
            f"{field + ' ' if field else ''}{_MESSAGE_BY_TYPE[kind]}，得到“{error.get('input')}”"
        )
    elif kind in ("literal_error", "enum"):
        message = f"{field} 的值“{error.get('input')}”无效，应为 {error['ctx']['expected']}"
    else:
        text = str(error["msg"]).removeprefix("Value error, ")
        message = f"{field + ' ' if field else ''}{text}"
    return Problem("sources-schema", message, _place(position, shown_as), fix)


_FIELDS = tuple(SourceEntry.model_fields)
# Pydantic's English messages for the mistakes people make, in the tool's language.
_MESSAGE_BY_TYPE: dict[str, str] = {
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "greater_than_equal": "超出范围",
    "less_than_equal": "超出范围",
    "tuple_type": "应为列表（每项以 - 开头）",
    "model_type": "应为映射（键: 值）",
    "dict_type": "应为映射（键: 值）",
}
