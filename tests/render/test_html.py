"""The HTML report: one self-contained page, checked as text and in headless Chromium."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("html") / "magnitudes"
    shutil.copytree(FIXTURES / "magnitudes", root)
    out = root.parent / "report.html"
    result = runner.invoke(app, ["report", "-o", str(out), "--data", str(root)])
    assert result.exit_code == 0, result.output
    return out


def test_the_page_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    # Nothing fetched: no links, scripts, images or fonts from elsewhere.
    assert not re.search(r"<(script|link|img|iframe)\b", text)
    assert not re.search(r"""(src|href)=["'](?!#)""", text)  # only links inside the page
    assert not re.search(r"url\((?!#)", text) and "@import" not in text
    assert text.count("<svg") >= 5 and "<?xml" not in text and "<!DOCTYPE svg" not in text
    assert "<style>" in text and "@page{size:A4" in text and "@media print" in text


def test_the_page_has_title_date_figures_status_and_footer(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "<title>2026年1-3月指标完成情况</title>" in text
    assert re.search(r"生成日期：\d{4}-\d{2}-\d{2}", text)
    assert '<td class="num">25431.7万美元</td>' in text
    assert '<td class="num rate">79.47%</td>' in text
    assert '<td class="status ahead">超序时</td>' in text
    assert "td.status.behind{color:#B42318" in text
    assert "数据来源：" in text and "2026.csv" in text
    assert "差值 = 完成率 − 序时进度（百分点）" in text


def test_figures_periods_and_short_headers_stay_on_one_line(page: Path) -> None:
    """The period (1-3月) is .text, which never wraps, as figures (.num) don't; names (.name)
    wrap; a short header (序时进度) keeps one line, a long one (th.wrap) may take two."""
    text = page.read_text(encoding="utf-8")
    assert "td.text{white-space:nowrap}" in text and "th{white-space:nowrap}" in text
    assert "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}" in text
    assert '<td class="text">1-3月</td>' in text
    assert re.search(r'<td class="name">[^<]+</td><td class="num">', text)
    assert "<th>序时进度</th>" in text and "<th>期间</th>" in text


def _chromium(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={home}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_chromium_renders_the_figures(page: Path, tmp_path: Path) -> None:
    import matplotlib.image

    url = page.resolve().as_uri()
    dom = _chromium("--dump-dom", url, home=tmp_path / "dom")
    assert dom.returncode == 0, dom.stderr
    assert "37.15亿元" in dom.stdout and "25431.7万美元" in dom.stdout
    assert dom.stdout.count("<svg") >= 5
    shot = tmp_path / "page.png"
    done = _chromium("--window-size=1200,1400", f"--screenshot={shot}", url, home=tmp_path / "s")
    assert done.returncode == 0, done.stderr
    pixels = matplotlib.image.imread(io.BytesIO(shot.read_bytes()))
    ink = (pixels[:, :, :3].sum(axis=2) < 2.4).mean()  # share of pixels that are not white
    assert ink > 0.03, "the screenshot is blank"
    # The status fill (#D8F0DE) and the ahead bars' green (#1B7F3B) are on the page.
    colours = {tuple((pixels[y, x, :3] * 255).round().astype(int)) for y, x in _grid(pixels)}
    assert (216, 240, 222) in colours
    assert any(abs(r - 27) < 8 and abs(g - 127) < 8 and abs(b - 59) < 8 for r, g, b in colours)


def _grid(pixels: object) -> list[tuple[int, int]]:
    height, width = pixels.shape[:2]  # type: ignore[attr-defined]
    return [(y, x) for y in range(0, height, 3) for x in range(0, width, 3)]
