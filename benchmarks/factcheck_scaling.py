"""How the fact-check's time grows with the draft: ordinary drafts of 100 KB to 5 MB, and
pathological lines (`111,111,…` and `1 1 1 …`).

    python benchmarks/factcheck_scaling.py [--sizes 0.1,1,2,5] [--repeat 1]

Prints a Markdown table: size, seconds, seconds per MB (flat = linear) and, for the
pathological lines, seconds per 100 KB. Drafts are built from benchmarks/factcheck_bench.py's
generated drafts, repeated to size, and checked against their generated data folder.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin

HERE = Path(__file__).resolve().parent


def load_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("factcheck_bench", HERE / "factcheck_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["factcheck_bench"] = module
    spec.loader.exec_module(module)
    return module


def timed(text: str, facts: object, month: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        check_bulletin(text, facts, "draft.md", 2020, month)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,1,2,5", help="draft sizes in MB")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    bench = load_bench()
    rng = random.Random(5)
    root = Path(tempfile.mkdtemp(prefix="kpi-factcheck-scaling-"))
    try:
        data = bench.make_dataset(rng, root)
        facts = pipeline.load(pipeline.find_data_folder(data.folder)).facts
        unit = "".join(bench.draft(data, rng).text for _ in range(40))
        print("| draft | size | seconds | s/MB | s/100 KB |\n| --- | ---: | ---: | ---: | ---: |")
        for mb in (float(s) for s in args.sizes.split(",")):
            size = int(mb * 1e6)
            text = (unit * (size // len(unit.encode("utf-8")) + 1))[: size // 3]
            text = text.encode("utf-8")[:size].decode("utf-8", "ignore")
            seconds = timed(text, facts, data.month, args.repeat)
            real = len(text.encode("utf-8"))
            print(
                f"| ordinary | {real / 1e6:.2f} MB | {seconds:.2f} | {seconds / (real / 1e6):.1f}"
                f" | {seconds / (real / 1e5):.2f} |",
                flush=True,
            )
        for label, text in (
            ("`111,111,…` one line", ",".join(["111"] * 7500)),
            ("`1 1 1 …` one line", " ".join(["1"] * 50000)),
            ("`完成1个` repeated, one clause", "完成1个" * 10000),
        ):
            seconds = timed(text, facts, data.month, args.repeat)
            real = len(text.encode("utf-8"))
            print(
                f"| {label} | {real / 1e3:.0f} KB | {seconds:.2f} | {seconds / (real / 1e6):.1f}"
                f" | {seconds / (real / 1e5):.2f} |",
                flush=True,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
