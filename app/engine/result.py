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


@dataclass(frozen=True)
class TensorView:
    """How a graph node shows a tensor at one step: the one-line summaries of its value, `.grad` and gradient
    flow, and whether it requires grad."""

    value: str | None
    grad: str | None
    grad_flow: str | None
    requires_grad: bool
    version: int = 0  # torch's version counter: how often the tensor was changed in place (an optimizer step)
    optimizer: tuple[tuple[str, str], ...] = ()  # what optimizers hold for it: ("SGD momentum_buffer", summary)


@dataclass(frozen=True)
class Inserted:
    """Code an option adds to the program: `line` is the program line it applies to (0: after the program),
    `code` what it amounts to in Python, `option` the request option that adds it."""

    option: str
    line: int
    code: str

    def to_dict(self) -> dict[str, Any]:
        return {"option": self.option, "line": self.line, "code": self.code}


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
    values: dict[str, Any] = field(default_factory=dict)  # numbers, booleans and short lists of them
    # Inside a call of the program's own function: its name, the calling line, depth, local tensors and values.
    frame: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "line": self.line,
            "col": self.col,
            "source": self.source,
            "kind": self.kind,
            "output": self.output,
            "variables": self.variables,
            "values": self.values,
            "frame": self.frame,
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
    # `.grad` of any tensor the run saw, exactly as PyTorch gives it (None for non-leaves that do not retain it).
    grad_of: Callable[[torch.Tensor], torch.Tensor | None] = lambda t: None
    # The gradient that flowed through a named non-leaf in the latest backward, and what that backward
    # differentiated (`loss`): shown as d(loss)/d(name), never as .grad.
    grad_flow_of: Callable[[torch.Tensor], torch.Tensor | None] = lambda t: None
    flow_target: str = ""
    # Statements executed, and how many of them were not recorded as steps (a long loop's are sampled).
    executed: int = 0
    unrecorded: int = 0
    # After each pass of a top-level loop, the program's numbers (loss, counters, lr): name -> one value per pass.
    series: dict[str, list[Any]] = field(default_factory=dict)
    # Code the run options added to the program, for the page to show where it applies (see Inserted).
    inserted: list[Inserted] = field(default_factory=list)
    # id(tensor) -> [(step, view)] where the named tensor's view changed; id(backward fn) -> (step, line) of the
    # backward that freed its saved tensors. Tensors the program no longer names are not followed.
    timeline: dict[int, list[tuple[int, TensorView]]] = field(default_factory=dict)
    freed_at: dict[int, tuple[int, int]] = field(default_factory=dict)
    # (origin, result, how, line): a tensor holding values of another outside its graph (detach(), .data, no_grad)
    cuts: list[tuple[torch.Tensor, torch.Tensor, str, int]] = field(default_factory=list)
    # The modules the program named, by path ("model.fc1") -> title ("fc1: Linear(3 → 4)"), and the module that
    # holds each of their parameters: id(parameter) -> path (see module_groups).
    module_groups: dict[str, str] = field(default_factory=dict)
    parameter_group: dict[int, str] = field(default_factory=dict)
    # The latest backward calls walked node by node, as autograd ran them (see walk.py).
    walks: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "steps": [s.to_dict() for s in self.steps],
            "variables": self.variables,
            "output": self.output,
            "error": self.error.to_dict() if self.error else None,
            "inserted": [i.to_dict() for i in self.inserted],
            "executed": self.executed,
            "unrecorded": self.unrecorded,
            "series": self.series,
        }
