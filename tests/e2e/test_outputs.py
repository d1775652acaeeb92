"""Output targets: never an input, /dev/stdout and pipes written directly, every failure
exit 2 with a message, and `kpi publish` creating its snapshot exclusively."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.problems import UsageError
from gongshu_kpi.output import write_atomically, write_new_atomically

runner = CliRunner()


def kpi(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """kpi as its own process, as a shell would run it."""
    done: subprocess.CompletedProcess[bytes] = subprocess.run(
        [sys.executable, "-m", "gongshu_kpi", *args],
        cwd=cwd,
        timeout=60,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )
    return done


@pytest.mark.parametrize(
    "target", ["templates/newsletter.j2", "templates/new.j2", "data/targets.yaml", "data/x.md"]
)
def test_outputs_never_go_into_inputs(project: Path, target: str) -> None:
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = runner.invoke(
        app, ["report", "--data", str(project / "data"), "--output", str(project / target)]
    )
    assert result.exit_code == 2, result.output
    assert "输入" in result.output
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_check_output_never_goes_into_templates(project: Path) -> None:
    template = project / "templates" / "newsletter.j2"
    before = template.read_bytes()
    result = runner.invoke(
        app, ["check", "--data", str(project / "data"), "--output", str(template)]
    )
    assert result.exit_code == 2 and template.read_bytes() == before


def test_dev_stdout_into_a_pipe(project: Path) -> None:
    done = kpi(
        "report",
        "--output",
        "/dev/stdout",
        "--format",
        "markdown",
        cwd=project,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "产业投资" in done.stdout.decode()


def test_dev_stdout_redirected_to_a_file(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    with out.open("wb") as handle:
        done = kpi(
            "report",
            "--output",
            "/dev/stdout",
            "--format",
            "markdown",
            cwd=project,
            stdout=handle,
            stderr=subprocess.PIPE,
        )
    assert done.returncode == 0, done.stderr.decode()
    assert "产业投资" in out.read_text(encoding="utf-8")


def test_a_fifo_is_written_directly(project: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = kpi("check", "--output", str(fifo), "--format", "json", cwd=project, capture_output=True)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(received[0])["ok"] is True


def test_proc_self_mem_is_a_usage_error(project: Path) -> None:
    done = kpi("report", "--output", "/proc/self/mem", cwd=project, capture_output=True)
    assert done.returncode == 2, done.stderr.decode()
    assert "无法写入 /proc/self/mem" in done.stderr.decode()
    assert b"Traceback" not in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_usage_error(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    result = runner.invoke(
        app, ["report", "--data", str(project / "data"), "--output", str(folder / "r.md")]
    )
    assert result.exit_code == 2 and "无法写入" in result.output


def test_a_folder_refusing_new_files_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder does, also where the tests run as root: mkstemp fails."""
    import tempfile

    def refuse(*_: object, **__: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(UsageError, match=r"无法写入.*Permission denied"):
        write_atomically(tmp_path / "r.md", "x")
    assert list(tmp_path.iterdir()) == []


def test_exclusive_writes_let_exactly_one_of_many_through(tmp_path: Path) -> None:
    target = tmp_path / "2020-06.json"
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def write(n: int) -> None:
        start.wait()
        try:
            write_new_atomically(target, f"writer {n}")
            outcomes.append("ok")
        except FileExistsError:
            outcomes.append("exists")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["exists"] * 7 + ["ok"]
    assert target.read_text(encoding="utf-8").startswith("writer ")
    assert [p.name for p in tmp_path.iterdir()] == ["2020-06.json"]  # no temp file left


def test_two_concurrent_publishes_one_succeeds(project: Path) -> None:
    """Both used to succeed, the second silently replacing the first."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "gongshu_kpi", "publish", "-m", "2020-06"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    results = []
    for run in runs:
        _, stderr = run.communicate(timeout=60)
        results.append((run.returncode, stderr.decode()))
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    assert any("已发布" in text and "--force" in text for code, text in results if code == 2)
    snapshot = json.loads((project / "data" / "published" / "2020-06.json").read_text("utf-8"))
    assert snapshot["month"] == "2020-06"
    forced = kpi("publish", "-m", "2020-06", "--force", cwd=project, capture_output=True)
    assert forced.returncode == 0, forced.stderr.decode()
