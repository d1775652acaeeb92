"""render/template: finding a template by path or name, and each template mistake as a
located problem (kpi's exit 1, never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongshu_kpi.render.template import (
    PACKAGE_TEMPLATES,
    BadTemplateError,
    locate_template,
    render_context,
)


def test_a_template_by_path_then_by_name_in_the_project_then_shipped(tmp_path: Path) -> None:
    own = tmp_path / "mine.j2"
    own.write_text("x", encoding="utf-8")
    assert locate_template(str(own), None) == own
    assert locate_template("mine", tmp_path) == own
    assert locate_template("bulletin", None) == PACKAGE_TEMPLATES / "bulletin.j2"
    assert locate_template("bulletin", tmp_path) == PACKAGE_TEMPLATES / "bulletin.j2"
    assert locate_template("nothing", tmp_path) is None


def _problem(tmp_path: Path, source: bytes, context: dict[str, object] | None = None) -> str:
    path = tmp_path / "t.j2"
    path.write_bytes(source)
    with pytest.raises(BadTemplateError) as raised:
        render_context(context or {}, path, "t.j2")
    problem = raised.value.problem
    line = problem.location.line if problem.location else None
    return f"{problem.code}:{line}:{problem.message}"


def test_a_template_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    said = _problem(tmp_path, "{{ 月份 }}".encode("gbk"))
    assert said.startswith("template-unreadable:None:无法读取模板：")


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    said = _problem(tmp_path, b"ok\n{% if %}\n")
    assert said.startswith("template-syntax:2:模板语法错误：")


def test_arithmetic_on_printed_figures_is_the_templates_mistake(tmp_path: Path) -> None:
    said = _problem(tmp_path, b"line\n{{ rate + 1 }}\n", {"rate": "52.47"})
    assert said == (
        'template-error:2:模板运行出错：TypeError: can only concatenate str (not "int") to str'
    )


def test_an_unknown_variable_is_named(tmp_path: Path) -> None:
    said = _problem(tmp_path, b"{{ nmae }}\n")
    assert said == "template-error:1:模板错误：未定义变量 nmae"
