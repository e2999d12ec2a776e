"""Checks made before work is done: sizes of tensors an operation would make, Python number sizes, values, and
how much work a (nested) list would give the code that walks it.

A list may hold the same list many times (`a = [a, a]` sixty times holds 2**60 items) or itself (`a.append(a)`):
every walk here visits each list once, and every size is counted with the repeats, as the work that would
follow (building a tensor, printing, comparing) does it. Imports torch, the standard library and the engine's
errors only.
"""

from __future__ import annotations

import math
import operator
import re
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

import numpy as np
import torch

from app.engine import datalib, nnguard, opguard, printopts
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.limits import Limits

_SPEC_NUMBER = re.compile(r"\d+")
# A %-format's directives (`%%` apart): their width and precision, not the numbers of the text around them.
_PERCENT_DIRECTIVE = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
MAX_FORMAT_WIDTH = 1_000
MAX_TEXT = 10_000


def _prod(values: Iterable[int]) -> int:
    return math.prod(map(int, values))


def footprint(shape: Iterable[int]) -> int:
    """What a tensor of `shape` costs to hold and to send: its elements or, past a dimension of size 0, the empty
    lists its value is written as (torch.zeros(10**7, 0) holds nothing, yet is ten million `[]`)."""
    total = 1
    for size in shape:
        if size == 0:
            return total
        total *= abs(int(size))
    return total


DICT_VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))  # d.keys() and kin
CONTAINERS = (list, tuple, set, frozenset, dict, *DICT_VIEWS)
# What iter() gives (Python's iterators over what it takes, a data loader's): only next() reads one.
ITERATORS: tuple[type, ...] = (
    *dict.fromkeys(
        type(iter(v))
        for v in cast(
            list[Iterable[Any]],
            [[], (), range(0), range(2**64), "", "é", {}, {}.keys(), {}.values(), {}.items(), set()],
        )
    ),
    datalib.LoaderIterator,  # iter(loader), enumerate(loader), zip(loader, xs)
)


_SIZED_TEXT = (*CONTAINERS, torch.Tensor)  # what Guard.printed sizes before it is printed
_HOLDING_MODULES = (*CONTAINERS, torch.nn.Module)  # what may be or hold a module, printed a line per module


def _items(container: Any) -> list[Any]:
    """What a container holds: a dict its keys and its values. (d.items() makes new tuples each time it is read:
    a walk reads each container once and keeps what it read, so no id() it went by is reused meanwhile.)"""
    return [*container.keys(), *container.values()] if isinstance(container, dict) else list(container)


# What most long lists hold (x.tolist()): a list of only these is passed over at C speed.
_NUMBERS = frozenset({bool, int, float, type(None)})
_SCALARS = _NUMBERS | {str}


def _scalars_only(items: list[Any]) -> bool:
    return set(map(type, items)) <= _SCALARS


def _contents(value: Any) -> Iterator[Any]:
    """`value` and everything its containers hold but numbers and strings, each container looked into once,
    without recursion."""
    seen: dict[int, Any] = {}  # id -> the container, kept alive
    stack = [value]
    while stack:
        v = stack.pop()
        yield v
        if isinstance(v, CONTAINERS) and id(v) not in seen:
            seen[id(v)] = v
            items = _items(v)
            if not _scalars_only(items):
                stack.extend(reversed(items))


def tensors_in(values: Iterable[Any]) -> list[torch.Tensor]:
    """The tensors in `values` and in the lists and tuples they hold (not in a torch.Size), in order, each list
    looked into once; a tensor held twice is found twice."""
    values = list(values)
    if not any(isinstance(v, CONTAINERS) for v in values):  # the common call: tensors and numbers only
        return [v for v in values if isinstance(v, torch.Tensor)]
    found: list[torch.Tensor] = []
    for v in _contents(values):
        if isinstance(v, torch.Tensor):
            found.append(v)
    return found


def data_size(value: Any, cap: int) -> tuple[int, int]:
    """How many numbers (and empty lists) a (nested) list holds, a list held twice counted twice, and how deeply
    it nests: what torch.tensor(value) would walk and build. A tensor in it counts as its footprint and dims.
    Counting stops past `cap`; a list that holds itself is past any cap."""

    def leaf(v: Any) -> tuple[int, int]:
        return (footprint(v.shape), v.dim()) if isinstance(v, torch.Tensor) else (1, 0)

    def join(items: Sequence[Any], sizes: list[tuple[int, int]]) -> tuple[int, int]:
        return max(sum(n for n, _ in sizes), 1), 1 + max((d for _, d in sizes), default=0)  # [] costs as a number

    return _fold(value, cap, leaf, join, cycle=(cap + 1, cap + 1))


def printed_size(value: Any, cap: int) -> int:
    """A lower bound of the length of str(value), found without building it; counting stops past `cap`."""

    def leaf(v: Any) -> tuple[int, int]:  # a number is at least one digit; a tensor at least "tensor()"
        if isinstance(v, str):
            return len(v), 0
        return (printopts.printed_length(v) if isinstance(v, torch.Tensor) else 1), 0

    def join(items: Sequence[Any], sizes: list[tuple[int, int]]) -> tuple[int, int]:
        return 2 + sum(n for n, _ in sizes) + 2 * max(len(items) - 1, 0), 0

    return _fold(value, cap, leaf, join, cycle=(len("[...]"), 0))[0]


def _fold(
    value: Any,
    cap: int,
    leaf: Callable[[Any], tuple[int, int]],
    join: Callable[[Sequence[Any], list[tuple[int, int]]], tuple[int, int]],
    cycle: tuple[int, int],
) -> tuple[int, int]:
    """A size of `value` made bottom-up over its lists, each list's computed once however often it is held (a
    list that holds itself, directly or not, counts `cycle` there). Sizes are capped at cap + 1, so they stay
    small numbers."""
    if not isinstance(value, CONTAINERS):
        return leaf(value)
    done: dict[int, tuple[int, int]] = {}
    walking: set[int] = set()  # lists whose items are being sized: a list met among them holds itself
    read: dict[int, list[Any]] = {}  # what each container held when first read, kept until the end
    stack: list[Any] = [value]
    while stack:
        container = stack[-1]
        key = id(container)
        if key in done:
            stack.pop()
            continue
        items = read[key] if key in read else read.setdefault(key, _items(container))
        kinds = set(map(type, items))
        if kinds <= _NUMBERS:  # x.tolist(): numbers all count alike, and there is nothing inside to walk
            size = join(items, [leaf(0)] * len(items))
        elif key not in walking:
            walking.add(key)
            stack.extend(v for v in items if isinstance(v, CONTAINERS) and id(v) not in done and id(v) not in walking)
            continue
        else:
            walking.discard(key)
            size = join(items, [(done.get(id(v), cycle) if isinstance(v, CONTAINERS) else leaf(v)) for v in items])
        stack.pop()
        done[key] = (min(size[0], cap + 1), min(size[1], cap + 1))
    return done[id(value)]


class Guard:
    """Size checks against one run's limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def elements(self, n: int, what: str, counted: bool = True) -> None:
        """Refuse `n` elements past max_tensor_elements; `counted=False`: n is a count that stopped past it."""
        if n > self.limits.max_tensor_elements:
            raise RunLimitExceeded(
                f"{what} would have {'' if counted else 'more than '}{n if counted else n - 1:,} elements; the "
                f"limit max_tensor_elements is {self.limits.max_tensor_elements:,}"
            )

    def shape(self, shape: Sequence[int], what: str) -> None:
        """Refuse a tensor of this shape: past max_tensor_dims dimensions, or past max_tensor_elements elements
        (or empty lists, for a shape with a dimension of size 0)."""
        if len(shape) > self.limits.max_tensor_dims:
            raise RunLimitExceeded(
                f"{what} would have {len(shape)} dimensions; the limit max_tensor_dims is {self.limits.max_tensor_dims}"
            )
        n = footprint(shape)
        if n > self.limits.max_tensor_elements and 0 in shape:
            raise RunLimitExceeded(
                f"{what} would have no elements but {n:,} empty rows (shape {tuple(shape)}); the limit "
                f"max_tensor_elements is {self.limits.max_tensor_elements:,}"
            )
        self.elements(n, what)

    def before_call(self, check: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Refuse an operation whose result would be too large, or that names a device, before running it."""
        _check_devices(name, args, kwargs)
        if check == "create":
            self.create(name, args, kwargs)
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
        elif check == "walk":  # sorted(), set(), list.count(): compares or hashes all its arguments hold
            for value in (*args, *kwargs.values()):
                self.walked(value, f"{name}()")
        elif check == "text":  # str(), str.format(): the text of its arguments
            for value in (*args, *kwargs.values()):
                self.printed(value, self.limits.max_output_chars, f"{name}()")
        elif check == "layer":  # nn.Linear(...): the tensors it would allocate, from its arguments
            nnguard.check_layer(self.limits, name, args, kwargs)
        elif check == "conv":  # F.conv2d, F.max_pool2d, F.embedding, F.one_hot: the result and the work
            nnguard.check_functional(self.limits, name, args, kwargs)
        elif check in ("einsum", "pieces", "nonzero", "samples", "linalg"):  # an equation, pieces, draws, cubic work
            opguard.check(self.limits, check, name, args, kwargs)

    def create(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        what = f"torch.{name}(...)"
        if name in ("tensor", "Tensor"):  # data: count what torch would walk before it walks it
            data = args[0] if args else kwargs.get("data")
            count, depth = data_size(data, self.limits.max_tensor_elements)
            if depth > self.limits.max_tensor_dims:
                self.shape([1] * depth, what)
            self.elements(count, what, counted=False)
        else:
            self.shape(_creation_shape(name, args, kwargs), what)

    def broadcast(self, tensors: list[torch.Tensor], what: str) -> None:
        if len(tensors) < 2:
            return
        shape = broadcast_shape([tuple(t.shape) for t in tensors])
        if shape is not None:  # None: torch itself reports the mismatch, in its own words
            self.shape(shape, what)

    def compare(self, left: Any, right: Any) -> None:
        """A comparison (==, <, in, ...) before it runs: tensors and arrays by the size of the result, as an
        operator; lists, tuples, sets and dicts by all they hold, which comparing them may walk."""
        if isinstance(left, SHAPED) or isinstance(right, SHAPED):
            self.broadcast(_shaped(left, right), "the comparison")
            return
        self.walked(left, "a comparison")
        self.walked(right, "a comparison")

    def index(self, t: torch.Tensor, key: Any) -> None:
        """Indexing with a list or an integer tensor picks whole rows, one per number it holds (a list of lists
        counted whole, as torch turns it into a tensor): refused before the index or the result is made."""
        keys = key if isinstance(key, tuple) else (key,)
        cap = self.limits.max_tensor_elements
        picked = [
            k.numel() if isinstance(k, torch.Tensor) else data_size(k, cap)[0]
            for k in keys
            if isinstance(k, list) or (isinstance(k, torch.Tensor) and k.dtype != torch.bool)
        ]
        if picked:
            row = footprint(t.shape[1:]) if t.dim() else 1
            self.elements(max(picked) * row, "the indexed tensor", counted=max(picked) <= cap)

    def walked(self, value: Any, what: str) -> None:
        """Refuse to walk a container holding more than max_tensor_elements items, counted with repeats (a list
        held twice is walked twice)."""
        if isinstance(value, CONTAINERS):
            limit = self.limits.max_tensor_elements
            if data_size(value, limit)[0] > limit:
                raise RunLimitExceeded(f"{what} would go through more than max_tensor_elements={limit:,} items")

    def printed(self, value: Any, limit: int, what: str) -> None:
        """Refuse to turn `value` into text longer than `limit`, found before the text is made; a module is
        printed a line per module it holds, each time it holds it."""
        if isinstance(value, _SIZED_TEXT) and printed_size(value, limit) > limit:
            raise RunLimitExceeded(f"{what} would make more than {limit:,} characters")
        for v in _contents(value) if isinstance(value, _HOLDING_MODULES) else ():
            if isinstance(v, torch.nn.Module):
                nnguard.check_tree(self.limits, v, what)

    def matmul(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        a, b = (list(args) + [kwargs.get("weight"), None])[:2]
        if not isinstance(a, SHAPED) or not isinstance(b, SHAPED):
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
        if isinstance(left, SHAPED) or isinstance(right, SHAPED):
            tensors = _shaped(left, right)
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
        if isinstance(value, torch.Tensor):  # most results: one tensor
            self.shape(value.shape, what)
            return
        for t in tensors_in([value]):
            self.shape(t.shape, what)

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
            for directive in _PERCENT_DIRECTIVE.finditer(left):
                check_format_spec(" ".join(filter(None, directive.groups())))
            self.printed(right, MAX_TEXT, "%-formatting")
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


def check_format_spec(spec: str) -> None:
    """The one check of a format spec's width and precision, before the text is made: an f-string's, each
    str.format field's (nested fields filled in) and a %-format's."""
    for number in _SPEC_NUMBER.findall(spec):
        digits = number.lstrip("0")
        if len(digits) > len(str(MAX_FORMAT_WIDTH)) or int(number) > MAX_FORMAT_WIDTH:  # int() of 5,000 digits fails
            shown = number if len(number) <= 20 else f"{number[:20]}... ({len(number):,} digits)"
            raise RunLimitExceeded(f"format width or precision {shown} is over {MAX_FORMAT_WIDTH}")


SHAPED = (torch.Tensor, np.ndarray)  # what operators broadcast: tensors, and NumPy's arrays beside them
# NumPy's values a program holds and hands on: arrays, their numbers and dtypes (np.float32, a.dtype).
NUMPY_VALUES = (np.ndarray, np.generic, np.dtype)


def _shaped(left: Any, right: Any) -> list[Any]:
    """The operands an operator broadcasts: tensors (in lists too, as torch reads them) and arrays."""
    return tensors_in([left, right]) + [v for v in (left, right) if isinstance(v, np.ndarray)]


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


def _creation_shape(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[int]:
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
        dims = [_arange_length(args, kwargs)]
    else:
        dims = []
    return [abs(d) for d in dims]


def _arange_length(args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """torch.arange's length, read as torch reads its arguments: arange(end), arange(start, end, step), or any
    of them by keyword (arange(0, end=n) starts at 0; arange(end=n) too)."""
    if len(args) == 1 and "end" not in kwargs:
        start, end, step = kwargs.get("start", 0), args[0], kwargs.get("step", 1)
    else:
        given = dict(zip(("start", "end", "step"), args, strict=False))
        start, end, step = (
            given.get(k, kwargs.get(k, default)) for k, default in (("start", 0), ("end", 0), ("step", 1))
        )
    try:
        return max(math.ceil((float(end) - float(start)) / float(step)), 0)
    except (ZeroDivisionError, TypeError, ValueError, OverflowError):
        return 0  # torch refuses these arguments itself, before allocating


def _check_devices(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Tensors live on the CPU: another device is refused in so many words (a "meta" tensor, which has no
    values, would fail only later, wherever its values are read)."""
    devices = [kwargs["device"]] if "device" in kwargs else []
    if name == "to":  # t.to("cpu"), t.to("meta", torch.float64): after the receiver, a string or index is a device
        devices += [a for a in args[1:] if isinstance(a, str | int) and not isinstance(a, bool)]
    for device in devices:
        if isinstance(device, torch.device) and device.type == "cpu":  # torch.device("cpu") made by the program
            continue
        if device is not None and not (isinstance(device, str) and _is_cpu(device)):
            raise ProgramRuntimeError(f"only the CPU is available here: device={device!r} is not supported")


def _is_cpu(device: str) -> bool:
    try:
        return torch.device(device).type == "cpu"
    except RuntimeError:
        return False


PRINTABLE = (torch.optim.Optimizer, torch.autograd.graph.Node, torch.Generator, BaseException)


# torch objects a program holds and hands to calls: an optimizer (to a schedule), a schedule, a data loader or
# dataset, the generators a module's parameters() and kin return (the language itself has no yield), and a
# random generator of the run's own (torch.Generator(), for generator=).
TORCH_OBJECTS = (
    torch.nn.Module,
    torch.optim.Optimizer,
    torch.optim.lr_scheduler.LRScheduler,
    torch.utils.data.DataLoader,
    torch.utils.data.Dataset,
    types.GeneratorType,
    torch.utils.hooks.RemovableHandle,  # a hook's handle, kept in a list to remove later
    torch.Generator,
)


# Values that are always allowed, whatever they are passed to.
_PLAIN_VALUES = (torch.Tensor, bool, int, float, str, torch.dtype, torch.Size, slice, range, torch.device)


def check_value(value: Any, where: str, printable: bool = False) -> Any:
    """Only plain data and tensors flow into torch calls; print also shows optimizers and graph nodes. Each list,
    tuple, set and dict is looked into once, however often it is held."""
    if not isinstance(value, CONTAINERS):  # most values, a tensor or a number: nothing inside to look into
        _check_one(value, where, printable)
        return value
    for v in _contents(value):
        _check_one(v, where, printable)
    return value


def _check_one(v: Any, where: str, printable: bool) -> None:
    if isinstance(v, _PLAIN_VALUES) or v is None:
        return
    if v is Ellipsis or isinstance(v, CONTAINERS) or (printable and isinstance(v, PRINTABLE)):
        return
    if isinstance(v, ITERATORS + NUMPY_VALUES) or (isinstance(v, type) and issubclass(v, np.generic)):
        return
    if isinstance(v, torch.nn.Module) or getattr(type(v), "_program_class", False):  # a model, a Dataset
        return
    if isinstance(v, TORCH_OBJECTS):
        return
    raise ProgramRuntimeError(f"{where}: a {type(v).__name__} cannot be used here")


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
