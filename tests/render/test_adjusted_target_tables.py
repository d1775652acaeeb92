"""A target adjusted during the year (target_changes) in every table output: the 年度目标 cell
marked 20个* and a footer line saying what it was; CSV with a 原目标 column; XLSX keeping the
number (the mark in its number format); none of it before the change's month.

The repository's 2020 data (tests/core/periodic/test_adjusted_targets.py): 开工项目, target 25,
adjusted to 20 from 2020-07; 13 projects at 1-6月 and at 1-7月."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.core.periodic.test_adjusted_targets import ADJUSTED, kpi, set_changes

NOTE = "* 开工项目年度目标任务20个（调整后目标，2020年7月起，原为25个）"


@pytest.fixture
def adjusted(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project)
    set_changes(project, ADJUSTED)
    return project


def report(project: Path, month: str, *args: str) -> str:
    result = kpi(project, "report", "--month", month, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_markdown_marks_the_target_and_passes_the_fact_check(adjusted: Path) -> None:
    text = report(adjusted, "2020-07", "-f", "markdown")
    assert "| 开工项目 | 20个* | 1-7月 | 13个 | 65.00% |" in text
    # Escaped so Markdown shows the mark rather than starting a list.
    assert f"\n\\{NOTE}\n" in text
    (adjusted / "r.md").write_text(text, encoding="utf-8")
    checked = kpi(adjusted, "check", "--bulletin", "r.md", "--month", "2020-07")
    assert checked.exit_code == 0, checked.output
    # The marked cell and the footer line are both read and checked: nothing left unread.
    assert "0 个有误" in checked.output and "未能核对" not in checked.output
    assert "0 个警告，0 个提示" in checked.output


def test_the_marked_cell_is_checked_against_the_target_in_force(adjusted: Path) -> None:
    """25个* on the 1-7月 row quotes the original target: wrong. The footer is left out, so
    the table's own figure is what fails."""
    text = report(adjusted, "2020-07", "-f", "markdown").split("\n\\*")[0]
    (adjusted / "r.md").write_text(text.replace("| 20个* |", "| 25个* |"), encoding="utf-8")
    checked = kpi(adjusted, "check", "--bulletin", "r.md", "--month", "2020-07")
    assert checked.exit_code == 1
    assert "年度目标写作 25个，应为 20个" in checked.output


def test_before_the_change_nothing_is_marked(adjusted: Path) -> None:
    text = report(adjusted, "2020-06", "-f", "markdown")
    assert "| 开工项目 | 25个 | 1-6月 |" in text
    assert "*" not in text and "原为" not in text
    table = report(adjusted, "2020-06")
    assert "25个" in table and "*" not in table
    header = next(csv.reader(io.StringIO(report(adjusted, "2020-06", "-f", "csv"))))
    assert "原目标" not in header


def test_terminal_table_marks_the_target_with_the_footer(adjusted: Path) -> None:
    table = report(adjusted, "2020-07")
    assert "20个*" in table
    assert NOTE in table


def test_csv_has_the_original_target_beside_the_one_in_force(adjusted: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(report(adjusted, "2020-07", "-f", "csv"))))
    header = list(rows[0])
    assert header[header.index("年度目标") : header.index("年度目标") + 3] == [
        "年度目标",
        "目标计量单位",
        "原目标",
    ]
    started, investment = rows[0], rows[1]
    assert (started["年度目标"], started["原目标"], started["完成率(%)"]) == ("20", "25", "65.00")
    assert investment["原目标"] == ""


def _summary(path: Path) -> Any:
    from openpyxl import load_workbook

    return load_workbook(path).worksheets[0]


def _footer(sheet: Any) -> list[str]:
    return [
        str(row[0]) for row in sheet.iter_rows(min_row=14, max_col=1, values_only=True) if row[0]
    ]


def test_xlsx_keeps_the_number_and_marks_it_in_its_format(adjusted: Path) -> None:
    report(adjusted, "2020-07", "-o", "r.xlsx")
    sheet = _summary(adjusted / "r.xlsx")
    assert (sheet["A4"].value, sheet["B4"].value) == ("开工项目", 20)
    assert sheet["B4"].number_format == '0"*"'  # shown 20*, still a number to sum
    assert sheet["B5"].number_format == "0"  # 产业投资: not adjusted
    footer = _footer(sheet)
    assert NOTE in footer
    assert footer.index(NOTE) < next(i for i, t in enumerate(footer) if t.startswith("数据来源"))
    report(adjusted, "2020-06", "-o", "r6.xlsx")
    june = _summary(adjusted / "r6.xlsx")
    assert (june["B4"].value, june["B4"].number_format) == (25, "0")
    assert not [line for line in _footer(june) if "原为" in line]


def test_html_marks_the_target_with_the_footer(adjusted: Path) -> None:
    report(adjusted, "2020-07", "-o", "r.html")
    page = (adjusted / "r.html").read_text(encoding="utf-8")
    assert '<td class="num">20个*</td>' in page
    assert f"<p>{NOTE}</p>" in page
    report(adjusted, "2020-06", "-o", "r6.html")
    assert "原为" not in (adjusted / "r6.html").read_text(encoding="utf-8")


def test_docx_marks_the_target_with_the_footer(adjusted: Path) -> None:
    from docx import Document

    report(adjusted, "2020-07", "-o", "r.docx")
    document = Document(str(adjusted / "r.docx"))
    first = [cell.text for cell in document.tables[0].rows[1].cells]
    assert first[:3] == ["开工项目", "20个*", "1-7月"]
    assert NOTE in [p.text for p in document.paragraphs]


def test_english_footer(adjusted: Path) -> None:
    text = report(adjusted, "2020-07", "-f", "markdown", "--lang", "en")
    assert "| 20 items* |" in text
    assert (
        "\\* 开工项目: annual target 20 items (adjusted); original target 25 items."
        " Adjusted from Jul 2020." in text
    )


def test_templates_see_the_original_target(adjusted: Path) -> None:
    template = adjusted / "t.j2"
    template.write_text(
        "{% for l in lines %}{% if l.original_target %}"
        "{{ l.name }} {{ l.target }}/{{ l.original_target }} {{ l.target_note }} "
        "{{ l.target_from }}{% endif %}{% endfor %}\n",
        encoding="utf-8",
    )
    july = report(adjusted, "2020-07", "--template", str(template))
    assert july.strip() == "开工项目 20/25 调整后目标 2020-07"
    assert report(adjusted, "2020-06", "--template", str(template)).strip() == ""


def test_json_says_from_when(adjusted: Path) -> None:
    import json

    line = json.loads(report(adjusted, "2020-07", "-f", "json"))["indicators"][0]
    assert (line["original_target"], line["target_from"]) == ("25", "2020-07")
    assert Decimal(line["target"]) == 20


def test_english_footer_is_checked_by_the_fact_check(adjusted: Path, tmp_path: Path) -> None:
    """The English footer is written as bulletin_en writes an adjusted target, so the English
    reader checks both figures (a wrong original target is an error)."""
    text = report(adjusted, "2020-07", "-f", "markdown", "--lang", "en")
    footer = next(line for line in text.splitlines() if line.startswith("\\* 开工项目"))
    wrong = footer.replace("original target 25", "original target 24")
    for shown, verdict in [(footer, "0 个有误"), (wrong, "1 个有误")]:
        draft = tmp_path / "draft.md"
        draft.write_text(shown + "\n", encoding="utf-8")
        result = kpi(adjusted, "check", "-m", "2020-07", "--bulletin", str(draft))
        assert verdict in result.output, result.output
        assert "未能识别" not in result.output
