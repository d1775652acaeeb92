"""Files offices send: number formats, units, layouts, sources.yaml, and hostile files."""

from __future__ import annotations

import datetime as dt
import json
import struct
import tracemalloc
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.problems import Problem, UsageError
from gongshu_kpi.core.units import convert, parse_unit
from gongshu_kpi.loaders.csv_rows import read_csv_rows
from gongshu_kpi.loaders.numbers import parse_number
from gongshu_kpi.loaders.rows import Cell, RawRow
from gongshu_kpi.loaders.sources import load_sources
from gongshu_kpi.loaders.table import Period, parse_period
from gongshu_kpi.loaders.targets import load_targets
from gongshu_kpi.loaders.xlsx_rows import read_xlsx_rows
from gongshu_kpi.loaders.zipcheck import check_workbook
from gongshu_kpi.output import write_atomically
from tests.paths import CORPUS

runner = CliRunner()
FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
UNIT_SUFFIXES = ["万元", "亿元", "万美元", "亿美元", "个", "家", "公顷"]

decimals = st.integers(min_value=0, max_value=6).flatmap(
    lambda places: st.decimals(
        min_value=-(10**12), max_value=10**12, places=places, allow_nan=False
    )
)


@given(decimals, st.sampled_from(["plain", "thousands", "full-width", "spaced"]))
def test_any_accepted_format_parses_back(value: Decimal, style: str) -> None:
    """Plain, thousands separators, full-width digits or padding: the same Decimal back."""
    text = {
        "plain": format(value, "f"),
        "thousands": format(value, ",f"),
        "full-width": format(value, ",f").translate(FULL_WIDTH),
        "spaced": f"\u3000 {value:f}\u00a0 ",
    }[style]
    parsed = parse_number(text)
    assert str(parsed.value) == str(value) and parsed.unit is None


@given(decimals, st.sampled_from(UNIT_SUFFIXES), st.booleans())
def test_unit_suffix_is_split_off(value: Decimal, unit: str, grouped: bool) -> None:
    """A unit written after the number is returned beside the exact value."""
    parsed = parse_number(format(value, ",f" if grouped else "f") + unit)
    assert (str(parsed.value), parsed.unit) == (str(value), unit)


@given(decimals)
def test_percent_text(value: Decimal) -> None:
    """52.47% reads as 52.47 in percent."""
    parsed = parse_number(f"{value:f}%")
    assert str(parsed.value) == str(value) and parsed.percent


@given(decimals, st.sampled_from(["元", "美元", "平方米"]))
def test_wan_and_yi_round_trip_exactly(value: Decimal, base: str) -> None:
    """万 -> 亿 -> 万 gives back the same value, and 1 亿 is exactly 10,000 万."""
    wan, yi = parse_unit("万" + base), parse_unit("亿" + base)
    in_yi = convert(value, wan, yi)
    # By value: which digits a converted figure prints (trailing zeros after conversion,
    # 0.035 vs 0.0350) is the display rule's to decide (issue 17, the outputs work).
    assert convert(in_yi, yi, wan) == value
    assert convert(value, yi, wan) == value * 10000


def test_the_design_example_converts_exactly() -> None:
    """66836.9万美元 is 6.68369亿美元: 148.53% of a 4.5亿美元 target."""
    assert str(convert(Decimal("66836.9"), parse_unit("万美元"), parse_unit("亿美元"))) == "6.68369"


@pytest.mark.parametrize(
    ("cell", "period"),
    [
        ("6月", Period(None, 6, False)),
        ("6月份", Period(None, 6, False)),
        ("2020-06", Period(2020, 6, False)),
        ("2020年6月", Period(2020, 6, False)),
        ("1-6月", Period(None, 6, True)),
        ("1—6月累计", Period(None, 6, True)),
        ("１－６月", Period(None, 6, True)),
        ("2020年1-6月", Period(2020, 6, True)),
        ("6月累计", Period(None, 6, True)),
        ("指标", None),
        ("同比增长", None),
        (dt.datetime(2020, 1, 1), Period(2020, 1, False)),  # Excel's reading of "2020-01"
    ],
)
def test_period_headers(cell: Cell, period: Period | None) -> None:
    """Month headers and sheet names people write are understood as months or 1-N月 windows."""
    assert parse_period(cell) == period


@pytest.mark.parametrize("cell", ["4-6月", "13月", dt.date(2025, 1, 6)])
def test_period_headers_that_cannot_be_used(cell: Cell) -> None:
    """A quarter, a 13th month or a typed 1-6 that Excel made a date is a message, no guess."""
    assert isinstance(parse_period(cell), str)


def test_utf8_bom_header_matches(tmp_path: Path) -> None:
    """The BOM is stripped, so the first column is 指标, not \\ufeff指标."""
    path = tmp_path / "a.csv"
    path.write_bytes("指标,月份,数值,口径\n产业投资,2020-06,27.83,累计\n".encode("utf-8-sig"))
    rows = list(read_csv_rows(path, "a.csv"))
    assert len(rows) == 1 and isinstance(rows[0], RawRow)
    assert rows[0].layout.columns["indicator"] == 0 and rows[0].get("indicator") == "产业投资"


def test_bad_bytes_far_into_a_file_name_their_line(tmp_path: Path) -> None:
    """A file that turns undecodable after the sniffed head still names the exact line."""
    path = tmp_path / "a.csv"
    body = "".join(f"产业投资,2020-06,{n},累计\n" for n in range(5000))
    path.write_bytes(("指标,月份,数值,口径\n" + body).encode() + b"\xff\xfe,2020-06,1,x\n")
    problems = [p for p in read_csv_rows(path, "a.csv") if isinstance(p, Problem)]
    assert [(p.code, str(p.location)) for p in problems] == [("encoding", "a.csv:5002")]
    assert "第5002行第1字节" in problems[0].message


# 1 MiB of zeros deflated and fully flushed is the same 1037 bytes every time, so 1 GiB of
# zeros is that block 1024 times: the bomb is built in milliseconds, not by compressing 1 GB.
_ZEROS_CRC32 = 1533330096  # zlib.crc32(bytes(1 << 30)), worked out once


def _deflated_zeros(mebibytes: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * mebibytes + compressor.flush()


def _write_bomb(path: Path) -> None:
    """An .xlsx whose sheet is 1 GiB of zeros in about 1 MB, written member by member."""
    members = [
        ("[Content_Types].xml", b"<Types/>", None),
        ("xl/workbook.xml", b"<workbook/>", None),
        ("xl/worksheets/sheet1.xml", _deflated_zeros(1024), (1 << 30, _ZEROS_CRC32)),
    ]
    body, directory = bytearray(), bytearray()
    for name, data, inflated in members:
        method, size, crc = (0, len(data), zlib.crc32(data)) if inflated is None else (8, *inflated)
        fields = struct.pack("<HHHHHIII", 20, 0, method, 0, 0x21, crc, len(data), size)
        directory += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, len(body))
            + name.encode()
        )
        body += b"PK\x03\x04" + fields + struct.pack("<HH", len(name), 0) + name.encode() + data
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 3, 3, len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory) + end)


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1 GiB-uncompressed .xlsx, built once per session."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    _write_bomb(path)
    return path


def test_zip_bomb_fixture_is_a_real_bomb(zip_bomb: Path) -> None:
    """The hand-built archive is a valid zip whose sheet inflates to 1 GiB of zeros (its first
    megabytes read back through zipfile), so the fixture cannot quietly stop being a bomb."""
    with zipfile.ZipFile(zip_bomb) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert (info.file_size, info.compress_size < 2 << 20) == (1 << 30, True)
        with archive.open(info) as sheet:
            assert sheet.read(4 << 20) == bytes(4 << 20)
        assert archive.read("xl/workbook.xml") == b"<workbook/>"


def test_zip_bomb_is_refused_with_bounded_memory(zip_bomb: Path) -> None:
    """A 1 GiB zip bomb is refused from the zip directory alone: a few MB of memory at most,
    whatever the runner's speed (time is measured in benchmarks/, never asserted here)."""
    assert zip_bomb.stat().st_size < 2 << 20
    tracemalloc.start()
    items = list(read_xlsx_rows(zip_bomb, "bomb.xlsx"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16 << 20
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert items[0].code == "zip-bomb"
    assert "xl/worksheets/sheet1.xml" in items[0].message


def test_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many members each under the ratio limit still cannot add up past the total limit."""
    from gongshu_kpi.loaders import zipcheck

    monkeypatch.setattr(zipcheck, "MAX_TOTAL_BYTES", 1000)
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "x" * 600)
        archive.writestr("xl/workbook.xml", "x" * 600)
    problem = check_workbook(path, "big.xlsx")
    assert problem is not None and problem.code == "zip-bomb" and "超过上限" in problem.message


def test_falsified_sizes_are_refused(tmp_path: Path) -> None:
    """A member whose directory entry understates its size is caught before any parser runs."""
    import struct

    real = 2 << 20
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(real))
    data = path.read_bytes()
    assert data.count(struct.pack("<I", real)) == 2  # the local header and the directory
    path.write_bytes(data.replace(struct.pack("<I", real), struct.pack("<I", 1000)))
    problem = check_workbook(path, "liar.xlsx")
    assert problem is not None and problem.code == "zip-corrupt"
    assert "xl/worksheets/sheet1.xml 的内容与目录记录不符" in problem.message


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        previous, current = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{current}: &{current} [{','.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", ["targets.yaml", "sources.yaml"])
def test_billion_laughs_is_refused_fast(tmp_path: Path, name: str) -> None:
    """Both YAML files refuse an alias bomb at its first alias: little memory (an expansion
    would take gigabytes; time is for benchmarks/, not asserted here)."""
    path = tmp_path / name
    path.write_text(_billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    if name == "targets.yaml":
        _, problems = load_targets(path, name)
    else:
        _, problems = load_sources(path, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16 << 20
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{name}:2:8: 不允许使用 YAML 别名（*name）")


def test_missing_defusedxml_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without defusedxml, openpyxl would parse untrusted XML unsafely: exit 2, say why."""
    import openpyxl

    corpus = CORPUS
    (project / "data" / "actuals" / "f.xlsx").write_bytes(
        (corpus / "xlsx-formula.xlsx").read_bytes()
    )
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    result = runner.invoke(app, ["check", "--data", str(project)])
    assert result.exit_code == 2
    assert "缺少 defusedxml" in result.stderr


def test_openpyxl_uses_defusedxml() -> None:
    """The installed openpyxl parses with defusedxml (the dependency is really there)."""
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def _report(project: Path) -> object:
    result = runner.invoke(
        app, ["report", "--month", "2020-07", "--format", "json", "--data", str(project)]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_wide_workbook_and_long_csv_give_identical_reports(project: Path) -> None:
    """The shipped long CSV rewritten as a months-as-columns workbook gives the same report."""
    from openpyxl import Workbook

    actuals = project / "data" / "actuals"
    csv_path = actuals / "platforms-2020.csv"
    before = _report(project)
    lines = [line.split(",") for line in csv_path.read_text("utf-8").splitlines()[1:]]
    by_indicator: dict[tuple[str, str], dict[int, str]] = {}
    for name, month, value, _basis, unit in lines:
        by_indicator.setdefault((name, unit), {})[int(month[-2:])] = value
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "平台"
    sheet.append(["2020年十大产业平台主要指标"])
    sheet.append(["指标", "单位", *(f"1-{m}月" if m > 1 else "1月" for m in range(1, 13))])
    for (name, unit), months in by_indicator.items():
        sheet.append([name, unit, *(months.get(m) for m in range(1, 13))])
    workbook.save(actuals / "平台汇总2020.xlsx")
    csv_path.unlink()
    (project / "data" / "sources.yaml").write_text(
        'files:\n  - match: "平台汇总*.xlsx"\n    layout: wide\n    header_row: 2\n'
        "    unit_column: 单位\n    basis: ytd\n",
        encoding="utf-8",
    )
    assert _report(project) == before


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "files:\n  - match: a.csv\n    header_row: 0\n",
            "sources.yaml:3:5: header_row 行号应从 1 起",
        ),
        ("files:\n  - match: a.csv\n    basis: both\n", "sources.yaml:3:5: basis 口径“both”无效"),
        ("files:\n  - match: a.csv\n    unit: 亿圆\n", "无法识别的计量单位“亿圆”"),
        ("files:\n  - match: a.csv\n    encoding: big6\n", "未知编码“big6”"),
        ("files:\n  - layout: wide\n", "sources.yaml:2:5: 缺少字段 match"),
        ("files:\n  - match: *.csv\n", '须加引号，如 "*.xlsx"'),
        ("file:\n  - match: a.csv\n", "sources.yaml:1:1: 未知字段 file（是否为 files？）"),
    ],
)
def test_sources_yaml_errors_name_the_line(tmp_path: Path, body: str, expected: str) -> None:
    """Every mistake in sources.yaml names its line and what is wrong."""
    path = tmp_path / "sources.yaml"
    path.write_text(body, encoding="utf-8")
    _, problems = load_sources(path, "sources.yaml")
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]


def test_sources_glob_matches_in_subfolders_first_entry_wins(tmp_path: Path) -> None:
    """A glob matches a file's name in any subfolder; the first matching entry is used."""
    path = tmp_path / "sources.yaml"
    path.write_text(
        'files:\n  - match: "towns/*.csv"\n    org: 小镇\n  - match: "*.csv"\n    org: 平台\n',
        encoding="utf-8",
    )
    sources, problems = load_sources(path, "sources.yaml")
    assert problems == []
    root = tmp_path / "actuals"
    town = sources.entry_for(root / "towns" / "a.csv", root)
    other = sources.entry_for(root / "b.csv", root)
    assert town is not None and town.org == "小镇"
    assert other is not None and other.org == "平台"
    assert sources.entry_for(root / "c.xlsx", root) is None


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full or a locked file mid-write: the old output stays, no temp file is left."""
    import os

    output = tmp_path / "report.md"
    output.write_text("old", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(UsageError, match="无法写入"):
        write_atomically(output, "new")
    assert output.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_output_over_an_actuals_file_is_refused(project: Path) -> None:
    """--output naming an actuals file exits 2 and leaves the file unchanged."""
    target = project / "data" / "actuals" / "platforms-2020.csv"
    before = target.read_bytes()
    result = runner.invoke(
        app, ["report", "--month", "2020-06", "--output", str(target), "--data", str(project)]
    )
    # Refused as a place inside data/ before the file itself is looked at.
    assert result.exit_code == 2 and "输入目录" in result.stderr
    assert target.read_bytes() == before


def test_long_file_with_declared_basis_org_unit_and_encoding(project: Path) -> None:
    """A GBK CSV without 口径 and 计量单位 columns, in 万元, from one org, as README shows."""
    actuals = project / "data" / "actuals"
    before = _report(project)
    csv_path = actuals / "platforms-2020.csv"
    kept = [
        line.split(",")
        for line in csv_path.read_text("utf-8").splitlines()[1:]
        if line.split(",")[0] not in ("产业投资", "主营业务收入")
    ]
    csv_path.write_text(
        "指标,月份,数值,口径,计量单位\n" + "".join(",".join(r) + "\n" for r in kept), "utf-8"
    )
    (actuals / "小镇上报_1.csv").write_bytes(
        "指标,月份,数值\n产业投资,2020-06,278300\n主营业务收入,2020-06,4197200\n".encode("gb18030")
    )
    (project / "data" / "sources.yaml").write_text(
        'files:\n  - match: "小镇上报_*.csv"\n    basis: ytd\n    unit: 万元\n'
        "    org: 运河财富小镇\n    encoding: gb18030\n",
        encoding="utf-8",
    )
    assert _report(project) == before


def test_sheet_per_month_with_declared_value_column_and_year(project: Path) -> None:
    """Sheets named 6月 and 7月 (no year), a title row and a generic value_column."""
    from openpyxl import Workbook

    actuals = project / "data" / "actuals"
    before = _report(project)
    xlsx = actuals / "attraction-2020.xlsx"
    rows = [
        ("新招引企业", 6, 630, 7, 714),
        ("新招引特色产业企业", 6, 259, 7, 302),
        ("新招引重大项目", 6, 8, 7, 10),
        ("税收超千万企业累计数", None, None, 7, 45),
        ("市级及以上高新企业累计数", None, None, 7, 217),
    ]
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for month in (6, 7):
        sheet = workbook.create_sheet(f"{month}月")
        sheet.append([f"招商数据 1-{month}月"])
        sheet.append(["指标", "本月", f"1-{month}月累计"])
        for name, m6, v6, m7, v7 in rows:
            value = v6 if month == 6 else v7
            if value is not None and (month in (m6, m7)):
                sheet.append([name, 1, value])
    workbook.save(actuals / "月报汇总.xlsx")
    xlsx.unlink()
    (project / "data" / "sources.yaml").write_text(
        'files:\n  - match: "月报汇总.xlsx"\n    layout: sheet-per-month\n    header_row: 2\n'
        "    value_column: 1-N月累计\n    year: 2020\n",
        encoding="utf-8",
    )
    assert _report(project) == before


def test_output_over_sources_yaml_is_refused(project: Path) -> None:
    """sources.yaml is an input like the others: --output may not overwrite it."""
    sources = project / "data" / "sources.yaml"
    sources.write_text('files:\n  - match: "*.csv"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["report", "--month", "2020-06", "--output", str(sources), "--data", str(project)]
    )
    # Refused as a place inside data/, before its extension is even considered.
    assert result.exit_code == 2 and "输入目录" in result.stderr
    assert sources.read_text("utf-8") == 'files:\n  - match: "*.csv"\n'
