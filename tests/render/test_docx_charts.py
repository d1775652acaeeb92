"""The Word bulletin (python-docx), the charts (matplotlib, CJK font) and output extensions."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.render.charts import cjk_font_path
from tests.paths import FIXTURES

runner = CliRunner()


@pytest.fixture
def magnitudes(tmp_path: Path) -> Path:
    root = tmp_path / "magnitudes"
    shutil.copytree(FIXTURES / "magnitudes", root)
    return root


def kpi(folder: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--data", str(folder)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_docx_holds_the_bulletin_a_table_and_charts(magnitudes: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "成绩单.docx"
    kpi(magnitudes, "report", "-o", str(out))
    bulletin = [line for line in kpi(magnitudes, "report", "-t", "bulletin").splitlines() if line]
    document = Document(str(out))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert paragraphs[0].text == "2026年1-3月指标完成情况"
    assert paragraphs[0].style is not None and paragraphs[0].style.name == "KPI 标题"
    # Figures are tied to their units with U+2060 (render/docx_text.py); the words are the same.
    body = [
        p.text.replace("\u2060", "")
        for p in paragraphs
        if p.style is not None and p.style.name == "KPI 正文"
    ]
    assert body == bulletin
    assert "◎ 实际利用外资年度目标任务3.2亿美元，1-3月完成25431.7万美元，完成率79.47%。" in body
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["指标", "年度目标", "期间"]
    assert [c.text for c in table.rows[1].cells][:4] == [
        "营业收入",
        "100亿元",
        "1-3月",
        "37.15亿元",
    ]
    assert len(document.inline_shapes) >= 3  # rate vs time, trends, rankings
    # House style: the Chinese font of the body is 仿宋, of the title 方正小标宋.
    body_style = document.styles["KPI 正文"]
    fonts = body_style.element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        "仿宋_GB2312"
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "数据来源：" in text and "2026.csv" in text


def test_docx_with_a_template(magnitudes: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "b.docx"
    only = ("-i", "revenue")  # one indicator: fewer charts to draw
    kpi(magnitudes, "report", "-t", "bulletin_full", "-o", str(out), *only)
    expected = [
        ln for ln in kpi(magnitudes, "report", "-t", "bulletin_full", *only).splitlines() if ln
    ]
    document = Document(str(out))
    body = [
        p.text.replace("\u2060", "")
        for p in document.paragraphs
        if p.style and p.style.name == "KPI 正文"
    ]
    assert body == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "r.pdf"), "不能写 .pdf 文件"),
        (("-o", "r.doc"), "不能写 .doc 文件"),
        (("-t", "bulletin", "-o", "r.pdf"), "不能写 .pdf 文件"),
        (("-f", "docx"), "需要 --output"),
        (("-f", "docx", "-o", "r.txt"), "不符"),
        (("-f", "json", "-o", "r.docx"), "不符"),
    ],
)
def test_unknown_or_mismatched_extensions_are_usage_errors(
    magnitudes: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    full = [a if not a.startswith("r.") else str(tmp_path / a) for a in args]
    result = runner.invoke(app, ["report", *full, "--data", str(magnitudes)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list(tmp_path.glob("r.*"))


def test_a_cjk_font_is_found_and_has_the_glyphs() -> None:
    from fontTools.ttLib import TTFont

    path = cjk_font_path()
    assert path is not None and path.is_file()
    font = TTFont(str(path), fontNumber=0)
    cmap = font.getBestCmap()
    assert all(
        ord(ch) in cmap for ch in "完成率与序时进度各单位排名累计年度目标营业收入税实际利用外资"
    )


def test_charts_as_files(magnitudes: Path, tmp_path: Path) -> None:
    """PNG with something drawn in it, SVG with its text as text."""
    import matplotlib.image

    folder = tmp_path / "charts"
    kpi(magnitudes, "report", "--charts", str(folder), "-q", "-i", "revenue", "-i", "fdi")
    names = sorted(p.name for p in folder.iterdir())
    assert "rate-vs-time.png" in names and "rate-vs-time.svg" in names
    assert "trend-revenue.png" in names and "ranking-revenue.svg" in names
    assert "trend-tax.png" not in names  # only the indicators asked for
    pixels = matplotlib.image.imread(io.BytesIO((folder / "rate-vs-time.png").read_bytes()))
    ink = (pixels[:, :, :3].sum(axis=2) < 2.4).mean()  # share of pixels that are not white
    assert 0.02 < ink < 0.6
    svg = (folder / "rate-vs-time.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "完成率与序时进度" in svg and "营业收入" in svg
    ranking = (folder / "ranking-fdi.svg").read_text(encoding="utf-8")
    assert "15000.7" in ranking and "东区" in ranking  # the figure as printed elsewhere


def test_charts_folder_must_be_makeable(magnitudes: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", "--charts", str(tmp_path / "no" / "such"), "--data", str(magnitudes)]
    )
    assert result.exit_code == 2 and "不存在" in result.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx(magnitudes: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.docx"
    kpi(magnitudes, "report", "-o", str(out), "-i", "fdi")
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_docx_column_widths_give_way_on_names_first() -> None:
    from gongshu_kpi.render.docx import HOUSE_STYLE, column_widths

    narrow = column_widths([10, 8, 6], [True, False, False], HOUSE_STYLE)
    assert abs(sum(narrow) - HOUSE_STYLE.chart_width_cm) < 1e-9  # spread to the page
    wide = column_widths([40, 20, 20, 20], [True, False, False, False], HOUSE_STYLE)
    per_unit = HOUSE_STYLE.table.size * 0.0353 * 0.55
    assert wide[1:] == [20 * per_unit + 0.35] * 3  # figures keep their width
    assert 2.0 <= wide[0] < 40 * per_unit + 0.35  # the name wraps
    assert abs(sum(wide) - HOUSE_STYLE.chart_width_cm) < 1e-9
