"""The CI contract: README's test command is the one .ci/run runs, and it runs ruff and mypy before the tests."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dry_run(target: str) -> list[str]:
    """The commands `make <target>` would run, comments left out."""
    # Run from inside `make test` (as CI does), make would announce the directories it enters: not wanted here.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target, "PYTHON=python3"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [line.strip() for line in done.stdout.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block[1].splitlines()]
    assert "make test" in commands
    script = (ROOT / ".ci" / "run").read_text().splitlines()
    assert [line for line in script if line and not line.startswith("#")][-1] == "make test"


def test_make_test_installs_then_checks_then_tests() -> None:
    commands = dry_run("test")
    order = [
        "python3 -m pip install --quiet -e '.[dev]'",
        "python3 -m ruff check .",
        "python3 -m ruff format --check .",
        "python3 -m mypy --strict app",
        "python3 -m pytest",
    ]
    assert [commands.index(c) for c in order] == sorted(commands.index(c) for c in order)
    assert commands[-1] == "python3 -m pytest"  # every test: no marker left out


def test_the_inner_loop_skips_exactly_the_slow_tests() -> None:
    assert dry_run("test-fast") == ['python3 -m pytest -m "not slow"']


def test_the_screenshot_has_its_own_command() -> None:
    assert dry_run("screenshot")[-1] == "python3 scripts/screenshot.py"
    assert "scripts/screenshot.py" not in " ".join(dry_run("test"))
