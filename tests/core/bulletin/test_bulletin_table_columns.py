"""core/bulletin/tables: kpi's own Markdown report doubles as a bulletin draft, so the check
verifies every column it prints (--columns, --projection, 序时进度, 差值, 状态).  Property: the
report checks clean (0 errors) on the shipped data and the towns fixture, and a wrong value
planted in any one verifiable cell is reported as an error on its row (recall 100%)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi import pipeline
from gongshu_kpi.cli import app
from gongshu_kpi.core.bulletin import BulletinCheck, check_bulletin
from gongshu_kpi.core.problems import Severity
from tests.paths import REPO

runner = CliRunner()
ALL = "当月,环比,当月同比,累计环比,两年平均,距目标还差,月均需完成,预计全年"
SHIPPED, TOWNS = REPO / "data", REPO / "tests" / "fixtures" / "towns" / "data"
# (data folder, the report's options, the month the draft is checked at)
CASES = [
    (SHIPPED, ("-m", "2020-07"), 7),
    (SHIPPED, ("--period", "2020-Q2"), 6),
    (TOWNS, ("-m", "2020-06"), 6),
    (TOWNS, ("--period", "2020-Q2"), 6),
]
_LAST_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?(?=[^\d]*$)")
_FLIP = {"超序时": "落后序时", "落后序时": "超序时", "高于目标": "低于目标", "低于目标": "高于目标"}


def _report(data: Path, options: tuple[str, ...]) -> str:
    args = ["report", *options, "-f", "markdown", "--columns", ALL, "--projection"]
    result = runner.invoke(app, [*args, "--data", str(data)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _check(data: Path, text: str, month: int) -> BulletinCheck:
    loaded = pipeline.load(pipeline.find_data_folder(data))
    return check_bulletin(text, loaded.facts, "draft.md", 2020, month)


def _errors(result: BulletinCheck) -> list[int | None]:
    return [
        p.location.line if p.location else None
        for p in result.problems
        if p.severity is Severity.ERROR
    ]


def _noted(result: BulletinCheck) -> set[tuple[int | None, str]]:
    """(line, column) of every table cell the check said it could not verify."""
    found = set()
    for p in result.problems:
        if m := re.search(r"的“(.+?)”列未能核对", p.message):
            found.add((p.location.line if p.location else None, m.group(1)))
    return found


def _planted(cell: str) -> str | None:
    """The cell with a wrong figure: 7 units of its last place added, or the status flipped."""
    if cell in _FLIP:
        return _FLIP[cell]
    m = _LAST_NUMBER.search(cell)
    if m is None:
        return None
    places = len(m.group(2) or "")
    value = int((m.group(1) + (m.group(2) or "")).lstrip("0") or "0") + 7
    digits = str(value).rjust(places + 1, "0")
    number = f"{digits[:-places]}.{digits[-places:]}" if places else digits
    return cell[: m.start()] + number + cell[m.end() :]


def _cells(text: str) -> list[tuple[int, int, str, str]]:
    """(line, cell index, header, cell) of every figure cell of the report's table."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| 指标"))
    headers = [h.strip() for h in lines[start].strip("|").split("|")]
    out = []
    for i in range(start + 2, len(lines)):
        if not lines[i].startswith("|"):
            break
        cells = [c.strip() for c in lines[i].strip("|").split("|")]
        for k, (header, cell) in enumerate(zip(headers, cells, strict=True)):
            if header not in ("指标", "期间") and _planted(cell) is not None:
                out.append((i + 1, k, header, cell))
    return out


def _with_cell(text: str, line: int, index: int, cell: str) -> str:
    lines = text.splitlines()
    cells = [c.strip() for c in lines[line - 1].strip("|").split("|")]
    cells[index] = cell
    lines[line - 1] = "| " + " | ".join(cells) + " |"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("data", "options", "month"), CASES)
def test_kpis_own_report_checks_clean(data: Path, options: tuple[str, ...], month: int) -> None:
    text = _report(data, options)
    result = _check(data, text, month)
    assert _errors(result) == [], [p.message for p in result.problems]
    # Every column is checked: far more figures than the four core ones per row.
    rows = len([line for line in text.splitlines() if line.startswith("| ")]) - 2
    assert result.checked > 4 * rows


@pytest.mark.parametrize(("data", "options", "month"), CASES)
def test_every_planted_wrong_cell_is_reported(
    data: Path, options: tuple[str, ...], month: int
) -> None:
    text = _report(data, options)
    clean = _check(data, text, month)
    unverifiable = _noted(clean)
    planted, missed = 0, []
    for line, index, header, cell in _cells(text):
        if (line, header) in unverifiable:
            continue  # said to be unchecked already: a note, not a pass
        wrong = _planted(cell)
        assert wrong is not None
        planted += 1
        if line not in _errors(_check(data, _with_cell(text, line, index, wrong), month)):
            missed.append(f"line {line} {header}: {cell} -> {wrong}")
    assert planted >= 40
    assert missed == [], f"recall {planted - len(missed)}/{planted}"
    # Honest counts: each verified cell is one number checked, no more, no less.
    assert clean.checked == planted


def test_a_column_the_check_does_not_know_is_a_note() -> None:
    text = (
        "| 指标 | 年度目标 | 累计完成 | 完成率 | 责任人电话 |\n"
        "| --- | ---: | ---: | ---: | --- |\n"
        "| 开工项目 | 25个 | 13个 | 52.00% | 88001234 |\n"
    )
    result = _check(SHIPPED, text, 7)
    assert _errors(result) == []
    assert _noted(result) == {(3, "责任人电话")}
    assert result.checked == 3  # target, actual, rate: the phone number is not counted
