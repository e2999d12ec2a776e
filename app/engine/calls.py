"""Implementations of the catalogue rows that need more than the torch function itself.

Each keeps real PyTorch semantics and adds only what the explorer needs (zeroing toggle, output capture,
limits). Imports torch and the engine's errors only (and the size guard's type).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import torch

from app.engine import datalib, functransforms, nnlib, nplib
from app.engine.addresses import StableAddresses
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.tensor_text import tensor_repr

if TYPE_CHECKING:
    from app.engine.guards import Guard
    from app.engine.limits import Limits


class Context(Protocol):
    """What these calls need from the running interpreter."""

    zero_grad: bool
    max_loop_iterations: int
    guard: Guard
    limits: Limits
    addresses: StableAddresses

    def before_backward(self, receiver: torch.Tensor, keeps_graph: bool) -> bool: ...
    def write(self, text: str) -> None: ...
    def account(self, t: torch.Tensor) -> None: ...
    def ignoring_hooks(self) -> Any: ...
    def walking(
        self, receiver: torch.Tensor | list[torch.Tensor], vector: Any = None
    ) -> contextlib.AbstractContextManager[Any]: ...


def manual_seed(seed: int) -> torch.Generator:
    # Only the CPU generator: torch.manual_seed also queues seeds for absent accelerators, which costs time.
    # It returns the generator, as torch.manual_seed does; printed, it shows a placeholder address.
    return torch.default_generator.manual_seed(seed)


def generator(device: Any = "cpu") -> torch.Generator:
    # A new object each call, so a program's generator is its own run's: no stream is shared between runs.
    return torch.Generator(device)


def generator_seed(g: torch.Generator, seed: Any) -> torch.Generator:
    return g.manual_seed(seed)


def context_only(*args: Any, **kwargs: Any) -> None:
    raise ProgramRuntimeError("use it as a context manager: `with torch.no_grad():`")


def backward(
    ctx: Context,
    tensor: torch.Tensor,
    gradient: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Any = None,
) -> None:
    autograd_backward(ctx, tensor, gradient, retain_graph, create_graph, inputs)


def autograd_backward(
    ctx: Context,
    tensors: Any,
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Any = None,
) -> None:
    """torch.autograd.backward, and t.backward() (one root): several roots run as one backward, as in torch, so
    a leaf reached from two of them receives their sum once. Only a single root's backward is walked."""
    roots = [tensors] if isinstance(tensors, torch.Tensor) else []
    if isinstance(tensors, list | tuple):
        roots = list(tensors)
    if not roots or not all(isinstance(t, torch.Tensor) for t in roots):
        raise ProgramRuntimeError("TypeError: backward() takes a tensor or a list of tensors")
    keeps_graph = bool(create_graph if retain_graph is None else retain_graph)  # torch's own default
    retain = [ctx.before_backward(root, keeps_graph) for root in roots]
    if any(retain):
        retain_graph = True  # the extra passes asked for this call's graph: the answer shows it as code
    vector = grad_tensors[0] if isinstance(grad_tensors, list | tuple) and len(grad_tensors) == 1 else grad_tensors
    with ctx.walking(roots[0] if len(roots) == 1 else roots, vector):
        torch.autograd.backward(
            tensors, grad_tensors, retain_graph=retain_graph, create_graph=create_graph, inputs=inputs
        )


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


# Elements of the inputs torch.autograd.gradcheck may nudge: it runs the function twice for each one.
GRADCHECK_MAX_ELEMENTS = 1_000


def gradcheck(ctx: Context, func: Any, inputs: Any, **options: Any) -> bool:
    """torch.autograd.gradcheck: the function runs 2 x (elements of the inputs) times, counted before the first."""
    tensors = [inputs] if isinstance(inputs, torch.Tensor) else list(inputs) if isinstance(inputs, list | tuple) else []
    count = sum(t.numel() for t in tensors if isinstance(t, torch.Tensor) and t.requires_grad)
    if count > GRADCHECK_MAX_ELEMENTS:
        raise RunLimitExceeded(
            f"gradcheck() would run the function {2 * count:,} times, twice for each of {count:,} input elements;"
            f" at most {GRADCHECK_MAX_ELEMENTS:,} elements here"
        )
    with ctx.ignoring_hooks():  # it returns a verdict: the gradients it computes go to no .grad
        ok: bool = torch.autograd.gradcheck(func, inputs, **options)
    return ok


def print_(ctx: Context, *values: Any, sep: str | None = " ", end: str | None = "\n") -> None:
    if sep is not None and not isinstance(sep, str):
        raise ProgramRuntimeError("sep must be None or a string")
    if end is not None and not isinstance(end, str):
        raise ProgramRuntimeError("end must be None or a string")
    for v in values:  # a list holding a list many times would print for ever: its length is known first
        ctx.guard.printed(v, ctx.limits.max_output_chars, "print()")
    buffer = io.StringIO()
    print(*(tensor_repr(v) if isinstance(v, torch.Tensor) else v for v in values), sep=sep, end=end, file=buffer)
    ctx.write(ctx.addresses.hide(buffer.getvalue(), values))


def append(ctx: Context, items: list[Any], value: Any) -> None:
    if len(items) >= ctx.max_loop_iterations:
        raise RunLimitExceeded(f"a list may hold at most max_loop_iterations={ctx.max_loop_iterations} items")
    if isinstance(value, torch.Tensor):
        ctx.account(value)
    items.append(value)


def set_add(ctx: Context, items: set[Any], value: Any) -> None:
    """set.add: at most max_loop_iterations items, as a list; a tuple key is sized before it is hashed."""
    if len(items) >= ctx.max_loop_iterations and value not in items:
        raise RunLimitExceeded(f"a set may hold at most max_loop_iterations={ctx.max_loop_iterations} items")
    if isinstance(value, torch.Tensor):
        ctx.account(value)
    items.add(value)


def _bounded(ctx: Context, count: int, what: str) -> None:
    if count > ctx.max_loop_iterations:
        raise RunLimitExceeded(f"{what} of {count} items is over max_loop_iterations={ctx.max_loop_iterations}")


def _items(ctx: Context, value: Any, what: str) -> list[Any]:
    if isinstance(value, torch.Tensor):
        rows = value.shape[0] if value.dim() else 0
        _bounded(ctx, rows, what)  # counted before the rows are made, a tensor each
        return list(value.unbind(0)) if value.dim() else []
    if isinstance(value, list | tuple | range):
        _bounded(ctx, len(value), what)
        return list(value)
    torch_items = nnlib.items_of(value, ctx.max_loop_iterations, what)  # a DataLoader, model.parameters()
    if torch_items is not None:
        return torch_items
    most = ctx.max_loop_iterations
    found = nplib.rows(value, most, what)
    found = found if found is not None else functransforms.remaining(value, most, what)  # an array, an iterator
    if found is not None:
        return found
    raise ProgramRuntimeError(f"{what} takes lists, tuples, ranges or tensors")


def sum_(ctx: Context, values: Any, start: Any = 0) -> Any:
    items = [start, *_items(ctx, values, "sum()")]
    if not all(isinstance(v, bool | int | float | torch.Tensor) for v in items):
        raise ProgramRuntimeError("sum() adds numbers or tensors")  # lists would grow without bound
    ctx.guard.broadcast([v for v in items if isinstance(v, torch.Tensor)], "sum()")
    return sum(items[1:], start)


def max_(ctx: Context, *values: Any, **options: Any) -> Any:
    return _extreme(ctx, max, values, options)


def min_(ctx: Context, *values: Any, **options: Any) -> Any:
    return _extreme(ctx, min, values, options)


def _extreme(ctx: Context, pick: Callable[..., Any], values: tuple[Any, ...], options: dict[str, Any]) -> Any:
    """Python's max() and min(): over one iterable or over their arguments, comparing items in Python (or
    their `key=`, a function); `default=` for an empty iterable."""
    what = f"{pick.__name__}()"
    if len(values) == 1 and isinstance(values[0], torch.Tensor) and values[0].dim():
        rows = values[0].shape[0]
        if rows > ctx.max_loop_iterations:
            raise RunLimitExceeded(
                f"{what} goes through a tensor's {rows:,} items one at a time, over max_loop_iterations="
                f"{ctx.max_loop_iterations}; for its {'largest' if pick is max else 'smallest'} element write "
                f"x.{pick.__name__}()"
            )
    items = list(values[0]) if len(values) == 1 and isinstance(values[0], list | tuple) else list(values)
    ctx.guard.broadcast([v for v in items if isinstance(v, torch.Tensor)], what)  # comparing tensors makes one
    for v in values:
        ctx.guard.walked(v, what)  # comparing lists walks all they hold
    return pick(*values, **options)


def divmod_(a: Any, b: Any) -> tuple[Any, Any]:
    """Python's divmod of two numbers (a tensor's is `torch.div` and `%`)."""
    if not all(isinstance(v, int | float) for v in (a, b)):
        raise ProgramRuntimeError("TypeError: divmod() takes two numbers here")
    quotient, remainder = divmod(a, b)
    return quotient, remainder


def round_(number: Any, ndigits: Any = None) -> Any:
    if ndigits is None:
        return round(number)
    if isinstance(number, int) and type(ndigits) is int and ndigits < 0:
        # Python works out 10 ** -ndigits first, which for round(1, -(2**62)) never ends; past the number's own
        # digits the answer is 0 whatever ndigits is, so those give the same answer sooner.
        ndigits = max(ndigits, -(len(str(abs(int(number)))) + 1))
    return round(number, ndigits)


def enumerate_(ctx: Context, values: Any, start: int = 0) -> list[tuple[int, Any]] | datalib.Combined:
    """(index, item) pairs; over a DataLoader or a program's Dataset, made one per pass as Python makes them
    (its batches or items are read as a loop needs them)."""
    if datalib.is_lazy(values):
        return datalib.enumerated(values, start)
    return list(enumerate(_items(ctx, values, "enumerate()"), start))


def zip_(ctx: Context, *values: Any) -> list[tuple[Any, ...]] | datalib.Combined:
    """Items side by side; with a DataLoader or a program's Dataset among them, made one per pass as Python
    makes them."""
    if any(datalib.is_lazy(v) for v in values):
        return datalib.zipped(values, lambda value: _items(ctx, value, "zip()"))
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


def device(kind: Any = "cpu", index: Any = None) -> torch.device:
    """torch.device: the CPU is the only device here (a program written for a GPU names it and moves on)."""
    name = str(kind)
    if name.split(":")[0] != "cpu" or index not in (None, 0):
        raise ProgramRuntimeError(f"only the CPU is available here, not {name!r}: use torch.device('cpu')")
    return torch.device("cpu")


def randperm(ctx: Context, n: int, **options: Any) -> torch.Tensor:
    if not isinstance(n, int) or isinstance(n, bool):
        raise ProgramRuntimeError("torch.randperm() takes a whole number")
    if n > ctx.limits.max_tensor_elements:
        raise RunLimitExceeded(f"randperm({n}) is over max_tensor_elements={ctx.limits.max_tensor_elements:,}")
    return torch.randperm(n, **options)


def set_grad_enabled(flag: Any) -> None:
    """torch.set_grad_enabled(flag) as a call: the mode from here on. The run itself is inside a grad-mode
    context, so the mode never outlives the run."""
    if not isinstance(flag, bool):
        raise ProgramRuntimeError("torch.set_grad_enabled() takes True or False")
    torch.set_grad_enabled(flag)
