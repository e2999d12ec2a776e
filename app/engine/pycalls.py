"""Python's own builtins and the methods of lists, dicts and strings that tutorials use, each bounded before
it allocates: items by max_loop_iterations, text by max_output_chars.

The catalogue lists them (one row each); a function the program defined reaches map(), filter() or sorted()
as a plain callable the expression evaluator made for it. Imports torch, the standard library and the engine's
errors, guards and tensor text only.
"""

from __future__ import annotations

import collections
import copy
import math
import random
import string
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from typing import Any, Protocol, cast

import torch

from app.engine import functransforms, nnguard, nnlib, nplib
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.guards import DICT_VIEWS, check_format_spec
from app.engine.limits import Limits
from app.engine.tensor_text import tensor_repr


class Context(Protocol):
    """What these calls need from the run."""

    max_loop_iterations: int
    limits: Limits
    random: random.Random  # the run's own generator, seeded with the run's seed

    def account(self, t: torch.Tensor) -> None: ...
    def affordable(self, elements: int, what: str) -> None: ...


def bounded_items(
    ctx: Context, value: Any, what: str, asked: bool = False, refusal: str = "'{}' object is not iterable"
) -> list[Any]:
    """The items of an iterable value, at most max_loop_iterations of them, counted before they are made.
    `asked`: the caller is one that asks the value's length first, as Python's list() and tuple() do.
    `refusal`: Python's TypeError for a value that is not iterable there, `{}` its type's name."""
    if isinstance(value, torch.Tensor):
        if not value.dim():
            raise ProgramRuntimeError("TypeError: iteration over a 0-d tensor")
        count = value.shape[0]
    elif isinstance(value, list | tuple | range | str | dict | set | frozenset) or isinstance(value, DICT_VIEWS):
        count = len(cast(Sized, value))
    else:
        items = nnlib.items_of(value, ctx.max_loop_iterations, what, asked)  # model.parameters(), a DataLoader
        items = items if items is not None else nplib.rows(value, ctx.max_loop_iterations, what)  # an array
        items = items if items is not None else functransforms.remaining(value, ctx.max_loop_iterations, what)
        if items is None:
            raise ProgramRuntimeError("TypeError: " + refusal.format(type(value).__name__))
        return items
    if count > ctx.max_loop_iterations:
        raise RunLimitExceeded(f"{what} over {count} items is over max_loop_iterations={ctx.max_loop_iterations}")
    return list(value.unbind(0)) if isinstance(value, torch.Tensor) else list(value)


def _text(ctx: Context, length: int) -> None:
    most = ctx.limits.max_output_chars
    if length > most:
        raise RunLimitExceeded(f"a string of {length:,} characters is over max_output_chars={most:,}")


# --- builtins -------------------------------------------------------------------------------------------
def list_(ctx: Context, value: Any = ()) -> list[Any]:
    return bounded_items(ctx, value, "list()", asked=True)


def tuple_(ctx: Context, value: Any = ()) -> tuple[Any, ...]:
    return tuple(bounded_items(ctx, value, "tuple()", asked=True))


def set_(ctx: Context, value: Any = ()) -> set[Any]:
    return set(bounded_items(ctx, value, "set()"))


def dict_(ctx: Context, value: Any = (), **named: Any) -> dict[Any, Any]:
    pairs = bounded_items(ctx, value.items() if isinstance(value, dict) else value, "dict()")
    out = dict(pairs)
    out.update(named)
    return out


def sorted_(ctx: Context, value: Any, key: Callable[[Any], Any] | None = None, reverse: bool = False) -> list[Any]:
    return sorted(bounded_items(ctx, value, "sorted()", asked=True), key=key, reverse=reverse)


def reversed_(ctx: Context, value: Any) -> list[Any]:
    return list(reversed(bounded_items(ctx, value, "reversed()")))


def any_(ctx: Context, value: Any) -> bool:
    return any(bounded_items(ctx, value, "any()"))


def all_(ctx: Context, value: Any) -> bool:
    return all(bounded_items(ctx, value, "all()"))


def map_(ctx: Context, fn: Callable[..., Any], *values: Any) -> list[Any]:
    columns = [bounded_items(ctx, v, "map()") for v in values]
    return [fn(*row) for row in zip(*columns, strict=False)]


def filter_(ctx: Context, fn: Callable[[Any], Any] | None, value: Any) -> list[Any]:
    return [v for v in bounded_items(ctx, value, "filter()") if (fn(v) if fn is not None else v)]


def str_(ctx: Context, value: Any = "") -> str:
    text = tensor_repr(value) if isinstance(value, torch.Tensor) else str(value)
    _text(ctx, len(text))
    return text


# --- list, dict and str methods ---------------------------------------------------------------------------
def extend(ctx: Context, items: list[Any], more: Any) -> None:
    new = bounded_items(ctx, more, "extend()", asked=True)
    if len(items) + len(new) > ctx.max_loop_iterations:
        raise RunLimitExceeded(f"a list may hold at most max_loop_iterations={ctx.max_loop_iterations} items")
    for value in new:
        if isinstance(value, torch.Tensor):
            ctx.account(value)
    items.extend(new)


def insert(ctx: Context, items: list[Any], index: int, value: Any) -> None:
    if len(items) >= ctx.max_loop_iterations:
        raise RunLimitExceeded(f"a list may hold at most max_loop_iterations={ctx.max_loop_iterations} items")
    items.insert(index, value)


def update(ctx: Context, target: dict[Any, Any], other: Any = (), **named: Any) -> None:
    target.update(dict_(ctx, other, **named))
    if len(target) > ctx.max_loop_iterations:
        raise RunLimitExceeded(f"a dict may hold at most max_loop_iterations={ctx.max_loop_iterations} items")


def setdefault(ctx: Context, target: dict[Any, Any], key: Any, default: Any = None) -> Any:
    if key not in target and len(target) >= ctx.max_loop_iterations:
        raise RunLimitExceeded(f"a dict may hold at most max_loop_iterations={ctx.max_loop_iterations} items")
    return target.setdefault(key, default)


def join(ctx: Context, separator: str, values: Any) -> str:
    parts = bounded_items(ctx, values, "join()")
    if not all(isinstance(p, str) for p in parts):
        bad = next(p for p in parts if not isinstance(p, str))
        raise ProgramRuntimeError(f"TypeError: sequence item: expected str instance, {type(bad).__name__} found")
    _text(ctx, sum(map(len, parts)) + len(separator) * max(len(parts) - 1, 0))
    return separator.join(parts)


def replace(ctx: Context, text: str, old: str, new: str, count: int = -1) -> str:
    times = text.count(old) if old else len(text) + 1
    if count >= 0:
        times = min(times, count)
    _text(ctx, len(text) + times * (len(new) - len(old)))
    return text.replace(old, new, count)


def padded(method: str) -> Callable[..., str]:
    """center, ljust, rjust, zfill: the width is checked before the string is made."""

    def pad(ctx: Context, text: str, width: int, *fill: str) -> str:
        _text(ctx, width)
        result: str = getattr(text, method)(width, *fill)  # method is one of four names fixed in the catalogue
        return result

    return pad


def format_(ctx: Context, template: str, *args: Any, **kwargs: Any) -> str:
    """str.format with plain fields only: `{}`, `{0}`, `{name}`, each with a format spec (`{:>{width}}` too); no
    attribute or index access inside a field, which could reach an object's internals."""
    check_format_fields(template)
    for value in (*args, *kwargs.values()):
        if isinstance(value, torch.Tensor) and value.dim():
            raise ProgramRuntimeError("a tensor with dimensions cannot be formatted: print it, or format .item()")
    return _BoundedFormatter(ctx.limits.max_output_chars).vformat(template, args, kwargs)


class _BoundedFormatter(string.Formatter):
    """str.format as Python works it out, with each field's spec (its nested fields filled in) checked before
    it is applied, and the text counted as it is made: refused once it passes `most` characters."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.length = 0

    def parse(self, format_string: str) -> Iterable[tuple[str, str | None, str | None, str | None]]:
        for literal, field, spec, conversion in super().parse(format_string):
            self._grow(len(literal))
            yield literal, field, spec, conversion

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, int) and key >= len(args):  # str.format's own words
            raise IndexError(f"Replacement index {key} out of range for positional args tuple")
        return args[key] if isinstance(key, int) else kwargs[key]

    def format_field(self, value: Any, format_spec: str) -> str:
        check_format_spec(format_spec)
        text = format(value, format_spec)
        self._grow(len(text))
        return text

    def _grow(self, length: int) -> None:
        self.length += length
        if self.length > self.most:
            raise RunLimitExceeded(f"str.format() would make more than max_output_chars={self.most:,} characters")


def check_format_fields(template: str) -> None:
    """Refuse a str.format template whose fields, nested ones in a spec too, reach into objects (`{0.__class__}`,
    `{x[0]}`, `{:{w.x}}`)."""
    pending = [template]
    while pending:  # each spec is shorter than the text it is in
        text = pending.pop()
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as e:
            raise ProgramRuntimeError(f"ValueError: {e}") from None
        for _, field, spec, _ in parsed:
            if field is not None and ("." in field or "[" in field):
                raise ProgramRuntimeError(f"format field {{{field}}}: attribute and index access are not supported")
            if spec and "{" in spec:
                pending.append(spec)


# --- math and random --------------------------------------------------------------------------------------
def math_pow(base: float, exponent: float) -> float:
    if isinstance(base, int) and isinstance(exponent, int) and abs(exponent) > 10_000:
        raise RunLimitExceeded("math.pow with a whole exponent over 10,000 is not worked out")
    return math.pow(base, exponent)


def seeded(name: str) -> Callable[..., Any]:
    """random.NAME on the run's own generator: each run starts from its seed, never from another's state."""

    def call(ctx: Context, *args: Any, **kwargs: Any) -> Any:
        if name in ("choice", "shuffle", "sample") and args:
            bounded_items(ctx, args[0], f"random.{name}()")
        if name == "seed" and args and not isinstance(args[0], int | float | str | None):
            raise ProgramRuntimeError("random.seed() takes a number or a string")
        return getattr(ctx.random, name)(*args, **kwargs)  # name is one of the table's fixed names

    return call


_COPIED = (bool, int, float, str, type(None))  # copied as they are (immutable)
_COPY_DEPTH = 100  # lists and dicts inside each other: copy.deepcopy goes through them by recursion


def deepcopy_(ctx: Context, value: Any) -> Any:
    """copy.deepcopy of tensors, models and the lists, tuples and dicts that hold them (a state_dict): what it
    would copy is walked first, at most _COPY_DEPTH deep, its models checked as any model is (max_modules) and
    its tensors' elements counted against max_total_elements before anything is copied; the copies are kept
    as variables are."""
    ctx.affordable(sum(t.numel() for t in _copied_tensors(ctx, value)), "copy.deepcopy()")
    copied = copy.deepcopy(value)
    for t in _copied_tensors(ctx, copied):
        ctx.account(t)
    return copied


def _copied_tensors(ctx: Context, value: Any) -> list[torch.Tensor]:
    """The tensors `value` holds (a model's parameters and buffers), each once; refused if it holds anything
    copy.deepcopy may not copy here, or nests too deep."""
    tensors: list[torch.Tensor] = []
    seen: set[int] = set()
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if id(item) in seen or isinstance(item, _COPIED):
            continue
        seen.add(id(item))
        if len(seen) > ctx.max_loop_iterations or depth > _COPY_DEPTH:
            raise RunLimitExceeded(
                f"copy.deepcopy() of more than max_loop_iterations={ctx.max_loop_iterations:,} objects, or nested "
                f"more than {_COPY_DEPTH} deep"
            )
        if isinstance(item, torch.Tensor):
            tensors.append(item)
        elif isinstance(item, torch.nn.Module):
            nnguard.check_tree(ctx.limits, item, "copy.deepcopy()")
            pending.extend((t, depth + 1) for t in item.state_dict(keep_vars=True).values())
        elif isinstance(item, list | tuple):
            pending.extend((v, depth + 1) for v in item)
        elif isinstance(item, dict):
            pending.extend((v, depth + 1) for v in (*item.keys(), *item.values()))
        else:
            raise ProgramRuntimeError(
                f"copy.deepcopy() copies tensors, models, and lists, tuples and dicts of them here, not a "
                f"{type(item).__name__}"
            )
    return tensors


def ordered_dict(ctx: Context, pairs: Any = ()) -> collections.OrderedDict[Any, Any]:
    """collections.OrderedDict of (key, value) pairs or of a dict, at most max_loop_iterations of them."""
    items = bounded_items(ctx, pairs.items() if isinstance(pairs, dict) else pairs, "OrderedDict()")
    if not all(isinstance(pair, tuple | list) and len(pair) == 2 for pair in items):
        raise ProgramRuntimeError("TypeError: OrderedDict() takes (key, value) pairs")
    for key, _ in items:
        hash(key)  # Python's own TypeError for a key that cannot be one
    return collections.OrderedDict(items)


def counter(ctx: Context, values: Any = ()) -> collections.Counter[Any]:
    """collections.Counter of an iterable's items (or of a dict's counts), at most max_loop_iterations."""
    if isinstance(values, dict):
        items = bounded_items(ctx, values.items(), "Counter()")
        return collections.Counter(dict(items))
    items = bounded_items(ctx, values, "Counter()")
    for item in items:
        hash(item)
    return collections.Counter(items)
