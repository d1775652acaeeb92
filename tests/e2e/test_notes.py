"""Notes (落后原因 / 下步措施) from data/notes/YYYY-MM.yaml: under the line in bulletins, in the
XLSX, HTML and DOCX footers; `kpi check` warns when an indicator far behind has none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import REPO

ROOT = REPO
FIXTURES = ROOT / "tests" / "fixtures"
runner = CliRunner()

TOWN_NOTES = """\
notes:
  - indicator: 常规税收贡献
    reason: 受疫情影响，部分企业税款延期缴纳
    steps: 加强重点企业走访，推动税款及时入库
  - indicator: main_business_revenue
    org: 汽车互联网小镇
    reason: 整车企业订单回落
"""


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    (root / "data" / "notes").mkdir()
    (root / "data" / "notes" / "2020-06.yaml").write_text(TOWN_NOTES, encoding="utf-8")
    return root


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """The shipped example at 1-7月: 开工项目 is 6.33 points behind time progress."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    (root / "data" / "notes").mkdir()
    return root


def kpi(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_notes_go_under_their_line_in_the_bulletin(towns: Path, tmp_path: Path) -> None:
    out = kpi("report", "--data", str(towns), "-m", "2020-06", "-t", "bulletin")
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("◎ 常规税收贡献"))
    assert lines[at + 1] == "  落后原因：受疫情影响，部分企业税款延期缴纳"
    assert lines[at + 2] == "  下步措施：加强重点企业走访，推动税款及时入库"
    assert lines[at + 3].startswith("◎ 新招引企业")
    draft = tmp_path / "draft.txt"
    draft.write_text(out, encoding="utf-8")
    check = runner.invoke(app, ["check", "--data", str(towns), "-m", "2020-06", "-b", str(draft)])
    assert check.exit_code == 0 and "0 个警告" in check.output, check.output


def test_an_orgs_note_goes_under_the_orgs_line(towns: Path) -> None:
    out = kpi("report", "--data", str(towns), "-m", "2020-06", "--by", "org", "-t", "bulletin_full")
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("◎ 汽车互联网小镇主营业务收入"))
    assert lines[at + 1] == "  落后原因：整车企业订单回落"
    assert sum("落后原因" in line for line in lines) == 2  # the whole's tax note, the town's


def test_notes_of_another_month_are_not_shown(towns: Path) -> None:
    out = kpi("report", "--data", str(towns), "-m", "2020-07", "-t", "bulletin")
    assert "落后原因" not in out


def test_notes_in_the_xlsx_html_and_docx(towns: Path, tmp_path: Path) -> None:
    from docx import Document

    expected = (
        "常规税收贡献：落后原因：受疫情影响，部分企业税款延期缴纳；"
        "下步措施：加强重点企业走访，推动税款及时入库"
    )
    book = tmp_path / "r.xlsx"
    kpi("report", "--data", str(towns), "-m", "2020-06", "-o", str(book))
    texts = [c.value for row in load_workbook(book)["汇总"].iter_rows() for c in row]
    assert f"注：{expected}" in texts
    page = tmp_path / "r.html"
    kpi("report", "--data", str(towns), "-m", "2020-06", "-o", str(page))
    assert f"<p>注：{expected}</p>" in page.read_text(encoding="utf-8")
    word = tmp_path / "r.docx"
    kpi("report", "--data", str(towns), "-m", "2020-06", "-o", str(word))
    paragraphs = [p.text for p in Document(str(word)).paragraphs]
    assert "  落后原因：受疫情影响，部分企业税款延期缴纳".strip() in paragraphs
    assert f"注：{expected}" in paragraphs


def test_check_warns_when_far_behind_without_a_note(shipped: Path) -> None:
    result = runner.invoke(app, ["check", "--data", str(shipped), "-m", "2020-07"])
    assert result.exit_code == 0  # a warning
    assert (
        "notes/2020-07.yaml: 警告：“开工项目”落后序时进度 6.33 个百分点（超过 5）" in result.output
    )
    strict = runner.invoke(app, ["check", "--data", str(shipped), "-m", "2020-07", "--strict"])
    assert strict.exit_code == 1


def test_a_note_or_a_higher_threshold_silences_the_warning(shipped: Path) -> None:
    notes = shipped / "data" / "notes" / "2020-07.yaml"
    notes.write_text("require_when_behind: 7\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--data", str(shipped), "-m", "2020-07"])
    assert "missing" not in result.output and "没有说明" not in result.output
    notes.write_text(
        "notes:\n  - {indicator: 开工项目, reason: 用地审批推迟, steps: 加快前期审批}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--data", str(shipped), "-m", "2020-07"])
    assert "没有说明" not in result.output and "0 个警告" in result.output


def test_no_notes_folder_no_warning() -> None:
    result = runner.invoke(app, ["check", "--data", str(ROOT / "data"), "-m", "2020-07"])
    assert "没有说明" not in result.output


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "2020-06.yaml",
            "notes:\n  - {indicator: 税收, reason: x}\n",
            "2020-06.yaml:2:5: 错误：说明中的指标“税收”不存在",
        ),
        (
            "2020-06.yaml",
            "notes:\n  - {indicator: 常规税收贡献, org: 某镇}\n",
            "说明中的单位“某镇”不存在",
        ),
        ("2020-06.yaml", "notes:\n  - {indicator: 常规税收贡献, reasons: x}\n", "未知字段 reasons"),
        ("六月.yaml", "notes: []\n", "说明文件名“六月.yaml”不是 YYYY-MM.yaml"),
    ],
)
def test_bad_notes_are_located(towns: Path, name: str, text: str, words: str) -> None:
    (towns / "data" / "notes" / "2020-06.yaml").unlink()
    (towns / "data" / "notes" / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", "--data", str(towns), "-m", "2020-06"])
    assert result.exit_code == 1
    assert words in result.output
