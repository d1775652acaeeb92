"""render/sandbox in process: each check refuses a value over the limit before it is built
and lets an ordinary one through (tests/test_template_limits.py runs the huge cases in a
capped child process)."""

from __future__ import annotations

import pytest
from jinja2 import StrictUndefined

from gongshu_kpi.render import sandbox
from gongshu_kpi.render.sandbox import LimitedSandbox, TemplateLimitError, render_bounded

LIMIT = "超过上限（1,000,000 个字符）"


def _render(source: str) -> str:
    env = LimitedSandbox(undefined=StrictUndefined)
    return render_bounded(env.from_string(source), {})


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("{{ '%*d' % (999999999, 1) }}", "格式宽度"),
        ("{{ 'a\tb'.expandtabs(10**8) }}", "expandtabs() 的宽度"),
        ("{{ ','.join(['a' * 999] * 1000) }}", "join() 的结果"),
        ("{{ '{:{w}}'.format(1, w=10**9) }}", "格式宽度"),
        ("{{ 'a'|indent(10**9) }}", "宽度"),
        ("{{ [1, 2, 3]|batch(10**9)|list }}", "宽度"),
        ("{{ 'a'|center(width=10**9) }}", "宽度"),
        ("{{ ('a' * 1000)|replace('a', 'a' * 100000) }}", "replace() 的结果"),
        ("{{ ['a' * 100000] * 100 }}", "重复得到的文字或列表"),
    ],
)
def test_too_big_is_refused(source: str, what: str) -> None:
    with pytest.raises(TemplateLimitError) as refused:
        _render(source)
    assert str(refused.value) == what + LIMIT


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{{ '%*d' % (5, 1) }}", "    1"),
        ("{{ 'a\tb'.expandtabs(4) }}", "a   b"),
        ("{{ 'ab'.replace('', '-') }}", "-a-b-"),
        ("{{ ','.join(['a', 'b']) }}", "a,b"),
        ("{{ '{:{w}}|'.format(1, w=3) }}", "  1|"),
        ("{{ '{a}'.format_map({'a': 1}) }}", "1"),
        ("{{ 'abc'|replace('b', 'x') }}", "axc"),
        ("{{ '%(x)5d' % {'x': 1} }}", "    1"),
        ("{{ 7 % 3 }} {{ 2 ** 10 }} {{ 'a' + 'b' }}", "1 1024 ab"),
    ],
)
def test_ordinary_values_render(source: str, shown: str) -> None:
    assert _render(source) == shown


def test_output_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_TEMPLATE_OUTPUT_CHARS", 10)
    assert _render("{% for i in range(3) %}abc{% endfor %}") == "abcabcabc"
    with pytest.raises(TemplateLimitError) as refused:
        _render("{% for i in range(4) %}abc{% endfor %}")
    assert str(refused.value) == "模板输出超过上限（10 个字符）"
