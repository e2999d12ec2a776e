"""The error tree and the code -> status table agree: every error class has a row, every row is an error status."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import app
from app.errors import STATUS, AppError
from app.errors_http import ApiError

APP_DIR = Path(app.__file__).resolve().parent
# The example programs are data shaped as .py files: importing one would run it.
DATA_PACKAGES = ("app.examples.",)


def _import_every_app_module() -> None:
    """Subclasses exist only once their module is imported: import the three trees, then everything else."""
    for name in ("app.engine.errors", "app.workers.errors", "app.errors_http"):
        importlib.import_module(name)
    for module in pkgutil.walk_packages([str(APP_DIR)], prefix="app."):
        if module.name.startswith(DATA_PACKAGES):
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type[AppError]) -> list[type[AppError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_every_error_class_has_a_status() -> None:
    _import_every_app_module()
    classes = [AppError, *_subclasses(AppError)]
    names = {cls.__qualname__ for cls in classes}
    # The three trees the table was written for are really walked, not silently missed.
    assert {"EngineError", "SyntaxProblem", "RunTimeout", "PoolError", "PoolBusy", "ApiError"} <= names
    missing = {f"{cls.__module__}.{cls.__qualname__}": cls.code for cls in classes if cls.code not in STATUS}
    assert missing == {}


def test_every_status_is_an_error_status() -> None:
    wrong = {code: status for code, status in STATUS.items() if not 400 <= status <= 599}
    assert wrong == {}


def _api_error_codes() -> list[tuple[str, str]]:
    """Every literal code an ApiError is raised or built with anywhere in the app: (place, code)."""
    found = []
    for path in sorted(APP_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ApiError"):
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((f"{path.relative_to(APP_DIR)}:{node.lineno}", first.value))
    return found


def test_api_errors_use_codes_of_the_table() -> None:
    """ApiError takes its code per instance, so the class walk above cannot see those codes: read the source."""
    codes = _api_error_codes()
    assert any(code == "unsupported_media_type" for _, code in codes)  # the scan finds real call sites
    assert [(place, code) for place, code in codes if code not in STATUS] == []


@pytest.mark.parametrize(
    ("error", "status"),
    [
        pytest.param("syntax_error", 400, id="refused-program"),
        pytest.param("runtime_error", 422, id="failed-run"),
        pytest.param("busy", 503, id="busy"),
        pytest.param("body_too_large", 413, id="edge"),
    ],
)
def test_status_follows_the_code(error: str, status: int) -> None:
    assert ApiError(error, "m").status == status
