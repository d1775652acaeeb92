"""The trend chart's 序时目标 (the target phased over the months) is drawn only where the
report has a 序时进度: not for a stock (a count of firms at month end), which has none
unless it asks for one (pace: time). The PNG, the SVG of the HTML page and the Word
bulletin's pictures all draw these charts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.render.charts import figure, trend_charts
from tests.paths import FIXTURES


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    """新招引企业 counted as a stock (the firms on the books at each month end)."""
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    targets = root / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    text = text.replace("    target: 869\n    kind: flow\n", "    target: 869\n    kind: stock\n")
    targets.write_text(text, encoding="utf-8")
    return root


def _legends(root: Path) -> dict[str, list[str]]:
    """indicator name -> the labels of the lines its trend chart draws."""
    folder = pipeline.find_data_folder(root / "data")
    run = pipeline.report_run(folder, pipeline.ReportAsk("2020-06", publication=True))
    assert run.publication is not None
    charts = trend_charts(run.publication, "zh")
    return {
        chart.title.split()[0]: [
            str(line.get_label()) for line in figure(chart).axes[0].get_lines()
        ]
        for chart in charts
    }


def test_a_stock_has_no_phased_target_line(towns: Path) -> None:
    legends = _legends(towns)
    assert "序时目标" not in legends["新招引企业"]
    assert "累计完成" in legends["新招引企业"]
    assert "序时目标" in legends["主营业务收入"]  # a flow keeps it


def test_a_stock_that_asks_for_a_pace_keeps_it(towns: Path) -> None:
    targets = towns / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("kind: stock\n", "kind: stock\n    pace: time\n"), "utf-8")
    assert "序时目标" in _legends(towns)["新招引企业"]
