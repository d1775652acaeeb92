"""Loaders: strict YAML, targets errors with lines, CSV/Excel rows, encodings, numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gongshu_kpi import pipeline
from gongshu_kpi.loaders.numbers import NumberError, number_from_cell, parse_number
from gongshu_kpi.loaders.targets import load_targets
from gongshu_kpi.loaders.yamlsafe import YamlError, load_yaml

TARGETS_HEAD = "year: 2020\nindicators:\n"
ONE_INDICATOR = """  - id: revenue
    name: 主营业务收入
    unit: 亿元
    target: 800
    kind: flow
"""


def test_yaml_numbers_are_exact_and_positions_known() -> None:
    """Fractional numbers become Decimal from their text; every key has a line and column."""
    data, positions = load_yaml("a: 25.80\nb:\n  - c: 1\n")
    assert data == {"a": Decimal("25.80"), "b": [{"c": 1}]}
    assert str(data["a"]) == "25.80"
    assert positions[("b", 0, "c")] == (3, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "键“a”重复（首次出现于第1行）"),
        ("a: &x [1]\nb: *x\n", "别名"),
        ("a:\n\t- 1\n", "YAML 语法错误"),
        ("a: [1, 2\n", "YAML 语法错误"),
    ],
)
def test_yaml_refuses_surprises(text: str, message: str) -> None:
    """Duplicate keys, aliases and syntax errors are refused with a position."""
    with pytest.raises(YamlError, match=message) as info:
        load_yaml(text)
    assert info.value.position is not None


def test_yaml_11_quirks_stay_words() -> None:
    """`no` stays a word and `010` a string, not false and 8."""
    data, _ = load_yaml("flag: no\ncode: 010\nyes_: true\n")
    assert data == {"flag": "no", "code": "010", "yes_": True}


def test_billion_laughs_is_refused_fast() -> None:
    """An alias bomb fails at the first alias, before any expansion."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    with pytest.raises(YamlError, match="别名"):
        load_yaml("\n".join(lines))


def _targets(tmp_path: Path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "targets.yaml"
    path.write_text(body, encoding="utf-8")
    targets, problems = load_targets(path, "targets.yaml")
    return targets, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            ONE_INDICATOR.replace("    unit: 亿元\n", ""),
            "targets.yaml:3:5: 指标 revenue：缺少字段 unit",
        ),
        (
            ONE_INDICATOR.replace("target: 800", "target: 0"),
            "targets.yaml:6:5: 指标 revenue：target 必须大于 0，得到 0",
        ),
        (
            ONE_INDICATOR.replace("target: 800", "anual_target: 800"),
            "未知字段 anual_target（是否为 target？）",
        ),
        (
            ONE_INDICATOR.replace("target: 800", "target: 1e3"),
            "targets.yaml:6:5: 指标 revenue：target 应为数值，得到文字“1e3”",
        ),
        (ONE_INDICATOR.replace("kind: flow", "kind: both"), "kind 的值“both”无效"),
        (ONE_INDICATOR.replace("亿元", "亿圆"), "无法识别的计量单位“亿圆”"),
        (ONE_INDICATOR + ONE_INDICATOR.replace("主营业务收入", "x"), "指标id“revenue”重复"),
    ],
)
def test_targets_schema_errors_name_the_line(tmp_path: Path, body: str, expected: str) -> None:
    """Every schema problem names targets.yaml, the line and what is wrong."""
    targets, problems = _targets(tmp_path, TARGETS_HEAD + body)
    assert targets is None
    assert any(expected in p for p in problems), problems


def test_shipped_targets_load() -> None:
    """The shipped targets file is valid and keeps the bulletin's order."""
    targets, problems = load_targets(Path("data/targets.yaml"), "targets.yaml")
    assert problems == [] and targets is not None
    assert [i.name for i in targets.indicators][:3] == ["开工项目", "产业投资", "主营业务收入"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("419.72", "419.72", None),
        (" 66,836.9 ", "66836.9", None),
        ("４１９．７２", "419.72", None),
        ("－5", "-5", None),
        ("\u22125", "-5", None),
        ("66836.9万美元", "66836.9", "万美元"),
        ("13个", "13", "个"),
        ("1\u200b3", None, None),
        ("25.80", "25.80", None),
    ],
)
def test_parse_number_accepts_what_people_type(
    text: str, value: str | None, unit: str | None
) -> None:
    """Separators, full-width digits, minus signs and units in the cell are understood."""
    if value is None:
        with pytest.raises(NumberError):
            parse_number(text)
        return
    parsed = parse_number(text)
    assert str(parsed.value) == value and parsed.unit == unit


@pytest.mark.parametrize("text", ["", "—", "-", "/", "无", "1,23", "abc", "١٢", "12.3.4"])
def test_parse_number_refuses_ambiguity(text: str) -> None:
    """Placeholders, bad grouping and foreign digits are errors, never zero or a guess."""
    with pytest.raises(NumberError):
        parse_number(text)


@given(st.integers(min_value=-(10**18), max_value=10**18), st.integers(min_value=0, max_value=4))
@example(1234500, 3)  # 1,234.500 keeps its three places
@example(0, 2)  # 0.00
def test_parse_number_round_trips(digits: int, places: int) -> None:
    """Any Decimal formatted plainly or with thousands separators parses back exactly, with
    the places it was written with (the precision it was entered with)."""
    value = Decimal(digits).scaleb(-places)
    for text in (format(value, "f"), format(value, ",f")):
        assert parse_number(text).value.as_tuple() == value.as_tuple()


def test_number_from_cell_shows_what_excel_shows() -> None:
    """Spreadsheet floats become the shortest decimal; whole numbers lose the .0."""
    assert str(number_from_cell(27.83)) == "27.83"
    assert str(number_from_cell(13.0)) == "13"


def _report_json(root: Path, month: str) -> list[tuple[str, str | None, str | None]]:
    loaded = pipeline.load(pipeline.find_data_folder(root))
    report = pipeline.build_report(loaded, pipeline.ReportAsk(month))
    return [
        (r.indicator.id, None if r.actual is None else str(r.actual), str(r.rate))
        for r in report.results
    ]


def test_csv_and_xlsx_give_identical_reports(project: Path) -> None:
    """The same rows as CSV or as .xlsx give the same figures."""
    from openpyxl import load_workbook

    actuals = project / "data" / "actuals"
    xlsx = actuals / "attraction-2020.xlsx"
    before = _report_json(project, "2020-07")
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    lines = [",".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True)]
    xlsx.unlink()
    (actuals / "attraction-2020.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _report_json(project, "2020-07") == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(project: Path, encoding: str) -> None:
    """UTF-8, UTF-8 with BOM and GBK/GB18030 CSV files read the same."""
    csv = project / "data" / "actuals" / "platforms-2020.csv"
    before = _report_json(project, "2020-07")
    csv.write_bytes(csv.read_text(encoding="utf-8").encode(encoding))
    assert _report_json(project, "2020-07") == before


def test_month_basis_and_ytd_basis_give_the_same_report(project: Path) -> None:
    """A file of monthly amounts (当月) and one of 1-N月累计 give the same figures."""
    actuals = project / "data" / "actuals"
    (actuals / "platforms-2020.csv").write_text(
        "指标,月份,数值,口径\n"
        + "".join(
            f"产业投资,2020-0{m},{v},累计\n" for m, v in [(1, "3.10"), (2, "7.25"), (3, "27.83")]
        ),
        encoding="utf-8",
    )
    cumulative = _report_json(project, "2020-03")
    (actuals / "platforms-2020.csv").write_text(
        "指标,月份,数值,口径\n"
        + "".join(
            f"产业投资,2020-0{m},{v},当月\n" for m, v in [(1, "3.10"), (2, "4.15"), (3, "20.58")]
        ),
        encoding="utf-8",
    )
    assert _report_json(project, "2020-03") == cumulative


def test_fast_yaml_path_is_used_and_agrees() -> None:
    """libyaml parses targets files when present, with the same values and positions."""
    from gongshu_kpi.loaders import yamlsafe

    assert yamlsafe._FAST_LOADER is not None
    text = Path("data/targets.yaml").read_text(encoding="utf-8")
    fast = yamlsafe._load_with(yamlsafe._FAST_LOADER, text)
    assert fast == yamlsafe._load_with(yamlsafe._Loader, text)


def test_tab_indentation_gets_the_fix() -> None:
    """A tab-indented file is reported with the pure-Python parser's wording and a fix."""
    with pytest.raises(YamlError) as info:
        load_yaml("year: 2020\nindicators:\n\t- id: x\n")
    assert info.value.fix == "用空格缩进，不要用 Tab"
    assert info.value.position == (3, 1)


def test_excel_float_noise_is_cut_to_what_excel_shows() -> None:
    """A formula result like 713.9999999999999 reads as 714, as Excel displays it."""
    assert str(number_from_cell(713.9999999999999)) == "714"
    assert str(number_from_cell(0.1 + 0.2)) == "0.3"
    assert str(number_from_cell(66836.9)) == "66836.9"


def test_two_decimal_points_are_named() -> None:
    """27.83.1 is a number with one decimal point too many, and the message says so."""
    with pytest.raises(NumberError, match="多个小数点"):
        parse_number("27.83.1")


@pytest.mark.parametrize(("text", "month"), [("2020/6/1", 6), ("2020-06-01", 6), ("2020.7.01", 7)])
def test_first_of_month_dates_read_as_months(text: str, month: int) -> None:
    """A date-formatted month column saved to CSV (the 1st) is that month."""
    from gongshu_kpi.core.periods import Month

    assert Month.parse(text) == Month(2020, month)


def test_other_dates_are_not_months() -> None:
    """2020-01-02 is a date, not a month (nor 1-2月): refused with a reason."""
    from gongshu_kpi.core.periods import Month

    with pytest.raises(ValueError, match="是一个日期"):
        Month.parse("2020-01-02")


def test_a_window_read_on_a_ytd_row_stays_a_window_on_a_month_row(project: Path) -> None:
    """'2020年1-2月' is month 2 on a 累计 row but a combined release on a 当月 row: the
    cache must not turn the second into a plain month (the review's 33家 case)."""
    (project / "data" / "actuals" / "extra.csv").write_text(
        "指标,月份,数值,口径,填报单位\n"
        "新招引企业,2020-03,5,当月,乙\n"
        "新招引企业,2020年1-2月,10,累计,甲\n"
        "新招引企业,2020-01,8,当月,乙\n"
        "新招引企业,2020年1-2月,20,当月,乙\n",
        encoding="utf-8",
    )
    loaded = pipeline.load(pipeline.find_data_folder(project))
    assert any(p.code == "duplicate-month" and "乙" in p.message for p in loaded.problems)
