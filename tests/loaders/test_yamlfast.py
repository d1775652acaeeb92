"""loaders/yamlfast.fast_load: the event-driven reading gives the careful path's values and
positions, and hands everything out of the ordinary back to it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongshu_kpi.loaders import yamlsafe
from gongshu_kpi.loaders.yamlfast import fast_load

ORDINARY = """\
year: 2020
indicators:
  - id: a1
    target: 27.830
    negative: -0.0
    flags: [true, FALSE, no, on, y]
    octal: 010
    hex: 0x1F
    empty:
    tilde: ~
    quoted: "12"
    nested: {x: [1, [2, {y: z}]], 'k': v}
  - id: a2
    1: one
  - true: yes
"""


def _fast(text: str) -> Any:
    assert yamlsafe._FAST_LOADER is not None
    loader = yamlsafe._FAST_LOADER(text)
    try:
        return fast_load(loader, yamlsafe.MAX_DEPTH)
    finally:
        loader.dispose()


def _careful(text: str) -> Any:
    assert yamlsafe._FAST_LOADER is not None
    return yamlsafe._load_with(yamlsafe._FAST_LOADER, text)


def _typed(value: Any) -> Any:
    """The value with every leaf's type and text, so 1 == True == Decimal(1) cannot pass."""
    if isinstance(value, dict):
        return [(_typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, str(value))


@pytest.mark.parametrize("text", [ORDINARY, "", "# only a comment\n", "- 1\n- x\n", "plain\n"])
def test_same_values_and_positions_as_the_careful_path(text: str) -> None:
    found = _fast(text)
    assert found is not None
    value, positions = _careful(text)
    assert _typed(found[0]) == _typed(value)
    assert found[1] == positions


def test_numbers_as_the_careful_path_reads_them() -> None:
    found = _fast(ORDINARY)
    assert found is not None
    first = found[0]["indicators"][0]
    assert first["target"] == Decimal("27.830")
    assert str(first["negative"]) == "0.0"  # no negative zero
    assert first["flags"] == [True, False, "no", "on", "y"]
    assert (first["octal"], first["hex"]) == ("010", "0x1F")
    assert found[1][("indicators", 0, "target")] == (4, 5)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!str 1\n",  # explicit tag
        "a: 2020-06-30\n",  # a timestamp
        "a: 1\na: 2\n",  # duplicate key
        "? [1, 2]\n: x\n",  # a key that is not a text
        "a: .nan\n",  # a number the policy refuses
        "a: 1\n---\nb: 2\n",  # two documents
        "a:\n\tb: 1\n",  # a syntax error
        "a: " + "[" * (yamlsafe.MAX_DEPTH + 1) + "]" * (yamlsafe.MAX_DEPTH + 1) + "\n",
    ],
)
def test_the_unusual_goes_to_the_careful_path(text: str) -> None:
    assert _fast(text) is None
