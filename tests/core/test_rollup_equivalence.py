"""Roll-ups keep leaf orgs' year-to-date series unmaterialised and take shortcuts for the
common shape of data; these properties pin them to the plain definitions they replace."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongshu_kpi.core.figures import build_facts
from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind, Targets
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.rollup import Values, _mismatch, has_ytd, own_sources, to_ytd


def _plain_to_ytd(series: ActualSeries, kind: Kind) -> Values:
    """to_ytd as first written: a running total from January that stops at a hole."""
    if kind is Kind.STOCK or series.basis is Basis.YTD:
        return series.values
    values: Values = {}
    total, expected = Decimal(0), 1
    for month in series.values:
        if series.covers.get(month, month) != expected:
            break
        total += series.values[month]
        values[month] = total
        expected = month + 1
    return values


def _plain_sum(parts: list[Values]) -> Values:
    present = [p for p in parts if p]
    if not present:
        return {}
    if len(present) == 1:
        return present[0]
    months = set.intersection(*(set(p) for p in present))
    return {m: sum((p[m] for p in present), Decimal(0)) for m in sorted(months)}


def _plain_rollup(
    tree: OrgTree, indicator: Indicator, raw: dict[str, ActualSeries]
) -> tuple[dict[str, Values], list[Problem]]:
    """Every org's year-to-date series, each kept in full, as rollup once did it."""
    own = {org: _plain_to_ytd(s, indicator.kind) for org, s in raw.items()}
    rolled: dict[str, Values] = {}
    problems: list[Problem] = []
    for org in tree.post_order():
        children = tree.children(org)
        summed = _plain_sum([rolled.get(c, {}) for c in children]) if children else {}
        mine = own.get(org, {})
        if summed and mine:
            for month in sorted(set(mine) & set(summed)):
                if mine[month] != summed[month]:
                    where = own_sources(raw[org], indicator.kind, month)[-1]
                    problems.append(
                        _mismatch(tree, indicator, 2020, org, month, mine, summed, where)
                    )
            rolled[org] = dict(sorted({**summed, **mine}.items()))
        elif mine or summed:
            rolled[org] = mine or summed
    return rolled, problems


amounts = (
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
    # Large enough that sums round at 28 digits: the shortcuts must then step aside.
    | st.decimals(min_value=0, max_value=10**30, places=3, allow_nan=False)
    | st.sampled_from(
        [Decimal("0"), Decimal("0.00"), Decimal("-0"), Decimal("1E+3"), Decimal("12.50")]
    )
)


@st.composite
def monthly_values(
    draw: st.DrawFn, regular: bool = False
) -> tuple[dict[int, Decimal], dict[int, int]]:
    """Months in file order (mostly 1..n, sometimes with holes, a late start, a combined
    release or out of order) and their amounts."""
    shapes = ["run"] if regular else ["run", "run", "holes", "late", "combined", "shuffled"]
    shape = draw(st.sampled_from(shapes))
    last = draw(st.integers(1, 12))
    months = list(range(1, last + 1))
    covers: dict[int, int] = {}
    if shape == "holes":
        months = sorted(draw(st.sets(st.integers(1, 12), min_size=1)))
    elif shape == "late":
        months = months[draw(st.integers(0, last - 1)) :]
    elif shape == "combined" and last >= 2:
        end = draw(st.integers(2, last))
        months = [end, *range(end + 1, last + 1)]
        covers = {end: 1}
    elif shape == "shuffled":
        months = draw(st.permutations(months))
    return {m: draw(amounts) for m in months}, covers


@st.composite
def cases(draw: st.DrawFn) -> tuple[OrgTree, Indicator, list[ActualSeries]]:
    kind = draw(st.sampled_from([Kind.FLOW, Kind.STOCK]))
    indicator = Indicator(id="x", name="X", unit="个", target=Decimal(100), kind=kind)
    leaves = [f"o{i}" for i in range(draw(st.integers(1, 6)))]
    parent: dict[str, str] = {}
    if draw(st.booleans()):  # a declared two-level tree: platforms above the orgs
        for org in leaves:
            platform = draw(st.sampled_from(["p1", "p2"]))
            parent[org] = platform
            parent[platform] = WHOLE
        tree = OrgTree(parent=parent, declared=True)
    else:
        tree = OrgTree().with_orgs(leaves)
    reporting = draw(st.lists(st.sampled_from([WHOLE, *parent, *leaves]), unique=True))
    # Often every org reports monthly amounts from January, as real files mostly do.
    regular = draw(st.booleans())
    series = []
    for org in reporting:
        values, covers = draw(monthly_values(regular))
        basis = Basis.MONTH if regular else draw(st.sampled_from([Basis.MONTH, Basis.YTD]))
        series.append(
            ActualSeries(
                indicator_id="x",
                org=org,
                year=2020,
                basis=basis,
                values=values,
                sources={m: Location("a.csv", i + 2) for i, m in enumerate(values)},
                covers=covers if basis is Basis.MONTH else {},
            )
        )
    return tree, indicator, series


@settings(max_examples=300, deadline=None)
@given(cases())
def test_rollup_equals_plain_definition(
    case: tuple[OrgTree, Indicator, list[ActualSeries]],
) -> None:
    """Same orgs in the same order, the same Decimals (digit for digit), the same problems."""
    tree, indicator, series = case
    facts, problems = build_facts(Targets(year=2020, indicators=(indicator,)), tree, series)
    raw = {s.org: s for s in series}
    expected, expected_problems = _plain_rollup(facts.orgs, indicator, raw)
    got = facts.values.get(("x", 2020))
    if got is None:  # no series at all
        assert not series and not expected
        return
    got_values = {org: got[org] for org in got}
    assert [(o, [(m, str(v)) for m, v in s.items()]) for o, s in got_values.items()] == [
        (o, [(m, str(v)) for m, v in s.items()]) for o, s in expected.items()
    ]
    assert problems == expected_problems
    for org in [WHOLE, *facts.orgs.parent, "nobody"]:
        assert (org in got) == (org in expected)
    months = [m for s in expected.values() for m in s]
    assert facts.latest_month(2020) == max(months, default=None)


@settings(max_examples=300, deadline=None)
@given(monthly_values(), st.sampled_from([Basis.MONTH, Basis.YTD]), st.sampled_from(list(Kind)))
def test_to_ytd_equals_running_total(
    shape: tuple[dict[int, Decimal], dict[int, int]], basis: Basis, kind: Kind
) -> None:
    values, covers = shape
    series = ActualSeries(
        indicator_id="x",
        org="",
        year=2020,
        basis=basis,
        values=values,
        sources={},
        covers=covers if basis is Basis.MONTH else {},
    )
    expected = _plain_to_ytd(series, kind)
    got = to_ytd(series, kind)
    assert [(m, str(v)) for m, v in got.items()] == [(m, str(v)) for m, v in expected.items()]
    assert has_ytd(series, kind) == bool(expected)
