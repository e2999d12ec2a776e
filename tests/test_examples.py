"""The page's example programs: one file per menu entry, each as a learner types it, and shipped with the app."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.examples import EXAMPLES, FAILING, MENU, example_by_id

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "app" / "examples"
PROGRAMS = sorted(p.stem for p in FOLDER.glob("*.py") if p.name != "__init__.py")


def test_the_menu_lists_every_program_file_once() -> None:
    ids = [id_ for id_, _title in MENU]
    assert len(set(ids)) == len(ids)
    assert sorted(ids) == PROGRAMS
    assert [e["id"] for e in EXAMPLES] == ids
    assert FAILING <= set(ids)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["id"])
def test_each_example_is_its_file_as_typed(example: dict[str, str]) -> None:
    source = example["source"]
    assert source == (FOLDER / f"{example['id']}.py").read_bytes().decode()
    assert "\r" not in source and "\t" not in source
    assert source.endswith("\n") and not source.endswith("\n\n") and not source.startswith("\n")
    assert all(line == line.rstrip() for line in source.split("\n"))
    assert example["title"].strip() == example["title"] != ""


def test_example_by_id() -> None:
    assert example_by_id("detach") is EXAMPLES[[e["id"] for e in EXAMPLES].index("detach")]
    assert example_by_id("no-such-example") is None


@pytest.mark.slow
def test_the_wheel_ships_every_example(tmp_path: Path) -> None:
    # Built from a copy: setuptools builds in the source folder and would leave build/ behind, stale files and all.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), "."]
    built = subprocess.run(command, cwd=source, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"app/examples/{id_}.py" for id_ in PROGRAMS} | {"app/examples/__init__.py"} <= names
