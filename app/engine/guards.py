"""Checks made before work is done: sizes of tensors an operation would make, Python number sizes, values.

Imports torch, the standard library and the engine's errors only.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable
from typing import Any

import torch

from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.limits import Limits

_SPEC_NUMBER = re.compile(r"\d+")
MAX_FORMAT_WIDTH = 1_000
MAX_TEXT = 10_000


def _prod(values: Iterable[int]) -> int:
    return math.prod(int(v) for v in values)


def tensors_in(values: Iterable[Any]) -> list[torch.Tensor]:
    found: list[torch.Tensor] = []
    for v in values:
        if isinstance(v, torch.Tensor):
            found.append(v)
        elif isinstance(v, list | tuple) and not isinstance(v, torch.Size):
            found.extend(tensors_in(v))
    return found


class Guard:
    """Size checks against one run's limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def elements(self, n: int, what: str) -> None:
        if n > self.limits.max_tensor_elements:
            raise RunLimitExceeded(
                f"{what} would have {n:,} elements; the limit max_tensor_elements is "
                f"{self.limits.max_tensor_elements:,}"
            )

    def before_call(self, check: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Refuse an operation whose result would be too large, before running it."""
        if check == "create":
            self.elements(_creation_size(name, args, kwargs), f"torch.{name}(...)")
        elif check == "broadcast":
            self.broadcast(tensors_in(list(args) + list(kwargs.values())), name)
        elif check == "concat":
            self.elements(sum(t.numel() for t in tensors_in(args)), f"{name}(...)")
        elif check == "repeat":
            tensor, reps = args[0], _shape_args(args[1:])
            lead = [1] * max(len(reps) - tensor.dim(), 0) + list(tensor.shape)
            self.elements(_prod(lead) * _prod(reps) if len(reps) >= tensor.dim() else 0, "repeat(...)")
        elif check == "matmul":
            self.matmul(name, args, kwargs)

    def broadcast(self, tensors: list[torch.Tensor], what: str) -> None:
        if len(tensors) < 2:
            return
        shape = broadcast_shape([tuple(t.shape) for t in tensors])
        if shape is not None:  # None: torch itself reports the mismatch, in its own words
            self.elements(_prod(shape), what)

    def matmul(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        a, b = (list(args) + [kwargs.get("weight"), None])[:2]
        if not isinstance(a, torch.Tensor) or not isinstance(b, torch.Tensor):
            return
        sa, sb = tuple(a.shape), tuple(b.shape)
        if name == "outer":
            sa, sb = sa + (1,), (1,) + sb
        elif name == "linear":
            sb = sb[::-1]
        shape = matmul_shape(sa, sb)
        if shape is None:
            return  # the real call raises torch's own error
        out, inner = shape
        self.elements(_prod(out), f"{name}(...)")
        flops = _prod(out) * inner
        if flops > self.limits.max_matmul_flops:
            raise RunLimitExceeded(
                f"{name}(...) would take {flops:,} multiply-adds; the limit "
                f"max_matmul_flops is {self.limits.max_matmul_flops:,}"
            )

    def binary(self, op: type, left: Any, right: Any) -> None:
        """Check an operator before it runs: tensor results by broadcast size, ints by bit length."""
        if isinstance(left, torch.Tensor) or isinstance(right, torch.Tensor):
            tensors = tensors_in([left, right])
            if op.__name__ == "MatMult":
                if len(tensors) == 2:
                    self.matmul("matmul", (left, right), {})
            else:
                self.broadcast(tensors, "the result")
            return
        if isinstance(left, int) and isinstance(right, int):
            bits = self.limits.max_int_bits
            if op.__name__ == "Pow" and right > 0 and abs(left) > 1:
                if right * math.log2(abs(left)) > bits:
                    raise RunLimitExceeded(f"{left} ** {right} is over max_int_bits={bits} bits")

    def int_result(self, value: Any) -> Any:
        if type(value) is int and value.bit_length() > self.limits.max_int_bits:
            raise RunLimitExceeded(f"integer over max_int_bits={self.limits.max_int_bits} bits")
        return value

    def result_size(self, value: Any, what: str) -> None:
        for t in tensors_in([value]):
            self.elements(t.numel(), what)

    def text(self, op: str, left: Any, right: Any) -> str:
        """The string work learners do for printing: "-" * 20 and "a" + "b", bounded in length."""
        if op == "Add" and isinstance(left, str) and isinstance(right, str):
            result_length = len(left) + len(right)
        elif op == "Mult" and {type(left), type(right)} == {str, int}:
            text, count = (left, right) if isinstance(left, str) else (right, left)
            result_length = len(text) * max(count, 0)
        elif op == "Mod" and isinstance(left, str):  # "loss: %.3f" % value
            if "*" in left:
                raise ProgramRuntimeError("%-formatting with * widths is not supported")
            self.format_spec(left)
            result_length = len(left) + 100 * (len(right) if isinstance(right, tuple) else 1)
        else:
            raise ProgramRuntimeError("strings support + with a string, * with a whole number and % formatting")
        if result_length > MAX_TEXT:
            raise RunLimitExceeded(f"a string of {result_length:,} characters is over the limit of {MAX_TEXT:,}")
        result: str = BINARY[op](left, right)
        if len(result) > MAX_TEXT:  # %-formatting: known only once formatted (each width is at most 1,000)
            raise RunLimitExceeded(f"a string of {len(result):,} characters is over the limit of {MAX_TEXT:,}")
        return result

    def text_length(self, length: int) -> None:
        if length > self.limits.max_output_chars:
            raise RunLimitExceeded(
                f"a string of {length:,} characters is over max_output_chars={self.limits.max_output_chars:,}"
            )

    def format_spec(self, spec: str) -> None:
        for number in _SPEC_NUMBER.findall(spec):
            if int(number) > MAX_FORMAT_WIDTH:
                raise RunLimitExceeded(f"format width or precision {number} is over {MAX_FORMAT_WIDTH}")


def matmul_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[list[int], int] | None:
    """Result shape and inner size of a @ b, by torch.matmul's rules, without running anything.
    (Meta tensors would do it, but their first use imports sympy, a slow start-up.)"""
    if not a or not b:
        return None
    left, right = list(a), list(b)
    drop_left, drop_right = len(left) == 1, len(right) == 1
    if drop_left:
        left = [1] + left
    if drop_right:
        right = right + [1]
    if left[-1] != right[-2]:
        return None
    batch = broadcast_shape([tuple(left[:-2]), tuple(right[:-2])]) if len(left) > 2 or len(right) > 2 else []
    if batch is None:
        return None
    out = batch + ([] if drop_left else [left[-2]]) + ([] if drop_right else [right[-1]])
    return out, left[-1]


def broadcast_shape(shapes: list[tuple[int, ...]]) -> list[int] | None:
    """The broadcast of `shapes`, or None if they do not broadcast. (torch.broadcast_shapes would import
    sympy on first use: a slow start-up for one multiplication.)"""
    ndim = max(len(s) for s in shapes)
    out = [1] * ndim
    for shape in shapes:
        for i, size in enumerate(shape, start=ndim - len(shape)):
            if size != 1:
                if out[i] not in (1, size):
                    return None
                out[i] = size
    return out


def _shape_args(args: tuple[Any, ...]) -> list[int]:
    if len(args) == 1 and isinstance(args[0], list | tuple):
        args = tuple(args[0])
    if not all(type(a) is int for a in args):
        raise ProgramRuntimeError("sizes must be whole numbers")
    return [int(a) for a in args]


def _creation_size(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    if name in ("rand", "randn", "zeros", "ones", "empty"):
        dims = _shape_args(args) if args else _shape_args((kwargs.get("size", ()),))
    elif name == "full":
        dims = _shape_args((args[0] if args else kwargs.get("size", ()),))
    elif name == "randint":
        size = kwargs.get("size", args[-1] if args else ())
        dims = _shape_args((size,))
    elif name == "eye":
        n = args[0] if args else kwargs.get("n", 0)
        m = args[1] if len(args) > 1 else kwargs.get("m", n)
        dims = _shape_args((n, m))
    elif name == "linspace":
        steps = args[2] if len(args) > 2 else kwargs.get("steps", 0)
        dims = _shape_args((steps,))
    elif name == "arange":
        return _arange_length(args, kwargs)
    else:  # torch.tensor: its data is a literal, already bounded by the program's size
        return 0
    return _prod(abs(d) for d in dims)


def _arange_length(args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    numbers = list(args)
    if len(numbers) == 1:
        numbers = [kwargs.get("start", 0), numbers[0]]
    for key in ("start", "end", "step"):
        if key in kwargs and key != "start":
            numbers.append(kwargs[key])
    start, end = (numbers + [0, 0])[:2]
    step = numbers[2] if len(numbers) > 2 else 1
    try:
        return max(math.ceil((float(end) - float(start)) / float(step)), 0)
    except (ZeroDivisionError, TypeError, ValueError, OverflowError):
        return 0


PRINTABLE = (torch.optim.Optimizer, torch.autograd.graph.Node)


def check_value(value: Any, where: str, printable: bool = False) -> Any:
    """Only plain data and tensors flow into torch calls; print also shows optimizers and graph nodes."""
    if isinstance(value, torch.Tensor | bool | int | float | str | torch.dtype | torch.Size) or value is None:
        return value
    if printable and isinstance(value, PRINTABLE):
        return value
    if isinstance(value, list | tuple):
        for v in value:
            check_value(v, where, printable)
        return value
    if isinstance(value, dict):  # `**kwargs` of a function the program defined
        for k, v in value.items():
            check_value(k, where, printable)
            check_value(v, where, printable)
        return value
    if isinstance(value, slice) or value is Ellipsis:
        return value
    raise ProgramRuntimeError(f"{where}: a {type(value).__name__} cannot be used here")


BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "Add": operator.add,
    "Sub": operator.sub,
    "Mult": operator.mul,
    "Div": operator.truediv,
    "Pow": operator.pow,
    "MatMult": operator.matmul,
    "Mod": operator.mod,
    "FloorDiv": operator.floordiv,
}
INPLACE: dict[str, Callable[[Any, Any], Any]] = {
    "Add": operator.iadd,
    "Sub": operator.isub,
    "Mult": operator.imul,
    "Div": operator.itruediv,
    "Pow": operator.ipow,
    "MatMult": operator.imatmul,
    "Mod": operator.imod,
    "FloorDiv": operator.ifloordiv,
}
