"""The engine: parse, check and run autograd programs, snapshot tensors, extract the graph.

Pure torch + standard library: nothing here imports web, pydantic, Jinja or Graphviz code. The names below are
imported on first use, so the plain-data modules (limits, errors, graph_data) can be imported without torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.engine.errors import EngineError, ProgramError, RunError
    from app.engine.interpreter import ExtraBackward, RunOptions, run_program
    from app.engine.language import Program, parse_program
    from app.engine.limits import Limits
    from app.engine.result import RunResult, Step

# Exported name -> the module that defines it.
_HOMES = {
    "ExtraBackward": "app.engine.interpreter",
    "EngineError": "app.engine.errors",
    "Limits": "app.engine.limits",
    "Program": "app.engine.language",
    "ProgramError": "app.engine.errors",
    "RunError": "app.engine.errors",
    "RunOptions": "app.engine.interpreter",
    "RunResult": "app.engine.result",
    "Step": "app.engine.result",
    "parse_program": "app.engine.language",
    "run_program": "app.engine.interpreter",
}

__all__ = [
    "ExtraBackward",
    "EngineError",
    "Limits",
    "Program",
    "ProgramError",
    "RunError",
    "RunOptions",
    "RunResult",
    "Step",
    "parse_program",
    "run_program",
]


def __getattr__(name: str) -> Any:
    """PEP 562: `from app.engine import run_program` imports the interpreter (and torch) only then."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
