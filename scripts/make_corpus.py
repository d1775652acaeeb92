"""Write tests/corpus/: bad and unusual input files and expected.yaml (run from the repo root).

Every file is generated here, binary or not, so the corpus can be rebuilt and reviewed in one
place; the generated files are committed so the tests never need to regenerate them. Each
case in CASES says which files make up a data folder and what `kpi` must do with it: read
the same figures as clean.csv ("same"), or report a named problem at a file, line or cell.
The numbers in the header column refer to the rows of shared/INPUT-HAZARDS.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

OUT = Path("tests/corpus")
HEADER = ("指标", "月份", "数值", "口径", "计量单位")
# The figures every "same" case must reproduce: 419.72/800 = 52.47%, 66836.9万美元 of
# 4.5亿美元 = 148.53%, 2.5% of 3% = 83.33%.
CLEAN: list[tuple[str, str, str, str, str]] = [
    ("主营业务收入", "2020-05", "350.5", "累计", "亿元"),
    ("主营业务收入", "2020-06", "419.72", "累计", "亿元"),
    ("产业投资", "2020-06", "27.83", "累计", "亿元"),
    ("开工项目", "2020-06", "13", "累计", "个"),
    ("实际利用外资", "2020-06", "66836.9", "累计", "万美元"),
    ("市级及以上高新企业累计数", "2020-06", "217", "累计", "家"),
    ("研发经费占比", "2020-06", "2.5", "累计", "%"),
]
TARGETS = """\
# The corpus' targets: a few indicators of the reference bulletin plus two with other units.
year: 2020
indicators:
  - id: revenue
    name: 主营业务收入
    unit: 亿元
    target: 800
    kind: flow
  - id: investment
    name: 产业投资
    unit: 亿元
    target: 46
    kind: flow
  - id: projects
    name: 开工项目
    unit: 个
    target: 25
    kind: flow
  - id: fdi
    name: 实际利用外资
    unit: 亿美元
    target: 4.5
    kind: flow
  - id: hightech
    name: 市级及以上高新企业累计数
    unit: 家
    target: 224
    kind: stock
  - id: rnd_share
    name: 研发经费占比
    unit: "%"
    target: 3
    kind: stock
"""

CASES: list[dict[str, Any]] = []
WRITERS: dict[str, Callable[[Path], None]] = {}


def case(name: str, hazard: int | None, expect: str, files: Sequence[str], **more: Any) -> None:
    entry: dict[str, Any] = {"case": name, "hazard": hazard, "expect": expect, "files": list(files)}
    entry.update(more)
    CASES.append(entry)


def text_file(name: str, text: str, encoding: str = "utf-8") -> None:
    WRITERS[name] = lambda path: path.write_bytes(text.encode(encoding))


def bytes_file(name: str, data: bytes) -> None:
    WRITERS[name] = lambda path: path.write_bytes(data)


def csv_text(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> str:
    return "".join(",".join(r) + "\n" for r in [header, *rows])


CLEAN_CSV = csv_text(CLEAN)
text_file("clean.csv", CLEAN_CSV)
text_file("targets.yaml", TARGETS)

# --- encodings (#1-#4) -----------------------------------------------------------------
text_file("enc-gbk.csv", CLEAN_CSV, "gbk")
case("gbk-no-bom", 1, "same", ["enc-gbk.csv"], code="encoding-info")
text_file("enc-utf8-bom.csv", CLEAN_CSV, "utf-8-sig")
case("utf8-bom", 2, "same", ["enc-utf8-bom.csv"])
text_file("enc-gb18030-declared.csv", CLEAN_CSV, "gb18030")
text_file("enc-declared.sources.yaml", 'files:\n  - match: "enc-*.csv"\n    encoding: gb18030\n')
case(
    "gb18030-declared", 1, "same", ["enc-gb18030-declared.csv"], sources="enc-declared.sources.yaml"
)
text_file("enc-forced-utf8.csv", CLEAN_CSV, "gbk")
text_file(
    "enc-forced.sources.yaml", 'files:\n  - match: "enc-forced-utf8.csv"\n    encoding: utf-8\n'
)
case(
    "gbk-forced-utf8",
    1,
    "error",
    ["enc-forced-utf8.csv"],
    sources="enc-forced.sources.yaml",
    code="encoding",
    message="无法按 utf-8 解码（第1行第3字节）",
    where="enc-forced-utf8.csv:1",
)
bytes_file(
    "enc-binary.csv",
    CLEAN_CSV.encode("utf-8").replace("开工项目".encode(), b"\xff\xfe\x80\xff"),
)
case(
    "undecodable",
    3,
    "error",
    ["enc-binary.csv"],
    code="encoding",
    message="文件编码无法识别（第5行",
    where="enc-binary.csv:5",
)
text_file("enc-utf16.csv", CLEAN_CSV.replace(",", "\t"), "utf-16")
case(
    "utf16-tabs",
    4,
    "error",
    ["enc-utf16.csv"],
    code="utf16-text",
    message="制表符分隔",
    where="enc-utf16.csv",
)

# --- CSV structure (#5-#10, #18) ---------------------------------------------------------
text_file("csv-unclosed-quote.csv", CLEAN_CSV.replace(",27.83,", ',"27.83,'))
case(
    "unclosed-quote",
    5,
    "error",
    ["csv-unclosed-quote.csv"],
    code="unclosed-quote",
    message="引号未闭合（从第4行开始直到文件末尾）",
    where="csv-unclosed-quote.csv:4",
)
text_file(
    "csv-space-before-quote.csv",
    CLEAN_CSV.replace(",66836.9,", ', "66,836.9",').replace(",419.72,", ', "419.72",'),
)
case("space-before-quote", 6, "same", ["csv-space-before-quote.csv"])
text_file("csv-ragged.csv", CLEAN_CSV.replace(",27.83,", ",27,83,"))
case(
    "ragged-row",
    7,
    "error",
    ["csv-ragged.csv"],
    code="ragged-row",
    message="应有5列，实际6列",
    where="csv-ragged.csv:4",
)
text_file("csv-short-row.csv", CLEAN_CSV.replace(",27.83,累计,亿元", ",27.83"))
case(
    "short-row",
    7,
    "error",
    ["csv-short-row.csv"],
    code="ragged-row",
    message="应有5列，实际3列",
    where="csv-short-row.csv:4",
)
text_file("csv-empty.csv", "")
case("empty-file", 10, "error", ["csv-empty.csv"], code="empty-file", where="csv-empty.csv")
text_file("csv-fullwidth-comma.csv", CLEAN_CSV.replace(",", "，"))
case(
    "fullwidth-delimiter",
    8,
    "error",
    ["csv-fullwidth-comma.csv"],
    code="delimiter",
    message="分隔符不是半角逗号",
    where="csv-fullwidth-comma.csv:1",
)
text_file("csv-tab.csv", CLEAN_CSV.replace(",", "\t"))
case(
    "tab-delimited",
    8,
    "error",
    ["csv-tab.csv"],
    code="delimiter",
    message="制表符",
    where="csv-tab.csv:1",
)
text_file("csv-nul.csv", CLEAN_CSV.replace("27.83", "27.8\x003"))
case("nul-byte", 9, "error", ["csv-nul.csv"], code="nul-byte", message="NUL", where="csv-nul.csv:4")
text_file(
    "csv-long-field.csv",
    csv_text([("产业投资", "2020-06", '"' + "9" * 140_000 + '"', "累计", "亿元")]),
)
case(
    "field-too-long",
    9,
    "error",
    ["csv-long-field.csv"],
    code="field-too-long",
    message="字段过长",
    where="csv-long-field.csv:2",
)
text_file(
    "csv-missing-column.csv",
    csv_text([r[:2] + r[3:] for r in CLEAN], ("指标", "月份", "口径", "计量单位")),
)
case(
    "missing-column",
    10,
    "error",
    ["csv-missing-column.csv"],
    code="missing-column",
    message="缺少必需列「数值」",
    where="csv-missing-column.csv:1",
)
text_file(
    "csv-duplicate-column.csv",
    csv_text([(*r, r[2]) for r in CLEAN], (*HEADER, "数值")),
)
case(
    "duplicate-column",
    10,
    "error",
    ["csv-duplicate-column.csv"],
    code="duplicate-column",
    message="列名重复「数值」（第3、6列）",
    where="csv-duplicate-column.csv:1",
)
text_file("csv-title-row.csv", "2020年1-6月主要经济指标\n\n" + CLEAN_CSV)
case("title-row-above-header", 11, "same", ["csv-title-row.csv"])
text_file(
    "csv-blank-and-notes.csv",
    CLEAN_CSV.replace("产业投资", ",,,,\n产业投资", 1)
    + ",,,,\n\n注：以上数据为快报数。,,,,\n垃圾,行,,,\n",
)
case("blank-rows-and-notes", 18, "same", ["csv-blank-and-notes.csv"])

# --- numbers (#12-#17) ---------------------------------------------------------------------
text_file("num-thousands.csv", CLEAN_CSV.replace(",66836.9,", ',"66,836.9",'))
case("thousands-separators", 12, "same", ["num-thousands.csv"])
text_file(
    "num-bad-grouping.csv", CLEAN_CSV.replace(",27.83,", ',"2,783",').replace("2,783", "27,83")
)
case(
    "bad-grouping",
    12,
    "error",
    ["num-bad-grouping.csv"],
    code="bad-value",
    message="千分位格式错误",
    where="num-bad-grouping.csv:4:3",
)
text_file(
    "num-fullwidth.csv", CLEAN_CSV.replace("419.72", "４１９．７２").replace(",13,", ",１３,")
)
case("fullwidth-digits", 13, "same", ["num-fullwidth.csv"])
text_file(
    "num-zero-width.csv", CLEAN_CSV.replace("27.83", "27.83\u200b").replace("350.5", "\u00a0350.5 ")
)
case("zero-width-and-nbsp", 14, "same", ["num-zero-width.csv"])
text_file("num-arabic-indic.csv", CLEAN_CSV.replace(",13,", ",١٣,"))
case(
    "arabic-indic-digits",
    14,
    "error",
    ["num-arabic-indic.csv"],
    code="bad-value",
    message="非阿拉伯数字",
    where="num-arabic-indic.csv:5:3",
)
text_file(
    "num-unit-in-cell.csv",
    csv_text([(n, m, v + u, b) for n, m, v, b, u in CLEAN], HEADER[:4]),
)
case("unit-in-cell", 15, "same", ["num-unit-in-cell.csv"])
text_file("num-unit-mismatch.csv", CLEAN_CSV.replace("66836.9,累计,万美元", "66836.9万元,累计,"))
case(
    "cell-unit-other-currency",
    15,
    "error",
    ["num-unit-mismatch.csv"],
    code="unit-mismatch",
    message="无法在人民币与美元之间换算",
    where="num-unit-mismatch.csv:6:3",
)
text_file("num-percent-text.csv", CLEAN_CSV.replace("2.5,累计,%", "2.5%,累计,"))
case("percent-as-text", 16, "same", ["num-percent-text.csv"])
text_file("num-placeholder.csv", CLEAN_CSV.replace(",27.83,", ",—,"))
case(
    "placeholder-dash",
    17,
    "error",
    ["num-placeholder.csv"],
    code="bad-value",
    message="缺少数值（“—”）",
    where="num-placeholder.csv:4:3",
)
text_file("num-excel-error-text.csv", CLEAN_CSV.replace(",27.83,", ",#DIV/0!,"))
case(
    "error-value-in-csv",
    21,
    "error",
    ["num-excel-error-text.csv"],
    code="bad-value",
    message="错误值 #DIV/0!",
    where="num-excel-error-text.csv:4:3",
)

# --- units (#34) ------------------------------------------------------------------------------
text_file("unit-yi.csv", CLEAN_CSV.replace("66836.9,累计,万美元", "6.68369,累计,亿美元"))
case("yi-instead-of-wan", 34, "same", ["unit-yi.csv"])
text_file("unit-wrong-count.csv", CLEAN_CSV.replace("13,累计,个", "13,累计,家"))
case(
    "counted-units-differ",
    34,
    "error",
    ["unit-wrong-count.csv"],
    code="unit-mismatch",
    message="“家”与“个”之间换算",
    where="unit-wrong-count.csv:5:3",
)
text_file(
    "unit-declared.csv",
    csv_text(
        [(n, m, f"{float(v) * 10000:.0f}", b) for n, m, v, b, u in CLEAN if u == "亿元"], HEADER[:4]
    ),
)
text_file("unit-declared.sources.yaml", 'files:\n  - match: "unit-declared.csv"\n    unit: 万元\n')
case(
    "declared-unit-is-used",
    34,
    "ok",
    ["unit-declared.csv"],
    sources="unit-declared.sources.yaml",
    figures={"revenue": "52.47", "investment": "60.50"},
)

# --- across files (#19, #35) ------------------------------------------------------------------
text_file("dup-second.csv", csv_text([("产业投资", "2020-06", "27.83", "累计", "亿元")]))
case(
    "same-month-in-two-files",
    19,
    "error",
    ["clean.csv", "dup-second.csv"],
    code="duplicate-month",
    message="clean.csv:4",
    where="dup-second.csv:2",
)
text_file("basis-month.csv", csv_text([("产业投资", "2020-05", "20", "当月", "亿元")]))
case(
    "basis-conflict-across-files",
    35,
    "error",
    ["clean.csv", "basis-month.csv"],
    code="conflicting-basis",
    message="basis-month.csv:2 的“当月”不一致",
    where="clean.csv:4",
)
text_file(
    "gap-month-basis.csv",
    csv_text(
        [("产业投资", "2020-01", "3", "当月", "亿元"), ("产业投资", "2020-03", "4", "当月", "亿元")]
    ),
)
case(
    "gap-in-monthly-amounts",
    35,
    "error",
    ["gap-month-basis.csv"],
    code="missing-month",
    message="缺少 2月",
    where="gap-month-basis.csv:3",
)
text_file(
    "gap-ytd.csv",
    CLEAN_CSV.replace("主营业务收入,2020-05", "主营业务收入,2020-04"),
)
case(
    "gap-in-ytd-is-a-warning",
    35,
    "warning",
    ["gap-ytd.csv"],
    code="missing-month",
    message="缺少 5月",
    where="gap-ytd.csv:3",
)
text_file("ytd-decreasing.csv", CLEAN_CSV.replace("350.5", "450.5"))
case(
    "ytd-decreasing",
    35,
    "error",
    ["ytd-decreasing.csv"],
    code="ytd-decreasing",
    message="1-6月累计 419.72 小于 1-5月累计 450.5",
    where="ytd-decreasing.csv:3",
)


# --- Excel workbooks (#11, #20-#28) --------------------------------------------------------
FIXED_TIME = dt.datetime(2020, 7, 1)
MODIFIED = rb"<dcterms:modified\1>2020-07-01T00:00:00Z<"


def workbook_bytes(build: Callable[[Workbook], None]) -> bytes:
    workbook = Workbook()
    build(workbook)
    # Fixed timestamps, so regenerating the corpus changes no committed file.
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps "modified" with the time of saving; pin it too.
    return rewrite_zip(
        buffer.getvalue(),
        lambda name, data: (
            re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", MODIFIED, data)
            if name == "docProps/core.xml"
            else data
        ),
    )


def long_sheet(workbook: Workbook, rows: Sequence[Sequence[Any]] | None = None) -> None:
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(HEADER)
    for name, month, value, basis, unit in rows or CLEAN:
        number = isinstance(value, str) and value[0].isdigit()
        sheet.append((name, month, float(value) if number else value, basis, unit))


def rewrite_zip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of a zip with members changed (None drops one) and fixed timestamps."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            changed = change(info.filename, source.read(info))
            if changed is not None:
                target.writestr(fixed_info(info.filename), changed)
    return out.getvalue()


def fixed_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


CLEAN_XLSX = workbook_bytes(long_sheet)
bytes_file("xlsx-long.xlsx", CLEAN_XLSX)
case("xlsx-long", None, "same", ["xlsx-long.xlsx"])


def hidden_sheet(workbook: Workbook) -> None:
    long_sheet(workbook)
    old = workbook.create_sheet("数据(旧)")
    old.append(HEADER)
    old.append(("产业投资", "2020-06", 1.0, "累计", "亿元"))
    old.sheet_state = "hidden"


bytes_file("xlsx-hidden-sheet.xlsx", workbook_bytes(hidden_sheet))
case("hidden-sheet-ignored", 23, "same", ["xlsx-hidden-sheet.xlsx"], code="hidden-sheet")

MONTHS = [f"{m}月" for m in range(1, 13)]
UNITS = {r[0]: r[4] for r in CLEAN}


def wide_values() -> dict[str, dict[int, float]]:
    values: dict[str, dict[int, float]] = {}
    for name, month, value, _, _ in CLEAN:
        values.setdefault(name, {})[int(month[-2:])] = float(value)
    return values


def wide_months(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.title = "经济指标"
    sheet.append(["2020年1-6月主要经济指标（累计）"])
    sheet.merge_cells("A1:O1")
    sheet.append([])
    sheet.append(["序号", "指标", "计量单位", *MONTHS])
    for number, (name, months) in enumerate(wide_values().items(), 1):
        sheet.append([number, name, UNITS[name], *(months.get(m) for m in range(1, 13))])
    sheet.append(["注：数据来源于区统计局快报。"])
    notes = workbook.create_sheet("说明")
    notes.append(["本表为累计数"])


bytes_file("wide-months.xlsx", workbook_bytes(wide_months))
text_file(
    "wide-months.sources.yaml",
    """\
files:
  - match: "wide-*.xlsx"
    layout: wide
    sheet: 经济指标
    header_row: 3
    indicator_column: 指标
    unit_column: 计量单位
    basis: ytd
""",
)
case(
    "wide-months-as-columns", None, "same", ["wide-months.xlsx"], sources="wide-months.sources.yaml"
)

wide_csv_rows = [
    (name, UNITS[name], f"{months[5]:g}" if 5 in months else "", f"{months[6]:g}")
    for name, months in wide_values().items()
]
text_file("wide-ytd.csv", csv_text(wide_csv_rows, ("指标", "计量单位", "1-5月累计", "1-6月累计")))
text_file(
    "wide-ytd.sources.yaml", 'files:\n  - match: "wide-ytd.csv"\n    layout: wide\n    year: 2020\n'
)
case("wide-csv-ytd-headers", None, "same", ["wide-ytd.csv"], sources="wide-ytd.sources.yaml")
wide_pairs = [
    (name, UNITS[name], "", f"{months[5]:g}" if 5 in months else "", "", f"{months[6]:g}")
    for name, months in wide_values().items()
]
text_file(
    "wide-month-and-ytd.csv",
    csv_text(wide_pairs, ("指标", "计量单位", "5月", "1-5月累计", "6月", "1-6月累计")),
)
text_file(
    "wide-month-and-ytd.sources.yaml",
    'files:\n  - match: "wide-month-and-ytd.csv"\n    layout: wide\n    year: 2020\n'
    "    basis: ytd\n",
)
case(
    "wide-month-and-ytd-columns",
    None,
    "same",
    ["wide-month-and-ytd.csv"],
    sources="wide-month-and-ytd.sources.yaml",
    code="columns-skipped",
)
text_file(
    "wide-duplicate-month.csv",
    csv_text(
        [(*r, r[3]) for r in wide_csv_rows],
        ("指标", "计量单位", "1-5月累计", "1-6月累计", "1-6月"),
    ),
)
text_file(
    "wide-duplicate-month.sources.yaml",
    'files:\n  - match: "wide-duplicate-month.csv"\n    layout: wide\n    year: 2020\n',
)
case(
    "wide-duplicate-month-column",
    10,
    "error",
    ["wide-duplicate-month.csv"],
    sources="wide-duplicate-month.sources.yaml",
    code="duplicate-column",
    message="月份列重复「1-6月累计」「1-6月」（第4、5列）",
    where="wide-duplicate-month.csv:1:5",
)
text_file("wide-no-year.sources.yaml", 'files:\n  - match: "wide-ytd.csv"\n    layout: wide\n')
case(
    "wide-without-year",
    None,
    "error",
    ["wide-ytd.csv"],
    sources="wide-no-year.sources.yaml",
    code="missing-year",
    message="没有年份",
    where="wide-ytd.csv:1:3",
)
text_file("wide-no-basis.csv", csv_text(wide_csv_rows, ("指标", "计量单位", "5月", "6月")))
text_file(
    "wide-no-basis.sources.yaml",
    'files:\n  - match: "wide-no-basis.csv"\n    layout: wide\n    year: 2020\n',
)
case(
    "wide-without-basis",
    35,
    "error",
    ["wide-no-basis.csv"],
    sources="wide-no-basis.sources.yaml",
    code="missing-basis",
    message="无法判断列“5月、6月”",
    where="wide-no-basis.csv:1",
)
text_file(
    "wide-basis-conflict.sources.yaml",
    'files:\n  - match: "wide-ytd.csv"\n    layout: wide\n    year: 2020\n    basis: month\n',
)
case(
    "wide-basis-conflict",
    35,
    "error",
    ["wide-ytd.csv"],
    sources="wide-basis-conflict.sources.yaml",
    code="conflicting-basis",
    message="列“1-6月累计”是累计数",
    where="wide-ytd.csv:1:4",
)


def wide_merged(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["拱墅区主要经济指标"])
    sheet.append(["指标", "计量单位", "2020年", *[None] * 11])
    sheet.append([None, None, *MONTHS])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:N2")
    for name, months in wide_values().items():
        sheet.append([name, UNITS[name], *(months.get(m) for m in range(1, 13))])


bytes_file("wide-merged.xlsx", workbook_bytes(wide_merged))
text_file(
    "wide-merged.sources.yaml",
    'files:\n  - match: "wide-merged.xlsx"\n    layout: wide\n'
    "    header_row: [2, 3]\n    basis: ytd\n",
)
case(
    "wide-merged-two-row-header",
    11,
    "same",
    ["wide-merged.xlsx"],
    sources="wide-merged.sources.yaml",
)
text_file(
    "wide-merged-undeclared.sources.yaml",
    'files:\n  - match: "wide-merged.xlsx"\n    layout: wide\n    basis: ytd\n',
)
case(
    "wide-header-not-declared",
    11,
    "error",
    ["wide-merged.xlsx"],
    sources="wide-merged-undeclared.sources.yaml",
    code="missing-column",
    message="没有找到月份列",
    where="wide-merged.xlsx:Sheet1!A2",
)


def per_month(workbook: Workbook) -> None:
    notes = workbook.active
    notes.title = "说明"
    notes.append(["每月一张表，数值为1-N月累计"])
    values = wide_values()
    for month in (5, 6):
        sheet = workbook.create_sheet(f"2020年{month}月")
        sheet.append([f"2020年1-{month}月主要指标"])
        sheet.append(["指标", "计量单位", "本月", f"1-{month}月累计"])
        for name, months in values.items():
            sheet.append([name, UNITS[name], None, months.get(month)])
    old = workbook.create_sheet("2020年7月")
    old.append(["指标", "计量单位", "本月", "1-7月累计"])
    old.append(["产业投资", "亿元", 1, 99])
    old.sheet_state = "hidden"


bytes_file("per-month.xlsx", workbook_bytes(per_month))
text_file(
    "per-month.sources.yaml", 'files:\n  - match: "per-month.xlsx"\n    layout: sheet-per-month\n'
)
case("sheet-per-month", None, "same", ["per-month.xlsx"], sources="per-month.sources.yaml")


def formula(workbook: Workbook) -> None:
    rows: list[Sequence[Any]] = list(CLEAN)
    rows[1] = ("主营业务收入", "2020-06", "=C2+69.22", "累计", "亿元")
    long_sheet(workbook, rows)


bytes_file("xlsx-formula.xlsx", workbook_bytes(formula))
case(
    "formula-without-cached-value",
    20,
    "error",
    ["xlsx-formula.xlsx"],
    code="formula-no-value",
    message="公式“=C2+69.22”没有计算结果",
    where="xlsx-formula.xlsx:数据!C3",
)


def error_value(workbook: Workbook) -> None:
    rows: list[Sequence[Any]] = list(CLEAN)
    rows[2] = ("产业投资", "2020-06", "#DIV/0!", "累计", "亿元")
    long_sheet(workbook, rows)


bytes_file("xlsx-error-value.xlsx", workbook_bytes(error_value))
case(
    "excel-error-value",
    21,
    "error",
    ["xlsx-error-value.xlsx"],
    code="excel-error",
    message="错误值 #DIV/0!",
    where="xlsx-error-value.xlsx:数据!C4",
)


def fraction_percent(workbook: Workbook) -> None:
    rows: list[Sequence[Any]] = list(CLEAN)
    rows[6] = ("研发经费占比", "2020-06", 0.025, "累计", "%")
    long_sheet(workbook, rows)


bytes_file("xlsx-fraction-percent.xlsx", workbook_bytes(fraction_percent))
case(
    "percent-as-fraction",
    16,
    "error",
    ["xlsx-fraction-percent.xlsx"],
    code="fraction-percent",
    message="疑似小数形式的百分比（即 2.5%）",
    where="xlsx-fraction-percent.xlsx:数据!C8",
)


bytes_file(
    "xlsx-formula-error.xlsx",
    rewrite_zip(
        workbook_bytes(error_value),
        lambda name, data: (
            data.replace(
                b'<c r="C4" t="e"><v>#DIV/0!</v></c>',
                b'<c r="C4" t="e"><f>C3/0</f><v>#DIV/0!</v></c>',
            )
            if name == "xl/worksheets/sheet1.xml"
            else data
        ),
    ),
)
case(
    "formula-with-error-result",
    21,
    "error",
    ["xlsx-formula-error.xlsx"],
    code="excel-error",
    message="错误值 #DIV/0!（公式“=C3/0”）",
    where="xlsx-formula-error.xlsx:数据!C4",
)


def date_month(workbook: Workbook) -> None:
    rows: list[Sequence[Any]] = list(CLEAN)
    rows[2] = ("产业投资", dt.datetime(2020, 1, 6), "27.83", "累计", "亿元")
    long_sheet(workbook, rows)


bytes_file("xlsx-date-month.xlsx", workbook_bytes(date_month))
case(
    "date-instead-of-month",
    22,
    "error",
    ["xlsx-date-month.xlsx"],
    code="bad-month",
    message="疑似“1-6”被 Excel 自动转换为日期",
    where="xlsx-date-month.xlsx:数据!B4",
)


def date_header(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(["指标", "计量单位", dt.datetime(2020, 1, 6)])
    sheet.append(["产业投资", "亿元", 27.83])


bytes_file("wide-date-header.xlsx", workbook_bytes(date_header))
text_file(
    "wide-date-header.sources.yaml",
    'files:\n  - match: "wide-date-header.xlsx"\n    layout: wide\n    basis: ytd\n',
)
case(
    "date-in-period-header",
    22,
    "error",
    ["wide-date-header.xlsx"],
    sources="wide-date-header.sources.yaml",
    code="bad-period",
    message="疑似“1-6月”被 Excel 自动转换",
    where="wide-date-header.xlsx:数据!C1",
)


def named_hidden(workbook: Workbook) -> None:
    long_sheet(workbook)
    old = workbook.create_sheet("经济指标(旧)")
    old.sheet_state = "hidden"


bytes_file("xlsx-named-sheet-missing.xlsx", workbook_bytes(named_hidden))
text_file(
    "named-sheet.sources.yaml",
    'files:\n  - match: "xlsx-named-sheet-missing.xlsx"\n    sheet: 经济指标\n',
)
case(
    "named-sheet-missing",
    23,
    "error",
    ["xlsx-named-sheet-missing.xlsx"],
    sources="named-sheet.sources.yaml",
    code="missing-sheet",
    message="未找到工作表“经济指标”（存在隐藏工作表“经济指标(旧)”）",
    where="xlsx-named-sheet-missing.xlsx",
)
bytes_file(
    "xlsx-wps-dimension.xlsx",
    rewrite_zip(
        CLEAN_XLSX,
        lambda name, data: (
            data.replace(b'<dimension ref="A1:E8"', b'<dimension ref="A1:A1"')
            if name.startswith("xl/worksheets/")
            else data
        ),
    ),
)
case("wps-wrong-dimension", 24, "same", ["xlsx-wps-dimension.xlsx"])
bytes_file("xls-renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
case(
    "old-xls-renamed",
    25,
    "error",
    ["xls-renamed.xlsx"],
    code="not-xlsx",
    message="旧版 .xls",
    where="xls-renamed.xlsx",
)
text_file("csv-renamed.xlsx", CLEAN_CSV)
case(
    "csv-renamed-xlsx",
    25,
    "error",
    ["csv-renamed.xlsx"],
    code="not-xlsx",
    message="文本/CSV",
    where="csv-renamed.xlsx",
)


def ods_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(fixed_info("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(fixed_info("content.xml"), "<office:document-content/>")
    return out.getvalue()


bytes_file("ods-renamed.xlsx", ods_bytes())
case(
    "ods-renamed-xlsx",
    26,
    "error",
    ["ods-renamed.xlsx"],
    code="not-xlsx",
    message=".ods",
    where="ods-renamed.xlsx",
)
bytes_file("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
case(
    "xls-suffix", 25, "error", ["old.xls"], code="unsupported-file", message=".xls", where="old.xls"
)
bytes_file("sheet.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
case(
    "wps-et-suffix",
    25,
    "error",
    ["sheet.et"],
    code="unsupported-file",
    message=".et",
    where="sheet.et",
)
bytes_file("sheet.ods", ods_bytes())
case(
    "ods-suffix",
    26,
    "error",
    ["sheet.ods"],
    code="unsupported-file",
    message=".ods",
    where="sheet.ods",
)


def bomb_bytes() -> bytes:
    """A valid-looking workbook whose sheet inflates 20 MB of spaces from ~20 KB."""
    padding = b" " * (20 << 20)
    return rewrite_zip(
        CLEAN_XLSX,
        lambda name, data: (
            data.replace(b"<sheetData>", b"<sheetData>" + padding)
            if name == "xl/worksheets/sheet1.xml"
            else data
        ),
    )


bytes_file("zip-bomb.xlsx", bomb_bytes())
case(
    "zip-bomb-ratio",
    27,
    "error",
    ["zip-bomb.xlsx"],
    code="zip-bomb",
    message="压缩比异常（xl/worksheets/sheet1.xml 1:",
    where="zip-bomb.xlsx",
)
bytes_file(
    "xml-entity.xlsx",
    rewrite_zip(
        CLEAN_XLSX,
        lambda name, data: (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>' + data.split(b"?>", 1)[-1]
            if name == "xl/workbook.xml"
            else data
        ),
    ),
)
case(
    "xml-entity-definition",
    28,
    "error",
    ["xml-entity.xlsx"],
    code="xml-entity",
    message="不安全的 XML 实体定义（xl/workbook.xml）",
    where="xml-entity.xlsx",
)

# --- YAML: targets.yaml and sources.yaml (#29-#33) --------------------------------------
text_file("targets-tab.yaml", TARGETS.replace("  - id: investment", "\t- id: investment"))
case(
    "yaml-tab-indent",
    29,
    "error",
    ["clean.csv"],
    targets="targets-tab.yaml",
    code="yaml",
    message="YAML 语法错误",
    where="targets.yaml:9:1",
)
text_file(
    "targets-dup-key.yaml",
    TARGETS.replace("    target: 800\n", "    target: 800\n    target: 900\n"),
)
case(
    "yaml-duplicate-key",
    30,
    "error",
    ["clean.csv"],
    targets="targets-dup-key.yaml",
    code="yaml",
    message="键“target”重复（首次出现于第7行）",
    where="targets.yaml:8:5",
)
text_file("targets-1e3.yaml", TARGETS.replace("target: 800", "target: 8e2"))
case(
    "yaml-exponent-number",
    31,
    "error",
    ["clean.csv"],
    targets="targets-1e3.yaml",
    code="targets-schema",
    message="应为数值，得到文字“8e2”",
    where="targets.yaml:7:5",
)
text_file(
    "targets-alias.yaml",
    TARGETS.replace("    target: 800\n", "    target: &t 800\n").replace(
        "target: 46", "target: *t"
    ),
)
case(
    "yaml-alias",
    32,
    "error",
    ["clean.csv"],
    targets="targets-alias.yaml",
    code="yaml",
    message="不允许使用 YAML 别名",
    where="targets.yaml:12:13",
)
laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for index in range(1, 10):
    previous, current = chr(ord("a") + index - 1), chr(ord("a") + index)
    laughs.append(f"{current}: &{current} [{','.join([f'*{previous}'] * 9)}]")
text_file("targets-billion-laughs.yaml", "\n".join(laughs) + "\n")
case(
    "yaml-billion-laughs",
    32,
    "error",
    ["clean.csv"],
    targets="targets-billion-laughs.yaml",
    code="yaml",
    message="不允许使用 YAML 别名",
    where="targets.yaml:2:8",
)
text_file("targets-unknown-key.yaml", TARGETS.replace("target: 46", "anual_target: 46"))
case(
    "yaml-unknown-key",
    33,
    "error",
    ["clean.csv"],
    targets="targets-unknown-key.yaml",
    code="targets-schema",
    message="未知字段 anual_target（是否为 target？）",
    where="targets.yaml:12:5",
)
text_file("targets-zero.yaml", TARGETS.replace("target: 46", "target: 0"))
case(
    "target-zero",
    36,
    "error",
    ["clean.csv"],
    targets="targets-zero.yaml",
    code="targets-schema",
    message="target 必须大于 0",
    where="targets.yaml:12:5",
)
text_file("sources-unknown-key.sources.yaml", 'files:\n  - match: "*.csv"\n    hedaer_row: 3\n')
case(
    "sources-unknown-key",
    33,
    "error",
    ["clean.csv"],
    sources="sources-unknown-key.sources.yaml",
    code="sources-schema",
    message="未知字段 hedaer_row",
    where="sources.yaml:3:5",
)
text_file("sources-bad-layout.sources.yaml", 'files:\n  - match: "*.csv"\n    layout: columns\n')
case(
    "sources-bad-layout",
    33,
    "error",
    ["clean.csv"],
    sources="sources-bad-layout.sources.yaml",
    code="sources-schema",
    message="layout 的值“columns”无效",
    where="sources.yaml:3:5",
)
text_file(
    "sources-unmatched.sources.yaml", 'files:\n  - match: "经济指标*.xlsx"\n    layout: wide\n'
)
case(
    "sources-glob-matches-nothing",
    None,
    "warning",
    ["clean.csv"],
    sources="sources-unmatched.sources.yaml",
    code="source-unmatched",
    message="没有匹配任何文件",
    where="sources.yaml:2:5",
)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for name, write in WRITERS.items():
        write(OUT / name)
    used = {f for c in CASES for f in (*c["files"], c.get("sources"), c.get("targets")) if f}
    unused = set(WRITERS) - used - {"targets.yaml"}
    assert not unused, f"files no case uses: {sorted(unused)}"
    header = (
        "# Generated by scripts/make_corpus.py; edit the script, not this file.\n"
        "# expect: same = the figures of clean.csv; ok = the given completion rates;\n"
        "# error/warning = a problem with this code, message fragment and location (suffix).\n"
    )
    body = yaml.safe_dump(CASES, allow_unicode=True, sort_keys=False, width=100)
    (OUT / "expected.yaml").write_text(header + body, encoding="utf-8")
    print(f"wrote {len(WRITERS)} files and {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
