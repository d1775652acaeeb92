"""core/rollup.RolledValues as a mapping: every org kept or derived counts once, in order."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.models import ActualSeries, Basis, Kind
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.rollup import RolledValues


def test_kept_and_derived_orgs_are_the_mappings_keys() -> None:
    monthly = ActualSeries(
        indicator_id="x",
        org="乙",
        year=2020,
        basis=Basis.MONTH,
        values={1: Decimal(2), 2: Decimal(3)},
        sources={1: Location("a.csv", 2), 2: Location("a.csv", 3)},
    )
    rolled = RolledValues(Kind.FLOW, {"乙": monthly})
    rolled.keep("甲", {1: Decimal(5)})
    rolled.derive("乙")
    assert len(rolled) == 2
    assert list(rolled) == ["甲", "乙"]
    assert "乙" in rolled and "丙" not in rolled
    assert rolled["乙"] == {1: Decimal(2), 2: Decimal(5)}  # 当月 2 and 3 as year-to-date
