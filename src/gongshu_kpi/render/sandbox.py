"""Jinja's sandbox with resource limits, checked before an operation runs in C.

The sandbox bounds what a template may touch, not what it may build: `{{ 'a' * 10**10 }}`
asks CPython for 10 GB and `'%999999999d'|format(1)` for a 1 GB string, both inside one C
call that no timeout interrupts. So every operator, filter and method that can make a big
value from small inputs is checked against MAX_TEMPLATE_VALUE_CHARS first, the output is
counted as it is produced, and (on Linux) the address space is capped while rendering, so
whatever slips past the checks ends in MemoryError rather than in the machine's swap.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from gongshu_kpi.loaders.limits import MAX_TEMPLATE_OUTPUT_CHARS, MAX_TEMPLATE_VALUE_CHARS

if TYPE_CHECKING:
    from jinja2 import Template

LIMIT = MAX_TEMPLATE_VALUE_CHARS
MAX_INT_BITS = 1 << 16  # 20,000 decimal digits: more than any figure, cheap to compute
RENDER_MEMORY_BYTES = 1 << 29  # 512 MiB of address space on top of what kpi already uses

# Widths and precisions in printf-style (%10.2f, %*d) and format-spec ({:>10}) strings.
_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


class TemplateLimitError(SecurityError):
    """A template asked for more than the declared limits; the message says which."""


def _refuse(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what}超过上限（{LIMIT:,} 个字符）")


def _size(value: Any, depth: int = 3) -> int:
    """Characters (or items) a value stands for when printed: a list of long strings counts
    its strings, so [x] * 1000000 is as big as what printing or joining it makes."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple):
        if depth <= 0:
            return len(value)
        return len(value) + sum(_size(item, depth - 1) for item in value[:1000]) * max(
            1, len(value) // 1000
        )
    return 0


def _check_int(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > LIMIT:
        raise _refuse(what)


def _check_printf(template: Any, args: Any) -> None:
    if not isinstance(template, str):
        return
    for width, precision in _PRINTF_SPEC.findall(template):
        for number in (width, precision):
            if number.isdigit() and int(number) > LIMIT:
                raise _refuse("格式宽度")
    values = args if isinstance(args, tuple | list) else (args,)
    if "*" in template:
        for value in values:
            _check_int(value, "格式宽度")


def _check_format_spec(template: str, args: Sequence[Any], kwargs: dict[str, Any]) -> None:
    for spec in _FORMAT_SPEC.findall(template):
        for number in re.findall(r"\d+", spec):
            if int(number) > LIMIT:
                raise _refuse("格式宽度")
        if "{" in spec:  # a width given as an argument: {:{w}}
            for value in (*args, *kwargs.values()):
                _check_int(value, "格式宽度")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if _size(seq) and isinstance(times, int) and _size(seq) * times > LIMIT:
                raise _refuse("重复得到的文字或列表")
        ints = isinstance(left, int) and isinstance(right, int)
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _refuse("整数乘积")
    elif operator == "**":
        ints = isinstance(left, int) and isinstance(right, int)
        if ints and abs(left) > 1 and right > 0 and left.bit_length() * right > MAX_INT_BITS:
            raise _refuse("乘方结果")
    elif operator == "%":
        _check_printf(left, right)
    elif operator == "+" and _size(left) + _size(right) > LIMIT:
        raise _refuse("拼接结果")


# Methods of str and list whose result grows with an argument.
_GROWING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _check_call(obj: Any, args: Sequence[Any], kwargs: dict[str, Any]) -> None:
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in _GROWING_METHODS:
            for value in (*args, *kwargs.values()):
                _check_int(value, f"{name}() 的宽度")
            if (
                name == "expandtabs"
                and owner.count("\t") * max([a for a in args if isinstance(a, int)] or [8]) > LIMIT
            ):
                raise _refuse("expandtabs() 的结果")
        elif name == "replace" and args[1:]:  # old and new given
            _check_replace(owner, args[0], args[1])
        elif name == "join" and args:
            items = args[0]
            if isinstance(items, list | tuple) and _size(items) + len(owner) * len(items) > LIMIT:
                raise _refuse("join() 的结果")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = text.count(old) if old else len(text) + 1
        if len(text) + count * max(len(new) - len(old), 0) > LIMIT:
            raise _refuse("replace() 的结果")


def _checked_filter(
    name: str, original: Callable[..., Any], check: Callable[..., None]
) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        check(*args, **kwargs)
        return original(*args, **kwargs)

    run.__name__ = name
    # Jinja passes context/environment to filters marked so; keep the marks.
    for mark in ("jinja_pass_arg",):
        if hasattr(original, mark):
            setattr(run, mark, getattr(original, mark))
    return run


def _widths(*positions: int) -> Callable[..., None]:
    def check(*args: Any, **kwargs: Any) -> None:
        for index in positions:
            if index < len(args):
                _check_int(args[index], "宽度")
        for value in kwargs.values():
            _check_int(value, "宽度")

    return check


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> None:
    _check_printf(str(value), args or tuple(kwargs.values()))


def _join_filter(*args: Any, **_options: Any) -> None:
    # Jinja passes the evaluation context, the value, then the separator and attribute.
    items = next((a for a in args if isinstance(a, list | tuple)), None)
    if items is not None and _size(items) > LIMIT:
        raise _refuse("join 的结果")


def _replace_filter(*args: Any, **_options: Any) -> None:
    # Jinja passes the evaluation context, the value, old, new and the count.
    match [a for a in args if isinstance(a, str)]:
        case [text, old, new, *_]:
            _check_replace(text, old, new)


class LimitedSandbox(SandboxedEnvironment):
    """SandboxedEnvironment that refuses operations whose result would be too big."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        checks: dict[str, Callable[..., None]] = {
            "center": _widths(1),
            "indent": _widths(1),
            "format": _format_filter,
            "replace": _replace_filter,
            "batch": _widths(1),
            "slice": _widths(1),
            "join": _join_filter,
        }
        for name, check in checks.items():
            if name in self.filters:
                self.filters[name] = _checked_filter(name, self.filters[name], check)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _check_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            mapping = args[0] if value.__name__ == "format_map" and args else kwargs
            _check_format_spec(template, () if mapping is not kwargs else args, dict(mapping))
            return wrapped(*args, **kwargs)

        return checked


def render_bounded(template: Template, context: dict[str, Any]) -> str:
    """The rendered text, refused once it passes MAX_TEMPLATE_OUTPUT_CHARS."""
    pieces: list[str] = []
    total = 0
    with _memory_cap():
        for piece in template.generate(context):
            total += len(piece)
            if total > MAX_TEMPLATE_OUTPUT_CHARS:
                raise TemplateLimitError(
                    f"模板输出超过上限（{MAX_TEMPLATE_OUTPUT_CHARS:,} 个字符）"
                )
            pieces.append(piece)
    return "".join(pieces)


@contextlib.contextmanager
def _memory_cap() -> Iterator[None]:
    """Cap the address space for the rendering (Linux): what the checks above miss ends in
    MemoryError. Only lowers a limit, never raises one set by someone else."""
    if not sys.platform.startswith("linux"):
        yield
        return
    import resource

    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
        in_use = pages * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError):
        yield
        return
    cap = in_use + RENDER_MEMORY_BYTES
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield
        return
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
