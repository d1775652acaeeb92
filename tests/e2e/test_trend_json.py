"""`kpi trend -f json` (render/history.render_trend_json): each month's own amount, its
year-to-date and completion rate, a combined 1-2月 release kept as one amount, 环比."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

TOWNS = FIXTURES / "towns" / "data"


def test_trend_json_months() -> None:
    result = CliRunner().invoke(app, ["trend", "新招引企业", "-f", "json", "--data", str(TOWNS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["indicator"], data["year"]) == ("new_companies", 2020)
    first, march, april = data["months"][:3]
    # 1-2月 is one release of 165 (first_month 1): 165 ÷ 869 = 18.987…% → 18.99%
    assert first == {
        "month": 2,
        "amount": "165",
        "ytd": "165",
        "completion_rate": "18.99",
        "previous_year_ytd": None,
        "yoy": None,
        "first_month": 1,
        "month_yoy": None,
        "chain": None,
    }
    # March after a two-month release has no comparable 环比; April's is (92 − 80) ÷ 80
    assert (march["amount"], march["ytd"], march["chain"]) == ("80", "245", None)
    assert (april["amount"], april["ytd"], april["chain"]) == ("92", "337", "15.0")
