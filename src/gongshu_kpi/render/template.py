"""Newsletter text from Jinja templates, sandboxed, with undefined names as errors.

Templates are looked up in the data folder's templates/ first, then among the defaults that
ship with the package, so a user overrides a default by saving a file of the same name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.render.view import make_view

if TYPE_CHECKING:
    from jinja2 import TemplateError

    from gongshu_kpi.core.models import OutputLanguage, Report

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SUFFIX = ".j2"


class BadTemplateError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def template_names(user_dir: Path | None) -> list[str]:
    """Names usable with --template: the user's own and the shipped defaults."""
    names = {p.stem for p in PACKAGE_TEMPLATES.glob(f"*{SUFFIX}")}
    if user_dir is not None and user_dir.is_dir():
        names |= {p.stem for p in user_dir.glob(f"*{SUFFIX}")}
    return sorted(names)


def locate_template(name: str, user_dir: Path | None) -> Path | None:
    """A template by path, or by name in the data folder's templates/, then the defaults."""
    as_path = Path(name)
    if as_path.suffix and as_path.is_file():
        return as_path
    for folder in (user_dir, PACKAGE_TEMPLATES):
        if folder is None:
            continue
        for candidate in (folder / name, folder / f"{name}{SUFFIX}"):
            if candidate.is_file():
                return candidate
    return None


def render_template(
    report: Report,
    template_path: Path,
    shown_as: str,
    lang: OutputLanguage = "zh",
    extra: Mapping[str, object] | None = None,
) -> str:
    """Render one template file; any template mistake becomes a BadTemplateError. `extra`
    adds variables beside the report's (`scorecard` for --view scorecard)."""
    context = make_view(report, lang).as_context()
    return render_context({**context, **(extra or {})}, template_path, shown_as)


def render_context(context: Mapping[str, object], template_path: Path, shown_as: str) -> str:
    """Render a template file with prepared variables (a report's view, a 催报 reminder)."""
    from jinja2 import StrictUndefined, TemplateError

    from gongshu_kpi.render.sandbox import LimitedSandbox, render_bounded

    env = LimitedSandbox(
        undefined=StrictUndefined,
        autoescape=False,  # bulletins are plain text, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    try:
        source = template_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadTemplateError(
            Problem("template-unreadable", f"无法读取模板：{exc}", Location(shown_as))
        ) from None
    try:
        template = env.from_string(source)
        with _time_limit(RENDER_SECONDS):
            return render_bounded(template, dict(context))
    except TemplateError as exc:  # before LookupError: TemplateNotFound is both
        raise BadTemplateError(_jinja_problem(exc, shown_as)) from None
    except (_RenderTimeoutError, RecursionError, MemoryError) as exc:
        raise BadTemplateError(_run_problem(exc, shown_as)) from None
    except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
        # Arithmetic or formatting on the prepared strings ({{ line.rate + 1 }}): the
        # template's mistake, not kpi's, so it gets a location instead of exit code 3.
        raise BadTemplateError(_run_problem(exc, shown_as)) from None


def _jinja_problem(exc: TemplateError, shown_as: str) -> Problem:
    """A template Jinja refused: its syntax, the sandbox's limits, or a runtime error."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    from gongshu_kpi.render.sandbox import TemplateLimitError

    if isinstance(exc, TemplateSyntaxError):
        return Problem(
            "template-syntax",
            f"模板语法错误：{exc.message}",
            Location(shown_as, exc.lineno),
            "参照默认模板（kpi templates）修改",
        )
    if isinstance(exc, TemplateLimitError):
        return Problem(
            "template-limit",
            f"模板运行被拒绝：{exc}",
            Location(shown_as, _template_line(exc.__traceback__)),
            "模板只需排版已算好的数字；去掉放大文字或数字的运算",
        )
    if isinstance(exc, SecurityError):
        return Problem("template-unsafe", f"模板使用了不允许的属性：{exc}", Location(shown_as))
    return Problem(
        "template-error",
        f"模板错误：{_describe_undefined(str(exc.message or exc))}",
        Location(shown_as, _template_line(exc.__traceback__)),
        "可用变量见 README 的“模板”一节（kpi templates --export 可导出默认模板参考）",
    )


def _run_problem(exc: Exception, shown_as: str) -> Problem:
    """A template that ran too long, too deep, or did arithmetic on the prepared strings."""
    if isinstance(exc, _RenderTimeoutError):
        return Problem(
            "template-timeout",
            f"模板渲染超时（超过 {RENDER_SECONDS:g} 秒）",
            Location(shown_as),
            "检查模板中的循环（嵌套循环、range 的范围）",
        )
    if isinstance(exc, RecursionError | MemoryError):
        return Problem(
            "template-error",
            f"模板运行出错：{type(exc).__name__}（递归过深或占用内存过多）",
            Location(shown_as),
            "检查模板中的宏是否无限递归调用自身",
        )
    return Problem(
        "template-error",
        f"模板运行出错：{type(exc).__name__}: {exc}",
        Location(shown_as, _template_line(exc.__traceback__)),
        "模板中的数字已是格式化好的文字，不要再做运算或格式化",
    )


RENDER_SECONDS = 10.0  # a bulletin renders in milliseconds; anything near this is a loop


class _RenderTimeoutError(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt a runaway template (a sandbox bounds what it may touch, not how long it
    runs). Uses SIGALRM, so only in the main thread of a POSIX process; elsewhere no limit."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def stop(_signum: int, _frame: object) -> None:  # a signal handler's signature
        raise _RenderTimeoutError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


VIEW_VARIABLES = {"scorecard": "只有 kpi report --view scorecard 时才有这个变量"}


def _describe_undefined(message: str) -> str:
    """'nmae' is undefined -> 未定义变量 nmae; a misspelt line field gets a suggestion."""
    import difflib

    from gongshu_kpi.render.view import Line

    quoted = re.findall(r"'([^']*)'", message)
    if "is undefined" in message and quoted:
        # Variables only some views give: say which option gives them.
        given_by = VIEW_VARIABLES.get(quoted[0])
        return f"未定义变量 {quoted[0]}" + (f"（{given_by}）" if given_by else "")
    if "has no attribute" in message and quoted:
        name = quoted[-1]
        guess = difflib.get_close_matches(name, Line.__dataclass_fields__, n=1)
        hint = f"（是否为 {guess[0]}？）" if guess else ""
        return f"没有字段 {name}{hint}"
    return message


def _template_line(tb: TracebackType | None) -> int | None:
    """Jinja rewrites tracebacks so template frames carry the template's own line numbers."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
