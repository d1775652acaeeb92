"""Benchmark harness for the `kpi` CLI: generate inputs, time commands, report ratios.

    python benchmarks/run.py generate [--out DIR] [--sizes tiny|small|all] [--force]
    python benchmarks/run.py run [--out DIR] [--sizes tiny|small|all] [--repeat N]
                                 [--warmup N] [--kpi PATH] [--results FILE] [--strict]

`generate` writes deterministic (seeded) data folders, one per data set, in the tool's input
layout (`<set>/data/targets.yaml`, `<set>/data/actuals/actuals.{csv,xlsx}`); a folder that
already holds the same row count is reused. `run` times every command round-robin (one run
of each per round, so drift on a shared machine hits all of them alike), then prints a
Markdown table of medians, peak RSS, the goal ratios and the per-row cost, and writes it to
`benchmarks/results.md`. Standard library only, apart from openpyxl for writing .xlsx.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import math
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASELINES = HERE / "baselines"
DEFAULT_OUT = HERE / "data"
DEFAULT_RESULTS = HERE / "results.md"

YEAR = 2020
N_INDICATORS = 1000
MONTHS = tuple(f"{YEAR}-{m:02d}" for m in range(1, 13))
UNITS = ("亿元", "个", "家")
SEED = 20200630
# Bump when the generated content changes, so cached folders are rebuilt rather than reused.
DATA_VERSION = 1
CSV_HEADER = ("指标", "月份", "数值", "口径", "填报单位")
BATCH_ROWS = 20_000
REPORT_MONTH = "2020-12"
SHIPPED_MONTH = "2020-06"
STDERR_TAIL_LINES = 15


# --------------------------------------------------------------------------- data sets


@dataclass(frozen=True)
class Dataset:
    """One generated input folder: a file format, a row count and, for the unit-conversion
    pair, the unit the 亿元 indicators' amounts are written in (a 计量单位 column)."""

    fmt: str  # "csv" or "xlsx"
    rows: int
    unit: str | None = None  # None: no 计量单位 column; "亿元": own unit; "万元": converted

    @property
    def name(self) -> str:
        suffix = {None: "", "亿元": "-unit-own", "万元": "-unit-wan"}[self.unit]
        return f"{self.fmt}-{format_count(self.rows)}{suffix}"

    def folder(self, out: Path) -> Path:
        return out / self.name

    def data_dir(self, out: Path) -> Path:
        return self.folder(out) / "data"

    def actuals_file(self, out: Path) -> Path:
        return self.data_dir(out) / "actuals" / f"actuals.{self.fmt}"


DATASETS_BY_SIZES: dict[str, tuple[Dataset, ...]] = {
    "tiny": (Dataset("csv", 200), Dataset("xlsx", 200)),
    "small": (Dataset("csv", 10_000), Dataset("xlsx", 10_000)),
    "xlsx": (Dataset("xlsx", 10_000), Dataset("xlsx", 100_000)),
    "all": (
        Dataset("csv", 10_000),
        Dataset("csv", 100_000),
        Dataset("csv", 1_000_000),
        Dataset("xlsx", 10_000),
        Dataset("xlsx", 100_000),
        # The same 1M rows with a 计量单位 column: 亿元 amounts as written, and in 万元.
        Dataset("csv", 1_000_000, "亿元"),
        Dataset("csv", 1_000_000, "万元"),
    ),
}
HUGE = Dataset("csv", 10_000_000)  # behind --huge: 360 MB of CSV, about a minute to write


def format_count(n: int) -> str:
    """200 -> '200', 10_000 -> '10k', 1_000_000 -> '1M' (labels for folders and tables)."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def org_count(rows: int) -> int:
    """Orgs needed so that indicators x months x orgs has room for `rows` distinct keys."""
    return max(1, math.ceil(rows / (N_INDICATORS * len(MONTHS))))


@dataclass(frozen=True)
class Indicator:
    """The part of an indicator's definition that shapes its generated values."""

    id: str
    number: int
    unit: str
    kind: str  # "flow" or "stock"

    @property
    def is_count(self) -> bool:
        return self.unit != "亿元"


def indicators() -> list[Indicator]:
    """The 1000 indicators, units in rotation; every tenth is a stock (point-in-time) one,
    so both year-to-date rules are exercised."""
    return [
        Indicator(f"ind{n:04d}", n, UNITS[(n - 1) % len(UNITS)], "stock" if n % 10 == 0 else "flow")
        for n in range(1, N_INDICATORS + 1)
    ]


# Mean generated value per row and unit kind, used to scale targets to ~100% completion.
MEAN_AMOUNT = 500.0  # 亿元: 0.01 .. 999.99
MEAN_COUNT = 25.0  # 个 / 家: whole numbers 1 .. 49


def random_value(rng: random.Random, indicator: Indicator) -> str:
    """A value as the CSV text: whole numbers for counts, exactly two places for amounts."""
    if indicator.is_count:
        return str(rng.randrange(1, 50))
    # Integer cents, so the text is exact without float formatting surprises.
    cents = rng.randrange(1, 100_000)
    return f"{cents // 100}.{cents % 100:02d}"


def iter_actual_rows(rows: int) -> Iterator[tuple[str, str, str, str]]:
    """Yield (indicator, month, value text, org), each key once, in a fixed order.

    Order is org, then indicator, then month, as an export sorted by reporter would be, so an
    indicator that has data has a whole year of it (only the last one may be cut short). The
    same seed for every size makes a smaller file a prefix of a larger one.
    """
    rng = random.Random(SEED)
    all_indicators = indicators()
    emitted = 0
    for org_no in range(1, org_count(rows) + 1):
        org = f"org{org_no:04d}"
        for indicator in all_indicators:
            for month in MONTHS:
                if emitted == rows:
                    return
                yield indicator.id, month, random_value(rng, indicator), org
                emitted += 1


def targets_yaml(rows: int) -> str:
    """targets.yaml text for the 1000 indicators, targets scaled so completion is near 100%."""
    rng = random.Random(SEED + 1)
    orgs = org_count(rows)
    lines = [f"year: {YEAR}", "indicators:"]
    for indicator in indicators():
        mean = MEAN_COUNT if indicator.is_count else MEAN_AMOUNT
        # A flow adds up twelve months; a stock's year-to-date value is one month's.
        months = len(MONTHS) if indicator.kind == "flow" else 1
        target = max(1, round(orgs * months * mean * rng.uniform(0.8, 1.6)))
        lines += [
            f"  - id: {indicator.id}",
            f"    name: 指标{indicator.number:04d}",
            f"    unit: {indicator.unit}",
            f"    target: {target}",
            f"    kind: {indicator.kind}",
            "    group: 基准测试",
            "    owner: 某局",
        ]
    return "\n".join(lines) + "\n"


def batched(rows: Iterator[tuple[str, str, str, str]], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_actuals_csv(path: Path, rows: int, unit: str | None = None) -> None:
    units = {i.id: i.unit for i in indicators()}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if unit is None:
            writer.writerow(CSV_HEADER)
            # writerows on batches: about 20x fewer Python-level calls than one writerow each.
            for batch in batched(iter_actual_rows(rows), BATCH_ROWS):
                writer.writerows((i, month, value, "当月", org) for i, month, value, org in batch)
            return
        writer.writerow((*CSV_HEADER, "计量单位"))
        for batch in batched(iter_actual_rows(rows), BATCH_ROWS):
            for i, month, value, org in batch:
                amount, written = in_unit(value, units[i], unit)
                writer.writerow((i, month, amount, "当月", org, written))


def in_unit(value: str, own: str, unit: str) -> tuple[str, ...]:
    """(value text, unit) for the unit variants: 亿元 amounts in `unit`, counts as they are."""
    if own != "亿元" or unit == "亿元":
        return value, own
    # 1 亿 = 10,000 万: 5178.75 亿元 is 51787500 万元, exactly (amounts have two places).
    whole, _, cents = value.partition(".")
    return str(int(whole + cents.ljust(2, "0")) * 100), unit


def write_actuals_xlsx(path: Path, rows: int, unit: str | None = None) -> None:
    from openpyxl import Workbook  # imported here: only the xlsx sets need it

    # write_only streams rows to disk instead of building every cell object in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("actuals")
    sheet.append(CSV_HEADER)
    for ind, month, value, org in iter_actual_rows(rows):
        # 月份 stays a text cell ("2020-01"); 数值 becomes a numeric cell. float("12.34")
        # round-trips to the shortest repr, so the cell holds 12.34, not 12.3399999.
        number = float(value) if "." in value else int(value)
        sheet.append([ind, month, number, "当月", org])
    workbook.save(path)


WRITER_BY_FORMAT = {"csv": write_actuals_csv, "xlsx": write_actuals_xlsx}


def manifest_for(dataset: Dataset) -> dict[str, object]:
    return {
        "format": dataset.fmt,
        "rows": dataset.rows,
        "indicators": N_INDICATORS,
        "seed": SEED,
        "version": DATA_VERSION,
        # Only the unit variants say so, so the plain sets' cached folders stay valid.
        **({"unit": dataset.unit} if dataset.unit else {}),
    }


def is_cached(dataset: Dataset, out: Path) -> bool:
    """True when the folder was fully generated before with the same row count and version."""
    manifest = dataset.folder(out) / "manifest.json"
    if not manifest.is_file() or not dataset.actuals_file(out).is_file():
        return False
    try:
        return json.loads(manifest.read_text(encoding="utf-8")) == manifest_for(dataset)
    except (OSError, ValueError):
        return False


def generate_dataset(dataset: Dataset, out: Path) -> None:
    """Write one data set into a scratch folder, then move it into place.

    The manifest is written last and the folder renamed at the end, so an interrupted run
    never leaves a folder that looks cached.
    """
    final = dataset.folder(out)
    scratch = out / f".{dataset.name}.partial"
    shutil.rmtree(scratch, ignore_errors=True)
    actuals = scratch / "data" / "actuals"
    actuals.mkdir(parents=True)
    (scratch / "data" / "targets.yaml").write_text(targets_yaml(dataset.rows), encoding="utf-8")
    WRITER_BY_FORMAT[dataset.fmt](actuals / f"actuals.{dataset.fmt}", dataset.rows, dataset.unit)
    manifest = json.dumps(manifest_for(dataset), indent=2) + "\n"
    (scratch / "manifest.json").write_text(manifest, encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    scratch.rename(final)


def ensure_datasets(datasets: Sequence[Dataset], out: Path, force: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for dataset in datasets:
        if not force and is_cached(dataset, out):
            log(f"{dataset.name}: cached in {dataset.folder(out)}")
            continue
        start = time.perf_counter()
        generate_dataset(dataset, out)
        log(f"{dataset.name}: generated in {time.perf_counter() - start:.1f} s")


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Bench:
    """One command to time, under a stable row label."""

    key: str
    argv: tuple[str, ...]


@dataclass(frozen=True)
class Sample:
    wall_ms: float
    rss_mb: float | None  # None when GNU time's figure could not be read


@dataclass
class Outcome:
    """Samples by round number; `failure` holds the first failure, after which it is skipped."""

    samples: dict[int, Sample] = field(default_factory=dict)
    failure: str | None = None


@dataclass(frozen=True)
class Measurer:
    """Runs one command at a time and measures its wall time and peak RSS.

    Peak RSS: getrusage(RUSAGE_CHILDREN) deltas are useless (it keeps the maximum over every
    child ever reaped), and even os.wait4 on the child's own pid is wrong on Linux: the
    child's high-water mark includes the copy of *this* process it was forked from before
    exec, so `python -c pass` would report the harness's 40 MB. GNU time forks the command
    from its own ~2 MB image and reports its ru_maxrss, so it is used when it exists;
    otherwise wait4's figure is used and the harness's own RSS is reported as its floor.
    """

    timeout: float
    scratch: Path
    time_bin: Path | None

    @property
    def rss_method(self) -> str:
        if self.time_bin is not None:
            return f"`{self.time_bin} -f %M`"
        floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return f"os.wait4 (figures below {floor:.0f} MB are hidden by the harness's own RSS)"

    def run(self, argv: Sequence[str]) -> tuple[Sample | None, str | None]:
        """Run `argv`; return (sample, None) on exit code 0, else (None, failure text).

        Output goes to temporary files rather than pipes, so a chatty child cannot block on
        a full pipe while we sit in wait4.
        """
        rss_file = self.scratch / "maxrss"
        rss_file.unlink(missing_ok=True)
        if self.time_bin is not None:
            argv = (str(self.time_bin), "-f", "%M", "-o", str(rss_file), *argv)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            try:
                # A session of its own, so a timeout can kill the whole process group
                # (the command under GNU time is a grandchild).
                proc = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    start_new_session=True,
                    env=child_environment(),
                )
            except OSError as exc:
                return None, f"could not start {argv[0]}: {exc}"
            status, usage, timed_out = wait_with_timeout(proc, self.timeout)
            wall_ms = (time.perf_counter() - start) * 1000
            if timed_out:
                return None, f"timed out after {self.timeout:g} s"
            if status != 0:
                err.seek(0)
                return None, f"exit code {status}\n{tail(err.read())}"
        # ru_maxrss and %M are both in KiB on Linux.
        rss_kib = read_time_rss(rss_file) if self.time_bin is not None else usage.ru_maxrss
        return Sample(wall_ms, None if rss_kib is None else rss_kib / 1024), None


def child_environment() -> dict[str, str]:
    """The environment every measured command runs in: the harness's own, less
    PYTHONDONTWRITEBYTECODE, so the warm-up round writes .pyc files as an installed kpi has
    them (with it set, every run compiled kpi's sources again: about 0.1 s of start-up)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wait_with_timeout(
    proc: subprocess.Popen[bytes], timeout: float
) -> tuple[int, resource.struct_rusage, bool]:
    """Reap `proc` with os.wait4; kill its process group if it outlives `timeout`."""
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    # Tell Popen the child is reaped, so it never waits on (or signals) the pid again.
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage, timed_out.is_set()


def read_time_rss(path: Path) -> int | None:
    """The %M figure GNU time wrote with -o (its last line), or None if it is unreadable."""
    try:
        return int(path.read_text(encoding="utf-8").split()[-1])
    except (OSError, ValueError, IndexError):
        return None


def find_time_bin() -> Path | None:
    path = Path("/usr/bin/time")
    return path if path.is_file() and os.access(path, os.X_OK) else None


def tail(data: bytes, lines: int = STDERR_TAIL_LINES) -> str:
    text = data.decode("utf-8", errors="replace").rstrip()
    return "\n".join(text.splitlines()[-lines:]) if text else "(no stderr output)"


def run_rounds(
    benches: Sequence[Bench], repeat: int, warmup: int, measurer: Measurer
) -> dict[str, Outcome]:
    """Round-robin: every command once per round, warm-up rounds discarded.

    Alternating keeps a noisy neighbour or a thermal change from landing on one command
    only, and lets the ratios pair runs taken seconds apart (see paired_ratio).
    """
    outcomes = {bench.key: Outcome() for bench in benches}
    total = warmup + repeat
    for round_no in range(total):
        label = "warm-up" if round_no < warmup else "measured"
        log(f"round {round_no + 1}/{total} ({label})")
        for bench in benches:
            outcome = outcomes[bench.key]
            if outcome.failure is not None:
                continue  # a failing command would fail again; don't spend time on it
            sample, failure = measurer.run(bench.argv)
            if failure is not None:
                outcome.failure = failure
                log(f"  {bench.key}: FAILED ({failure.splitlines()[0]})")
            elif round_no >= warmup and sample is not None:
                outcome.samples[round_no] = sample
    return outcomes


# --------------------------------------------------------------------------- what to run

# Row labels; the smoke test and the README refer to them, so keep them stable.
KEY_PASS = "python -c pass"
KEY_TYPER = "minimal Typer --help"
KEY_KPI_HELP = "kpi --help"
KEY_SHIPPED = f"kpi report shipped example ({SHIPPED_MONTH})"


def kpi_key(dataset: Dataset) -> str:
    return f"kpi report {dataset.name}"


# Figure baselines for CSV sets: script, row label. Each prints {indicator: kpi's figure}.
CSV_BASELINES: dict[str, str] = {
    "pandas_sum.py": "pandas baseline",
    "polars_exact.py": "polars exact baseline",
    "duckdb_exact.py": "duckdb exact baseline",
}
PANDAS, POLARS, DUCKDB = CSV_BASELINES
# An .xlsx's figure-computing baseline (the goal's baseline, a bare calamine read, computes
# nothing and so has no figures to check).
XLSX_EXACT = "fastexcel_exact.py"
XLSX_BASELINES = {XLSX_EXACT: "fastexcel exact baseline"}
# The 1M-row goals: kpi's time at most this multiple of each baseline's (None: info only).
CSV_GOALS: dict[str, float | None] = {POLARS: 1.2, PANDAS: 0.8, DUCKDB: None}


def baseline_key(dataset: Dataset, script: str = PANDAS) -> str:
    if dataset.fmt == "csv":
        return f"{CSV_BASELINES[script]} {dataset.name}"
    if script in XLSX_BASELINES:
        return f"{XLSX_BASELINES[script]} {dataset.name}"
    return f"calamine bare read {dataset.name}"


def figure_baselines(dataset: Dataset) -> tuple[str, ...]:
    """The scripts that compute kpi's figure for this data set (checked before timing)."""
    return tuple(CSV_BASELINES if dataset.fmt == "csv" else XLSX_BASELINES)


def has_baselines(dataset: Dataset) -> bool:
    """The unit variants are compared with each other, not with the baselines."""
    return dataset.unit is None


def kpi_argv(kpi: Path, dataset: Dataset, out: Path) -> tuple[str, ...]:
    data = str(dataset.data_dir(out))
    return (str(kpi), "report", "--data", data, "--month", REPORT_MONTH, "--format", "json")


def baseline_argv(dataset: Dataset, out: Path, script: str) -> tuple[str, ...]:
    actuals = str(dataset.actuals_file(out))
    return (sys.executable, str(BASELINES / script), actuals, REPORT_MONTH)


def build_benches(kpi: Path, datasets: Sequence[Dataset], out: Path) -> list[Bench]:
    """The command list, in the order each round runs it."""
    python = sys.executable
    benches = [
        Bench(KEY_PASS, (python, "-c", "pass")),
        Bench(KEY_TYPER, (python, str(BASELINES / "typer_minimal.py"), "--help")),
        Bench(KEY_KPI_HELP, (str(kpi), "--help")),
        Bench(
            KEY_SHIPPED,
            (str(kpi), "report", "--data", str(REPO / "data"), "--month", SHIPPED_MONTH),
        ),
    ]
    for dataset in datasets:
        benches.append(Bench(kpi_key(dataset), kpi_argv(kpi, dataset, out)))
        if not has_baselines(dataset):
            continue
        if dataset.fmt == "csv":
            benches.extend(
                Bench(baseline_key(dataset, script), baseline_argv(dataset, out, script))
                for script in CSV_BASELINES
            )
        else:
            actuals = str(dataset.actuals_file(out))
            base_argv = (python, str(BASELINES / "calamine_read.py"), actuals)
            benches.append(Bench(baseline_key(dataset), base_argv))
            benches.append(
                Bench(baseline_key(dataset, XLSX_EXACT), baseline_argv(dataset, out, XLSX_EXACT))
            )
    return benches


@dataclass(frozen=True)
class Agreement:
    """Whether a baseline's figures equal kpi's, checked before any ratio is reported."""

    compared: int  # indicators with a figure in kpi's report
    differ: list[str]  # those whose figure the baseline gets wrong or lacks (or a failure)

    @property
    def equal(self) -> bool:
        return self.compared > 0 and not self.differ


def figures_of(argv: Sequence[str], timeout: float) -> dict[str, str] | str:
    """A command's JSON output ({indicator: figure}, or kpi's report), or why there is none."""
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
            env=child_environment(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"could not run: {exc}"
    if done.returncode != 0:
        return f"exit code {done.returncode}: {tail(done.stderr.encode())}"
    try:
        data = json.loads(done.stdout)
    except ValueError:
        return "output is not JSON"
    if isinstance(data, dict) and "indicators" in data:  # kpi report --format json
        return {r["id"]: r["actual"] for r in data["indicators"] if r["actual"] is not None}
    return {str(k): str(v) for k, v in data.items()}


def check_baselines(
    kpi: Path, datasets: Sequence[Dataset], out: Path, timeout: float
) -> dict[str, Agreement]:
    """Each figure baseline's figures against kpi's, compared as exact decimals, by bench
    key; and kpi's figures on the unit pair against each other (the 万元 set must give the
    own-unit set's figures, or its ratio means nothing)."""
    agreements: dict[str, Agreement] = {}
    for dataset in datasets:
        if not has_baselines(dataset):
            continue
        log(f"checking the baselines' figures on {dataset.name}")
        expected = figures_of(kpi_argv(kpi, dataset, out), timeout)
        for script in figure_baselines(dataset):
            got = figures_of(baseline_argv(dataset, out, script), timeout)
            agreements[baseline_key(dataset, script)] = agreement(expected, got)
    own = next((d for d in datasets if d.unit == "亿元"), None)
    wan = next((d for d in datasets if d.unit == "万元"), None)
    if own is not None and wan is not None:
        log(f"checking kpi's figures on {wan.name} against {own.name}")
        expected = figures_of(kpi_argv(kpi, own, out), timeout)
        got = figures_of(kpi_argv(kpi, wan, out), timeout)
        agreements[kpi_key(own)] = agreement(expected, got)
    return agreements


def agreement(expected: dict[str, str] | str, got: dict[str, str] | str) -> Agreement:
    """`got`'s figures against `expected`'s (kpi's), as exact decimals."""

    if isinstance(expected, str):
        return Agreement(0, [f"kpi: {expected}"])
    if isinstance(got, str):
        return Agreement(len(expected), [got])
    differ = []
    for indicator, figure in expected.items():
        try:
            same = indicator in got and Decimal(got[indicator]) == Decimal(figure)
        except InvalidOperation:
            same = False
        if not same:
            differ.append(indicator)
    differ += [k for k in got if k not in expected]
    return Agreement(len(expected), differ)


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator wall time; `limit` set when a project goal is stated for it."""

    label: str
    numerator: str
    denominator: str
    goal: str = ""
    limit: float | None = None
    strict: bool = False  # "< limit" rather than "<= limit"


def build_ratios(datasets: Sequence[Dataset]) -> list[Ratio]:
    """The project's goal ratios, plus the same comparison at the sizes without a goal."""
    ratios = [
        Ratio("kpi --help / minimal Typer --help", KEY_KPI_HELP, KEY_TYPER, "≤ 1.1", 1.1),
        Ratio("kpi report shipped / kpi --help", KEY_SHIPPED, KEY_KPI_HELP, "≤ 2", 2.0),
    ]
    for dataset in datasets:
        if not has_baselines(dataset):
            continue
        if dataset.fmt == "csv":
            goal = dataset.rows == 1_000_000
            for script, limit in CSV_GOALS.items():
                name = CSV_BASELINES[script].removesuffix(" baseline")
                ratios.append(
                    Ratio(
                        f"{dataset.name}: kpi / {name}",
                        kpi_key(dataset),
                        baseline_key(dataset, script),
                        f"≤ {limit}" if goal and limit else "",
                        limit if goal else None,
                    )
                )
        else:
            goal = dataset.rows == 100_000
            ratios.append(
                Ratio(
                    f"{dataset.name}: kpi / calamine bare read",
                    kpi_key(dataset),
                    baseline_key(dataset),
                    "≤ 1.3" if goal else "",
                    1.3 if goal else None,
                )
            )
            ratios.append(
                Ratio(
                    f"{dataset.name}: kpi / fastexcel exact",
                    kpi_key(dataset),
                    baseline_key(dataset, XLSX_EXACT),
                    "",
                    None,
                )
            )
    own = next((d for d in datasets if d.unit == "亿元"), None)
    wan = next((d for d in datasets if d.unit == "万元"), None)
    if own is not None and wan is not None:
        ratios.append(
            Ratio(
                f"kpi {wan.name} / kpi {own.name} (unit conversion)",
                kpi_key(wan),
                kpi_key(own),
                "≤ 1.1",
                1.1,
            )
        )
    return ratios


# --------------------------------------------------------------------------- statistics


def median_ms(outcome: Outcome) -> float | None:
    walls = [s.wall_ms for s in outcome.samples.values()]
    return statistics.median(walls) if walls else None


def paired_ratio(num: Outcome, den: Outcome) -> float | None:
    """Median over rounds of num/den, pairing runs from the same round.

    Paired runs were taken seconds apart, so machine-wide slowdowns mostly cancel; this is
    the figure goals are judged on. The ratio of medians is shown beside it as a check.
    """
    rounds = sorted(num.samples.keys() & den.samples.keys())
    values = [num.samples[r].wall_ms / den.samples[r].wall_ms for r in rounds]
    return statistics.median(values) if values else None


def ratio_of_medians(num: Outcome, den: Outcome) -> float | None:
    a, b = median_ms(num), median_ms(den)
    return a / b if a is not None and b else None


def verdict(ratio: Ratio, value: float | None) -> str:
    if ratio.limit is None:
        return "(info)"
    if value is None:
        return "n/a"
    met = value < ratio.limit if ratio.strict else value <= ratio.limit
    return "met" if met else "**missed**"


# --------------------------------------------------------------------------- report


def fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def commands_table(benches: Sequence[Bench], outcomes: dict[str, Outcome]) -> list[str]:
    lines = [
        "| benchmark | runs | median ms | min ms | max ms | peak RSS MB (median) | status |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for bench in benches:
        outcome = outcomes[bench.key]
        walls = [s.wall_ms for s in outcome.samples.values()]
        rss = [s.rss_mb for s in outcome.samples.values() if s.rss_mb is not None]
        status = "FAILED" if outcome.failure else "ok"
        lines.append(
            f"| {bench.key} | {len(walls)} | {fmt(median_ms(outcome), '.1f')} "
            f"| {fmt(min(walls, default=None), '.1f')} | {fmt(max(walls, default=None), '.1f')} "
            f"| {fmt(statistics.median(rss) if rss else None, '.1f')} | {status} |"
        )
    return lines


def ratios_table(
    ratios: Sequence[Ratio],
    outcomes: dict[str, Outcome],
    agreements: dict[str, Agreement] | None = None,
) -> list[str]:
    """Goal ratios; none against a baseline whose figures differ from kpi's."""
    lines = [
        "| ratio | paired median | ratio of medians | goal | verdict |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for ratio in ratios:
        num, den = outcomes[ratio.numerator], outcomes[ratio.denominator]
        agreement = (agreements or {}).get(ratio.denominator)
        if agreement is not None and not agreement.equal:
            lines.append(
                f"| {ratio.label} | — | — | {ratio.goal or '—'} "
                "| n/a: the baseline's figures differ from kpi's |"
            )
            continue
        paired = paired_ratio(num, den)
        lines.append(
            f"| {ratio.label} | {fmt(paired, '.2f')} | {fmt(ratio_of_medians(num, den), '.2f')} "
            f"| {ratio.goal or '—'} | {verdict(ratio, paired)} |"
        )
    return lines


def agreement_lines(agreements: dict[str, Agreement]) -> list[str]:
    lines = [
        "| baseline | indicators compared | figures equal to kpi's | verdict |",
        "| --- | ---: | ---: | --- |",
    ]
    for key, agreement in agreements.items():
        equal = agreement.compared - len(agreement.differ) if agreement.compared else 0
        shown = "equal" if agreement.equal else "**differ**: " + ", ".join(agreement.differ[:5])
        lines.append(f"| figures of {key} | {agreement.compared} | {max(equal, 0)} | {shown} |")
    return lines


def median_rss(outcome: Outcome) -> float | None:
    rss = [s.rss_mb for s in outcome.samples.values() if s.rss_mb is not None]
    return statistics.median(rss) if rss else None


def memory_lines(datasets: Sequence[Dataset], outcomes: dict[str, Outcome]) -> list[str]:
    """Peak RSS goals: 1M-row CSV within 1.5x the polars script's, 10M rows under 2 GB."""
    lines = ["| memory | value | goal | verdict |", "| --- | ---: | --- | --- |"]
    for dataset in datasets:
        if dataset.fmt != "csv" or not has_baselines(dataset):
            continue
        kpi_rss = median_rss(outcomes[kpi_key(dataset)])
        if dataset.rows == 1_000_000:
            polars_rss = median_rss(outcomes[baseline_key(dataset, POLARS)])
            value = kpi_rss / polars_rss if kpi_rss and polars_rss else None
            met = "n/a" if value is None else ("met" if value <= 1.5 else "**missed**")
            lines.append(
                f"| {dataset.name}: kpi peak RSS / polars exact's | {fmt(value, '.2f')} "
                f"| ≤ 1.5 | {met} |"
            )
        if dataset.rows == 10_000_000:
            met = "n/a" if kpi_rss is None else ("met" if kpi_rss < 2048 else "**missed**")
            lines.append(
                f"| {dataset.name}: kpi peak RSS MB | {fmt(kpi_rss, '.0f')} | < 2048 | {met} |"
            )
    return lines


def per_row_table(datasets: Sequence[Dataset], outcomes: dict[str, Outcome]) -> list[str]:
    """Per-row cost by size: flat net and marginal columns mean kpi scales linearly."""
    lines = [
        (
            "| data | rows | kpi median ms | kpi µs/row | kpi µs/row net of `kpi --help` "
            "| kpi marginal µs/row | baseline µs/row |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    startup = median_ms(outcomes[KEY_KPI_HELP])
    for fmt_name in ("csv", "xlsx"):
        previous: tuple[int, float] | None = None
        chosen = (d for d in datasets if d.fmt == fmt_name and has_baselines(d))
        for dataset in sorted(chosen, key=lambda d: d.rows):
            kpi_ms = median_ms(outcomes[kpi_key(dataset)])
            base_ms = median_ms(outcomes[baseline_key(dataset)])
            per_row = net = marginal = base = None
            if kpi_ms is not None:
                per_row = kpi_ms * 1000 / dataset.rows
                if startup is not None:
                    net = (kpi_ms - startup) * 1000 / dataset.rows
                if previous is not None:
                    # Cost of the extra rows between this size and the previous one:
                    # start-up cancels out, so this is the cleanest linearity figure.
                    marginal = (kpi_ms - previous[1]) * 1000 / (dataset.rows - previous[0])
                previous = (dataset.rows, kpi_ms)
            if base_ms is not None:
                base = base_ms * 1000 / dataset.rows
            lines.append(
                f"| {dataset.name} | {dataset.rows:,} | {fmt(kpi_ms, '.1f')} "
                f"| {fmt(per_row, '.2f')} | {fmt(net, '.2f')} | {fmt(marginal, '.2f')} "
                f"| {fmt(base, '.2f')} |"
            )
    return lines


def machine_lines(
    kpi: Path, repeat: int, warmup: int, load_before: str, rss_method: str
) -> list[str]:
    versions = ", ".join(
        f"{name} {package_version(name)}"
        for name in (
            "gongshu-kpi",
            "typer",
            "polars",
            "duckdb",
            "pandas",
            "python-calamine",
            "openpyxl",
        )
    )
    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- nproc: {len(os.sched_getaffinity(0))} (cpu_count {os.cpu_count()})",
        (
            f"- python: {platform.python_implementation()} {platform.python_version()} "
            f"({sys.executable})"
        ),
        f"- platform: {platform.platform()}",
        f"- load average before / after: {load_before} / {load_average()}",
        f"- kpi: {kpi}",
        f"- git: {git_revision()}",
        f"- packages: {versions}",
        f"- rounds: {repeat} measured after {warmup} warm-up, round-robin",
        f"- peak RSS measured with: {rss_method}",
    ]


def failure_lines(benches: Sequence[Bench], outcomes: dict[str, Outcome]) -> list[str]:
    lines: list[str] = []
    for bench in benches:
        failure = outcomes[bench.key].failure
        if failure:
            lines += [f"### {bench.key}", "", "```", failure, "```", ""]
    return ["## Failures", "", *lines] if lines else []


def command_lines(benches: Sequence[Bench]) -> list[str]:
    lines = ["## Commands", "", "```"]
    lines += [f"{bench.key}:  {' '.join(shorten(a) for a in bench.argv)}" for bench in benches]
    return [*lines, "```", ""]


def shorten(arg: str) -> str:
    """Paths inside the repo shown relative to it, so the table reads the same everywhere."""
    try:
        return str(Path(arg).relative_to(REPO))
    except ValueError:
        return arg


def render_report(
    benches: Sequence[Bench],
    datasets: Sequence[Dataset],
    outcomes: dict[str, Outcome],
    machine: list[str],
    agreements: dict[str, Agreement] | None = None,
) -> str:
    ratios = build_ratios(datasets)
    lines = [
        "# kpi benchmark results",
        "",
        *machine,
        "",
        "## Baselines' figures checked against kpi's (before any ratio)",
        "",
        "Each figure baseline computes kpi's 实际完成 for the whole (each indicator as of the",
        "latest month every org has reached; flows summed from January, stocks at that month)",
        "and is compared with `kpi report --format json`, as exact decimals. The row of the",
        "unit pair's own-unit set compares kpi's figures on the 万元 set with them.",
        "",
        *agreement_lines(agreements or {}),
        "",
        "## Commands timed (wall time, medians)",
        "",
        *commands_table(benches, outcomes),
        "",
        "## Goal ratios (wall time)",
        "",
        *ratios_table(ratios, outcomes, agreements),
        "",
        "## Memory goals (peak RSS, medians)",
        "",
        *memory_lines(datasets, outcomes),
        "",
        "## Per-row cost (linearity)",
        "",
        *per_row_table(datasets, outcomes),
        "",
        *failure_lines(benches, outcomes),
        *command_lines(benches),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    """Progress goes to stderr, so stdout carries only the Markdown report."""
    print(message, file=sys.stderr, flush=True)


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def git_revision() -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"
    return result.stdout.strip() or "no commits"


def default_kpi() -> Path:
    # The console script next to this interpreter: the venv that runs the harness is the
    # one measured, whatever `kpi` happens to be first on PATH.
    return Path(sys.executable).parent / "kpi"


# --------------------------------------------------------------------------- commands


def cmd_generate(args: argparse.Namespace) -> int:
    ensure_datasets(chosen_datasets(args), args.out, force=args.force)
    return 0


def chosen_datasets(args: argparse.Namespace) -> tuple[Dataset, ...]:
    datasets = DATASETS_BY_SIZES[args.sizes]
    return (*datasets, HUGE) if args.huge else datasets


def cmd_run(args: argparse.Namespace) -> int:
    datasets = chosen_datasets(args)
    ensure_datasets(datasets, args.out)
    kpi = args.kpi or default_kpi()
    if not kpi.exists():
        log(f"warning: no kpi at {kpi}; its rows will be reported as failed")
    benches = build_benches(kpi, datasets, args.out)
    agreements = check_baselines(kpi, datasets, args.out, args.timeout)
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as scratch:
        measurer = Measurer(args.timeout, Path(scratch), find_time_bin())
        outcomes = run_rounds(benches, args.repeat, args.warmup, measurer)
        rss_method = measurer.rss_method
    machine = machine_lines(kpi, args.repeat, args.warmup, load_before, rss_method)
    report = render_report(benches, datasets, outcomes, machine, agreements)
    print(report)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report, encoding="utf-8")
    log(f"written to {args.results}")
    failed = any(outcome.failure for outcome in outcomes.values())
    return 1 if failed and args.strict else 0


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_common_options(parser: argparse.ArgumentParser, default_sizes: str) -> None:
    # Added to each subcommand separately (not via parents=): argparse shares parent actions,
    # so a per-subcommand default would leak from one subcommand into the other.
    parser.add_argument(
        "--out",
        "--root",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder for generated data (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--sizes",
        choices=tuple(DATASETS_BY_SIZES),
        default=default_sizes,
        help="tiny: 200 rows; small: 10k; xlsx: XLSX 10k/100k; all: CSV 10k/100k/1M, "
        f"XLSX 10k/100k and the 1M unit-conversion pair (default: {default_sizes})",
    )
    parser.add_argument(
        "--huge", action="store_true", help="add the 10M-row CSV (360 MB, a minute to write)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the input data folders")
    add_common_options(gen, "all")
    gen.add_argument("--force", action="store_true", help="rebuild even if cached")
    gen.set_defaults(func=cmd_generate)

    run = sub.add_parser("run", help="time the commands, write results.md")
    add_common_options(run, "small")
    run.add_argument("--repeat", type=positive_int, default=5, help="measured rounds (5)")
    run.add_argument("--warmup", type=int, default=1, help="discarded first rounds (1)")
    run.add_argument("--kpi", type=Path, help="kpi executable (default: next to sys.executable)")
    run.add_argument(
        "--results",
        type=Path,
        default=DEFAULT_RESULTS,
        help=f"Markdown output file (default: {DEFAULT_RESULTS})",
    )
    run.add_argument("--timeout", type=float, default=600, help="seconds per command (600)")
    run.add_argument("--strict", action="store_true", help="exit 1 if any command failed")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
