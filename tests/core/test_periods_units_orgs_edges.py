"""Months and windows (core/periods.py), and the words of unit and org messages, at their
edges: each test pins a behaviour a mutation run showed no other test noticed (a surviving
mutant)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.periods import Month, parse_period, period_label

# --- months and windows ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01~02", (2020, 1, 2)),
        ("2020-1~2月", (2020, 1, 2)),
        ("2020年1-2月", (2020, 1, 2)),
        ("2020年1-12月", (2020, 1, 12)),
        ("2020年3-3月", (2020, 3, 3)),
        ("2020-06", (2020, 6, 6)),
        ("2020-12", (2020, 12, 12)),
        ("2020-1", (2020, 1, 1)),
    ],
)
def test_periods_read(text: str, expected: tuple[int, int, int]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["2020-03~02", "2020年0-2月", "2020-00~02", "2020-01~13", "2020年1-13月"]
)
def test_windows_out_of_range_or_reversed_are_refused(text: str) -> None:
    message = f"无法识别的期间“{text}”，月份应在 1 到 12 之间且起止有序"
    with pytest.raises(ValueError, match=message):
        parse_period(text)


@pytest.mark.parametrize("text", ["2020-00", "2020-13", "2020-0", "2020年13月"])
def test_months_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="月份应在 1 到 12 之间"):
        Month.parse(text)
    with pytest.raises(ValueError, match="月份应在 1 到 12 之间"):
        parse_period(text)


def test_month_bounds_and_text() -> None:
    assert str(Month(2020, 1)) == "2020-01" and str(Month(2020, 12)) == "2020-12"
    assert str(Month(987, 3)) == "0987-03"
    with pytest.raises(ValueError, match="得到 0"):
        Month(2020, 0)
    with pytest.raises(ValueError, match="得到 13"):
        Month(2020, 13)


def test_period_labels() -> None:
    assert [period_label(m) for m in (1, 2, 12)] == ["1月", "1-2月", "1-12月"]


# --- units and orgs: the words of their messages ------------------------------------------


def test_an_endless_conversion_names_the_exact_ratio() -> None:
    """1 亩 = 1/15 公顷: refused with the ratio as a fraction, not an approximation."""
    from gongshu_kpi.core.units import UnitError, convert, parse_unit

    with pytest.raises(UnitError) as caught:
        convert(Decimal(1), parse_unit("亩"), parse_unit("公顷"))
    assert str(caught.value) == "1亩 换算为公顷是无限小数（1亩 = 1/15公顷），无法精确表示"
    with pytest.raises(UnitError, match=r"（1万亩 = 2000/3公顷）"):
        convert(Decimal(2), parse_unit("万亩"), parse_unit("公顷"))
    assert str(convert(Decimal(15), parse_unit("亩"), parse_unit("公顷"))) == "1"


def test_mixing_counted_things_or_dimensions_names_them() -> None:
    from gongshu_kpi.core.units import UnitError, convert, parse_unit

    with pytest.raises(UnitError) as caught:
        convert(Decimal(1), parse_unit("个"), parse_unit("家"))
    assert str(caught.value) == "无法在“个”与“家”之间换算（“个”与“家”）"
    with pytest.raises(UnitError) as caught:
        convert(Decimal(1), parse_unit("万元"), parse_unit("亿美元"))
    assert str(caught.value) == "无法在人民币与美元之间换算（“万元”与“亿美元”）"


def test_the_whole_is_labelled_with_the_root_name() -> None:
    tree = OrgTree(root_name="十大产业平台", parent={"杭钢新城": ""})
    assert tree.label("") == "十大产业平台"
    assert tree.label("杭钢新城") == "杭钢新城"


def test_an_org_without_children_has_none() -> None:
    tree = OrgTree(parent={"杭钢新城": "", "康桥": "杭钢新城"})
    assert tree.children("") == ("杭钢新城",)
    assert tree.children("康桥") == ()
    assert tree.children("不存在") == ()


def test_an_undeclared_tree_grows_by_the_orgs_seen_and_keeps_the_rest() -> None:
    tree = OrgTree(root_name="十大产业平台", groups={"省级特色小镇": ("甲",)})
    grown = tree.with_orgs(["甲", "乙", "十大产业平台", ""])
    assert grown.parent == {"甲": "", "乙": ""}  # neither the root's name nor WHOLE is an org
    assert (grown.root_name, grown.groups, grown.declared) == (
        "十大产业平台",
        {"省级特色小镇": ("甲",)},
        False,
    )
    assert grown.with_orgs(["丙"]).parent == {"甲": "", "乙": "", "丙": ""}  # still growing
    declared = OrgTree(parent={"甲": ""}, declared=True)
    assert declared.with_orgs(["乙"]) is declared


def test_units_read_with_their_base_dimension_and_scale() -> None:
    from fractions import Fraction

    from gongshu_kpi.core.units import Unit, parse_unit

    assert parse_unit(" 亿元 ") == Unit("亿元", "元", "人民币", Fraction(10**8))
    assert parse_unit("个") == Unit("个", "个", "个", Fraction(1))
    assert parse_unit("万亩") == Unit("万亩", "亩", "面积", Fraction(2000, 3) * 10**4)


def test_an_unknown_unit_lists_the_known_ones() -> None:
    from gongshu_kpi.core.units import UnitError, parse_unit

    with pytest.raises(UnitError) as caught:
        parse_unit("斤两")
    message = str(caught.value)
    assert message.startswith("无法识别的计量单位“斤两”（可用：")
    assert message.endswith("，可加前缀 万、亿 等）")
    assert "、美元、" in message and "人民币" not in message  # 人民币 is 元's other name
