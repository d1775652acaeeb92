"""The trend chart's phased target line (序时目标) follows the report's time progress rule."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.models import Indicator, Kind, Settings
from gongshu_kpi.render.charts import phased_targets


def _indicator(**extra: object) -> Indicator:
    fields: dict[str, object] = {
        "id": "x",
        "name": "X",
        "unit": "亿元",
        "target": Decimal(120),
        "kind": Kind.FLOW,
    }
    return Indicator.model_validate({**fields, **extra})


def test_by_months_it_is_a_twelfth_a_month() -> None:
    phased = phased_targets(Decimal(120), 2020, Settings(), _indicator())
    assert phased[:3] == [Decimal(10), Decimal(20), Decimal(30)]
    assert phased[-1] == Decimal(120)


def test_by_days_february_is_shorter() -> None:
    """2020 is a leap year: end of February is 60 of 366 days, not 2 of 12 months."""
    phased = phased_targets(Decimal(120), 2020, Settings(time_progress="days"), _indicator())
    assert abs(phased[1] - Decimal(120) * 60 / 366) < Decimal("1e-20")
    assert abs(phased[0] - Decimal(120) * 31 / 366) < Decimal("1e-20")
    assert phased[1] != Decimal(20)
    assert phased[-1] == Decimal(120)


def test_a_monthly_profile_weights_the_months() -> None:
    """Half the year's weight in December: the line stays low until the end."""
    weights = [Decimal(1)] * 11 + [Decimal(13)]
    phased = phased_targets(Decimal(120), 2020, Settings(), _indicator(profile=weights))
    assert str(phased[0].normalize()) == "5"
    assert str(phased[10].normalize()) == "55"
    assert phased[-1] == Decimal(120)
