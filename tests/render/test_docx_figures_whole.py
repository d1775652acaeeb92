"""Word never breaks a figure: table columns as wide as their widest figure (62.19%, 50万吨标准煤),
a table too wide for the landscape page split into parts that repeat the names, and the
bulletin's figures joined to their units (U+2060) so a paragraph never breaks 279.87 / 亿元."""

from __future__ import annotations

from pathlib import Path

from gongshu_kpi.render.docx import HOUSE_STYLE, _needed, figure_units, split
from gongshu_kpi.render.docx_text import JOINER, figure_pattern, joined
from tests.render.test_docx_columns import cells, data, word  # noqa: F401  (fixture)
from tests.render.test_report_columns import ALL


def test_a_percent_counts_wider_than_a_digit() -> None:
    assert figure_units("62.19%") == 7 and figure_units("50万吨标准煤") == 12


def test_a_table_too_wide_is_split_and_each_part_repeats_the_names() -> None:
    units, wraps = [14, 2, *([16] * 20)], [True, True, *([False] * 20)]
    parts = split(units, wraps, 2, HOUSE_STYLE)
    assert len(parts) > 1
    assert all(part[:2] == [0, 1] for part in parts)
    assert [i for part in parts for i in part[2:]] == list(range(2, 22))
    for part in parts:
        figures = sum(_needed([units[i] for i in part[2:]], HOUSE_STYLE, "wide_table"))
        assert figures + 4.0 <= HOUSE_STYLE.landscape_width_cm


def test_the_wide_report_table_keeps_every_figure_whole(data: Path, tmp_path: Path) -> None:  # noqa: F811
    document = word(data, tmp_path / "w.docx", "-m", "2021-04", "-c", ALL, "--projection")
    for table in document.tables:
        style = table.rows[1].cells[0].paragraphs[0].style.name
        role = {"KPI 表格": "table", "KPI 宽表格": "wide_table"}[style]
        for index, column in enumerate(table.columns):
            if index == 0:
                continue  # the names wrap
            widest = max(figure_units(row.cells[index].text) for row in table.rows[1:])
            assert column.width.cm >= _needed([widest], HOUSE_STYLE, role)[0] - 1e-6
    assert all(table.rows[0].cells[0].text == "指标" for table in document.tables)


def test_figures_and_units_are_joined_and_the_text_reads_back_the_same() -> None:
    pattern = figure_pattern(["亿元", "万吨标准煤", "万吨"])
    line = "1-7月完成279.87亿元，完成率62.19%，使用25.05万吨标准煤，高于序时进度0.10个百分点。"
    out = joined(line, pattern)
    assert out.replace(JOINER, "") == line
    for run in ("279.87亿元", "62.19%", "25.05万吨标准煤", "0.10个百分点", "1-7月"):
        assert JOINER.join(run) in out


def test_the_docx_bulletin_paragraphs_join_figures(data: Path, tmp_path: Path) -> None:  # noqa: F811
    document = word(data, tmp_path / "b.docx", "-m", "2021-04")
    body = [p.text for p in document.paragraphs if p.style.name == "KPI 正文"]
    assert body and any(JOINER in text for text in body)
    assert any(JOINER.join("亿元") in text for text in body)


def test_a_wide_html_table_scrolls_in_its_own_box(data: Path) -> None:  # noqa: F811
    from tests.render.test_docx_columns import kpi

    page = kpi(data, "report", "-m", "2021-04", "-c", ALL, "--projection", "-f", "html")
    assert '<div class="scroll"><table class="wide">' in page
    assert "div.scroll{overflow-x:auto" in page and "table.wide{font-size:8px}" in page
