"""The engine: parse, check and run autograd programs, snapshot tensors, extract the graph.

Pure torch + standard library: nothing here imports web, pydantic, Jinja or Graphviz code.
"""

from app.engine.errors import EngineError, ProgramError, RunError
from app.engine.interpreter import BackwardRequest, RunOptions, run_program
from app.engine.language import Program, parse_program
from app.engine.limits import Limits
from app.engine.result import RunResult, Step

__all__ = [
    "BackwardRequest",
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
