"""The CI rules behind `kpi check`'s verdict: pure checks beyond validity.

`rules` holds the configurable rules of data/rules.yaml (each with a stable id, a severity and
an on/off default, the bulletin fact-check's policy codes among them); `plausibility` the
valid-but-unlikely figures (expressions between indicators, changes against last year or last
month); `snapshots` the figures a bulletin went out with (`kpi publish`), compared on every
later check; `verdict` the outcome: every problem, what was looked at, and the pass/fail
policy (`--strict`). No I/O: the loaders read rules.yaml and the snapshots, `checking.py` runs
the rules, and `render/check_formats.py` prints the verdict.
"""
