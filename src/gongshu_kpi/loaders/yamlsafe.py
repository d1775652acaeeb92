"""A strict YAML reader: exact numbers, no surprises, and the position of every value.

PyYAML's safe_load keeps the last of duplicate keys, reads `no` as false, `010` as 8 and
expands aliases without bound; each of those has hurt a targets file somewhere. Here they
are errors or plain strings, numbers with a fraction become Decimal from their text, and
every key and value keeps its 1-based line and column for messages.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gongshu_kpi.core.numbers import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, digits_problem
from gongshu_kpi.loaders.yamlfast import fast_load

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
_ECHOED = 40  # characters of an over-long number quoted back in a message

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line, column


class YamlError(Exception):
    def __init__(self, message: str, position: Position | None, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.fix = fix


def _position(mark: yaml.Mark | None) -> Position | None:
    return None if mark is None else (mark.line + 1, mark.column + 1)


_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")


class _Loader(yaml.SafeLoader):
    """SafeLoader with aliases refused, nesting bounded and YAML 1.1 number quirks removed."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlError(
                "不允许使用 YAML 别名（*name）",
                _position(event.start_mark),
                # `match: *.xlsx` is the usual way to write an alias by accident.
                '把内容直接写出来（若是通配符请加引号，如 "*.xlsx"）',
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlError(
                f"嵌套超过 {MAX_DEPTH} 层",
                _position(self.peek_event().start_mark),  # type: ignore[no-untyped-call]
                "减少嵌套层级",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_float(self, node: ScalarNode) -> Decimal:  # type: ignore[override]
        text = str(self.construct_scalar(node)).replace("_", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise YamlError(
                f"数值“{node.value}”无法精确表示",
                _position(node.start_mark),
                "写成普通小数，如 27.83",
            ) from None
        return _within_policy(value, node)

    def construct_yaml_int(self, node: ScalarNode) -> int | str:  # type: ignore[override]
        text = str(self.construct_scalar(node))
        if _PLAIN_INT.fullmatch(text):
            # Checked as a Decimal first: int() of 4,300 digits or more raises ValueError.
            return int(_within_policy(Decimal(text.replace("_", "")), node))
        # 010, 0x1F, 1:30 and friends: YAML 1.1 reads them as numbers nobody meant.
        return text

    def construct_yaml_bool(self, node: ScalarNode) -> bool | str:  # type: ignore[override]
        text = str(self.construct_scalar(node))
        # Only true/false are booleans (YAML 1.2); `no`, `on`, `y` stay the words they are.
        return text.lower() == "true" if text.lower() in ("true", "false") else text


def _within_policy(value: Decimal, node: ScalarNode) -> Decimal:
    """The same digit rules as for every number in a data file (core/numbers.py)."""
    problem = digits_problem(value)
    if problem is None:
        return value.copy_abs() if value.is_zero() else value
    text = str(node.value)
    if len(text) > _ECHOED:  # 4,400 digits are not echoed
        text = f"{text[:_ECHOED]}…（共 {len(text):,} 字）"
    raise YamlError(
        f"数值“{text}”{problem}",
        _position(node.start_mark),
        f"数值最多 {MAX_INTEGER_DIGITS} 位整数、{MAX_FRACTION_DIGITS} 位小数",
    )


_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)


def _fast_loader() -> type[_Loader] | None:
    """libyaml's scanner and parser under our Python composer and constructors: about four
    times faster on a large targets file, with the same refusals (they live in the
    composer). None where PyYAML was built without libyaml."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - wheels ship libyaml
        return None
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class _CLoader(CParser, _Loader):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self.anchors = {}

        # CParser composes in C; take the Python composer back so aliases and depth are
        # refused exactly as in _Loader.
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document
        compose_node = _Loader.compose_node
        compose_scalar_node = Composer.compose_scalar_node
        compose_sequence_node = Composer.compose_sequence_node
        compose_mapping_node = Composer.compose_mapping_node

    return _CLoader


_FAST_LOADER = _fast_loader()


def load_yaml(text: str) -> tuple[Any, dict[Path, Position]]:
    """Parse one YAML document; return its value and the position of every key and value.

    Raises YamlError with a position for anything wrong.
    """
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise YamlError(f"文件过大（超过 {MAX_BYTES // 1_000_000} MB）", None, "拆分或精简文件")
    if _FAST_LOADER is not None:
        loader = _FAST_LOADER(text)
        try:
            found = fast_load(loader, MAX_DEPTH)
        finally:
            loader.dispose()
        if found is not None:
            return found
        try:
            return _load_with(_FAST_LOADER, text)
        except yaml.MarkedYAMLError:
            pass  # the pure-Python parser words syntax errors better: let it report this one
    return _load_with(_Loader, text)


def _load_with(loader_class: type[_Loader], text: str) -> tuple[Any, dict[Path, Position]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        positions: dict[Path, Position] = {}
        value = None if node is None else _build(loader, node, (), positions)
    except yaml.MarkedYAMLError as exc:
        if loader_class is not _Loader:
            raise
        detail = exc.problem or str(exc)
        position = _position(exc.problem_mark)
        raise YamlError(
            f"YAML 语法错误：{detail}", position, _syntax_fix(detail, text, position)
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML 语法错误：{exc}", None) from None
    finally:
        loader.dispose()
    return value, positions


def _syntax_fix(detail: str, text: str, position: Position | None) -> str | None:
    """The usual causes, in the words of the people who make them."""
    lines = text.splitlines()
    near = "\n".join(lines[max(0, position[0] - 2) : position[0]]) if position else text
    if "\\t" in detail or "tab" in detail.lower():
        return "用空格缩进，不要用 Tab"
    if "alphabetic or numeric character" in detail:
        return '以 * & ! 开头的文字（如通配符）须加引号，如 "*.xlsx"'
    if "：" in near:
        return "把全角冒号“：”改为半角冒号“:”，冒号后加一个空格"
    if "，" in near and ("[" in near or "{" in near):
        return "列表中用半角逗号“,”分隔"
    if "expected ':'" in detail or "mapping values" in detail:
        return "检查这一行及上一行的缩进和冒号（键: 值，冒号后加空格）"
    return None


def _build(loader: _Loader, node: Node, path: Path, positions: dict[Path, Position]) -> Any:
    position = _position(node.start_mark)
    if position is not None:
        positions.setdefault(path, position)
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        key_at: dict[Any, Position | None] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise YamlError("键必须是文字", _position(key_node.start_mark))
            here = _position(key_node.start_mark)
            if key in result:
                first = key_at[key]
                where = f"（首次出现于第{first[0]}行）" if first else ""
                raise YamlError(f"键“{key}”重复{where}", here, "删除或合并重复的键")
            key_at[key] = here
            if here is not None:
                positions[(*path, key)] = here
            result[key] = _build(loader, value_node, (*path, key), positions)
        return result
    if isinstance(node, SequenceNode):
        return [
            _build(loader, item, (*path, index), positions) for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)
