"""The columnar path (loaders/columnar.py) and the careful path accept exactly the same
folders and give the same figures, provenance and problems.

Each case loads one folder twice: once with the engine threshold at 0 bytes (every eligible
folder tries the columnar path) and once with it out of reach (careful path only).
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongshu_kpi import pipeline
from gongshu_kpi.core.problems import DataError, has_errors
from gongshu_kpi.loaders import columnar
from gongshu_kpi.loaders.actuals import actual_files
from gongshu_kpi.loaders.rows import RowContext
from gongshu_kpi.loaders.targets import load_targets
from tests.inputs.test_corpus import CASES, build_folder

TARGETS = """year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 100
    kind: flow
  - id: firms
    name: 企业数
    unit: 家
    target: 50
    kind: stock
  - id: profit
    name: 利润
    unit: 万元
    target: 10
    kind: flow
    allow_negative: true
  - id: balance
    name: 贷款余额
    unit: 亿元
    target: 80
    kind: flow
"""
ORGS = ("甲镇", "乙街道", "丙园区")
UNIT = {"revenue": "亿元", "firms": "家", "profit": "万元", "balance": "亿元"}
NAME = {"revenue": "营业收入", "firms": "企业数", "profit": "利润", "balance": "贷款余额"}
# Cells a damaged row may get instead of its own: each is something the careful path
# either refuses with a message or reads in its own way (which the engine must match).
DIRTY: dict[str, list[str]] = {
    "indicator": ["营业收入x", "", " 营业收入 ", "revenue"],
    "month": ["2020-13", "2018-06", "2020年1-2月", "June", "2020-6", ""],
    "basis": ["半年", "累计", "ytd", ""],
    "org": ["", "合计", "丁村", " 甲镇"],
    "unit": ["万元", "美元", "亿元", "", "个"],
    "value": ["1,234.5", "12个", "abc", "", "-0.00", "-3", " 5", "1e3", "٣", "0.10", "007"],
}


def _with(monkeypatch: pytest.MonkeyPatch, columnar_first: bool) -> None:
    monkeypatch.setattr(pipeline, "FAST_MIN_BYTES", 0 if columnar_first else 1 << 62)


def outcome(folder: pipeline.DataFolder) -> Any:
    """Everything a command could show: problems, every org's figures and their sources,
    the raw series, the org order and a by-org report."""
    try:
        loaded = pipeline.load(folder)
    except DataError as exc:
        return ("refused", [str(p) for p in exc.problems])
    facts = loaded.facts
    figures = []
    for (indicator, year), rolled in facts.values.items():
        for org in rolled:
            values = rolled[org]
            for month, value in values.items():
                where = [str(s) for s in facts.sources(indicator, year, (org,), month)]
                figures.append((indicator, year, org, month, str(value), where))
    raw = [
        (
            key,
            org,
            s.basis,
            [(m, str(v)) for m, v in s.values.items()],
            s.covers,
            [(m, str(s.sources[m])) for m in s.sources],
        )
        for key, by_org in facts.raw.items()
        for org, s in by_org.items()
    ]
    report: Any = None
    if not has_errors(loaded.problems):
        try:
            built = pipeline.build_report(loaded, pipeline.ReportAsk(by_org=True))
        except DataError as exc:
            report = [str(p) for p in exc.problems]
        else:
            report = [
                (r.indicator.id, r.org, r.as_of, str(r.actual), str(r.rate), str(r.projection))
                for r in built.results
            ]
    return (
        [str(p) for p in loaded.problems],
        figures,
        raw,
        list(facts.orgs.post_order()),
        loaded.latest_month(),
        report,
    )


def both_ways(folder: pipeline.DataFolder, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    _with(monkeypatch, columnar_first=True)
    fast = outcome(folder)
    _with(monkeypatch, columnar_first=False)
    careful = outcome(folder)
    return fast, careful


def write_folder(root: Path, tables: list[str], targets: str = TARGETS) -> pipeline.DataFolder:
    shutil.rmtree(root, ignore_errors=True)
    actuals = root / "data" / "actuals"
    actuals.mkdir(parents=True)
    (root / "data" / "targets.yaml").write_text(targets, encoding="utf-8")
    for number, text in enumerate(tables):
        (actuals / f"part{number}.csv").write_bytes(text.encode("utf-8"))
    return pipeline.DataFolder(root / "data", root / "templates")


def table_text(header: list[str], rows: list[list[str]], crlf: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _damage(draw: st.DrawFn, rng: random.Random, rows: list[list[str]], fields: list[str]) -> bool:
    """Damage up to three of the rows in place (a dirty cell, a row dropped, repeated or with
    its basis swapped); returns whether any was."""
    damaged = False
    for _ in range(draw(st.integers(0, 3))):
        if not rows:
            break
        kind = draw(st.sampled_from(["cell", "drop", "repeat", "swap"]))
        at = rng.randrange(len(rows))
        if kind == "cell":
            field = draw(st.sampled_from(fields))
            rows[at][fields.index(field)] = draw(st.sampled_from(DIRTY[field]))
        elif kind == "drop":
            del rows[at]
        elif kind == "repeat":
            rows.insert(rng.randrange(len(rows) + 1), list(rows[at]))
        else:
            rows[at][2] = "当月" if rows[at][2] == "累计" else "累计"
        damaged = True
    return damaged


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], bool]:
    """One or two CSV files of clean rows (a grid of indicators, orgs and months), some
    damaged; returns the files' text and whether any row was damaged."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    indicators = draw(st.lists(st.sampled_from(list(UNIT)), min_size=1, max_size=4, unique=True))
    orgs = draw(st.lists(st.sampled_from(ORGS), min_size=0, max_size=3, unique=True))
    with_unit = draw(st.booleans())
    by_name = draw(st.booleans())
    ytd = draw(st.booleans())
    rows: list[list[str]] = []
    for indicator in indicators:
        last = rng.randint(1, 12)
        first = 1 if not ytd and indicator != "firms" else rng.randint(1, last)
        for org in orgs or [""]:
            for month in range(first, last + 1):
                places = rng.choice([0, 0, 1, 2, 3])
                number = rng.randint(0, 10**6)
                if indicator == "profit" and rng.random() < 0.3:
                    number = -number - 1
                text = str(number) if not places else f"{number / 10**places:.{places}f}"
                if ytd and indicator in ("revenue", "balance"):
                    text = str(month * 1000 + rng.randint(0, 999))  # growing totals
                unit = UNIT[indicator]
                if with_unit and UNIT[indicator] == "亿元" and rng.random() < 0.5:
                    unit = "万元"  # the amount as written in 万元: the engine shifts it
                    text = text if "." not in text else text.rstrip("0").rstrip(".") or "0"
                row = [
                    NAME[indicator] if by_name else indicator,
                    f"2020-{month:02d}",
                    "累计" if ytd else "当月",
                    org,
                    unit,
                    text,
                ]
                rows.append(row)
    fields = ["indicator", "month", "basis", "org", "unit", "value"]
    damaged = _damage(draw, rng, rows, fields)
    if draw(st.booleans()):
        rng.shuffle(rows)
    header = ["指标", "月份", "口径", "填报单位", "计量单位", "数值"]
    keep = [i for i, f in enumerate(fields) if (f != "unit" or with_unit) and (f != "org" or orgs)]
    cut = [[row[i] for i in keep] for row in rows]
    names = [header[i] for i in keep]
    crlf = draw(st.booleans())
    if draw(st.booleans()) and len(cut) > 1:
        half = len(cut) // 2
        return [table_text(names, cut[:half], crlf), table_text(names, cut[half:], crlf)], damaged
    return [table_text(names, cut, crlf)], damaged


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=tables())
def test_columnar_and_careful_paths_agree(
    case: tuple[list[str], bool], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Mixed clean and damaged tables: same figures, sources and problems both ways."""
    folder = write_folder(tmp_path_factory.mktemp("eq"), case[0])
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful


def _taken(folder: pipeline.DataFolder) -> columnar.FastActuals | None:
    targets, _ = load_targets(folder.targets, "targets.yaml")
    assert targets is not None
    paths = actual_files(folder.actuals)
    return columnar.read_fast(
        paths, [str(p) for p in paths], [None] * len(paths), RowContext(targets), min_bytes=0
    )


@pytest.mark.parametrize(
    ("rows", "taken"),
    [
        ([["revenue", "2020-01", "当月", "1.50"], ["revenue", "2020-02", "当月", "2"]], True),
        ([["营业收入", "2020年1-2月", "累计", "3.5"]], True),  # a YTD window: month 2
        ([["revenue", "2020-02", "当月", "2"]], False),  # no January: a missing month
        ([["revenue", "2020-01", "当月", "1"], ["revenue", "2020-01", "当月", "1"]], False),
        ([["revenue", "2020-01", "当月", "1,5"]], False),  # quoted by csv: careful path
        ([["revenue", "2020-01", "当月", "-1"]], False),  # negative, not allowed
        ([["profit", "2020-01", "当月", "-1"]], True),  # negative, allowed
        ([["profit", "2020-01", "当月", "-0"]], False),  # a negative zero keeps its sign
        ([["revenue", "2020-01", "当月", "1e3"]], False),
        # What the plain-number rule refuses, though an integer parser might not.
        ([["revenue", "2020-01", "当月", "+5"]], False),
        ([["revenue", "2020-01", "当月", "5."]], False),
        ([["revenue", "2020-01", "当月", ".5"]], False),
        ([["revenue", "2020-01", "当月", "-.5"]], False),
        ([["revenue", "2020-01", "当月", "1_000"]], False),
        ([["revenue", "2020-01", "当月", "1.2.3"]], False),
        ([["revenue", "2020-01", "当月", "１２"]], False),  # full-width digits
    ],
)
def test_which_tables_the_engine_vouches_for(
    rows: list[list[str]], taken: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clean tables take the columnar path (so the agreement above is not two careful
    runs); anything with a problem is left to the careful path."""
    folder = write_folder(tmp_path, [table_text(["指标", "月份", "口径", "数值"], rows)])
    assert (_taken(folder) is not None) is taken
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful


def test_unit_conversion_keeps_decimal_digits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """万元 into 亿元 by shifting the scale, digits as Decimal division gives them."""
    rows = [
        ["revenue", "2020-01", "当月", "万元", "12.30"],
        ["revenue", "2020-02", "当月", "万元", "1200"],
        ["revenue", "2020-03", "当月", "亿元", "0.5"],
        ["revenue", "2020-04", "当月", "万元", "0.00"],
        ["profit", "2020-01", "当月", "亿元", "-1.25"],
        ["profit", "2020-02", "当月", "亿元", "11.1564200"],
    ]
    header = ["指标", "月份", "口径", "计量单位", "数值"]
    folder = write_folder(tmp_path, [table_text(header, rows)])
    store = _taken(folder)
    assert store is not None
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful
    figures = {(f[0], f[3]): f[4] for f in fast[1] if f[2] == ""}
    assert figures["revenue", 1] == "0.00123"  # 12.30 / 10000: one trailing zero dropped
    assert figures["revenue", 4] == "0.62123"
    # 亿元 into 万元 moves the point (units.shift_places): the data's precision, no more.
    assert figures["profit", 1] == "-12500"
    assert figures["profit", 2] == "99064.200"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_corpus_case_both_ways(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every hazard corpus case gives the same outcome through both paths."""
    folder = build_folder(tmp_path, case)
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful


def test_clean_corpus_file_takes_the_columnar_path(tmp_path: Path) -> None:
    folder = build_folder(tmp_path, {"files": ["clean.csv"]})
    assert _taken(folder) is not None


ORGS_YAML = """root: 全区
orgs:
  - name: 甲镇
    groups: [镇街]
  - name: 片区
    children:
      - name: 乙街道
      - name: 丙园区
"""


@pytest.mark.parametrize("with_whole_row", [False, True])
def test_declared_org_tree_both_ways(
    with_whole_row: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With orgs.yaml the engine reads and checks, then every series is built for the
    tree's roll-up (parents summed from children, a parent's own figure compared)."""
    rows = [
        [ind, f"2020-{m:02d}", "当月", org, str(m * 10 + n)]
        for n, org in enumerate(ORGS)
        for ind in ("revenue", "profit")
        for m in (1, 2, 3)
    ]
    if with_whole_row:
        rows.append(["revenue", "2020-01", "当月", "全区", "999"])  # differs from the sum
    header = ["指标", "月份", "口径", "填报单位", "数值"]
    folder = write_folder(tmp_path, [table_text(header, rows)])
    (folder.data / "orgs.yaml").write_text(ORGS_YAML, encoding="utf-8")
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful
    assert (_taken_with_orgs(folder) is not None) is not with_whole_row


def _taken_with_orgs(folder: pipeline.DataFolder) -> columnar.FastActuals | None:
    from gongshu_kpi.loaders.orgs import load_orgs

    targets, _ = load_targets(folder.targets, "targets.yaml")
    orgs, _ = load_orgs(folder.orgs, "orgs.yaml")
    assert targets is not None
    paths = actual_files(folder.actuals)
    ctx = RowContext(targets, orgs)
    return columnar.read_fast(paths, [str(p) for p in paths], [None] * len(paths), ctx, 0)
