"""The shape of the house: which modules may load which libraries, and which way imports point.

Loading is checked in a fresh interpreter (sys.modules of this one already holds everything); import direction
by reading each source file's import statements with ast, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
WEB = ("fastapi", "starlette", "pydantic", "pydantic_settings", "jinja2", "uvicorn")
HEAVY = ("torch",)


def loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after a fresh interpreter runs `code`."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    child = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    return set(json.loads(child.stdout.splitlines()[-1]))


def test_loaded_after_sees_what_is_imported() -> None:
    """The probe itself can fail: importing torch shows up."""
    assert "torch" in loaded_after("import torch")


def test_settings_load_no_torch() -> None:
    assert not loaded_after("import app.settings") & set(HEAVY)


def test_plain_data_engine_modules_load_no_torch() -> None:
    loaded = loaded_after("import app.engine.limits, app.engine.errors, app.engine.graph_data")
    assert not loaded & set(HEAVY + WEB)


def test_engine_runs_a_program_without_web_libraries() -> None:
    code = (
        "import app.engine\n"
        "from app.engine import Limits, RunOptions, parse_program, run_program\n"
        "from app.engine.graph import build_graph\n"
        "limits = Limits()\n"
        "result = run_program(parse_program('x = torch.ones(2, requires_grad=True)\\ny = (x * 2).sum()\\n"
        "y.backward()\\nprint(x.grad)\\n', limits), RunOptions(), limits)\n"
        "assert result.error is None and result.output == 'tensor([2., 2.])\\n', result.output\n"
        "assert build_graph(result).nodes\n"
    )
    loaded = loaded_after(code)
    assert "torch" in loaded  # the program really ran
    assert not loaded & {*WEB, "pygraphviz", "graphviz"}


# --- import direction -------------------------------------------------------------------------------------


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, absolute; `from app import x` counts as app.x, `from . import y` is resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def sources(*patterns: str) -> list[Path]:
    found = sorted({p for pattern in patterns for p in APP.glob(pattern)})
    assert found, f"no files match {patterns}"
    return found


def test_imported_modules_reads_every_form(tmp_path: Path) -> None:
    """The reader sees plain, from, relative and function-level imports, so the checks below can fail."""
    package = tmp_path / "app" / "engine"
    package.mkdir(parents=True)
    probe = package / "probe.py"
    probe.write_text("import os\nfrom app import service\nfrom . import graph\ndef f():\n    import fastapi.routing\n")
    found = imported_modules(probe, tmp_path)
    assert {"os", "app.service", "app.engine.graph", "fastapi.routing"} <= found


@pytest.mark.parametrize("path", sources("engine/**/*.py"), ids=lambda p: p.name)
def test_engine_imports_only_itself_from_app(path: Path) -> None:
    outside = {m for m in imported_modules(path) if within(m, ("app",)) and not within(m, ("app.engine", "app.errors"))}
    outside.discard("app")  # `from app import errors` is listed as both app and app.errors
    assert not outside, f"{path.name} imports {sorted(outside)}"
    assert not {m for m in imported_modules(path) if within(m, (*WEB, "pygraphviz", "graphviz"))}


@pytest.mark.parametrize("path", sources("workers/**/*.py"), ids=lambda p: p.name)
def test_workers_import_no_engine_service_or_web(path: Path) -> None:
    forbidden = {m for m in imported_modules(path) if within(m, ("app.engine", "app.service", *WEB))}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", sources("render*.py", "render/**/*.py"), ids=lambda p: p.name)
def test_rendering_imports_no_web_library(path: Path) -> None:
    forbidden = {m for m in imported_modules(path) if within(m, WEB)}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"
