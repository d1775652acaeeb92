"""Quarters and half-years in the fact-check: 一季度, 二季度, 上半年, 下半年, 前三季度, 1-3月,
2021年一季度, Q2, H1, first half … are each assigned to their period and checked against kpi's
figures for it (a single quarter is that quarter's own amount; 上半年 is 1-6月 year to date).

The data, hand-checked: 地区生产总值 (target 400亿元) reported quarter by quarter as each
quarter's own amount, 2020: 80, 100, 110, 120 (year to date 80, 180, 290, 410); 2021: 90,
110, 130, 150 (90, 200, 330, 480). So 一季度 90 (22.50%, +12.5% on 80); 上半年 200 (50.00%,
200 ÷ 180 − 1 = 11.1%); 前三季度 330 (82.50%, 330 ÷ 290 − 1 = 13.8%); 二季度 110 (on 100:
+10.0%); 三季度 130 (on 110: +18.2%); 四季度 150 (on 120: +25.0%); 下半年 130 + 150 = 280
(on 110 + 120 = 230: +21.7%). 工业投资 (target 120亿元) is monthly: 2021's month m is 5 + m,
2020's is 4 + m, so 1-3月 is 6 + 7 + 8 = 21 and 二季度 9 + 10 + 11 = 30.

A generator writes drafts in several wordings with planted errors and an answer key; every
planted error must be found, and no correct figure may be flagged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi import pipeline
from gongshu_kpi.cli import app
from gongshu_kpi.core.bulletin import BulletinCheck, check_bulletin
from gongshu_kpi.core.problems import Severity

runner = CliRunner()
TARGETS = """year: 2021
indicators:
  - id: gdp
    name: 地区生产总值
    unit: 亿元
    target: 400
    kind: flow
    frequency: quarterly
  - id: investment
    name: 工业投资
    unit: 亿元
    target: 120
    kind: flow
"""
QUARTERS = {2020: (80, 100, 110, 120), 2021: (90, 110, 130, 150)}
TARGET = {"地区生产总值": Decimal(400), "工业投资": Decimal(120)}


def own_amounts(name: str, year: int) -> dict[int, Decimal]:
    """Each month's own amount (a quarter's sits on its last month)."""
    if name == "地区生产总值":
        return {3 * (q + 1): Decimal(v) for q, v in enumerate(QUARTERS[year])}
    return {m: Decimal(m + (5 if year == 2021 else 4)) for m in range(1, 13)}


def amount(name: str, year: int, first: int, last: int) -> Decimal:
    return sum((v for m, v in own_amounts(name, year).items() if first <= m <= last), Decimal(0))


def write_project(tmp_path: Path, settings: str = "") -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(
        TARGETS.replace("indicators:", settings + "indicators:"), encoding="utf-8"
    )
    rows = ["指标,月份,数值,口径,计量单位"]
    for year in (2020, 2021):
        for q, value in enumerate(QUARTERS[year], start=1):
            rows.append(f"地区生产总值,{year}Q{q},{value},当月,亿元")
        rows += [
            f"工业投资,{year}-{m:02d},{v},当月,亿元"
            for m, v in own_amounts("工业投资", year).items()
        ]
    (data / "actuals" / "rows.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path / "p"


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def check(project: Path, text: str) -> BulletinCheck:
    loaded = pipeline.load(pipeline.find_data_folder(project))
    return check_bulletin(text, loaded.facts, "draft.md", 2021, 12)


# ---------------------------------------------------------------- hand-checked wordings


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("periods"))


@pytest.mark.parametrize(
    "sentence",
    [
        "一季度地区生产总值完成90亿元，完成率22.50%，同比增长12.5%。",
        "第一季度地区生产总值完成90亿元。",
        "2021年一季度地区生产总值完成90亿元，同比增长12.5%。",
        "1-3月地区生产总值完成90亿元。",
        "Q1地区生产总值完成90亿元。",
        "上半年地区生产总值完成200亿元，完成率50.00%，同比增长11.1%。",
        "2021年上半年地区生产总值完成200亿元。",
        "H1地区生产总值完成200亿元。",
        "前两季度地区生产总值完成200亿元。",
        "前三季度地区生产总值完成330亿元，完成率82.50%，同比增长13.8%。",
        "1-3季度地区生产总值完成330亿元。",
        "二季度地区生产总值完成110亿元，同比增长10.0%。",
        "第二季度地区生产总值完成110亿元。",
        "2021年二季度地区生产总值完成110亿元。",
        "2季度地区生产总值完成110亿元。",
        "Q2地区生产总值完成110亿元，同比增长10.0%。",
        "三季度地区生产总值同比增长18.2%。",
        "四季度地区生产总值完成150亿元，同比增长25.0%。",
        "下半年地区生产总值完成280亿元，同比增长21.7%。",
        "一季度工业投资完成21亿元。",
        "1-3月工业投资完成21亿元，完成率17.50%。",
        "二季度工业投资完成30亿元。",
        "* 地区生产总值: H1 actual 200 亿元; completion 50.00%; +11.1% year on year.",
        "* 地区生产总值: first half actual 200 亿元.",
        "* 地区生产总值: Q2 actual 110 亿元; +10.0% year on year.",
        "* 地区生产总值: the second quarter actual 110 亿元.",
        "* 地区生产总值: Q1-Q3 actual 330 亿元; completion 82.50%.",
        "* 工业投资: Apr-Jun actual 30 亿元.",
    ],
)
def test_each_period_wording_is_checked_against_its_period(project: Path, sentence: str) -> None:
    result = check(project, sentence + "\n")
    assert result.wrong == 0, [str(p) for p in result.problems]
    assert result.figures and all(f.verdict == "ok" for f in result.figures), result.figures


@pytest.mark.parametrize(
    ("sentence", "kind", "right"),
    [
        # 二季度 is the quarter's own amount (110), not the year to date (200).
        ("二季度地区生产总值完成200亿元。", "period_actual", "110亿元"),
        ("Q2地区生产总值同比增长11.1%。", "growth", "10.0%"),  # 1-6月's growth, not Q2's
        ("上半年地区生产总值完成110亿元。", "actual", "200亿元"),  # 上半年 is 1-6月
        ("前三季度地区生产总值完成130亿元。", "actual", "330亿元"),
        ("2021年一季度地区生产总值完成80亿元。", "actual", "90亿元"),  # 2020's figure
        ("下半年地区生产总值完成150亿元。", "period_actual", "280亿元"),
        ("* 地区生产总值: Q2 actual 200 亿元.", "period_actual", "110亿元"),
    ],
)
def test_a_figure_of_another_period_is_wrong(
    project: Path, sentence: str, kind: str, right: str
) -> None:
    result = check(project, sentence + "\n")
    wrong = [f for f in result.figures if f.verdict == "wrong"]
    assert [(f.kind, f.expected) for f in wrong] == [(kind, right)]


def test_a_period_of_another_year_is_not_checked_against_this_year(project: Path) -> None:
    result = check(project, "2020年一季度地区生产总值完成80亿元。\n")
    assert result.wrong == 0
    (note,) = result.problems
    assert note.severity is Severity.INFO
    assert "写的是2020年的数字，kpi 核对的是2021年的数据" in note.message


@pytest.mark.parametrize("period", ["2021-Q1", "2021-H1", "2021年前三季度", "2021-Q4"])
@pytest.mark.parametrize("template", ["bulletin", "bulletin_full", "bulletin_en"])
def test_own_bulletins_with_period_names_round_trip_clean(
    tmp_path: Path, period: str, template: str
) -> None:
    project = write_project(tmp_path, "settings:\n  period_labels: names\n")
    made = runner.invoke(
        app, ["report", "--period", period, "-t", template, "--data", str(project)]
    )
    assert made.exit_code == 0, made.output
    draft = tmp_path / "draft.md"
    draft.write_text(made.stdout, encoding="utf-8")
    checked = runner.invoke(
        app,
        ["check", "--period", period, "--bulletin", str(draft), "--data", str(project)],
    )
    assert checked.exit_code == 0, made.stdout + checked.output
    assert "0 个错误，0 个警告，0 个提示" in checked.output  # nothing left unverified either
    assert "，0 个有误" in checked.output


# ---------------------------------------------------------------- generated drafts


@dataclass(frozen=True)
class Wording:
    """A period as a draft may write it: its words and months (own: that span's amount)."""

    words: str
    first: int
    last: int
    own: bool = False


YTD_WORDINGS = (
    Wording("一季度", 1, 3),
    Wording("第一季度", 1, 3),
    Wording("1-3月", 1, 3),
    Wording("2021年一季度", 1, 3),
    Wording("Q1", 1, 3),
    Wording("上半年", 1, 6),
    Wording("1-6月", 1, 6),
    Wording("2021年上半年", 1, 6),
    Wording("H1", 1, 6),
    Wording("1至6月", 1, 6),
    Wording("前三季度", 1, 9),
    Wording("1-9月", 1, 9),
    Wording("2021年前三季度", 1, 9),
    Wording("全年", 1, 12),
)
OWN_WORDINGS = (
    Wording("二季度", 4, 6, own=True),
    Wording("第二季度", 4, 6, own=True),
    Wording("Q2", 4, 6, own=True),
    Wording("2021年二季度", 4, 6, own=True),
    Wording("三季度", 7, 9, own=True),
    Wording("第3季度", 7, 9, own=True),
    Wording("四季度", 10, 12, own=True),
    Wording("下半年", 7, 12, own=True),
)
EN_YTD = {3: ("Q1", "first quarter"), 6: ("H1", "first half"), 9: ("Q1-Q3",), 12: ("Full year",)}
EN_OWN = {(4, 6): ("Q2", "second quarter"), (7, 9): ("Q3",), (7, 12): ("H2", "second half")}


@dataclass
class Figure:
    kind: str  # the fact-check's figure kind
    value: Decimal
    places: int
    unit: str = ""


@dataclass
class Draft:
    lines: list[str] = field(default_factory=list)
    planted: set[tuple[int, str]] = field(default_factory=set)  # (line, kind)
    stated: list[tuple[int, str]] = field(default_factory=list)  # every figure stated


def figures_of(name: str, wording: Wording) -> list[Figure]:
    now = amount(name, 2021, wording.first, wording.last)
    before = amount(name, 2020, wording.first, wording.last)
    growth = rounded((now / before - 1) * 100, 1)
    kind = "actual" if not wording.own else "period_actual"
    found = [Figure(kind, now, 0, "亿元"), Figure("growth", growth, 1)]
    if not wording.own:
        found.insert(1, Figure("rate", rounded(now / TARGET[name] * 100, 2), 2))
    return found


def shown(figure: Figure, value: Decimal) -> str:
    return f"{value:.{figure.places}f}"


def planted(figure: Figure) -> Decimal:
    """A clearly wrong value: far beyond rounding."""
    return figure.value + {"rate": Decimal("1.50"), "growth": Decimal("0.7")}.get(
        figure.kind, Decimal(7)
    )


def sentence(name: str, wording: Wording, values: list[str], style: int) -> str:
    words = wording.words
    if len(values) == 3:  # actual, rate, growth
        actual, rate, growth = values
        return (
            f"◎ {words}{name}完成{actual}亿元，完成率{rate}%，同比增长{growth}%。",
            f"{words}，{name}累计完成{actual}亿元，完成年度目标的{rate}%，同比增长{growth}%。",
            f"{name}{words}实现{actual}亿元，同比增长{growth}%，完成率{rate}%。",
        )[style % 3]
    actual, growth = values
    return (
        f"◎ {words}{name}完成{actual}亿元，同比增长{growth}%。",
        f"{words}，{name}完成{actual}亿元，同比增长{growth}%。",
        f"{name}{words}实现{actual}亿元，同比增长{growth}%。",
    )[style % 3]


def english(name: str, wording: Wording, values: list[str], rng: random.Random) -> str:
    if wording.own:
        period = rng.choice(EN_OWN[(wording.first, wording.last)])
        actual, growth = values
        return f"* {name}: {period} actual {actual} 亿元; +{growth}% year on year."
    period = rng.choice(EN_YTD[wording.last])
    actual, rate, growth = values
    return f"* {name}: {period} actual {actual} 亿元; completion {rate}%; +{growth}% year on year."


def make_draft(rng: random.Random) -> Draft:
    draft = Draft()
    plant_left = rng.choice((0, 1, 1, 2))
    for _ in range(6):
        name = rng.choice(tuple(TARGET))
        wording = rng.choice(YTD_WORDINGS + OWN_WORDINGS)
        found = figures_of(name, wording)
        values = [shown(f, f.value) for f in found]
        line = len(draft.lines) + 1
        if plant_left and rng.random() < 0.5:
            index = rng.randrange(len(found))
            values[index] = shown(found[index], planted(found[index]))
            draft.planted.add((line, found[index].kind))
            plant_left -= 1
        draft.stated += [(line, f.kind) for f in found]
        span = (wording.first, wording.last)
        has_english = span in EN_OWN if wording.own else wording.last in EN_YTD
        if has_english and rng.random() < 0.2:
            draft.lines.append(english(name, wording, values, rng))
        else:
            draft.lines.append(sentence(name, wording, values, rng.randrange(3)))
    return draft


@dataclass
class Score:
    planted: int = 0
    found: int = 0
    correct: int = 0
    verified: int = 0
    false_alarms: list[str] = field(default_factory=list)


def score(project: Path, drafts: int, seed: int) -> Score:
    rng = random.Random(seed)
    loaded = pipeline.load(pipeline.find_data_folder(project))
    total = Score()
    for _ in range(drafts):
        draft = make_draft(rng)
        result = check_bulletin("\n".join(draft.lines) + "\n", loaded.facts, "d.md", 2021, 12)
        verdicts = {(f.line, f.kind): f.verdict for f in result.figures}
        total.planted += len(draft.planted)
        total.found += sum(verdicts.get(key) in ("wrong", "rounding") for key in draft.planted)
        for key in draft.stated:
            if key not in draft.planted:
                total.correct += 1
                total.verified += verdicts.get(key) == "ok"
        for problem in result.problems:
            line = problem.location.line if problem.location else None
            if problem.severity is Severity.INFO:
                continue
            if not any(line == planted_line for planted_line, _ in draft.planted):
                total.false_alarms.append(f"{problem}  ← {draft.lines[(line or 1) - 1]}")
    return total


def test_generated_drafts_find_every_planted_error_and_no_false_alarm(project: Path) -> None:
    result = score(project, drafts=60, seed=11)
    assert result.planted >= 40  # the generator plants enough to measure
    assert result.found == result.planted
    assert result.false_alarms == []
    assert result.verified == result.correct
