"""Implementations of the catalogue rows that need more than the torch function itself.

Each keeps real PyTorch semantics and adds only what the explorer needs (zeroing toggle, output capture,
limits). Imports torch and the engine's errors only.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, Protocol, cast

import torch

from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.tensor_text import tensor_repr


class Context(Protocol):
    """What these calls need from the running interpreter."""

    zero_grad: bool
    max_loop_iterations: int

    def before_backward(self, receiver: torch.Tensor, keeps_graph: bool) -> bool: ...
    def write(self, text: str) -> None: ...
    def account(self, t: torch.Tensor) -> None: ...
    def ignoring_hooks(self) -> Any: ...


def manual_seed(seed: int) -> None:
    # The generator object printed by torch.manual_seed has a memory address; a learner never needs it.
    # Only the CPU generator: torch.manual_seed also queues seeds for absent accelerators, which costs time.
    torch.default_generator.manual_seed(seed)


def context_only(*args: Any, **kwargs: Any) -> None:
    raise ProgramRuntimeError("use it as a context manager: `with torch.no_grad():`")


def backward(
    ctx: Context,
    tensor: torch.Tensor,
    gradient: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    keeps_graph = bool(create_graph if retain_graph is None else retain_graph)  # torch's own default
    if ctx.before_backward(tensor, keeps_graph):
        retain_graph = True  # the extra passes asked for this call's graph: the answer shows it as code
    tensor_backward = cast(Callable[..., None], tensor.backward)  # torch leaves Tensor.backward unannotated
    tensor_backward(gradient, retain_graph=retain_graph, create_graph=create_graph)


def autograd_grad(
    ctx: Context,
    outputs: Any,
    inputs: Any,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool | None = None,
) -> tuple[torch.Tensor | None, ...]:
    with ctx.ignoring_hooks():
        # One gradient per input, None where allow_unused found no path (torch's types do not say so).
        grads: tuple[torch.Tensor | None, ...] = torch.autograd.grad(
            outputs,
            inputs,
            grad_outputs,
            retain_graph=retain_graph,
            create_graph=create_graph,
            allow_unused=allow_unused,
        )
    return grads


def make_optimizer(cls: type[torch.optim.Optimizer]) -> Callable[..., torch.optim.Optimizer]:
    def build(params: Any, **options: Any) -> torch.optim.Optimizer:
        if isinstance(params, torch.Tensor):
            raise ProgramRuntimeError(
                f"{cls.__name__} takes a list of tensors: write torch.optim.{cls.__name__}([weights], ...) "
                "with the tensor inside [ ]"
            )
        if not isinstance(params, list | tuple) or not all(isinstance(p, torch.Tensor) for p in params):
            raise ProgramRuntimeError(f"{cls.__name__} takes a list of tensors, e.g. [w, b]")
        return cls(list(params), **options)

    build.__name__ = cls.__name__
    return build


def print_(ctx: Context, *values: Any, sep: str | None = " ", end: str | None = "\n") -> None:
    if sep is not None and not isinstance(sep, str):
        raise ProgramRuntimeError("sep must be None or a string")
    if end is not None and not isinstance(end, str):
        raise ProgramRuntimeError("end must be None or a string")
    buffer = io.StringIO()
    print(*(tensor_repr(v) if isinstance(v, torch.Tensor) else v for v in values), sep=sep, end=end, file=buffer)
    ctx.write(buffer.getvalue())


def append(ctx: Context, items: list[Any], value: Any) -> None:
    if len(items) >= ctx.max_loop_iterations:
        raise RunLimitExceeded(f"a list may hold at most max_loop_iterations={ctx.max_loop_iterations} items")
    if isinstance(value, torch.Tensor):
        ctx.account(value)
    items.append(value)


def _bounded(ctx: Context, items: list[Any], what: str) -> list[Any]:
    if len(items) > ctx.max_loop_iterations:
        raise RunLimitExceeded(f"{what} of {len(items)} items is over max_loop_iterations={ctx.max_loop_iterations}")
    return items


def _items(ctx: Context, value: Any, what: str) -> list[Any]:
    if isinstance(value, torch.Tensor):
        return _bounded(ctx, list(value.unbind(0)) if value.dim() else [], what)
    if isinstance(value, list | tuple | range):
        return _bounded(ctx, list(value), what)
    raise ProgramRuntimeError(f"{what} takes lists, tuples, ranges or tensors")


def sum_(ctx: Context, values: Any, start: Any = 0) -> Any:
    items = [start, *_items(ctx, values, "sum()")]
    if not all(isinstance(v, bool | int | float | torch.Tensor) for v in items):
        raise ProgramRuntimeError("sum() adds numbers or tensors")  # lists would grow without bound
    return sum(items[1:], start)


def enumerate_(ctx: Context, values: Any, start: int = 0) -> list[tuple[int, Any]]:
    return list(enumerate(_items(ctx, values, "enumerate()"), start))


def zip_(ctx: Context, *values: Any) -> list[tuple[Any, ...]]:
    return list(zip(*(_items(ctx, v, "zip()") for v in values), strict=False))


def empty(*size: Any, **options: Any) -> torch.Tensor:
    # Uninitialised memory could show what an earlier run left in this worker: start from zeros instead.
    return torch.zeros(*size, **options)


def legacy_tensor(*args: Any) -> torch.Tensor:
    # torch.Tensor(2, 3) would hand back uninitialised memory: different numbers on every run.
    if len(args) != 1 or not isinstance(args[0], list | tuple):
        raise ProgramRuntimeError(
            "torch.Tensor(...) is supported with data only, e.g. torch.Tensor([1, 2]); "
            "for a shape use torch.zeros(2, 3) or torch.rand(2, 3)"
        )
    return torch.Tensor(args[0])


def range_(ctx: Context, *args: int) -> range:
    if not all(type(a) is int for a in args):
        raise ProgramRuntimeError("range() takes whole numbers")
    r = range(*args)
    if len(r) > ctx.max_loop_iterations:
        raise RunLimitExceeded(
            f"range of {len(r)} numbers is over the loop limit max_loop_iterations={ctx.max_loop_iterations}"
        )
    return r
