"""`kpi check` in other tools: the pre-commit hook, the CI example workflow, the README."""

from __future__ import annotations

import yaml

from tests.paths import REPO

# --------------------------------------------------------------------------- integration files


def test_pre_commit_hook_definition() -> None:
    """.pre-commit-hooks.yaml offers `kpi check` as a hook, documented in the README."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    hook = by_id["kpi-check"]
    assert hook["entry"] == "kpi check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert "kpi-check" in (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_example_workflow_runs_kpi_check() -> None:
    """docs/ci/github-actions.yml is valid YAML whose steps run kpi check."""
    workflow = yaml.safe_load((REPO / "docs/ci/github-actions.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("kpi check" in str(step.get("run", "")) for step in steps)


def test_readme_documents_check_and_publish() -> None:
    """Every option of check and the publish command appear in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in (
        "kpi publish",
        "--bulletin",
        "--strict",
        "--format",
        "rules.yaml",
        "data/published/",
        "schema_version",
        "GITHUB_ACTIONS",
        "aliases",
    ):
        assert text in readme, text
