"""Every catalogue entry's example, run in real torch and in the engine: same printed value, same gradients.

Each example becomes a small program over two random leaves `x` and `y` (2 x 3), once per form the entry can be
written in (`torch.exp(x)`, `x.exp()`, `F.tanh(x)`). A first reference run tells what the example returns; the
compared program then prints it when Python can print it without a memory address, and back-propagates
`out.sum()` when it is differentiable, so gradients of x, y (and out) are compared too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from differential import Reference, assert_same_as_python, run_reference

from app.engine import RunOptions
from app.engine.catalogue import TABLE, Entry

PREAMBLE = (
    "import collections\n"
    "import copy\n"
    "import math\n"
    "import random\n"
    "import numpy as np\n"
    "import torch\n"
    "import torch.nn.functional as F\n"
    "\n"
    "x = torch.rand(2, 3, requires_grad=True)\n"
    "y = torch.rand(2, 3, requires_grad=True)\n"
)
SCHEDULE = "opt = torch.optim.SGD([x], lr=0.1)\nsched = torch.optim.lr_scheduler.StepLR(opt, 1)\n"
# Examples that need more than two fresh leaves, keyed by "where.name".
SETUP = {
    "node.name": "x = x * 2\n",  # a leaf has no grad_fn
    "optimizer.step": "opt = torch.optim.SGD([x, y], lr=0.1)\n(x * y).sum().backward()\n",
    "optimizer.zero_grad": "opt = torch.optim.SGD([x, y], lr=0.1)\n(x * y).sum().backward()\n",
    "tensor.grad": "(x * y).sum().backward()\n",
    "scheduler.step": SCHEDULE + "opt.step()\n",
    "scheduler.get_last_lr": SCHEDULE,
    "scheduler.state_dict": SCHEDULE,
    "optim.lr_scheduler.SequentialLR": "opt = torch.optim.SGD([x], lr=0.1)\n",
    "nn.utils.clip_grad_norm_": "(x * y).sum().backward()\n",
    "nn.utils.clip_grad_value_": "(x * y).sum().backward()\n",
}
# Results whose repr is plain text; others (optimizers, generators) print a memory address.
PRINTABLE = {
    "Tensor",
    "bool",
    "int",
    "float",
    "list",
    "tuple",
    "NoneType",
    "Size",
    "dtype",
    "str",
    "ndarray",
    "float64",
}
CALLABLE_FORMS = ("torch", "tensor", "F")
# x.reshape(3, 2) takes the sizes loose; torch.reshape(x, (3, 2)) only as one tuple.
LOOSE_SIZES = ("reshape", "permute")


@dataclass(frozen=True)
class Case:
    """One way of writing one entry's example."""

    id: str
    example: str


def forms_of(entry: Entry) -> list[Case]:
    """The example rewritten into each form the entry is reachable as: torch.NAME(x, ...), x.NAME(...), F.NAME."""
    call = ast.parse(entry.example, mode="eval").body
    forms = [w for w in entry.where if w in CALLABLE_FORMS]
    if len(forms) < 2 or not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return [Case(f"{entry.where[0]}.{entry.name}", entry.example)]
    module_call = isinstance(call.func.value, ast.Name) and call.func.value.id in ("torch", "F")
    receiver, rest = (call.args[0], call.args[1:]) if module_call else (call.func.value, call.args)
    cases = []
    for where in forms:
        if where == "tensor":
            func, args = ast.Attribute(receiver, entry.name, ast.Load()), rest
        else:
            sizes = [ast.Tuple(rest, ast.Load())] if entry.name in LOOSE_SIZES and len(rest) > 1 else rest
            func, args = ast.Attribute(ast.Name(where, ast.Load()), entry.name, ast.Load()), [receiver, *sizes]
        cases.append(Case(f"{where}.{entry.name}", ast.unparse(ast.Call(func, args, call.keywords))))
    return cases


CASES = [case for entry in TABLE if entry.example for case in forms_of(entry)]
ENTRY_OF = {case.id: entry for entry in TABLE if entry.example for case in forms_of(entry)}


def example_program(case: Case, kind: str | None = None, differentiable: bool = False) -> str:
    """The example bound to `out`; once its result kind is known, printed and back-propagated."""
    source = PREAMBLE + SETUP.get(case.id, "") + f"out = {case.example}\n"
    if kind in PRINTABLE:
        source += "print(out)\n"
    if differentiable:
        source += "out.sum().backward()\n"
    return source


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Reference]]:
    """For each entry id: the compared program and its real-torch run."""
    folder = tmp_path_factory.mktemp("catalogue")

    def write(case: Case, source: str) -> Path:
        path = folder / f"{case.id}.py"
        path.write_text(source)
        return path

    first = run_reference([(write(c, example_program(c)), 0) for c in CASES])
    final: dict[str, str] = {}
    for case in CASES:
        probe = first[(f"{case.id}.py", 0)]
        assert probe["error"] is None, f"{case.example!r} fails in real torch: {probe['error']}"
        out = probe["tensors"].get("out")
        differentiable = out is not None and out["requires_grad"]
        final[case.id] = example_program(case, probe["kinds"]["out"], differentiable)
    second = run_reference([(write(c, final[c.id]), 0) for c in CASES])
    return {key: (source, second[(f"{key}.py", 0)]) for key, source in final.items()}


def test_cases_cover_every_form() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert {"torch.exp", "tensor.exp", "F.tanh", "torch.tanh", "tensor.tanh", "torch.sum", "tensor.sum"} <= set(ids)
    assert len(ids) > len([e for e in TABLE if e.example])


@pytest.mark.slow  # every example is first run twice in real torch, in a child process
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_example_matches_torch(case: Case, programs: dict[str, tuple[str, Reference]]) -> None:
    source, expected = programs[case.id]
    assert expected["error"] is None
    assert_same_as_python(source, RunOptions(seed=0), expected, case.id)


def test_every_in_place_operation_is_flagged_as_mutating() -> None:
    """In-place methods, backward and the optimizer's step and zero_grad write to tensors or gradients: the run's
    cached snapshots must be dropped after them, or a step would show values from before the write."""
    flagged = {(where, entry.name) for entry in TABLE for where in entry.where if entry.mutates}
    in_place = {("tensor", e.name) for e in TABLE if "tensor" in e.where and e.name.endswith("_")}
    assert {("tensor", "zero_"), ("tensor", "add_"), ("tensor", "requires_grad_")} <= in_place
    required = in_place | {("optimizer", "step"), ("optimizer", "zero_grad"), ("tensor", "backward")}
    assert required - flagged == set()


@pytest.mark.parametrize("case", [c for c in CASES if not ENTRY_OF[c.id].mutates], ids=lambda c: c.id)
def test_unflagged_entries_leave_their_inputs_alone(case: Case) -> None:
    """The converse, in real torch: an entry without the flag changes no value, gradient or flag of x and y."""
    torch.manual_seed(0)
    namespace: dict[str, object] = {}
    exec(PREAMBLE + SETUP.get(case.id, ""), namespace)  # trusted: our own table's examples

    def state() -> list[tuple[object, ...]]:
        tensors = [t for t in (namespace["x"], namespace["y"]) if isinstance(t, torch.Tensor)]
        # .grad of a non-leaf is only defined after retain_grad(); reading it otherwise warns.
        return [
            (t._version, t.requires_grad, t.tolist(), t.grad.tolist() if t.grad is not None else None)
            if t.is_leaf or t.retains_grad
            else (t._version, t.requires_grad, t.tolist())
            for t in tensors
        ]

    before = state()
    eval(case.example, namespace)
    assert state() == before
