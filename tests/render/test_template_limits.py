"""Templates cannot make huge values: refused before the C code that would build them.

Each case runs `kpi report --template` in a child process capped at 1.5 GB of address
space and 20 s of CPU, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

CAP_BYTES = 1536 << 20
CAP_SECONDS = 20


def _caps() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CAP_SECONDS, CAP_SECONDS))


def render(project: Path, source: str) -> subprocess.CompletedProcess[str]:
    template = project / "t.j2"
    template.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "gongshu_kpi", "report", "--template", str(template)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_caps,
        check=False,
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'a' * 10**10 }}",
        "{{ 10**10 * 'a' }}",
        "{{ ['a'] * 10**10 }}",
        "{{ '%999999999d'|format(1) }}",
        "{{ '%999999999d' % 1 }}",
        "{{ '%*d' % (999999999, 1) }}",
        "{{ '%.999999999f' % 1 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ '{:>{}}'.format(1, 999999999) }}",
        "{{ 'a'|center(10**10) }}",
        "{{ 'a'.ljust(10**10) }}",
        "{{ 'a'.zfill(10**10) }}",
        "{{ ('a' * 1000000)|replace('a', 'aaaa') }}",
        "{{ ('a' * 1000).replace('a', 'a' * 10000) }}",
        "{{ 2 ** (10**8) }}",
        "{{ (10**20000) * (10**20000) }}",
        "{% set x = 'a' * 1000000 %}{{ ([x] * 1000000)|join }}",
        "{% set x = 'a' * 1000000 %}{{ [x] * 1000000 }}",
        "{% for i in range(100000) %}{{ 'a' * 1000 }}{% endfor %}",
    ],
)
def test_big_values_are_refused_cheaply(project: Path, source: str) -> None:
    done = render(project, source)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert "Traceback" not in done.stderr
    assert "上限" in done.stderr or "MemoryError" in done.stderr, done.stderr[-500:]


def test_growth_by_namespace_is_stopped_by_the_memory_cap(project: Path) -> None:
    """Doubling a string in a loop passes every single check; the address-space cap ends it."""
    source = (
        "{% set ns = namespace(x='a' * 1000) %}"
        "{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}"
    )
    done = render(project, source)
    assert done.returncode == 1, done.stderr[-500:]
    assert "Traceback" not in done.stderr


def test_ordinary_templates_still_render(project: Path) -> None:
    source = (
        "{{ '=' * 20 }}\n{% for line in lines_with_data %}"
        "{{ '%-10s' % line.name }}{{ '{:>8}'.format(line.rate) }}\n{% endfor %}"
        "{{ ('ab' * 3)|replace('a', 'x')|center(12) }}"
    )
    done = render(project, source)
    assert done.returncode == 0, done.stderr
    assert "====================" in done.stdout and "60.50" in done.stdout
