"""The round-trip invariant: every bulletin kpi renders passes `kpi check --bulletin` clean.

Every shipped template (bulletin, bulletin_full, bulletin_en, and the repository's example
user template templates/newsletter.j2) × whole / --by org / each
--org / --share-of / --rank / --projection, on data/, on the towns fixture and on data
folders hypothesis generates: 0 errors and 0 warnings.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import REPO

runner = CliRunner()
# The example user template at the repository root ships too: it must pass its own check.
TEMPLATES = ("bulletin", "bulletin_full", "bulletin_en", str(REPO / "templates" / "newsletter.j2"))


def org_names(folder: Path) -> list[str]:
    """Every org and group orgs.yaml declares, and every 填报单位 the actuals name."""
    names: list[str] = []
    orgs_file = folder / "orgs.yaml"
    if orgs_file.is_file():
        spec = yaml.safe_load(orgs_file.read_text(encoding="utf-8"))

        def walk(entries: list[dict[str, object]]) -> None:
            for entry in entries:
                names.append(str(entry["name"]))
                names.extend(str(g) for g in entry.get("groups", []) or [])  # type: ignore[attr-defined]
                walk(entry.get("children", []) or [])  # type: ignore[arg-type]

        walk(spec["orgs"])
    for csv in sorted((folder / "actuals").glob("*.csv")):
        header, *rows = csv.read_text(encoding="utf-8-sig").splitlines()
        columns = header.split(",")
        if "填报单位" in columns:
            at = columns.index("填报单位")
            names += [cells[at] for row in rows if len(cells := row.split(",")) > at and cells[at]]
    return list(dict.fromkeys(names))


def modes(folder: Path) -> list[list[str]]:
    """The report options a bulletin is rendered with."""
    orgs = org_names(folder)
    root = "合计"
    orgs_file = folder / "orgs.yaml"
    if orgs_file.is_file():
        root = yaml.safe_load(orgs_file.read_text(encoding="utf-8")).get("root", root)
    found: list[list[str]] = [
        [],
        ["--projection"],
        ["--rank", "rate"],
        ["--rank", "yoy"],
        ["--by", "org"],
        ["--by", "org", "--rank", "rate", "--projection"],
        ["--by", "org", "--share-of", root],
    ]
    found += [["--org", org] for org in orgs if org != root]
    return found


def round_trip(folder: Path, template: str, options: list[str], out: Path) -> dict[str, object]:
    """Render a bulletin, fact-check it; the check's JSON document."""
    env = {"COLUMNS": "120", "GITHUB_ACTIONS": ""}
    rendered = runner.invoke(
        app,
        ["report", "-d", str(folder), "-t", template, *options, "-o", str(out), "-q"],
        env=env,
    )
    assert rendered.exit_code == 0, rendered.output
    checked = runner.invoke(
        app, ["check", "-d", str(folder), "-b", str(out), "-f", "json", "-q"], env=env
    )
    data: dict[str, object] = json.loads(checked.stdout)
    return data


def assert_clean(data: dict[str, object], text: str) -> None:
    problems = [
        p
        for p in data["problems"]  # type: ignore[attr-defined]
        if p["severity"] in ("error", "warning") and p["code"].startswith("bulletin")
    ]
    assert problems == [], text
    bulletin = data["bulletin"]
    assert isinstance(bulletin, dict)
    if text.strip():
        assert bulletin["checked"] > 0, text


@pytest.mark.parametrize("folder", ["data", "tests/fixtures/towns/data"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_rendered_bulletin_checks_clean(folder: str, template: str, tmp_path: Path) -> None:
    """Whole, by org, each org, share-of, rank and projection: 0 errors, 0 warnings."""
    path = REPO / folder
    for options in modes(path):
        out = tmp_path / "b.txt"
        data = round_trip(path, template, options, out)
        assert_clean(data, f"{options}\n{out.read_text(encoding='utf-8')}")


def test_towns_modes_cover_every_org() -> None:
    """The towns' modes include each org of orgs.yaml by its exact name, and its groups."""
    options = modes(REPO / "tests/fixtures/towns/data")
    orgs = {o[1] for o in options if o[:1] == ["--org"]}
    assert {"杭钢新城", "康桥健康产业园", "省级特色小镇", "其他平台", "智慧网谷小镇"} <= orgs


# --------------------------------------------------------------------------- generated folders

# Names that contain one another (产业投资 ⊂ 制造业产业投资) and orgs without the usual
# suffixes (杭钢新城) are the hazards: no suffix rule may decide what is an org.
INDICATOR_NAMES = ("产业投资", "制造业产业投资", "主营业务收入", "营业收入", "新招引企业", "税收")
ORG_NAMES = ("杭钢新城", "运河财富小镇", "康桥", "北部软件园", "上塘街道", "数字港")
UNITS = ("亿元", "万元", "家", "个")


@st.composite
def data_folders(draw: st.DrawFn) -> dict[str, object]:
    names = draw(st.lists(st.sampled_from(INDICATOR_NAMES), min_size=1, max_size=3, unique=True))
    orgs = draw(st.lists(st.sampled_from(ORG_NAMES), min_size=0, max_size=3, unique=True))
    month = draw(st.integers(min_value=1, max_value=12))
    indicators = []
    for i, name in enumerate(names):
        growth_target = draw(st.booleans()) and i > 0
        indicators.append(
            {
                "id": f"i{i}",
                "name": name,
                "unit": draw(st.sampled_from(UNITS)),
                "target": draw(st.integers(min_value=1, max_value=5000)),
                "kind": draw(st.sampled_from(["flow", "stock"])),
                **({"target_type": "growth"} if growth_target else {}),
            }
        )
    cents = st.integers(min_value=0, max_value=400_000)
    rows = []
    for ind in indicators:
        for year in (2019, 2020):
            for who in orgs or [""]:
                total = 0
                for m in range(1, month + 1):
                    # Last year's figures are positive: a zero base is a data error of its own.
                    total += draw(cents) + (1 if year == 2019 else 0)
                    value = Decimal(total).scaleb(-2)
                    rows.append((ind["name"], f"{year}-{m:02d}", f"{value:.2f}", who))
    # Sometimes an orgs.yaml: a root name, and the first two orgs in a group.
    declared = bool(orgs) and draw(st.booleans())
    return {"indicators": indicators, "orgs": orgs, "rows": rows, "declared": declared}


def write_folder(root: Path, spec: dict[str, object]) -> Path:
    folder = root / "data"
    (folder / "actuals").mkdir(parents=True)
    targets = {"year": 2020, "indicators": spec["indicators"]}
    (folder / "targets.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True), "utf-8")
    lines = ["指标,月份,数值,口径,填报单位"]
    lines += [f"{n},{m},{v},累计,{who}" for n, m, v, who in spec["rows"]]  # type: ignore[attr-defined]
    (folder / "actuals" / "all.csv").write_text("\n".join(lines) + "\n", "utf-8")
    if spec["declared"]:
        orgs: list[str] = spec["orgs"]  # type: ignore[assignment]
        entries = [
            {"name": o, **({"groups": ["重点平台"]} if i < 2 else {})} for i, o in enumerate(orgs)
        ]
        orgs_yaml = {"root": "全区", "orgs": entries}
        (folder / "orgs.yaml").write_text(yaml.safe_dump(orgs_yaml, allow_unicode=True), "utf-8")
    return folder


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    spec=data_folders(),
    template=st.sampled_from(TEMPLATES),
    mode=st.sampled_from(["whole", "by-org", "org", "group"]),
)
def test_generated_folders_round_trip(
    spec: dict[str, object], template: str, mode: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any data folder's rendered bulletin passes its own fact-check clean: the whole, by
    org, one org by its exact name, or a group of orgs.yaml."""
    root = tmp_path_factory.mktemp("gen")
    folder = write_folder(root, spec)
    orgs: list[str] = spec["orgs"]  # type: ignore[assignment]
    options = ["--projection"]
    if mode == "by-org" and orgs:
        options += ["--by", "org"]
    elif mode == "org" and orgs:
        options += ["--org", orgs[-1]]
    elif mode == "group" and len(orgs) >= 2 and spec["declared"]:
        options += ["--org", "重点平台"]
    out = root / "b.txt"
    data = round_trip(folder, template, options, out)
    assert_clean(data, out.read_text(encoding="utf-8"))


def test_verbose_lists_each_stated_figure_per_line(tmp_path: Path) -> None:
    """--verbose adds a line per bulletin line: each figure, its verdict, the right figure."""
    bulletin = tmp_path / "b.txt"
    bulletin.write_text(
        "◎ 产业投资年度目标任务46亿元，1-6月完成27.83亿元，完成率60.49%。\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["check", "-d", str(REPO / "data"), "-b", str(bulletin), "-v", "-q"], env={}
    )
    summary = [line for line in result.stdout.splitlines() if "✓" in line]
    assert summary == [
        (
            f"{bulletin}:1: 产业投资 年度目标 46亿元 ✓；产业投资 累计完成 27.83亿元 ✓；"
            "产业投资 完成率 60.49% ✗（末位） 应为 60.50%"
        )
    ]
    quiet = runner.invoke(app, ["check", "-d", str(REPO / "data"), "-b", str(bulletin), "-q"])
    assert "✓" not in quiet.stdout


def test_a_bulletin_over_the_size_limit_is_refused_with_a_message(tmp_path: Path) -> None:
    """Past 5 MB the draft is refused before it is read: exit 2, the file and the limit."""
    from gongshu_kpi.checking import MAX_BULLETIN_BYTES

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_BULLETIN_BYTES + 1))
    result = runner.invoke(app, ["check", "-d", str(REPO / "data"), "-b", str(big), "-q"])
    assert result.exit_code == 2
    assert "超过成绩单大小上限 5 MB" in result.output and str(big) in result.output
