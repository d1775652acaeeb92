"""Provenance (the rows behind a figure), each org's year-to-date and ranks at their edges:
each test pins a behaviour a mutation run showed no other test noticed (a surviving mutant)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.figures import Facts, ReportRequest, build_facts, compute_report
from gongshu_kpi.core.models import Indicator, Kind, Targets
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.problems import Location
from tests.core.figure_builders import _indicator, _monthly, _result, _series, _targets

# --- provenance: the rows behind a figure -------------------------------------------------


def test_a_stock_reported_monthly_traces_to_its_latest_row_only() -> None:
    """A stock's June value is June's level: one row, not January to June (a flow's rule)."""
    indicator = _indicator(kind=Kind.STOCK)
    facts, _ = build_facts(
        _targets(indicator), OrgTree(), [_monthly({4: "3", 5: "4", 6: "5"}, "甲")]
    )
    assert facts.series("x", 2020, "甲")[6].sources == (Location("甲.csv", 7),)
    flow = _indicator()
    facts, _ = build_facts(_targets(flow), OrgTree(), [_monthly({1: "3", 2: "4"}, "甲")])
    rows = (Location("甲.csv", 2), Location("甲.csv", 3))
    assert facts.series("x", 2020, "甲")[2].sources == rows


def test_a_group_traces_to_the_members_with_data() -> None:
    """A group whose members include one without this indicator: only the others' rows."""
    indicator = _indicator()
    tree = OrgTree(parent={"甲": "", "乙": ""}, groups={"两镇": ("甲", "乙")}, declared=True)
    other = _indicator(id="y", name="Y")
    targets = Targets(year=2020, indicators=(indicator, other))
    facts, _ = build_facts(
        targets, tree, [_series({6: "5"}, org="甲"), _monthly({6: "1"}, "乙", indicator_id="y")]
    )
    # 乙 reported y's June amount alone: no year-to-date, so no rows behind a figure either.
    point = facts.series("x", 2020, "两镇")[6]
    assert (str(point.value), point.sources) == ("5", (Location("2020.csv", 7),))
    assert facts.sources("x", 2020, ("甲", "乙"), 6) == (Location("2020.csv", 7),)
    assert facts.sources("y", 2020, ("甲", "乙"), 6) == ()


def test_org_series_gives_each_orgs_year_to_date() -> None:
    indicator = _indicator()
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [_monthly({1: "3", 2: "4"}, "甲"), _series({2: "10"}, org="乙"), _series({2: "1"}, 2019)],
    )
    series = facts.org_series("x", 2020)
    assert {org: {m: str(p.value) for m, p in s.items()} for org, s in series.items()} == {
        "甲": {1: "3", 2: "7"},
        "乙": {2: "10"},
        "": {2: "17"},
    }
    assert facts.org_series("x", 2018) == {}
    assert facts.org_series("x", 2019)[""][2].value == 1


def test_rank_by_year_on_year_is_not_by_rate() -> None:
    from dataclasses import replace

    from gongshu_kpi.core.figures.rank import rank_results

    base = _result(_indicator(), _series({6: "50"}))
    results = [
        replace(base, org="甲", rate=Decimal("60.00"), yoy=Decimal("1.0")),
        replace(base, org="乙", rate=Decimal("40.00"), yoy=Decimal("9.0")),
    ]
    assert [(r.org, r.rank) for r in rank_results(results, "yoy")] == [("乙", 1), ("甲", 2)]
    assert [(r.org, r.rank) for r in rank_results(results, "rate")] == [("甲", 1), ("乙", 2)]
    assert [(r.org, r.rank) for r in rank_results(results[:1], "rate")] == [("甲", 1)]
    assert rank_results([], "rate") == []


def _two_towns() -> tuple[Indicator, Facts]:
    indicator = _indicator(org_targets={"甲": Decimal(10), "乙": Decimal(10)})
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [
            _series({6: "6"}, org="甲"),
            _series({6: "3"}, org="乙"),
            _series({6: "5"}, 2019, "甲"),
            _series({6: "1"}, 2019, "乙"),
        ],
    )
    return indicator, facts


@pytest.mark.parametrize(
    ("who", "by", "expected"),
    [
        (("", "甲", "乙"), "rate", [("", None), ("甲", 1), ("乙", 2)]),  # 60% and 30%
        (("", "甲", "乙"), "yoy", [("", None), ("乙", 1), ("甲", 2)]),  # +200% and +20%
        (("", "甲"), "rate", [("", None), ("甲", 1)]),
        # Shown alone or beside the whole, an org keeps its place among all the orgs.
        (("", "乙"), "rate", [("", None), ("乙", 2)]),
        (("乙",), "rate", [("乙", 2)]),
        (("甲",), "yoy", [("甲", 2)]),
        (("",), "rate", [("", None)]),  # alone, the whole is still not one of the orgs
    ],
)
def test_report_ranks_orgs_but_not_the_whole_beside_them(
    who: tuple[str, ...], by: str, expected: list[tuple[str, int | None]]
) -> None:
    indicator, facts = _two_towns()
    request = ReportRequest(month=6, year=2020, indicators=(indicator,), who=who, rank_by=by)
    report = compute_report(facts, request)
    assert [(r.org, r.rank) for r in report.results] == expected


def test_report_title_names_the_orgs_asked_for() -> None:
    indicator, facts = _two_towns()
    report = compute_report(
        facts, ReportRequest(month=6, year=2020, indicators=(indicator,), who=("甲", "乙"))
    )
    assert report.org_label == "甲、乙"
    whole = compute_report(facts, ReportRequest(month=6, year=2020, indicators=(indicator,)))
    assert whole.org_label == ""
    by_org = compute_report(
        facts,
        ReportRequest(month=6, year=2020, indicators=(indicator,), who=("甲", "乙"), by_org=True),
    )
    assert by_org.org_label == ""
    # --org 甲 --rank rate asks for rows per org (by_org) of one org: the title names it.
    one = compute_report(
        facts,
        ReportRequest(
            month=6, year=2020, indicators=(indicator,), who=("甲",), rank_by="rate", by_org=True
        ),
    )
    assert one.org_label == "甲"
