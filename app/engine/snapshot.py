"""Tensor -> plain data: shape, dtype, flags, value and gradient, with large tensors summarised; and an upper
estimate of each snapshot's JSON size, worked out from shapes and dtypes before any value is read.

Non-finite floats become the strings "NaN", "Infinity" and "-Infinity", so every snapshot is valid JSON.
Imports torch, orjson and the standard library only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from json.encoder import encode_basestring_ascii
from typing import Any

import orjson
import torch

HEAD = 20  # how many leading elements a summary keeps
SMALL = 256  # up to this many elements, values are checked for NaN and infinity in Python


def same_data(a: Any, b: Any) -> bool:
    """Whether two snapshots (or parts of one) are the same plain data, as the answer would send them: `==`, which
    holds 0.0 and -0.0 equal where the tensor's text and its JSON do not, and then their JSON bytes (C-fast)."""
    if a != b:
        return False
    try:
        return orjson.dumps(a) == orjson.dumps(b)
    except TypeError:  # not plain data after all: never taken for unchanged
        return False


def encode_number(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v


def _encode(data: Any) -> Any:
    if isinstance(data, list):
        return [_encode(v) for v in data]
    return encode_number(data)


def flattened(data: Any, dim: int) -> list[Any]:
    """`t.tolist()` of a `dim`-dimensional tensor as one flat list, in the order of `t.reshape(-1).tolist()`
    (flattening the lists already read costs less than a reshape and a second read)."""
    if dim == 0:
        return [data]
    for _ in range(dim - 1):
        data = [x for row in data for x in row]
    return list(data)


def values(t: torch.Tensor) -> Any:
    """The tensor's values as nested lists (a number for 0-dim), non-finite floats encoded."""
    t = t.detach()
    data = t.tolist()
    if not t.is_floating_point() or not t.numel():
        return data
    if t.numel() <= SMALL:  # two tiny torch ops cost more than a sum here; NaN and infinity make it non-finite
        finite = math.isfinite(sum(flattened(data, t.dim())))  # (an overflow only takes the slower, exact path)
    else:
        finite = bool(torch.isfinite(t).all())
    return data if finite else _encode(data)


def summary(t: torch.Tensor) -> dict[str, Any]:
    """Statistics and a leading slice, for tensors too large to send whole."""
    t = t.detach()
    flat = t.reshape(-1)
    stats = flat.double() if t.numel() else flat
    out: dict[str, Any] = {"numel": t.numel(), "head": _encode(flat[:HEAD].tolist())}
    if t.numel() and t.dtype != torch.bool:
        out.update(
            {
                "min": encode_number(stats.min().item()),
                "max": encode_number(stats.max().item()),
                "mean": encode_number(stats.mean().item()),
                "norm": encode_number(stats.norm().item()),
            }
        )
    return out


def dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


INVALID = "Invalid"  # what torch prints as the grad_fn of a view it refuses to read


def grad_fn_of(t: torch.Tensor) -> Any:
    """t.grad_fn, or INVALID for a view made under torch.no_grad() whose base was then changed in place with grad
    mode on: torch refuses to read its grad_fn (prints it as grad_fn=<Invalid>) and raises at any use of it."""
    try:
        return t.grad_fn
    except RuntimeError:
        return INVALID


def grad_fn_name(t: torch.Tensor) -> str | None:
    fn = grad_fn_of(t)
    return fn if fn is INVALID else (type(fn).__name__ if fn is not None else None)


def is_leaf(t: torch.Tensor) -> bool:
    """t.is_leaf; False for a view whose grad_fn torch refuses to read (a view of a tensor that requires grad)."""
    return grad_fn_of(t) is not INVALID and t.is_leaf


def nested_lists(shape: Sequence[int]) -> int:
    """How many lists `t.tolist()` makes for this shape: one per row at every depth but the last."""
    lists, rows = 0, 1
    for size in shape:
        lists += rows
        rows *= size
    return lists


def shown_whole(t: torch.Tensor, max_elements: int) -> bool:
    """Whether a snapshot sends the tensor's values or a summary. A tensor with no elements can still be a great
    many empty lists (torch.zeros(100000, 0)), so those count too."""
    n = t.numel()
    return n <= max_elements and (n > 0 or nested_lists(t.shape) <= max_elements)


def tensor_snapshot(
    t: torch.Tensor, grad: torch.Tensor | None, grad_flow: torch.Tensor | None, max_elements: int
) -> dict[str, Any]:
    """Everything a learner sees of one tensor variable: `grad` is exactly `t.grad`; `grad_flow` is the gradient
    that flowed through a non-leaf in the latest backward, which PyTorch does not keep."""
    whole = shown_whole(t, max_elements)
    grad_whole = grad is None or shown_whole(grad, max_elements)
    flow_whole = grad_flow is None or shown_whole(grad_flow, max_elements)
    snap = {
        "shape": list(t.shape),
        "dtype": dtype_name(t.dtype),
        "requires_grad": t.requires_grad,
        "is_leaf": is_leaf(t),
        "grad_fn": grad_fn_name(t),
        "value": values(t) if whole else None,
        "grad": None if grad is None else (values(grad) if grad_whole else None),
        "summary": None if whole else summary(t),
        "grad_summary": None if grad is None or grad_whole else summary(grad),
    }
    if grad_flow is not None:  # sent only where there is one: most tensors of a long run have none
        snap["grad_flow"] = values(grad_flow) if flow_whole else None
        snap["grad_flow_summary"] = None if flow_whole else summary(grad_flow)
    return snap


# --- sizes: upper estimates of the JSON a snapshot becomes, so an answer is bounded as it is built -------------
# The widest number of each kind as JSON: a double ("-2.2250738585072014e-308"), the quoted "-Infinity", a bool.
FLOAT_WIDTH = 24
BOOL_WIDTH = 5
# {"numel":N,"head":[...],"min":x,"max":x,"mean":x,"norm":x}: keys and punctuation, numel, and HEAD + 4 numbers.
_SUMMARY_KEYS = 48 + 20
# The keys, quotes, braces and commas of a snapshot, its two flags and its dtype's and grad_fn's quotes.
_SNAPSHOT_KEYS = 120
_FLOW_KEYS = 40


@functools.cache
def number_width(dtype: torch.dtype) -> int:
    """The most characters one value of this dtype takes in JSON."""
    if dtype == torch.bool:
        return BOOL_WIDTH
    if dtype.is_floating_point:
        return FLOAT_WIDTH
    if dtype.is_complex:  # tolist() gives complex numbers: two doubles and their punctuation
        return 2 * FLOAT_WIDTH + 8
    try:
        info = torch.iinfo(dtype)
    except TypeError:  # quantized and other exotic dtypes
        return FLOAT_WIDTH
    return max(len(str(info.min)), len(str(info.max)))


def values_size(shape: Sequence[int], dtype: torch.dtype) -> int:
    """At most how many bytes `values()` of such a tensor takes in JSON: every number at its widest with a comma,
    every list with its brackets and a comma."""
    numel = math.prod(shape)
    return numel * (number_width(dtype) + 1) + 3 * nested_lists(shape)


def summary_size(dtype: torch.dtype) -> int:
    """At most how many bytes `summary()` takes in JSON."""
    return _SUMMARY_KEYS + (HEAD + 4) * (number_width(dtype) + 1)


def _part_size(t: torch.Tensor | None, max_elements: int) -> int:
    """A value and its summary field (one of them null), or two nulls."""
    if t is None:
        return 8
    n = t.numel()
    if n <= max_elements and n > 0:  # shown whole, and no empty rows
        return n * (number_width(t.dtype) + 1) + 3 * nested_lists(t.shape) + 4
    if shown_whole(t, max_elements):
        return values_size(t.shape, t.dtype) + 4
    return 4 + summary_size(t.dtype)


def text_size(text: str) -> int:
    """At most how many bytes a string takes in JSON: ASCII escapes are never shorter than UTF-8."""
    return len(encode_basestring_ascii(text))


def snapshot_size(
    snap: dict[str, Any],
    t: torch.Tensor,
    grad: torch.Tensor | None,
    grad_flow: torch.Tensor | None,
    max_elements: int,
) -> int:
    """At most how many bytes `snap`, made by `tensor_snapshot(t, grad, grad_flow, max_elements)`, takes in JSON:
    its values known from shapes and dtypes alone, never read."""
    size = _SNAPSHOT_KEYS + 21 * t.dim() + len(snap["dtype"]) + len(snap["grad_fn"] or "")
    size += _part_size(t, max_elements) + _part_size(grad, max_elements)
    if grad_flow is not None:
        size += _FLOW_KEYS + _part_size(grad_flow, max_elements)
    return size


def version_of(t: torch.Tensor) -> int:
    """torch's version counter of `t` (in-place changes so far); an inference tensor keeps none: 0."""
    return 0 if t.is_inference() else t._version


def value_summary(t: torch.Tensor) -> str | None:
    """The one line a graph node shows of a tensor's values: up to four numbers, else mean/min/max."""
    # A detached tensor records nothing, so no grad-mode switch is needed (it would cost more than the rest).
    try:
        t = t.detach()
        n = t.numel()
        if n == 0:
            return "empty"
        if n <= 4:
            return _listed(t.reshape(-1).tolist(), t.dim())
        if t.dtype == torch.bool:
            return f"{int(t.sum()):,} of {n:,} true"
        if n <= SMALL and not t.is_complex():  # a few numbers: quicker here than four torch ops
            return _spread([float(v) for v in t.reshape(-1).tolist()])
        s = t.double()
        return _stats(s.mean().item(), s.min().item(), s.max().item())
    except (RuntimeError, TypeError, ValueError):  # complex, sparse or quantized values: shape is enough
        return None


# Dtypes whose values() are plain numbers value_summary_of can summarise as value_summary would.
_PLAIN_DTYPES = frozenset(
    {torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.bool}
    | {torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64}
)


def value_summary_of(t: torch.Tensor, data: Any) -> str | None:
    """value_summary(t), worked out from `data`: what values(t) has just read of it (None if it read nothing),
    so a tensor whose snapshot was just made is not read a second time."""
    n = t.numel()
    if data is None or n > SMALL or t.dtype not in _PLAIN_DTYPES:
        return value_summary(t)
    if n == 0:
        return "empty"
    flat = flattened(data, t.dim())
    floating = t.is_floating_point()
    if floating:
        flat = [float(v) for v in flat]  # values() spells NaN and infinities as strings: numbers again
    if n <= 4:
        return _listed(flat, t.dim())
    if t.dtype == torch.bool:
        return f"{sum(flat):,} of {n:,} true"
    return _spread(flat if floating else [float(v) for v in flat])


def _listed(flat: list[Any], dim: int) -> str:
    text = ", ".join(_number(v) for v in flat)
    return text if dim == 0 else f"[{text}]"


def _spread(flat: list[float]) -> str:
    """The mean, min and max of a few numbers, in plain Python: quicker than four torch ops."""
    if any(map(math.isnan, flat)):  # NaN wins every reduction, as in torch
        mean = low = high = math.nan
    else:
        low, high = min(flat), max(flat)
        mean = _mean(flat) if math.isfinite(low) and math.isfinite(high) else sum(flat) / len(flat)
    return _stats(mean, low, high)


def _stats(mean: float, low: float, high: float) -> str:
    return f"mean {_number(mean)}, min {_number(low + 0.0)}, max {_number(high + 0.0)}"  # -0 shows as 0


def _mean(flat: list[float]) -> float:
    """The exactly rounded mean of finite numbers (torch's running sum can cancel 3e38 - 3e38 badly)."""
    try:
        return math.fsum(flat) / len(flat)
    except OverflowError:  # the exact sum is past the largest double
        return sum(flat) / len(flat)


def _number(v: Any) -> str:
    return format(v, ".4g") if isinstance(v, float | complex) else str(v)
