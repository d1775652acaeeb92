"""A growth target's gap in the XLSX completion-rate column: a number shown in words."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.render.xlsx import display_width, growth_gap_format
from tests.paths import FIXTURES

TOWNS = FIXTURES / "towns"
runner = CliRunner()


def _growth_row(tmp_path: Path, target: str, *extra: str) -> tuple[object, str, float]:
    root = tmp_path / "towns"
    shutil.copytree(TOWNS, root)
    targets = root / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("    target: 8\n", f"    target: {target}\n"), "utf-8")
    out = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["report", "--data", str(root), "-o", str(out), "-q", *extra])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows())
    header = next(r for r in rows if r[0].value in ("指标", "Indicator"))
    index = next(i for i, c in enumerate(header) if c.value in ("完成率", "Completion rate"))
    cell = next(r for r in rows if r[0].value == "规上工业增加值")[index]
    width = sheet.column_dimensions[get_column_letter(index + 1)].width
    return cell.value, cell.number_format, width


@pytest.mark.parametrize(
    ("target", "gap", "words"),
    [("8", 1.2, "高于目标增速1.2个百分点"), ("9.5", -0.3, "低于目标增速0.3个百分点")],
)
def test_gap_is_a_number_shown_in_words(
    tmp_path: Path, target: str, gap: float, words: str
) -> None:
    value, number_format, width = _growth_row(tmp_path, target)
    assert value == pytest.approx(gap)
    assert number_format == growth_gap_format(1, "zh")
    assert "高于目标增速" in number_format and "低于目标增速" in number_format
    assert width >= display_width(words)  # no ### in the cell


def test_gap_in_english(tmp_path: Path) -> None:
    value, number_format, _ = _growth_row(tmp_path, "9.5", "--lang", "en")
    assert value == pytest.approx(-0.3)
    assert "points below it" in number_format


def test_gap_format_shows_no_sign_and_names_equality() -> None:
    above, below, same = growth_gap_format(2, "zh").split(";")
    assert above == '"高于目标增速"0.00"个百分点"' and below == '"低于目标增速"0.00"个百分点"'
    assert same == '"与目标增速持平"'
    assert "-" not in below  # Excel shows the second section's number without its sign
