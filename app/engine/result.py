"""What a run produces: steps, final variables, output, error, and the trace the graph is built from.

Plain dataclasses; values are already plain data (see snapshot.py). Imports torch only for typing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

from app.engine.errors import EngineError

# Step kinds, in the order a statement's kind is chosen when it does several things.
STEP_KINDS = ("backward", "optimizer", "grad-change", "print", "forward", "other")


@dataclass(frozen=True)
class Binding:
    """A tensor bound to a program variable by a step (`a = x + 2` at step 3, line 4)."""

    step: int
    line: int
    name: str
    tensor: torch.Tensor


@dataclass
class Step:
    """One executed statement and the state after it."""

    index: int
    line: int
    col: int
    source: str
    kind: str
    output: str
    variables: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "line": self.line,
            "col": self.col,
            "source": self.source,
            "kind": self.kind,
            "output": self.output,
            "variables": self.variables,
        }


@dataclass
class RunResult:
    """Everything one run produced. `bindings` and `grad_of` feed the graph builder."""

    source: str
    steps: list[Step] = field(default_factory=list)
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    output: str = ""
    error: EngineError | None = None
    bindings: list[Binding] = field(default_factory=list)
    # Gradient of any tensor the run saw: `.grad` for leaves, the captured gradient for named non-leaves.
    grad_of: Callable[[torch.Tensor], torch.Tensor | None] = lambda t: None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "steps": [s.to_dict() for s in self.steps],
            "variables": self.variables,
            "output": self.output,
            "error": self.error.to_dict() if self.error else None,
        }
