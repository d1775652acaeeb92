"""Roll-ups (core/rollup.py) at their edges: a parent's own figure against its children's sum,
and the roll-up's shortcuts. Each test pins a behaviour a mutation run showed no other test
noticed (a surviving mutant). Decimals are compared as written."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from gongshu_kpi.core.figures import build_facts
from gongshu_kpi.core.models import ActualSeries, Basis, Kind
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.rollup import has_ytd, rollup, sum_series, to_ytd
from tests.core.figure_builders import _indicator, _monthly, _series, _targets

# --- roll-ups: a parent's own figure against its children's sum ---------------------------


@pytest.mark.parametrize(
    ("declared", "named"),
    [(True, "甲、乙"), (False, "各单位")],  # an undeclared whole's children are whoever reported
)
def test_a_parent_that_disagrees_with_its_children_is_named_with_both(
    declared: bool, named: str
) -> None:
    indicator = _indicator()
    tree = OrgTree(root_name="全区", parent={"甲": "", "乙": ""}, declared=declared)
    _, problems = build_facts(
        _targets(indicator),
        tree,
        [_series({6: "10"}), _series({6: "3"}, org="甲"), _series({6: "4.5"}, org="乙")],
    )
    assert problems == [
        Problem(
            "rollup-mismatch",
            f"“X”全区 2020年1-6月填报 10，下级单位（{named}）合计 7.5，相差 2.5",
            Location("2020.csv", 7),
            "核对上级填报数与下级各单位的数据",
        )
    ]


def test_a_declared_parent_below_the_whole_names_its_children() -> None:
    indicator = _indicator()
    tree = OrgTree(parent={"平台": "", "甲": "平台", "乙": "平台"}, declared=True)
    _, problems = build_facts(
        _targets(indicator),
        tree,
        [_series({6: "9"}, org="平台"), _series({6: "3"}, org="甲"), _series({6: "4"}, org="乙")],
    )
    assert [p.message for p in problems] == [
        "“X”平台 2020年1-6月填报 9，下级单位（甲、乙）合计 7，相差 2"
    ]


def test_monthly_parts_with_a_gap_sum_only_where_both_reached() -> None:
    """甲 reported January and March (February missing), 乙 every month: the whole's
    year-to-date is known at January only, not at positions 1 and 2 of the lists."""
    indicator = _indicator()
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [_monthly({1: "1", 3: "1"}, "甲"), _monthly({1: "1", 2: "1", 3: "1"}, "乙")],
    )
    assert {m: str(p.value) for m, p in facts.series("x", 2020, "").items()} == {1: "2"}


def test_a_stock_whole_traces_to_each_childs_latest_row() -> None:
    indicator = _indicator(kind=Kind.STOCK)
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [_monthly({5: "3", 6: "4"}, "甲"), _monthly({5: "1", 6: "2"}, "乙")],
    )
    point = facts.series("x", 2020, "")[6]
    rows = (Location("甲.csv", 7), Location("乙.csv", 7))
    assert (str(point.value), point.sources) == ("6", rows)


# The roll-up's shortcuts (the fast monthly sum, to_ytd's and has_ytd's): where a shortcut
# must step aside, it does. The numeric policy (core/numbers.py) gives bare arithmetic 150
# digits, so sums of inputs within it never round; the shortcuts do not count on that (a
# caller's context may be narrower), and the tests about rounding run at Python's default
# 28 digits, where amounts of 10^27 are enough to make an addition round.


def _org_series(
    org: str, values: dict[int, str], covers: dict[int, int] | None = None
) -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org=org,
        year=2020,
        basis=Basis.MONTH,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location("a.csv", i + 2) for i, m in enumerate(values)},
        covers=covers or {},
    )


def _whole_of_a_and_b(
    raw: list[ActualSeries], allow_negative: bool = False
) -> list[tuple[int, str]]:
    """The whole's year-to-date series, rolled up from two flat orgs a and b."""
    indicator = _indicator(allow_negative=allow_negative)
    tree = OrgTree().with_orgs(["a", "b"])
    rolled, problems = rollup(tree, indicator, 2020, {s.org: s for s in raw})
    assert problems == []
    return [(m, str(v)) for m, v in rolled[WHOLE].items()]


def test_children_with_a_hole_sum_only_up_to_it() -> None:
    """Both orgs skip February: their year-to-date stops at January, and so does the sum
    (the fast path must not line March up as a second month)."""
    raw = [_org_series("a", {1: "10", 3: "5"}), _org_series("b", {1: "2.5", 3: "1"})]
    assert _whole_of_a_and_b(raw) == [(1, "12.5")]


def test_a_sum_that_rounds_is_added_as_the_plain_definition_does() -> None:
    """a: 10^27 then 0.6, b: 0 then 0.6. Each org's own year-to-date at February rounds at 28
    digits (10^27 + 0.6 -> 10^27 + 1, b's is 0.6) and the whole is their sum, 10^27 + 1.6 ->
    ...002. Adding the months across orgs first (0.6 + 0.6 = 1.2, 10^27 + 1.2 -> ...001)
    would give a different last digit: the fast path must notice the rounding and step aside."""
    raw = [_org_series("a", {1: "1E+27", 2: "0.6"}), _org_series("b", {1: "0", 2: "0.6"})]
    with localcontext(prec=28):
        whole = _whole_of_a_and_b(raw)
        plain = sum_series(to_ytd(s, Kind.FLOW) for s in raw)
    assert whole == [(1, "1000000000000000000000000000"), (2, "1000000000000000000000000002")]
    assert [(m, str(v)) for m, v in plain.items()] == whole


def test_negative_amounts_sum_each_orgs_own_year_to_date() -> None:
    """With negative amounts allowed, a sum across orgs can be exact where an org's own
    running total rounds: a's February year-to-date is 10^27 + 0.6 -> 10^27 + 1 (what a's own
    figure shows), b's is -10^27, so the whole is 1, the sum of the figures shown for its
    members, not 0.6 (what adding the months across orgs first would give)."""
    raw = [_org_series("a", {1: "1E+27", 2: "0.6"}), _org_series("b", {1: "-1E+27", 2: "0"})]
    with localcontext(prec=28):
        own = [str(v) for v in to_ytd(raw[0], Kind.FLOW).values()]
        whole = _whole_of_a_and_b(raw, allow_negative=True)
    assert own == ["1000000000000000000000000000", "1000000000000000000000000001"]
    assert whole == [(1, "0"), (2, "1")]


def test_an_empty_series_has_no_year_to_date() -> None:
    empty = _org_series("a", {})
    assert to_ytd(empty, Kind.FLOW) == {}
    assert has_ytd(empty, Kind.FLOW) is False
    assert has_ytd(empty, Kind.STOCK) is False


def test_a_combined_release_overlapping_a_reported_month_is_not_added_on_top() -> None:
    """January reported alone and again inside a 1-2月 release (the series builder refuses
    this; to_ytd does not count on it): the running total stops before the overlap instead
    of counting January twice."""
    series = _org_series("a", {1: "10", 2: "25"}, covers={2: 1})
    assert [(m, str(v)) for m, v in to_ytd(series, Kind.FLOW).items()] == [(1, "10")]
    assert has_ytd(series, Kind.FLOW) is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [("11.1564200", "111564.200"), ("5", "50000"), ("0.005", "50"), ("0.00012", "1.2")],
)
def test_yi_into_wan_moves_the_point_keeping_the_datas_places(value: str, expected: str) -> None:
    """亿 -> 万 is ×10^4: the digits move, no trailing zeros are added or dropped, and a
    whole result is written out (50000, 50), never in exponent form (5E+4, 5E+1)."""
    from gongshu_kpi.core.units import convert, parse_unit

    assert str(convert(Decimal(value), parse_unit("亿元"), parse_unit("万元"))) == expected


def test_leaves_are_the_orgs_without_children() -> None:
    tree = OrgTree(parent={"p1": WHOLE, "a": "p1", "b": "p1", "c": WHOLE}, declared=True)
    assert tree.leaves() == ("a", "b", "c")


def test_with_orgs_keeps_the_trees_reports() -> None:
    tree = OrgTree(reports={"a": ("x",)}).with_orgs(["a", "b"])
    assert (tree.parent, tree.reports) == ({"a": WHOLE, "b": WHOLE}, {"a": ("x",)})
