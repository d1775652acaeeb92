"""Read YAML files (targets.yaml, orgs.yaml, ranks.yaml) into Pydantic models; every schema
error gets its file:line:column."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from gongshu_kpi.core.models import Targets
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.unit_specs import UNITS_CONTEXT, UnitSpec, UnitTable
from gongshu_kpi.core.units import DeclarationError, unit_table
from gongshu_kpi.loaders.files import input_problem
from gongshu_kpi.loaders.yamlsafe import Path as YamlPath
from gongshu_kpi.loaders.yamlsafe import Position, YamlError, load_yaml
from gongshu_kpi.loaders.yamltext import read_utf8

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclasses.dataclass(frozen=True, slots=True)
class Positions:
    """Where every key and list item of a YAML file is written, kept from its one reading:
    messages about a field (a target, a rule) never read the file again."""

    shown_as: str = ""
    by_path: Mapping[YamlPath, Position] = dataclasses.field(default_factory=dict)

    def at(self, *path: str | int) -> Location | None:
        """The line and column of a key or item, e.g. at("indicators", 0, "target")."""
        position = self.by_path.get(path)
        return None if position is None else Location(self.shown_as, *position)


def load_targets(path: Path, shown_as: str) -> tuple[Targets | None, list[Problem]]:
    """Targets, or None with the problems that stopped them loading."""
    return load_model(path, shown_as, Targets)


def load_targets_located(
    path: Path, shown_as: str
) -> tuple[Targets | None, Positions, list[Problem]]:
    """Targets with where each of their fields is written (see Positions)."""
    return load_located(path, shown_as, Targets)


def load_model(
    path: Path, shown_as: str, model: type[ModelT]
) -> tuple[ModelT | None, list[Problem]]:
    """A YAML file validated into `model`, or None with the problems that stopped it."""
    found, _, problems = load_located(path, shown_as, model)
    return found, problems


def load_located(
    path: Path, shown_as: str, model: type[ModelT]
) -> tuple[ModelT | None, Positions, list[Problem]]:
    """A YAML file validated into `model` (or None with the problems that stopped it), and
    the positions of its fields, from one reading.

    The files it reads sit in data/, so links are followed only inside data/'s parent.
    """
    nowhere = Positions(shown_as)
    read = _read_mapping(path, shown_as)
    if isinstance(read, Problem):
        return None, nowhere, [read]
    data, positions = read
    context: dict[str, object] = {}
    if model is Targets:
        duplicates = _duplicate_indicators(data, positions, shown_as)
        if duplicates:
            return None, nowhere, duplicates
        # Declared units first: every unit of the indicators is read against their table.
        table = _declared_units(data, positions, shown_as)
        if isinstance(table, list):
            return None, nowhere, table
        context[UNITS_CONTEXT] = table
    located = Positions(shown_as, positions)
    try:
        return model.model_validate(data, context=context), located, []
    except ValidationError as exc:
        errors = exc.errors()
        # A tuple whose items all failed also reports "too short"; the item errors say more.
        if any(len(e["loc"]) > 1 for e in errors):
            errors = [e for e in errors if e["type"] != "too_short"]
        return (
            None,
            nowhere,
            [_problem_from(error, data, positions, shown_as, model) for error in errors],
        )


class _UnitsSection(BaseModel):
    """targets.yaml's `units:` alone, validated before the rest (see _declared_units)."""

    model_config = ConfigDict(extra="ignore")

    units: tuple[UnitSpec, ...] = ()


def _declared_units(
    data: dict[str, Any], positions: dict[Any, Position], shown_as: str
) -> UnitTable | list[Problem]:
    """The project's unit table (built-in units and the `units:` section), or the problems
    of that section, each at its line: a field of a declared unit, a name clashing with a
    built-in one, a same_as naming no unit or closing a cycle."""
    try:
        section = _UnitsSection.model_validate(data)
    except ValidationError as exc:
        return [_problem_from(e, data, positions, shown_as, Targets) for e in exc.errors()]
    try:
        return unit_table(spec.declared() for spec in section.units)
    except DeclarationError as exc:
        path = ("units", exc.index, exc.field)
        line, column = _nearest_position(path, positions) or (None, None)
        fix = (
            "内置单位直接使用即可，带 万、亿 等前缀也不必声明；自有单位请换一个名称"
            if exc.field == "name"
            else "same_as 写内置单位或 units 中声明的另一个单位，且不能首尾相连"
            if exc.field == "same_as"
            else None
        )
        return [Problem("targets-schema", f"units：{exc}", Location(shown_as, line, column), fix)]


def _read_mapping(
    path: Path, shown_as: str
) -> tuple[dict[str, Any], dict[Any, Position]] | Problem:
    """The YAML mapping a file holds and where each of its keys is written, or why not."""
    refused = input_problem(path, shown_as, path.absolute().parent.parent)
    if refused is not None:
        return refused
    try:
        text, undecodable = read_utf8(path, shown_as)
    except OSError as exc:
        return Problem("unreadable", f"无法读取：{exc.strerror}", Location(shown_as))
    if text is None:
        assert undecodable is not None
        return undecodable
    try:
        data, positions = load_yaml(text)
    except YamlError as exc:
        line, column = exc.position or (None, None)
        return Problem("yaml", exc.message, Location(shown_as, line, column), exc.fix)
    if not isinstance(data, dict):
        return Problem(
            "targets-shape",
            f"{path.name} 应是一个映射（键: 值）",
            Location(shown_as, 1),
            "参照 README 中的示例",
        )
    return data, positions


def _problem_from(
    error: Any,
    data: dict[str, Any],
    positions: dict[Any, Position],
    shown_as: str,
    model: type[BaseModel],
) -> Problem:
    loc = tuple(error["loc"])
    position = _nearest_position(loc, positions)
    line, column = position or (None, None)
    field = str(loc[-1]) if loc else ""
    where = _describe(loc, data)
    kind = error["type"]
    fix: str | None = None
    if kind == "missing":
        message = f"{where}缺少字段 {field}"
        fix = f"补上 {field}"
    elif kind == "extra_forbidden":
        known = _known_fields(loc, model)
        guess = difflib.get_close_matches(field, known, n=1)
        hint = f"（是否为 {guess[0]}？）" if guess else ""
        message = f"{where}未知字段 {field}{hint}"
        fix = f"改正拼写；可用字段：{', '.join(known)}" if known else "删除该字段"
    elif kind == "greater_than":
        message = f"{where}{field} 必须大于 {error['ctx']['gt']}，得到 {error.get('input')}"
    elif kind in _EXPECTED_BY_TYPE:
        given = error.get("input")
        shown_value = f"文字“{given}”" if isinstance(given, str) else f"“{given}”"
        message = f"{where}{field} 应为{_EXPECTED_BY_TYPE[kind]}，得到{shown_value}"
        fix = (
            "写作 true 或 false（不加引号）"
            if kind == "bool_type"
            else "去掉引号，直接写数字"
            if isinstance(given, str)
            else f"写作{_EXPECTED_BY_TYPE[kind]}"
        )
    elif kind in {"enum", "literal_error"}:
        expected = str(error["ctx"]["expected"]).replace(" or ", "、").replace("'", "")
        given = error.get("input")
        shown_value = "（空）" if given is None else f"“{given}”"
        message = f"{where}{field} 的值{shown_value}无效"
        fix = f"改为 {expected} 之一"
    else:
        text = str(error["msg"]).removeprefix("Value error, ")
        message = f"{where}{field + ' ' if field else ''}{text}"
    if fix is None and "target_changes" in loc:
        fix = _TARGET_CHANGES_FIX
    if fix is None and "无法识别的计量单位" in message:
        fix = "改用上列单位（可加 万、亿 等前缀），或在 targets.yaml 的 units: 中声明它"
    return Problem("targets-schema", message, Location(shown_as, line, column), fix)


_TARGET_CHANGES_FIX = (
    "target_changes 每项写作 {from: YYYY-MM, target: 数值, note: 调整后目标}，"
    "按月份先后排列，同一月只写一项"
)

_EXPECTED_BY_TYPE = {
    "int_type": "整数",
    "int_from_float": "整数",
    "bool_type": " true 或 false",
    "decimal_type": "数值",
    "dict_type": "映射（键: 值）",
    "list_type": "列表",
    "tuple_type": "列表",
    "string_type": "文字",
}


def _duplicate_indicators(
    data: dict[str, Any], positions: dict[Any, Position], shown_as: str
) -> list[Problem]:
    """Repeated ids or names, located at the repeat (the model alone could only say that
    the indicators list has one)."""
    items = data.get("indicators")
    if not isinstance(items, list):
        return []
    problems: list[Problem] = []
    for field, label in (("id", "id"), ("name", "名称")):
        first_at: dict[str, int] = {}
        for index, item in enumerate(items):
            key = item.get(field) if isinstance(item, dict) else None
            if not isinstance(key, str):
                continue
            if key in first_at:
                line, column = positions.get(("indicators", index, field), (None, None))
                earlier = positions.get(("indicators", first_at[key], field))
                where = f"（首次出现于第{earlier[0]}行）" if earlier else ""
                problems.append(
                    Problem(
                        "targets-schema",
                        f"指标{label}“{key}”重复{where}",
                        Location(shown_as, line, column),
                        f"每个指标的 {field} 须唯一：改名或删除重复的指标",
                    )
                )
            else:
                first_at[key] = index
    return problems


def _nearest_position(loc: tuple[Any, ...], positions: dict[Any, Position]) -> Position | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in positions:
            return positions[loc[:end]]
    return None


def _describe(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """'指标 revenue：' for errors inside an indicator, so the message names it."""
    if len(loc) > 1 and loc[0] == "indicators" and isinstance(loc[1], int):
        items = data.get("indicators")
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            name = items[loc[1]].get("id") or items[loc[1]].get("name")
            if name:
                return f"指标 {name}："
        return f"第{loc[1] + 1}个指标："
    if len(loc) > 1 and loc[0] == "units" and isinstance(loc[1], int):
        units = data.get("units")
        item = units[loc[1]] if isinstance(units, list) and loc[1] < len(units) else None
        name = item.get("name") if isinstance(item, dict) else None
        return f"units 中的“{name}”：" if isinstance(name, str) else f"units 第{loc[1] + 1}项："
    return ""


def _known_fields(loc: tuple[Any, ...], top: type[BaseModel]) -> list[str]:
    """The fields of the model that holds loc's last key, found by walking the annotations."""
    model: type[BaseModel] | None = top
    for part in loc[:-1]:
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        model = _model_in(info.annotation) if info is not None else None
    return list(model.model_fields) if model is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
