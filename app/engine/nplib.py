"""The NumPy that tutorials use beside torch: arrays made from numbers, a few creators, a seeded np.random, and the
bounds every array keeps (sized before it is made, like a tensor; the arrays a run holds at once, counted).

NumPy keeps one global random generator for the whole process: a run gets its own, seeded with the run's seed, so
`np.random.rand` draws what a fresh `python` with `np.random.seed(seed)` draws. Imports numpy, torch, the standard
library and the engine's errors and guards only.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from app.engine import guards
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded

# The run's own np.random, and the elements of the arrays it holds now (one counter per run, by its state).
_GENERATORS: weakref.WeakKeyDictionary[Any, np.random.RandomState] = weakref.WeakKeyDictionary()
_HELD: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()
# np.float32 and kin, read as np.NAME: names for dtype= and .astype().
DTYPES: dict[str, type] = {
    name: getattr(np, name)
    for name in ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool_")
}


def _release(counter: list[int], size: int) -> None:
    counter[0] -= size


V = TypeVar("V")


def held(ctx: Any, value: V) -> V:
    """Count an array the run made towards max_total_elements, as long as it lives (a view holds no data of its
    own); the array that would pass the limit is refused, and freed at once."""
    if isinstance(value, np.ndarray) and value.base is None and value.size:
        counter = _HELD.setdefault(ctx, [0])
        counter[0] += value.size
        weakref.finalize(value, _release, counter, value.size)
        most = ctx.limits.max_total_elements
        if counter[0] > most:
            raise RunLimitExceeded(f"the arrays the program holds would have more than max_total_elements={most:,}")
    return value


def _shape(ctx: Any, shape: Any, what: str) -> tuple[int, ...]:
    """A shape written as NumPy takes it (a whole number or a tuple of them), checked before anything is made."""
    dims = shape if isinstance(shape, tuple | list) else (shape,)
    if not all(isinstance(d, int | np.integer) and not isinstance(d, bool) for d in dims):
        raise ProgramRuntimeError(f"TypeError: {what}: sizes must be whole numbers")
    if any(d < 0 for d in dims):
        raise ProgramRuntimeError("ValueError: negative dimensions are not allowed")
    ctx.guard.shape([int(d) for d in dims], what)
    return tuple(int(d) for d in dims)


def _dtype(dtype: Any) -> Any:
    """A dtype given as np.float32, "float32", float or int; anything else is refused before NumPy reads it."""
    if dtype is None or dtype in (float, int, bool) or (isinstance(dtype, type) and issubclass(dtype, np.generic)):
        return dtype
    if isinstance(dtype, str | np.dtype) and np.dtype(dtype).kind in "biuf":
        return dtype
    raise ProgramRuntimeError("TypeError: dtype= takes a number type here (np.float32, 'float64', int, ...)")


def _numbers(result: np.ndarray) -> np.ndarray:
    if result.dtype.kind not in "biuf":
        raise ProgramRuntimeError(f"np.array() here holds numbers, not {result.dtype}")
    return result


# --- np.NAME ----------------------------------------------------------------------------------------------
def array(ctx: Any, data: Any, dtype: Any = None) -> np.ndarray:
    """np.array(data): nested lists of numbers (or an array, a tensor), counted like torch.tensor's data first."""
    if isinstance(data, np.ndarray):
        count, depth = data.size, data.ndim
    else:
        count, depth = guards.data_size(data, ctx.limits.max_tensor_elements)
    if depth > ctx.limits.max_tensor_dims:
        ctx.guard.shape([1] * depth, "np.array(...)")
    ctx.guard.elements(count, "np.array(...)", counted=isinstance(data, np.ndarray))
    return held(ctx, _numbers(np.array(data, dtype=_dtype(dtype))))


def zeros(ctx: Any, shape: Any, dtype: Any = float) -> np.ndarray:
    return held(ctx, np.zeros(_shape(ctx, shape, "np.zeros(...)"), dtype=_dtype(dtype)))


def ones(ctx: Any, shape: Any, dtype: Any = float) -> np.ndarray:
    return held(ctx, np.ones(_shape(ctx, shape, "np.ones(...)"), dtype=_dtype(dtype)))


def arange(ctx: Any, *args: Any, dtype: Any = None) -> np.ndarray:
    """np.arange(stop), (start, stop) or (start, stop, step), its length known before it is made."""
    if not 1 <= len(args) <= 3 or not all(isinstance(a, int | float | np.number) for a in args):
        raise ProgramRuntimeError("TypeError: np.arange() takes one to three numbers")
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) > 2 else 1)
    if step == 0:
        raise ProgramRuntimeError("ZeroDivisionError: division by zero")
    length = max(math.ceil((float(stop) - float(start)) / float(step)), 0) if math.isfinite(float(stop)) else -1
    if length < 0:
        raise ProgramRuntimeError("ValueError: Maximum allowed size exceeded")
    ctx.guard.elements(length, "np.arange(...)")
    return held(ctx, np.arange(*args, dtype=_dtype(dtype)))


def linspace(ctx: Any, start: Any, stop: Any, num: Any = 50, endpoint: bool = True, dtype: Any = None) -> np.ndarray:
    _shape(ctx, num, "np.linspace(...)")
    return held(ctx, np.linspace(start, stop, num, endpoint=endpoint, dtype=_dtype(dtype)))


# --- np.random, the run's own -------------------------------------------------------------------------------
def _generator(ctx: Any) -> np.random.RandomState:
    generator = _GENERATORS.get(ctx)
    if generator is None:
        generator = _GENERATORS[ctx] = np.random.RandomState(ctx.seed)
    return generator


def seed(ctx: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**32:
        raise ProgramRuntimeError("ValueError: Seed must be between 0 and 2**32 - 1")
    _generator(ctx).seed(value)


def drawn(name: str) -> Callable[..., Any]:
    """np.random.rand(d0, d1, ...) and randn: the sizes checked first, then drawn from the run's generator."""

    def draw(ctx: Any, *dims: Any) -> Any:
        shape = _shape(ctx, dims, f"np.random.{name}(...)")
        return held(ctx, getattr(_generator(ctx), name)(*shape))  # name is one of the table's fixed names

    return draw


# --- array methods -------------------------------------------------------------------------------------------
def method(name: str) -> Callable[..., Any]:
    """a.NAME(...): NumPy's own method; an array it makes is counted like any other."""

    def call(ctx: Any, a: np.ndarray, *args: Any, **kwargs: Any) -> Any:
        if name == "reshape":
            dims = args[0] if len(args) == 1 and isinstance(args[0], tuple | list) else args
            if not all(isinstance(d, int) for d in dims):
                raise ProgramRuntimeError("TypeError: reshape() takes whole numbers")
        if name == "astype":
            args = (_dtype(args[0]), *args[1:]) if args else args
        return held(ctx, getattr(a, name)(*args, **kwargs))  # name is one of the table's fixed names

    return call


def rows(value: Any, limit: int, what: str) -> list[Any] | None:
    """An array's rows (a loop, zip(), list() over it), counted first; None for anything else."""
    if not isinstance(value, np.ndarray):
        return None
    if not value.ndim:
        raise ProgramRuntimeError("TypeError: iteration over a 0-d array")
    if value.shape[0] > limit:
        raise RunLimitExceeded(f"{what} over {value.shape[0]:,} rows is over max_loop_iterations={limit:,}")
    return list(value)


def index(ctx: Any, a: np.ndarray, key: Any) -> Any:
    """a[key], sized before it is picked."""
    check_index(ctx, a, key)
    return held(ctx, a[key])


def check_index(ctx: Any, a: np.ndarray, key: Any) -> None:
    """A list or an integer array in a key picks whole rows, one per number: refused before they are picked."""
    keys = key if isinstance(key, tuple) else (key,)
    cap = ctx.limits.max_tensor_elements
    picked = [
        k.size if isinstance(k, np.ndarray) else guards.data_size(k, cap)[0]
        for k in keys
        if isinstance(k, list) or (isinstance(k, np.ndarray) and k.dtype != np.bool_)
    ]
    if picked:
        row = guards.footprint(a.shape[1:]) if a.ndim else 1
        ctx.guard.elements(max(picked) * row, "the indexed array", counted=max(picked) <= cap)
