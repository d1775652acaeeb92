"""loaders/yamlsafe.load_yaml: every refusal has a position and, for the usual slips, a fix
in the words of the people who make them."""

from __future__ import annotations

import pytest

from gongshu_kpi.loaders.yamlsafe import MAX_BYTES, MAX_DEPTH, YamlError, load_yaml


@pytest.mark.parametrize(
    ("text", "message", "position", "fix"),
    [
        (
            "a:\n\tb: 1\n",
            "YAML 语法错误：found character '\\t' that cannot start any token",
            (2, 1),
            "用空格缩进，不要用 Tab",
        ),
        (
            "match: *.xlsx\n",
            "YAML 语法错误：expected alphabetic or numeric character, but found '.'",
            (1, 9),
            '以 * & ! 开头的文字（如通配符）须加引号，如 "*.xlsx"',
        ),
        (
            "a: [x，y\nb: 1\n",
            "YAML 语法错误：expected ',' or ']', but got ':'",
            (2, 2),
            "列表中用半角逗号“,”分隔",
        ),
        (
            "a:\n  - 1\n b: 2\n",
            "YAML 语法错误：expected <block end>, but found '<block mapping start>'",
            (3, 2),
            None,
        ),
        ("[1, 2]: x\n", "键必须是文字", (1, 1), None),
        ("a: .nan\n", "数值“.nan”无法精确表示", (1, 4), "写成普通小数，如 27.83"),
        (
            "a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
            f"嵌套超过 {MAX_DEPTH} 层",
            (1, MAX_DEPTH + 3),
            "减少嵌套层级",
        ),
    ],
)
def test_refusals_are_located_with_a_fix(
    text: str, message: str, position: tuple[int, int], fix: str | None
) -> None:
    with pytest.raises(YamlError) as refused:
        load_yaml(text)
    problem = refused.value
    assert (problem.message, problem.position, problem.fix) == (message, position, fix)


def test_a_file_over_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(YamlError) as refused:
        load_yaml("#" * (MAX_BYTES + 1))
    assert refused.value.message == f"文件过大（超过 {MAX_BYTES // 1_000_000} MB）"
    assert refused.value.position is None
