"""The backward pass walked node by node, as autograd runs it: at each backward node the gradient arriving, its
local derivative rule in words with the real numbers, the gradient it sends along each edge, and what lands in a
leaf's `.grad`.

Recorded while the program's own backward runs, by hooks torch calls on each node before and after it computes
(`register_prehook`, `register_hook`), so the order and the numbers are autograd's own. Only small graphs are
walked (WALK_MAX_NODES), and only the backward calls the run records as steps. Imports torch and the standard
library only.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import torch

WALK_MAX_NODES = 200  # backward nodes a walked graph may have
VALUES_MAX = 64  # a gradient of up to this many elements is kept as numbers too
Values = tuple[list[int], list[float]]  # a gradient's shape and its elements, flattened
JACOBIAN_MAX = 32  # elements of a backward's target, and of a leaf, for its Jacobian to be shown
MAX_WALKS = 6  # walks kept per run: the latest ones
SHOWN_ELEMENTS = 8  # a tensor of up to this many elements is written out in full, larger ones summarised


def numbers(t: Any) -> str:
    """A gradient or operand as the walk writes it: its numbers when few, else its shape and range."""
    if t is None:
        return "None"
    if not isinstance(t, torch.Tensor):
        return _number(t)
    t = t.detach()
    if t.is_complex():
        return _spread(t, None)
    flat = _flat(t)
    return _listed(t, flat) if t.numel() <= SHOWN_ELEMENTS else _spread(t, flat)


def described(t: Any) -> tuple[str, Values | None]:
    """numbers(t), and a small gradient's shape and numbers (None for a larger or complex one), read once."""
    if not isinstance(t, torch.Tensor) or t.numel() > VALUES_MAX or t.is_complex():
        return numbers(t), None
    t = t.detach()
    flat = _flat(t)
    return (_listed(t, flat) if t.numel() <= SHOWN_ELEMENTS else _spread(t, flat)), (list(t.shape), flat)


def _flat(t: torch.Tensor) -> list[float]:
    """The elements of a real tensor as floats, in order: what `t.double().flatten().tolist()` reads, without
    making the float64 copy (a float of any width, an integer or a bool converts to a double exactly as torch
    converts it)."""
    flat = t.flatten().tolist()
    return flat if t.is_floating_point() else [float(v) for v in flat]


def _listed(t: torch.Tensor, flat: list[float]) -> str:
    text = ", ".join(_number(v) for v in flat)
    return text if t.dim() == 0 else f"[{text}]"


def _spread(t: torch.Tensor, flat: list[float] | None) -> str:
    """The shape and range of `t`, from its elements `flat` (None: read by torch, for complex values).

    The mean is the exactly rounded one, as a node's value summary gives it, where torch's running sum can
    cancel; the least and the greatest value are the elements', except where torch's own reductions decide:
    a NaN (it wins both), an infinity (no exact mean), and a zero, which may be 0.0 or -0.0 as torch happens to
    pick it."""
    low = high = mean = None
    if flat and all(map(math.isfinite, flat)):
        low, high, mean = min(flat), max(flat), math.fsum(flat) / len(flat)
    if low is None or low == 0 or high == 0:
        data = t.double()
        low = data.min().item() if low is None or low == 0 else low
        high = data.max().item() if high is None or high == 0 else high
        mean = data.mean().item() if mean is None else mean
    return f"{tuple(t.shape)}: mean {_number(mean)}, min {_number(low)}, max {_number(high)}"


def _number(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    return f"{v:.4g}"


def _saved(fn: Any, name: str) -> Any:
    try:
        return getattr(fn, "_saved_" + name)  # one of the fixed names below, never a program's
    except (AttributeError, RuntimeError):
        return None


# Placeholders for the names of a node's result and operands, filled in by the graph where the program names
# them, so a rule reads "∂c/∂b = 2·b^1".
OUT, A, B, C = "⟨out⟩", "⟨a⟩", "⟨b⟩", "⟨c⟩"
PASS_ON = "the gradient passes on unchanged"


def _named(text: str) -> str:
    """A rule written with OUT, A and B for the result and the operands, as placeholders."""
    return text.replace("OUT", OUT).replace("A", A).replace("B", B).replace("C", C)


def _binary(da: str, db: str) -> Callable[[Any], str]:
    """a ⊙ b, its derivatives written with A and B for the operands."""

    def rule(fn: Any) -> str:
        a, b = _saved(fn, "self"), _saved(fn, "other")
        constant = len(fn.next_functions) < 2 or fn.next_functions[1][0] is None
        if constant and isinstance(b, torch.Tensor) and b.numel() == 1:  # `b = a * 2`: a number
            return f"∂{OUT}/∂{A} = " + _named(da).replace(B, numbers(b))
        parts = [f"∂{OUT}/∂{A} = {_named(da)}", f"∂{OUT}/∂{B} = {_named(db)}"]
        shown = [f"{A} = {numbers(a)}" if a is not None else "", f"{B} = {numbers(b)}" if b is not None else ""]
        return "; ".join(parts) + (f", with {', '.join(s for s in shown if s)}" if any(shown) else "")

    return rule


def _unary(text: str, operand: str = "self") -> Callable[[Any], str]:
    """f(a), its derivative written with A for the operand and OUT for the result."""

    def rule(fn: Any) -> str:
        value = _saved(fn, operand)
        shown = f", with {OUT if operand == 'result' else A} = {numbers(value)}" if value is not None else ""
        return _named(text) + shown

    return rule


def _pow(fn: Any) -> str:
    n, a = _saved(fn, "exponent"), _saved(fn, "self")
    if n is None:
        return _named("∂OUT/∂A = B·A^(B−1), ∂OUT/∂B = OUT·log A")
    shown = f", with {A} = {numbers(a)}" if a is not None else ""
    return f"∂{OUT}/∂{A} = {_number(n)}·{A}^{_number(n - 1)}" + shown


def _mean(fn: Any) -> str:
    count = _saved(fn, "self_sym_numel")
    if count is None:
        return f"∂{OUT}/∂{A}ᵢ = 1/N over the dimensions averaged"
    return f"∂{OUT}/∂{A}ᵢ = 1/N = 1/{count}"


def _fixed(text: str) -> Callable[[Any], str]:
    return lambda fn: _named(text)


def _pair(both: str, first: str) -> Callable[[Any], str]:
    """a ± b: `first` when b is a constant (no gradient goes to it)."""

    def rule(fn: Any) -> str:
        constant = len(fn.next_functions) < 2 or fn.next_functions[1][0] is None
        return _named(first if constant else both)

    return rule


# Each backward node's local derivative, by the node's name; others are described by the generic rule.
RULES: dict[str, Callable[[Any], str]] = {
    "AddBackward0": _pair(f"∂OUT/∂A = 1, ∂OUT/∂B = 1: {PASS_ON}", f"∂OUT/∂A = 1: {PASS_ON}"),
    "AddBackward1": _fixed(f"∂OUT/∂A = 1: {PASS_ON}"),
    "SubBackward0": _pair("∂OUT/∂A = 1, ∂OUT/∂B = −1", f"∂OUT/∂A = 1: {PASS_ON}"),
    "SubBackward1": _fixed(f"∂OUT/∂A = 1: {PASS_ON}"),
    "RsubBackward1": _fixed("∂OUT/∂A = −1"),
    "MulBackward0": _binary("B", "A"),
    "MulBackward1": _unary("∂OUT/∂A = the constant factor"),
    "DivBackward0": _binary("1/B", "−A/B²"),
    "DivBackward1": _unary("∂OUT/∂A = 1 / the constant divisor"),
    "NegBackward0": _fixed("∂OUT/∂A = −1"),
    "PowBackward0": _pow,
    "PowBackward1": _pow,
    "MeanBackward0": _mean,
    "MeanBackward1": _mean,
    "SumBackward0": _fixed("∂OUT/∂Aᵢ = 1: every element gets the gradient"),
    "SumBackward1": _fixed("∂OUT/∂Aᵢ = 1 along the dimensions summed"),
    "ExpBackward0": _unary("∂OUT/∂A = e^A = OUT itself", "result"),
    "LogBackward0": _unary("∂OUT/∂A = 1/A"),
    "SqrtBackward0": _unary("∂OUT/∂A = 1/(2·OUT)", "result"),
    "SinBackward0": _unary("∂OUT/∂A = cos A"),
    "CosBackward0": _unary("∂OUT/∂A = −sin A"),
    "TanhBackward0": _unary("∂OUT/∂A = 1 − OUT²", "result"),
    "SigmoidBackward0": _unary("∂OUT/∂A = OUT·(1 − OUT)", "result"),
    "ReluBackward0": _unary("∂OUT/∂A = 1 where A > 0, else 0", "result"),
    "MmBackward0": _fixed("OUT = A @ B: A gets grad @ Bᵀ, B gets Aᵀ @ grad"),
    "MvBackward0": _fixed("OUT = A @ B: A gets grad ⊗ B, B gets Aᵀ @ grad"),
    "DotBackward0": _fixed("∂OUT/∂A = B, ∂OUT/∂B = A"),
    "AddmmBackward0": _fixed(
        "OUT = A + B @ C: A gets the gradient (summed to its shape), B gets grad @ Cᵀ, C gets Bᵀ @ grad"
    ),
    "MseLossBackward0": _fixed("OUT = mean((A − B)²): ∂OUT/∂A = 2·(A − B)/N"),
    "L1LossBackward0": _fixed("OUT = mean(|A − B|): ∂OUT/∂A = sign(A − B)/N"),
    "NllLossBackward0": _fixed("OUT = −mean of A at the targets: −1/N at each target class, 0 elsewhere"),
    "LogSoftmaxBackward0": _fixed("OUT = log softmax(A): ∂ = grad − softmax(A)·sum(grad)"),
    "SoftmaxBackward0": _fixed("OUT = softmax(A): ∂ = OUT·(grad − sum(grad·OUT))"),
    "BinaryCrossEntropyBackward0": _fixed("∂OUT/∂A = (A − B) / (A·(1 − A)) / N"),
    "BinaryCrossEntropyWithLogitsBackward0": _fixed("∂OUT/∂A = (σ(A) − B)/N"),
    "TBackward0": _fixed("a transpose: the gradient is transposed back"),
    "ViewBackward0": _fixed("a view: the gradient is reshaped back to A's shape"),
    "ReshapeAliasBackward0": _fixed("a reshape: the gradient is reshaped back to A's shape"),
    "ExpandBackward0": _fixed("a broadcast: the gradient is summed over the broadcast dimensions"),
    "SelectBackward0": _fixed("an index: the gradient goes to the selected element, zeros elsewhere"),
    "SliceBackward0": _fixed("a slice: the gradient goes to the sliced elements, zeros elsewhere"),
    "CloneBackward0": _fixed(f"a copy: {PASS_ON}"),
    "AccumulateGrad": lambda fn: "a leaf: the gradient is added into its .grad",
}


def rule_of(fn: Any) -> str:
    name = type(fn).__name__
    rule = RULES.get(name)
    return rule(fn) if rule is not None else f"{name} applies the chain rule of its operation"


@dataclass
class WalkStep:
    """One backward node as autograd ran it."""

    fn: Any  # the node itself, kept referenced so the graph can find it
    arrived: str  # the gradient arriving (d target / d this node's output)
    rule: str
    sent: list[tuple[Any, str]] = field(default_factory=list)  # (next node or None, the gradient sent to it)
    grad_before: str | None = None  # a leaf: its .grad before and after the gradient was added
    grad_after: str | None = None
    # The same gradients as numbers, each with its shape, when small (VALUES_MAX): the page spells out one
    # element's chain rule from them ("why is x.grad[0, 1] 0.92?").
    arrived_values: Values | None = None
    sent_values: list[Values | None] = field(default_factory=list)


@dataclass
class Walk:
    """One backward call walked: the step and line of the call, what it differentiated, its nodes in order; for
    `y.backward(v)`, the vector v and, when small, each leaf's Jacobian ∂y/∂leaf (vᵀ·J lands in its .grad)."""

    step: int
    line: int
    target: str
    steps: list[WalkStep] = field(default_factory=list)
    vector: str | None = None
    jacobians: list[Jacobian] = field(default_factory=list)


@dataclass(frozen=True)
class Jacobian:
    """∂target/∂leaf as rows (one per element of the target), and vᵀ·J: what backward(v) adds to leaf.grad."""

    leaf: torch.Tensor
    rows: list[list[float]]
    vjp: list[float]


def reachable(root: Any) -> list[Any] | None:
    """The backward nodes a backward from `root` runs, or None when there are over WALK_MAX_NODES (not walked)."""
    nodes: list[Any] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        fn = stack.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        nodes.append(fn)
        if len(nodes) > WALK_MAX_NODES:
            return None
        stack.extend(u for u, _ in fn.next_functions if u is not None)
    return nodes


def jacobian(receiver: torch.Tensor, vector: Any, nodes: list[Any]) -> list[Jacobian] | None:
    """Each leaf's Jacobian ∂receiver/∂leaf, row by row (one extra backward per element of the receiver), when
    the receiver and the leaves are small and the graph (its `nodes`) is torch's alone (no Function of the
    program)."""
    if not isinstance(vector, torch.Tensor) or not 1 < receiver.numel() <= JACOBIAN_MAX:
        return None
    if any(isinstance(fn, torch.autograd.function.BackwardCFunction) for fn in nodes):
        return None
    leaves = [fn.variable for fn in nodes if isinstance(getattr(fn, "variable", None), torch.Tensor)]
    leaves = [t for t in leaves if t.numel() <= JACOBIAN_MAX]
    if not leaves:
        return None
    rows: list[list[list[float]]] = [[] for _ in leaves]
    flat = receiver.reshape(-1)
    for i in range(flat.numel()):
        grads = torch.autograd.grad(flat[i], leaves, retain_graph=True, allow_unused=True)
        for k, (leaf, g) in enumerate(zip(leaves, grads, strict=True)):
            rows[k].append([0.0] * leaf.numel() if g is None else g.detach().double().flatten().tolist())
    v = vector.detach().double().reshape(-1).tolist()
    if len(v) != flat.numel():
        return None
    out = []
    for leaf, matrix in zip(leaves, rows, strict=True):
        vjp = [sum(v[i] * matrix[i][j] for i in range(len(v))) for j in range(leaf.numel())]
        out.append(Jacobian(leaf, matrix, vjp))
    return out


@contextmanager
def walking(
    nodes: list[Any], walk: Walk, vector: Any = None, jacobians: list[Jacobian] | None = None
) -> Iterator[None]:
    """Record `walk` while the backward that runs `nodes` (see reachable) runs inside the block."""
    walk.vector = numbers(vector) if isinstance(vector, torch.Tensor) else None
    walk.jacobians = jacobians or []
    handles = []
    # The gradient a node sends is most often the very tensor the next node receives: it is read once. Known by a
    # weak reference, so autograd's own handling of it (AccumulateGrad takes a gradient nobody else holds as the
    # leaf's .grad) is untouched; its version tells a gradient added to in place since.
    seen: dict[int, tuple[weakref.ref[torch.Tensor], int, tuple[str, Values | None]]] = {}

    def described_once(t: Any) -> tuple[str, Values | None]:
        if not isinstance(t, torch.Tensor):
            return described(t)
        kept = seen.get(id(t))
        if kept is not None and kept[0]() is t and kept[1] == t._version:
            return kept[2]
        text = described(t)
        seen[id(t)] = (weakref.ref(t), t._version, text)
        return text

    def before(fn: Any) -> Callable[[Any], None]:
        def hook(grad_outputs: Any) -> None:
            grad_before[id(fn)] = numbers(fn.variable.grad)

        return hook

    def after(fn: Any) -> Callable[[Any, Any], None]:
        def hook(grad_inputs: Any, grad_outputs: Any) -> None:
            # Run as the node finishes, with what arrived at it and what it sends: autograd runs one node at a
            # time, so the steps come in its order.
            arrived, arrived_values = described_once(grad_outputs[0] if grad_outputs else None)
            step = WalkStep(fn, arrived, rule_of(fn), arrived_values=arrived_values)
            step.grad_before = grad_before.get(id(fn))
            sent = [(nxt, described_once(g)) for (nxt, _), g in zip(fn.next_functions, grad_inputs, strict=False)]
            step.sent = [(nxt, text) for nxt, (text, _) in sent]
            step.sent_values = [kept for _, (_, kept) in sent]
            walk.steps.append(step)

        return hook

    grad_before: dict[int, str] = {}  # a leaf's node -> its .grad as the node starts, before the gradient is added
    try:
        for fn in nodes:
            handles.append(fn.register_hook(after(fn)))
            if isinstance(getattr(fn, "variable", None), torch.Tensor):
                handles.append(fn.register_prehook(before(fn)))
        yield
    finally:
        for handle in handles:
            handle.remove()
    for step in walk.steps:  # what each leaf's .grad holds once the whole backward has run
        leaf = getattr(step.fn, "variable", None)
        if isinstance(leaf, torch.Tensor):
            step.grad_after = numbers(leaf.grad)
