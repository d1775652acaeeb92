"""Fact-check benchmark: generated draft bulletins with planted errors and an answer key.

    python benchmarks/factcheck_bench.py --drafts 300 [--seed 1] [--out results-factcheck.md]

Each data set is a generated data folder (indicators, units, targets, this and last year's
monthly actuals, orgs).  Each draft states its indicators' figures in one of several office
styles (scorecard lines, a heading with bare sentences, lead-in sentences, colon lists,
tables, several indicators in one paragraph; 1-N月 / 上半年 / 前三季度 / 截至N月底 / 1至N月;
amounts in another magnitude; rates with 0-2 decimals), and about half the drafts carry one
planted error (a target, actual, rate, growth, share of time, pace or pace word).  The
fact-check's problems and per-figure verdicts are scored against the key:

- recall: planted errors reported as an error on their line, for their figure;
- false alarms: errors or warnings about anything else;
- verified: correct figures the check confirmed (verdict ok), of all correct figures stated;
- exit code: the draft fails exactly when it carries a planted error.

The arithmetic of the key is written here from the definitions (Decimal, half-up), not taken
from kpi's own functions.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import BulletinCheck, check_bulletin
from gongshu_kpi.core.problems import Severity

HUNDRED = Decimal(100)
INDICATORS = (
    ("产业投资", "亿元"),
    ("主营业务收入", "亿元"),
    ("常规税收贡献", "亿元"),
    ("固定资产投资", "亿元"),
    ("实际利用外资", "万美元"),
    ("新招引企业", "家"),
    ("开工项目", "个"),
    ("规上工业总产值", "万元"),
)
ORGS = ("杭钢新城", "运河财富小镇", "智慧网谷小镇", "北部软件园")


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Dataset:
    folder: Path
    month: int
    indicators: list[dict[str, object]]
    actual: dict[tuple[str, int, str], Decimal]  # (name, year, org) -> YTD at `month`


@dataclass
class Figure:
    """One stated figure: its line, kind, and whether it carries a planted error."""

    line: int
    kind: str
    planted: bool = False


@dataclass
class Draft:
    text: str
    figures: list[Figure] = field(default_factory=list)

    @property
    def planted(self) -> list[Figure]:
        return [f for f in self.figures if f.planted]


def make_dataset(rng: random.Random, root: Path) -> Dataset:
    """A data folder with 3-5 indicators, 0-2 orgs, months 1..N of this year and last."""
    chosen = rng.sample(INDICATORS, rng.randint(3, 5))
    orgs = rng.sample(ORGS, rng.randint(0, 2))
    month = rng.randint(2, 11)
    indicators: list[dict[str, object]] = []
    rows = ["指标,月份,数值,口径,填报单位"]
    actual: dict[tuple[str, int, str], Decimal] = {}
    for name, unit in chosen:
        count = unit in ("家", "个")
        ind: dict[str, object] = {"id": f"i{len(indicators)}", "name": name, "unit": unit}
        indicators.append(ind)
        for year in (2019, 2020):
            for org in orgs or [""]:
                total = Decimal(0)
                for m in range(1, month + 1):
                    step = rng.randint(1, 40) if count else rng.randint(100, 9000)
                    total += Decimal(step) if count else Decimal(step).scaleb(-2)
                    rows.append(f"{name},{year}-{m:02d},{total},累计,{org}")
                actual[(name, year, org)] = total
        for year in (2019, 2020):  # the whole = the sum of its orgs
            if orgs:
                actual[(name, year, "")] = sum((actual[(name, year, o)] for o in orgs), Decimal(0))
        # A target an office would set: the year's pace give or take a third, whole units.
        pace = actual[(name, 2020, "")] * 12 / month * Decimal(rng.uniform(0.75, 1.35))
        ind["target"] = max(1, int(pace))
        ind["kind"] = "flow"
    folder = root / "data"
    (folder / "actuals").mkdir(parents=True)
    lines = ["year: 2020", "indicators:"]
    for ind in indicators:
        lines += [f"  - {k}: {v}" if k == "id" else f"    {k}: {v}" for k, v in ind.items()]
    (folder / "targets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "actuals" / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if orgs:
        orgs_yaml = "root: 全区\norgs:\n" + "".join(f"  - name: {o}\n" for o in orgs)
        (folder / "orgs.yaml").write_text(orgs_yaml, encoding="utf-8")
    return Dataset(folder, month, indicators, actual)


# --------------------------------------------------------------------------- wording


def period_words(rng: random.Random, month: int) -> str:
    options = [f"1-{month}月", f"1至{month}月", f"截至{month}月底"]
    if month == 6:
        options.append("上半年")
    if month == 9:
        options.append("前三季度")
    return rng.choice(options)


def amount_text(rng: random.Random, value: Decimal, unit: str) -> tuple[str, str]:
    """An amount as an office prints it, sometimes in another magnitude (亿元 as 万元)."""
    if unit == "亿元" and rng.random() < 0.25:
        return f"{value * 10000:f}".rstrip("0").rstrip(".") or "0", "万元"
    if unit == "万元" and rng.random() < 0.25:
        return f"{rounded(value / 10000, 4)}", "亿元"  # 4 places: an exact conversion of cents
    return f"{value}", unit


@dataclass
class Statement:
    """The correct figures of one indicator (for the whole or one org) and how to word them."""

    name: str
    org: str
    unit: str
    target: Decimal | None
    actual: Decimal
    rate: Decimal | None  # exact
    growth: Decimal | None  # exact
    progress: Decimal  # exact time progress


def statements(data: Dataset, rng: random.Random) -> list[Statement]:
    found = []
    orgs = sorted({o for (_, _, o) in data.actual if o})
    for ind in data.indicators:
        name, unit = str(ind["name"]), str(ind["unit"])
        org = rng.choice(["", *orgs]) if orgs and rng.random() < 0.3 else ""
        now, before = data.actual[(name, 2020, org)], data.actual[(name, 2019, org)]
        target = Decimal(str(ind["target"])) if not org else None
        rate = None if target is None else now / target * HUNDRED
        found.append(
            Statement(
                name, org, unit, target, now, rate,
                (now - before) / before * HUNDRED, Decimal(data.month) / 12 * HUNDRED,
            )
        )  # fmt: skip
    return found


PLANTABLE = ("target", "actual", "rate", "growth", "pace", "pace_status")


def word(st: Statement, rng: random.Random, data: Dataset, wrong: str) -> tuple[str, list[str]]:
    """One indicator's clause(s) and the kinds of figure it states; `wrong` is planted."""
    kinds: list[str] = []
    parts: list[str] = []
    rate_places = rng.choice([2, 2, 1, 0])
    if st.target is not None:
        target = st.target + (rng.choice([1, 2, 5]) if wrong == "target" else 0)
        parts.append(f"年度目标任务{target}{st.unit}")
        kinds.append("target")
    actual_value = st.actual
    if wrong == "actual":
        step = Decimal(1) if st.unit in ("家", "个") else Decimal("0.37")
        actual_value += step * rng.choice([3, 7, 11])
    number, unit = amount_text(rng, actual_value, st.unit)
    verb = rng.choice(["完成", "累计完成", "实现"])
    parts.append(f"{period_words(rng, data.month)}{verb}{number}{unit}")
    kinds.append("actual")
    if st.rate is not None:
        rate = rounded(st.rate, rate_places)
        if wrong == "rate":
            rate += Decimal(rng.choice([2, 3, 5, 9])).scaleb(-rate_places)
        parts.append(
            rng.choice(
                ["完成率", "完成年度目标的", "完成全年目标任务的", "为年度计划的", "占年度目标的"]
            )
            + f"{rate}%"
        )
        kinds.append("rate")
        if rng.random() < 0.5:
            parts.append(pace_words(st, rng, rate_places, wrong))
            kinds.append("pace")
    if st.growth is not None and rng.random() < 0.7:
        parts.append(growth_words(st, rng, wrong))
        kinds.append("growth")
    return "，".join(parts), kinds


def pace_words(st: Statement, rng: random.Random, places: int, wrong: str) -> str:
    """超/落后/达到序时进度 at the rate's places; a planted pace or pace status if asked."""
    assert st.rate is not None
    pace = rounded(st.rate, places) - rounded(st.progress, places)
    if wrong == "pace":
        pace += Decimal(rng.choice([1, 2, 4])).scaleb(-places)
    if wrong == "pace_status":
        pace = -pace if pace != 0 else Decimal(1)
    if pace > 0:
        return f"超序时进度{pace}个百分点"
    if pace < 0:
        return f"落后序时进度{-pace}个百分点"
    return "达到序时进度"


def growth_words(st: Statement, rng: random.Random, wrong: str) -> str:
    """同比 growth in one of the ways offices word it; a planted growth error if asked."""
    assert st.growth is not None
    growth = rounded(st.growth, 1)
    if wrong == "growth":
        growth += Decimal(rng.choice([3, 6, 12])).scaleb(-1)
    up = rng.choice(["同比增长", "比上年同期增长", "同比增幅", "较上年同期增长"])
    if growth < 0:
        return rng.choice(["同比下降", "比上年同期下降", "同比降幅"]) + f"{-growth}%"
    if growth == 0:
        return "同比持平"
    return f"{up}{growth}%"


def draft(data: Dataset, rng: random.Random) -> Draft:
    """A draft in one office style; about half carry one planted error."""
    sts = statements(data, rng)
    plant_in = rng.randrange(len(sts)) if rng.random() < 0.5 else -1
    style = rng.choice(["scorecard", "heading", "lead-in", "list", "paragraph", "table"])
    out = Draft("")
    lines: list[str] = ["# 主要经济指标完成情况", ""]
    if style == "table":
        return table_draft(data, sts, plant_in, rng)
    paragraph: list[tuple[str, list[str], str]] = []
    for i, st in enumerate(sts):
        wrong = ""
        if i == plant_in:
            wrong = rng.choice(
                [
                    k
                    for k in PLANTABLE
                    if (st.rate is not None or k not in ("rate", "pace", "pace_status"))
                    and (st.target is not None or k != "target")
                ]
            )
        clause, kinds = word(st, rng, data, wrong)
        if wrong and wrong not in kinds and not (wrong == "pace_status" and "pace" in kinds):
            wrong = ""  # the planted figure was not worded in this draft
        styled = styled_lines(style, f"{st.org}{st.name}", clause)
        if styled is None:
            paragraph.append((f"{st.org}{st.name}{clause}", kinds, wrong))
            continue
        lines += styled
        line = len(lines) - (1 if style == "heading" else 0)
        for kind in kinds:
            planted = wrong == kind or (wrong == "pace_status" and kind == "pace")
            out.figures.append(Figure(line, kind, planted))
    if paragraph:
        lines.append("；".join(text for text, _, _ in paragraph) + "。")
        for _, kinds, wrong_kind in paragraph:
            for kind in kinds:
                planted = wrong_kind == kind or (wrong_kind == "pace_status" and kind == "pace")
                out.figures.append(Figure(len(lines), kind, planted))
    out.text = "\n".join(lines) + "\n"
    return out


def styled_lines(style: str, name: str, clause: str) -> list[str] | None:
    """The lines one indicator's clause takes in `style` (None: it joins the paragraph)."""
    if style == "scorecard":
        return [f"◎ {name}{clause}。"]
    if style == "heading":
        return [f"## {name}", "", f"{clause}。", ""]
    if style == "lead-in":
        return [f"今年以来，{name}{clause.replace('年度目标任务', '年度目标', 1)}。"]
    if style == "list":
        return [f"- {name}：{clause}。"]
    return None


def table_draft(data: Dataset, sts: list[Statement], plant_in: int, rng: random.Random) -> Draft:
    """A Markdown table as `kpi report --format markdown` and offices write it."""
    places = rng.choice([2, 1])
    lines = [
        f"## 1-{data.month}月主要指标",
        "",
        "| 指标 | 年度目标 | 累计完成 | 完成率(%) | 同比增长(%) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    out = Draft("")
    for i, st in enumerate(sts):
        if st.org or st.target is None or st.rate is None or st.growth is None:
            continue
        kinds = ["target", "actual", "rate", "growth"]
        wrong = rng.choice(kinds) if i == plant_in else ""
        target = st.target + (3 if wrong == "target" else 0)
        step = Decimal(1) if st.unit in ("家", "个") else Decimal("0.37")
        actual = st.actual + (step * 7 if wrong == "actual" else 0)
        rate = rounded(st.rate, places) + (Decimal(4).scaleb(-places) if wrong == "rate" else 0)
        growth = rounded(st.growth, 1) + (Decimal("0.6") if wrong == "growth" else 0)
        lines.append(f"| {st.name} | {target}{st.unit} | {actual}{st.unit} | {rate} | {growth} |")
        out.figures += [Figure(len(lines), kind, kind == wrong) for kind in kinds]
    out.text = "\n".join(lines) + "\n"
    return out


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    planted: int = 0
    found: int = 0
    correct: int = 0
    verified: int = 0
    false_alarms: int = 0
    drafts: int = 0
    exit_right: int = 0
    seconds: float = 0.0
    size: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, d: Draft, result: BulletinCheck) -> None:
        self.drafts += 1
        self.size += len(d.text.encode("utf-8"))
        failing = [p for p in result.problems if p.severity is Severity.ERROR]
        noisy = [p for p in result.problems if p.severity is not Severity.INFO]
        planted = d.planted
        explained: set[int] = set()
        for f in planted:
            self.planted += 1
            hits = [
                i
                for i, p in enumerate(noisy)
                if p.location is not None
                and p.location.line == f.line
                and p.severity is Severity.ERROR
                and (f.kind in p.code or (f.kind == "pace" and "pace" in p.code))
            ]
            if hits:
                self.found += 1
                explained.update(hits)
            else:
                self.misses.append(f"missed {f.kind} on line {f.line}:\n{d.text}")
        # A wrong figure may make a correct neighbour disagree with it (a wrong actual makes
        # the stated rate wrong by its own sentence): errors on a planted line are not alarms.
        planted_lines = {f.line for f in planted}
        for i, p in enumerate(noisy):
            if i in explained:
                continue
            if (
                p.location is not None
                and p.location.line in planted_lines
                and p.severity is Severity.ERROR
            ):
                continue
            self.false_alarms += 1
            self.misses.append(f"false alarm {p.code}: {p.message}\n{d.text}")
        ok = {(f.line, f.kind) for f in result.figures if f.verdict == "ok"}
        for f in d.figures:
            if f.planted or f.line in planted_lines:
                continue
            self.correct += 1
            kinds = {f.kind, "pace_status"} if f.kind == "pace" else {f.kind}
            if any((f.line, k) in ok for k in kinds):
                self.verified += 1
            else:
                self.misses.append(f"not verified {f.kind} on line {f.line}:\n{d.text}")
        if bool(failing) == bool(planted):
            self.exit_right += 1

    def table(self) -> str:
        def pct(a: int, b: int) -> str:
            return f"{Decimal(a) / Decimal(b) * HUNDRED:.1f}%" if b else "—"

        per_mb = self.seconds / (self.size / 1e6) if self.size else 0.0
        rows = [
            ("drafts", str(self.drafts)),
            ("planted errors found (recall)", (f"{self.found} / {self.planted} = "
             f"{pct(self.found, self.planted)}")),
            ("false alarms (errors or warnings on correct figures)", str(self.false_alarms)),
            ("correct figures verified", (f"{self.verified} / {self.correct} = "
             f"{pct(self.verified, self.correct)}")),
            ("exit code right", (f"{self.exit_right} / {self.drafts} = "
             f"{pct(self.exit_right, self.drafts)}")),
            ("fact-check time", (f"{self.seconds:.2f} s for {self.size / 1e3:.0f} KB "
             f"({per_mb:.1f} s/MB)")),
        ]  # fmt: skip
        return "| measure | value |\n| --- | --- |\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)


def run(drafts: int, seed: int = 1, per_dataset: int = 10) -> Score:
    rng = random.Random(seed)
    score = Score()
    root = Path(tempfile.mkdtemp(prefix="kpi-factcheck-bench-"))
    try:
        made = 0
        while made < drafts:
            data = make_dataset(rng, root / f"d{made}")
            loaded = pipeline.load(pipeline.find_data_folder(data.folder))
            for _ in range(min(per_dataset, drafts - made)):
                d = draft(data, rng)
                start = time.perf_counter()
                result = check_bulletin(d.text, loaded.facts, "draft.md", 2020, data.month)
                score.seconds += time.perf_counter() - start
                score.add(d, result)
                made += 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    score = run(args.drafts, args.seed)
    print(score.table())
    for miss in score.misses[: args.show]:
        print(miss, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
