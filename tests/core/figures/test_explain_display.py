"""`kpi explain` ends each figure's step in → the figure exactly as the report prints it
(core/display.py), and shows the figures it works with as entered, never padded.

Hand-checked: 乙镇 enters 主营业务收入 (an 亿元 indicator) in 万元, 当月: 1-2月 255000, 3月
152345, 4月 160000, 5月 149876.5, 6月 170000 → 25.5 + 15.2345 + 16 + 14.98765 + 17 =
88.72215亿元, printed 88.72亿元 (shown in a larger magnitude than entered: 2 places).
预计全年 88.72215 ÷ 6 × 12 = 177.4443 → 177.44亿元; 距目标还差 500 − 88.72215 = 411.27785 →
411.28亿元; 后6个月月均需完成 411.27785 ÷ 6 = 68.546308… → 68.55亿元; 环比 (17 − 14.98765) ÷
14.98765 = 13.4267…% → 13.4%, where 6月's own amount 88.72215 − 71.72215 is 17.00000 but was
entered as 17.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app

runner = CliRunner()
TARGETS = """year: 2021
indicators:
  - id: revenue
    name: 主营业务收入
    unit: 亿元
    target: 500
    kind: flow
"""
ROWS = "指标,月份,数值,口径,计量单位\n" + "".join(
    f"主营业务收入,{month},{value},当月,万元\n"
    for month, value in (
        ("2021年1-2月", "255000"),
        ("2021-03", "152345"),
        ("2021-04", "160000"),
        ("2021-05", "149876.5"),
        ("2021-06", "170000"),
    )
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "actuals").mkdir(parents=True)
    (folder / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (folder / "actuals" / "revenue-2021.csv").write_text(ROWS, encoding="utf-8")
    return folder


def _steps(data: Path) -> list[str]:
    result = runner.invoke(
        app, ["explain", "revenue", "-m", "2021-06", "-f", "json", "--data", str(data)]
    )
    assert result.exit_code == 0, result.output
    steps: list[str] = json.loads(result.stdout)["steps"]
    return steps


def _printed(data: Path) -> str:
    """The report as printed (Markdown, with 预计全年, 距目标还差 and 月均需完成)."""
    result = runner.invoke(
        app,
        ["report", "-m", "2021-06", "-f", "markdown", "--projection", "--data", str(data)],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _step(steps: list[str], prefix: str) -> str:
    (found,) = [s for s in steps if s.startswith(prefix)]
    return found


def test_arrows_show_the_figures_as_the_report_prints_them(data: Path) -> None:
    steps, report = _steps(data), _printed(data)
    for printed in ("88.72亿元", "177.44亿元", "411.28亿元", "68.55亿元"):
        assert f"| {printed} |" in report
    assert _step(steps, "1-6月累计").endswith(
        "= 88.72215 亿元 → 88.72 亿元（四舍五入，保留2位，报表所示）"
    )
    projection = _step(steps, "预计全年")
    assert projection.endswith("= 177.4443 → 177.44 亿元（四舍五入，保留2位，报表所示）")
    assert "177.44430" not in projection
    assert _step(steps, "距目标还差").endswith(
        "= 411.27785 亿元 → 411.28 亿元（四舍五入，保留2位）"
    )
    assert _step(steps, "后6个月月均需完成").endswith("→ 68.55（四舍五入，保留2位）")


def test_operands_are_shown_as_entered(data: Path) -> None:
    chain = _step(_steps(data), "环比")
    assert chain.startswith("环比 = (17 − 14.98765) ÷ 14.98765 × 100% = 13.426721…% → 13.4%")
    assert "17.00000" not in chain
