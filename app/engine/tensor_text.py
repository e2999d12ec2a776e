"""Tensor -> text, byte for byte what ``repr(t)`` prints, decided in plain Python on ``t.tolist()``.

torch's formatter runs a dozen tiny tensor ops per print; plain Python on the values is much quicker for the small
plain CPU tensors learners print, and everything else is handed to ``repr(t)``.
Imports torch and the standard library only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import torch
import torch._tensor_str as _tensor_str
import torch.autograd.forward_ad as _forward_ad
from torch.overrides import has_torch_function_unary

__all__ = ["supported", "tensor_repr"]

_FLOATS = frozenset({torch.float32, torch.float64})
_SUPPORTED_DTYPES = _FLOATS | {torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool}
# (type(precision), precision, threshold, edgeitems, linewidth, sci_mode) as torch ships them; the code below bakes
# these numbers in, so any other setting goes to torch.
_DEFAULT_OPTIONS = (int, 4, 1000, 3, 80, None)
_THRESHOLD = 1000
_LINEWIDTH = 80
_PREFIX = "tensor("
_INDENT = len(_PREFIX)
# Named tensors are gone from recent torch; where they still exist, torch prints them its own way.
_has_names: Callable[[torch.Tensor], bool] | None = getattr(torch.Tensor, "has_names", None)


def supported(t: torch.Tensor) -> bool:
    """Whether tensor_repr can print ``t`` itself: a small, plain, dense CPU tensor under default print options."""
    o = _tensor_str.PRINT_OPTS
    return (
        type(t) is torch.Tensor  # subclasses and Parameter print differently
        and (type(o.precision), o.precision, o.threshold, o.edgeitems, o.linewidth, o.sci_mode) == _DEFAULT_OPTIONS
        and t.dtype in _SUPPORTED_DTYPES  # also rules out complex, half, fp8 and quantized dtypes
        and t.is_cpu  # rules out meta
        and t.layout is torch.strided  # rules out sparse
        and not t.is_nested
        and 0 < t.numel() <= _THRESHOLD  # empty tensors get a size= suffix; larger ones are summarised
        and not (t.is_neg() or t.is_conj() or t._is_zerotensor())
        and not has_torch_function_unary(t)  # torch-function modes, e.g. torch.set_default_device
        and torch._C._get_default_device() == "cpu"
        and torch._C._len_torch_dispatch_stack() == 0
        and _forward_ad._current_level < 0  # a dual level may add a tangent= suffix
        and not torch._C._functorch.is_functorch_wrapped_tensor(t)
        and not torch._is_functional_tensor(t)
        and (_has_names is None or not _has_names(t))
    )


def tensor_repr(t: torch.Tensor) -> str:
    """Exactly ``repr(t)``: computed here when ``supported(t)``, otherwise by torch."""
    if not supported(t):
        return repr(t)
    dim = t.dim()
    flat: Any = t.tolist()
    if dim == 0:
        flat = [flat]
    for _ in range(dim - 1):
        flat = [x for row in flat for x in row]
    if t.dtype in _FLOATS:
        slot, width, flat = _float_slot(flat)
    else:  # torch pads f"{v}", i.e. str(v), of ints and bools to the longest, which is the least or the greatest
        width = max(len(str(min(flat))), len(str(max(flat))))
        slot = f"%{width}s"
    return _add_suffixes(_layout(t.shape, slot, width) % tuple(flat), _suffixes(t))


def _float_slot(flat: list[float]) -> tuple[str, int, list[Any]]:
    """The %-format that writes one value as torch's _Formatter does, padded; its width; what to fill it with.

    torch decides on the nonzero finite values in float64; float32 values come out of tolist() as the same doubles,
    so min, max, their ratio and the integer test give the same answers here. ``"%9.4f" % v`` is the same
    PyOS_double_to_string call, right-justified, as torch's ``"{:.4f}".format(v)`` padded to 9.
    """
    isfinite = math.isfinite
    nonzero_finite = [v for v in flat if v and isfinite(v)]  # nan is truthy, so the isfinite test is still needed
    if not nonzero_finite:  # only zeros, nan and inf: torch keeps int mode and width 1
        return "%1s", 1, [f"{v:.0f}." if isfinite(v) else f"{v:.0f}" for v in flat]
    least, greatest = min(nonzero_finite), max(nonzero_finite)
    low, high = min(map(abs, nonzero_finite)), max(greatest, -least)
    if high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4:  # scientific: widths vary with exponents, so try all
        width = max(map(len, (("%.4e," * len(nonzero_finite))[:-1] % tuple(nonzero_finite)).split(",")))
        return f"%{width}.4e", width, flat
    # Below, a value's text only grows with its magnitude (and a minus sign): the extremes set the width.
    # Only nonzero finite values count; a wider nan, inf or -0. simply overhangs, as in torch.
    if all(map(float.is_integer, nonzero_finite)):  # "3." marks a float tensor holding whole numbers
        width = max(len(f"{least:.0f}"), len(f"{greatest:.0f}")) + 1
        if all(map(isfinite, flat)):
            return f"%{width - 1}.0f.", width, flat
        return f"%{width}s", width, [f"{v:.0f}." if isfinite(v) else f"{v:.0f}" for v in flat]  # nan, inf: no dot
    width = max(len(f"{least:.4f}"), len(f"{greatest:.4f}"))
    return f"%{width}.4f", width, flat


@functools.lru_cache(maxsize=256)
def _layout(shape: tuple[int, ...], slot: str, width: int) -> str:
    """``tensor(`` and torch's brackets for ``shape``, with a ``slot`` for each value.

    Cached: a learner's program prints the same few shapes again and again, and laying out is half the work.
    """
    if not shape:
        return _PREFIX + slot
    return _PREFIX + _nest([slot] * math.prod(shape), shape, width + 2)


def _nest(cells: list[str], shape: Sequence[int], element_length: int) -> str:
    """torch's nested brackets: rows wrapped to the line width, blocks of n dims apart by n-1 blank lines."""
    dim, size = len(shape), shape[-1]
    indent = _INDENT + dim - 1  # each level of nesting indents one more than "tensor("
    per_line = max(1, (_LINEWIDTH - indent) // element_length)
    rows = [cells[i : i + size] for i in range(0, len(cells), size)]
    if per_line >= size:
        blocks = ["[" + ", ".join(row) + "]" for row in rows]
    else:
        wrap = ",\n" + " " * (indent + 1)
        blocks = [
            "[" + wrap.join([", ".join(row[j : j + per_line]) for j in range(0, size, per_line)]) + "]" for row in rows
        ]
    for axis in range(dim - 2, -1, -1):
        size = shape[axis]
        separator = "," + "\n" * (dim - 1 - axis) + " " * (_INDENT + axis + 1)
        blocks = ["[" + separator.join(blocks[i : i + size]) + "]" for i in range(0, len(blocks), size)]
    return blocks[0]


def _suffixes(t: torch.Tensor) -> list[str]:
    """The dtype=, grad_fn= and requires_grad= suffixes, as torch._tensor_str._str_intern chooses them."""
    suffixes = []
    if t.dtype not in (torch.get_default_dtype(), torch.int64, torch.bool):
        suffixes.append(f"dtype={t.dtype}")
    try:
        grad_fn = t.grad_fn
    except RuntimeError:  # a no-grad view modified in place under no-grad: torch prints this marker
        suffixes.append("grad_fn=<Invalid>")
        return suffixes
    if grad_fn is not None:
        name = type(grad_fn).__name__
        if name == "CppFunction":
            name = grad_fn.name().rsplit("::", 1)[-1]
        suffixes.append(f"grad_fn=<{name}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return suffixes


def _add_suffixes(text: str, suffixes: list[str]) -> str:
    """torch._tensor_str._add_suffixes: append ``, suffix``, wrapping onto a new line past the line width."""
    parts = [text]
    last_line_len = len(text) - text.rfind("\n") + 1  # torch's arithmetic, off by two included
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > _LINEWIDTH:
            parts.append(",\n" + " " * _INDENT + suffix)
            last_line_len = _INDENT + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)
