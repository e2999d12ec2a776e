"""torch.func.grad, jacrev and vmap over the program's own functions, and iter()/next() over its values.

A transform gives back a function: the program holds it as a Transformed and calls it, or transforms it again
(`vmap(grad(f))`). The program's function still runs statement by statement inside torch's transform.
Imports torch, the standard library and the engine's errors and guards only.
"""

from __future__ import annotations

import itertools
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import torch
import torch.func

from app.engine import datalib, guards
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded


@dataclass(frozen=True)
class Transformed:
    """What torch.func.grad(f), jacrev(f) or vmap(f) gives: a function the program calls, or transforms again."""

    transform: str  # "grad", "jacrev" or "vmap"
    call: Callable[..., Any]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(*args, **kwargs)


def _function(fn: Any, transform: str) -> Callable[..., Any]:
    if not callable(fn):
        raise ProgramRuntimeError(f"TypeError: {transform}() takes a function, not a {type(fn).__name__}")
    return fn  # type: ignore[no-any-return]


def grad(fn: Any, argnums: Any = 0, has_aux: bool = False) -> Transformed:
    return Transformed("grad", torch.func.grad(_function(fn, "grad"), argnums=argnums, has_aux=has_aux))


def jacrev(ctx: Any, fn: Any, argnums: Any = 0, has_aux: bool = False) -> Transformed:
    """torch.func.jacrev: one backward per element of the output, batched over an identity as large as the
    output squared, and a Jacobian of output by input elements. Both are known once the function has made its
    output, and are refused there, before any backward runs."""
    function = _function(fn, "jacrev")
    limit: int = ctx.limits.max_tensor_elements

    def sized(*args: Any, **kwargs: Any) -> Any:
        out = function(*args, **kwargs)
        made = out[0] if has_aux and isinstance(out, tuple) else out
        outputs = sum(t.numel() for t in _tensors(made))
        inputs = sum(t.numel() for t in _tensors(args))
        biggest = max(outputs * outputs, outputs * inputs)
        if biggest > limit:
            raise RunLimitExceeded(
                f"jacrev(): a Jacobian of {outputs:,} outputs by {inputs:,} inputs would make {biggest:,} elements;"
                f" the limit max_tensor_elements is {limit:,}"
            )
        return out

    return Transformed("jacrev", torch.func.jacrev(sized, argnums=argnums, has_aux=has_aux))


def _tensors(value: Any) -> list[torch.Tensor]:
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _tensors(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _tensors(v)]
    return []


def vmap(fn: Any, in_dims: Any = 0, out_dims: Any = 0) -> Transformed:
    """torch.func.vmap: the batch is as large as the tensors it goes over, which are bounded already; the
    program's function runs once over the whole batch."""
    return Transformed("vmap", torch.func.vmap(_function(fn, "vmap"), in_dims=in_dims, out_dims=out_dims))


def wrapped(t: torch.Tensor) -> bool:
    """A tensor inside grad or vmap: it has no values of its own to show (a batch stands behind a vmap's), and
    it is gone once the transform returns."""
    return bool(torch._C._functorch.is_functorch_wrapped_tensor(t))


# --- iter() and next() -------------------------------------------------------------------------------------
def iter_(ctx: Any, value: Any) -> Iterator[Any]:
    """iter(value): Python's own iterator over a list, tuple, range, string, dict, set or dict view (it makes
    nothing until next() reads it); a tensor's rows as torch makes them, counted first; a data loader's
    batches, as torch.utils.data iterates them."""
    if isinstance(value, torch.Tensor):
        if not value.dim():
            raise ProgramRuntimeError("TypeError: iteration over a 0-d tensor")
        if value.shape[0] > ctx.max_loop_iterations:
            raise RunLimitExceeded(
                f"iter() over {value.shape[0]:,} rows is over max_loop_iterations={ctx.max_loop_iterations:,}"
            )
        return iter(value.unbind(0))  # what Tensor.__iter__ does
    if isinstance(value, torch.utils.data.DataLoader):
        return datalib.Batches(value)
    if isinstance(value, torch.utils.data.Dataset):  # dataset[0], dataset[1], ... until IndexError, as Python
        return datalib.Items(value)
    if isinstance(value, (list, tuple, range, str, dict, set, frozenset, *guards.DICT_VIEWS, *guards.ITERATORS)):
        return iter(cast(Iterable[Any], value))
    raise ProgramRuntimeError(f"TypeError: '{type(value).__name__}' object is not iterable")


def remaining(value: Any, limit: int, what: str) -> list[Any] | None:
    """What an iterator still holds, for a `for` loop, list() or zip() over it: read at most one past `limit`, to
    know it is over; None for anything else."""
    if not isinstance(value, guards.ITERATORS):
        return None
    items = list(itertools.islice(cast(Iterator[Any], value), limit + 1))
    if len(items) > limit:
        raise RunLimitExceeded(f"{what} over an iterator of more than {limit:,} items is over max_loop_iterations")
    return items


def next_(iterator: Any, *default: Any) -> Any:
    """next(it) or next(it, default): Python's StopIteration when it is spent and no default is given."""
    if len(default) > 1:
        raise ProgramRuntimeError(f"TypeError: next expected at most 2 arguments, got {1 + len(default)}")
    # A generator is torch's own (model.parameters()): the language has no yield, and its generator
    # expressions make lists.
    if not isinstance(iterator, (*guards.ITERATORS, types.GeneratorType)):
        raise ProgramRuntimeError(f"TypeError: '{type(iterator).__name__}' object is not an iterator")
    items = cast(Iterator[Any], iterator)
    return next(items, default[0]) if default else next(items)
