"""The Dockerfile's structure (docker cannot build here): layer order, non-root user, health check, CMD."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", "", (ROOT / "Dockerfile").read_text())
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def index_of(keyword: str, contains: str) -> int:
    hits = [i for i, (k, args) in enumerate(instructions()) if k == keyword and contains in args]
    assert hits, f"no {keyword} containing {contains!r}"
    return hits[0]


def ignored_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def is_ignored(path: str) -> bool:
    """As Docker reads .dockerignore: the last pattern that matches decides, and `!pattern` lets a path back in."""
    ignored = False
    for pattern in ignored_patterns():
        keep = pattern.startswith("!")
        p = pattern[1:] if keep else pattern
        if fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/"):
            ignored = not keep
    return ignored


def test_base_image_is_python_311_slim() -> None:
    assert instructions()[0] == ("FROM", "python:3.11-slim")


def test_cpu_torch_is_installed_before_the_dependencies_and_the_source() -> None:
    torch = index_of("RUN", "torch==2.13.0")
    assert "--index-url https://download.pytorch.org/whl/cpu" in instructions()[torch][1]
    pyproject = index_of("COPY", "pyproject.toml")
    deps = index_of("RUN", "tomllib")
    source = index_of("COPY", "app ")
    assert torch < pyproject < deps < source
    copies = [args for keyword, args in instructions() if keyword == "COPY"]
    assert copies[0] == "pyproject.toml ./"  # nothing else can invalidate the dependency layer


def test_the_dependency_step_installs_exactly_the_pyproject_dependencies(monkeypatch: pytest.MonkeyPatch) -> None:
    command = shlex.split(instructions()[index_of("RUN", "tomllib")][1])
    assert command[:2] == ["python", "-c"]
    calls: list[list[str]] = []
    monkeypatch.setattr(subprocess, "check_call", lambda args: calls.append(list(args)))
    monkeypatch.chdir(ROOT)
    exec(command[2], {})  # the build's own snippet, with pip replaced by a recorder
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert len(calls) == 1 and calls[0][1:4] == ["-m", "pip", "install"]
    assert calls[0][4:] == declared


def test_everything_the_app_reads_is_copied_and_not_ignored() -> None:
    copied = {args.split()[0] for keyword, args in instructions() if keyword == "COPY"}
    # docs/language.md: the page's /language serves it
    assert copied == {"pyproject.toml", "app", "templates", "static", "docs/language.md"}
    for name in copied:
        assert (ROOT / name).exists(), name
        assert not is_ignored(name), name


def test_the_example_programs_are_copied_with_the_app() -> None:
    """The page reads them from app/examples/ at run time: no ignore pattern may drop them from the image."""
    programs = [p.relative_to(ROOT).as_posix() for p in (ROOT / "app" / "examples").glob("*.py")]
    assert len(programs) > 5
    assert [p for p in programs if is_ignored(p)] == []


def test_the_server_runs_as_a_non_root_user() -> None:
    users = [(i, args) for i, (k, args) in enumerate(instructions()) if k == "USER"]
    assert users, "no USER instruction"
    last_index, user = users[-1]
    assert user not in {"root", "0", "0:0"}
    assert all(k != "RUN" for k, _ in instructions()[last_index:]), "a RUN after USER would run as that user"
    assert index_of("RUN", "useradd") < last_index


def test_healthcheck_asks_healthz_with_python_not_curl() -> None:
    args = instructions()[index_of("HEALTHCHECK", "CMD")][1]
    options, _, command = args.partition("CMD ")
    assert "--timeout=" in options and "--interval=" in options
    exec_form: list[str] = json.loads(command)
    assert exec_form[:2] == ["python", "-c"]
    assert "http://127.0.0.1:8000/healthz" in exec_form[2]
    assert "curl" not in args and "wget" not in args
    compile(exec_form[2], "<healthcheck>", "exec")


def test_cmd_is_exec_form_uvicorn() -> None:
    cmds = [args for keyword, args in instructions() if keyword == "CMD"]
    assert len(cmds) == 1
    parsed: Any = json.loads(cmds[0])
    assert parsed == ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
    assert instructions()[-1][0] == "CMD"


@pytest.mark.parametrize(
    "path", [".git", "tests", "app/__pycache__", "app/engine/x.pyc", ".pytest_cache", ".mypy_cache", ".ruff_cache"]
)
def test_dockerignore_keeps_history_tests_and_caches_out(path: str) -> None:
    assert is_ignored(path)
