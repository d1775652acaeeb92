"""The monthly collection loop: `kpi form`, filled forms read back, `kpi status` (催报)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongshu_kpi.core.form_layout import FORM_SHEET, META_SHEET
from tests.cli.collect_helpers import TOWNS, csv_values, edit, fill_form, kpi, make_forms, report


@pytest.fixture(scope="module")
def returned_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The towns folder with its 2020-06 and 2020-07 rows replaced by filled forms (made once
    per module; tests get a copy)."""
    root = tmp_path_factory.mktemp("returned")
    towns = root / "data"
    shutil.copytree(TOWNS, towns)
    values = csv_values(towns / "actuals" / "orgs-2020.csv")
    forms = [f for m in ("2020-06", "2020-07") for f in make_forms(towns, m, root / m)]
    source = towns / "actuals" / "orgs-2020.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if ",2020-06," not in line and ",2020-07," not in line]
    assert len(kept) < len(lines) - 20
    source.write_text("\n".join(kept) + "\n", encoding="utf-8")
    filled = [fill_form(f, values, towns / "actuals" / f.name) for f in forms]
    assert filled == [3] * 6 + [1] * 6  # 2020-07 has only 新招引企业
    return towns


@pytest.fixture
def returned(returned_once: Path, tmp_path: Path) -> Path:
    shutil.copytree(returned_once, tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize(
    "args",
    [
        ("--month", "2020-06", "--format", "json"),
        ("--month", "2020-07", "--format", "json"),
        ("--month", "2020-06", "--template", "bulletin_full"),
        ("--month", "2020-07", "--by", "org", "--format", "markdown", "-i", "新招引企业"),
    ],
)
def test_filled_forms_give_the_same_report_as_the_csv(
    tmp_path: Path, returned: Path, args: tuple[str, ...]
) -> None:
    """Forms generated, filled from the CSV's values and dropped into actuals/ (without the
    rows they replace) give exactly the original report."""
    assert report(returned, *args) == report(TOWNS, *args)
    assert (
        "2020年6月"
        in load_workbook(next(returned.glob("actuals/填报表-2020-06-*.xlsx")))[FORM_SHEET][
            "E2"
        ].value
    )


def test_filled_forms_pass_kpi_check(returned: Path) -> None:
    result = kpi("check", "--data", str(returned))
    assert result.exit_code == 0, result.output


def _one_form(returned: Path, org: str = "智慧网谷小镇", month: str = "2020-06") -> Path:
    return returned / "actuals" / f"填报表-{month}-{org}.xlsx"


def _edit(path: Path, sheet: str, cell: str, value: str | int | None) -> None:
    workbook = load_workbook(path)
    workbook[sheet][cell] = value
    workbook.save(path)


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "said"),
    [
        (
            FORM_SHEET,
            "B6",
            "主营收入",
            "填报表!B6: 错误：第6行指标应为“主营业务收入”，表中为“主营收入”",
        ),
        (FORM_SHEET, "C7", "万元", "填报表!C7: 错误：第7行计量单位应为“亿元”，表中为“万元”"),
        (
            FORM_SHEET,
            "B2",
            "星直播小镇",
            "填报表!B2: 错误：填报单位写作“星直播小镇”，但本表是为“智慧网谷小镇”生成的",
        ),
        (
            FORM_SHEET,
            "E2",
            "2020年7月",
            "填报表!E2: 错误：填报期间写作“2020年7月”，但本表是 2020年6月 的",
        ),
        (FORM_SHEET, "G9", 5, "填报表!G9: 错误：本表只有 3 项指标，第9行多出的数值不会被读取"),
        (
            META_SHEET,
            "B4",
            "星直播小镇",
            "kpi_form!B11: 错误：填报表元数据（隐藏工作表 kpi_form）被改动",
        ),
        (
            META_SHEET,
            "C14",
            "新招引企业",
            "kpi_form!A14: 错误：填报表元数据第14行（新招引企业）被改动",
        ),
    ],
)
def test_an_altered_form_is_refused_naming_the_cell(
    returned: Path, sheet: str, cell: str, value: str | int, said: str
) -> None:
    path = _one_form(returned)
    _edit(path, sheet, cell, value)
    result = kpi("report", "--data", str(returned), "--month", "2020-06")
    assert result.exit_code == 1
    assert f"{path.name}:{said}" in result.stderr.replace(str(returned) + "/actuals/", "")
    assert "Traceback" not in result.output


def test_a_form_of_another_month_is_refused(returned: Path, tmp_path: Path) -> None:
    """Last month's form copied and renamed for this month: the file name and the metadata
    disagree, so it is refused rather than read as the wrong month."""
    old = _one_form(returned)
    new = returned / "actuals" / "填报表-2020-08-智慧网谷小镇.xlsx"
    shutil.copy(old, new)
    result = kpi("report", "--data", str(returned), "--month", "2020-06")
    assert result.exit_code == 1
    assert (
        "填报表-2020-08-智慧网谷小镇.xlsx: 错误：文件名写的是 2020-08 智慧网谷小镇" in result.stderr
    )
    assert "form-other-month" not in result.stderr  # codes are not shown, the message is


def test_an_empty_input_cell_is_not_reported_never_zero(returned: Path) -> None:
    path = _one_form(returned)
    _edit(path, FORM_SHEET, "G6", None)  # 主营业务收入 left empty
    data = json.loads(report(returned, "--month", "2020-06", "--org", "智慧网谷小镇", "-f", "json"))
    revenue = next(r for r in data["indicators"] if r["name"] == "主营业务收入")
    assert revenue["actual"] is None
    states = kpi("status", "--data", str(returned), "--month", "2020-06", "-f", "json")
    org = next(o for o in json.loads(states.stdout)["orgs"] if o["org"] == "智慧网谷小镇")
    assert [i["state"] for i in org["indicators"]] == ["missing", "reported", "reported"]


def test_a_form_saved_by_libreoffice_reads_back_the_same(returned: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: CI installs libreoffice-calc")
    expected = report(returned, "--month", "2020-06", "--format", "json")
    out = tmp_path / "lo"
    forms = sorted(returned.glob("actuals/填报表-*.xlsx"))
    converted = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, forms),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    for form in forms:
        form.unlink()
    for saved in out.glob("*.xlsx"):
        shutil.copy(saved, returned / "actuals" / saved.name)
    assert len(list(returned.glob("actuals/填报表-*.xlsx"))) == 12
    assert report(returned, "--month", "2020-06", "--format", "json") == expected


def test_the_form_itself(towns: Path, tmp_path: Path) -> None:
    """What a platform receives: its indicators, units, basis, reference figures, one
    unlocked validated input column, a protected sheet, a hidden metadata sheet, print set-up."""
    edit(towns / "targets.yaml", "year: 2020\n", "year: 2020\nsettings:\n  due_day: 5\n")
    forms = make_forms(towns, "2020-07", tmp_path / "out")
    assert [f.name for f in forms][:2] == [
        "填报表-2020-07-康桥健康产业园.xlsx",
        "填报表-2020-07-星直播小镇.xlsx",
    ]
    workbook = load_workbook(tmp_path / "out" / "填报表-2020-07-智慧网谷小镇.xlsx")
    sheet = workbook[FORM_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=8, max_col=7)]
    assert rows == [
        [1, "主营业务收入", "亿元", "1-7月累计", 98.2, None, None],
        [2, "常规税收贡献", "亿元", "1-7月累计", 8.02, None, None],
        [3, "新招引企业", "家", "本月", 45, None, None],
    ]
    assert sheet["E6"].number_format == "0.00"
    assert sheet["G2"].value == "2020年8月5日前"
    assert "留空表示未报送，不要填 0" in sheet["A3"].value
    assert sheet.protection.sheet and not sheet.protection.password
    assert not sheet["G6"].protection.locked and sheet["F6"].protection.locked
    (validation,) = [v for v in sheet.data_validations.dataValidation if v.sqref]
    assert (validation.type, validation.operator, validation.formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )
    assert str(validation.sqref) == "G6 G7 G8"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$5:$5"
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert [meta.cell(r, 2).value for r in range(2, 7)] == [
        "kpi-form",
        "1",
        "智慧网谷小镇",
        "智慧网谷小镇",
        "2020-07",
    ]


def test_without_orgs_one_form_for_the_whole(project: Path, tmp_path: Path) -> None:
    forms = make_forms(project / "data", "2020-08", tmp_path / "out")
    assert [f.name for f in forms] == ["填报表-2020-08-合计.xlsx"]
    sheet = load_workbook(forms[0])[FORM_SHEET]
    assert [sheet.cell(r, 2).value for r in range(6, 15)][:3] == [
        "开工项目",
        "产业投资",
        "主营业务收入",
    ]


def test_negative_allowed_indicator_gets_a_signed_validation(towns: Path, tmp_path: Path) -> None:
    targets = towns / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace(
            "    target: 50\n    kind: flow\n",
            "    target: 50\n    kind: flow\n    allow_negative: true\n",
        ),
        encoding="utf-8",
    )
    (form, *_) = make_forms(towns, "2020-07", tmp_path / "out")
    sheet = load_workbook(form)[FORM_SHEET]
    by_range = {str(v.sqref): v.operator for v in sheet.data_validations.dataValidation}
    assert by_range == {"G6 G8": "greaterThanOrEqual", "G7": "between"}


def test_form_refuses_to_write_into_the_data_folder(towns: Path) -> None:
    result = kpi(
        "form", "--month", "2020-07", "--out", str(towns / "actuals"), "--data", str(towns)
    )
    assert result.exit_code == 2
    assert "空白填报表会被当作实际数读取" in result.stderr


def test_form_never_overwrites_without_force(towns: Path, tmp_path: Path) -> None:
    make_forms(towns, "2020-07", tmp_path / "out")
    again = kpi("form", "--month", "2020-07", "--out", str(tmp_path / "out"), "--data", str(towns))
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = kpi(
        "form",
        "--month",
        "2020-07",
        "--out",
        str(tmp_path / "out"),
        "--data",
        str(towns),
        "--force",
    )
    assert forced.exit_code == 0


def test_a_form_for_the_whole_reads_back(project: Path, tmp_path: Path) -> None:
    """Without orgs the whole fills the form; its rows have no org and count as the whole's."""
    (form,) = make_forms(project / "data", "2020-07", tmp_path / "out")
    workbook = load_workbook(form)
    sheet = workbook[FORM_SHEET]
    assert (sheet["B7"].value, sheet["D7"].value, sheet["E7"].value) == (
        "产业投资",
        "1-7月累计",
        27.83,
    )
    sheet["G7"] = 31.5
    workbook.save(project / "data" / "actuals" / form.name)
    shown = report(project / "data", "--month", "2020-07", "-i", "产业投资", "-f", "markdown")
    assert "| 产业投资 | 46亿元 | 1-7月 | 31.5亿元 | 68.48% |" in shown


def test_last_years_same_month_is_prefilled(project: Path, tmp_path: Path) -> None:
    """platforms-2019.csv holds 2019-06 revenue, 377.78亿元: the 2020-06 form shows it."""
    (form,) = make_forms(project / "data", "2020-06", tmp_path / "out")
    sheet = load_workbook(form)[FORM_SHEET]
    assert (sheet["B8"].value, sheet["F8"].value, sheet["F8"].number_format) == (
        "主营业务收入",
        377.78,
        "0.00",
    )
    assert sheet["F5"].value == "上年同期（2019年6月）"
