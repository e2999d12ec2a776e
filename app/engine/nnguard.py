"""Size checks for torch.nn, made before the work: a layer's parameters worked out from its constructor's arguments
before it allocates them, and a model's tree of modules measured before anything walks it.

torch walks a model recursively and, printing it or building its state_dict, once for every time a module is held
(`m = nn.Sequential(m, m)` sixty times holds 2**60 modules; a Sequential appended into itself holds itself): the
tree is measured here without recursion, each module once. Imports torch, the standard library and the engine's
errors and limits only.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator
from typing import Any

import torch
from torch import nn

from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.limits import Limits

Shapes = Iterator[tuple[tuple[int, ...], int]]  # (a tensor's shape, how many tensors of that shape)

_RNN_ARGS = ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size")
_GATES = {"RNN": 1, "LSTM": 4, "GRU": 3, "RNNCell": 1, "LSTMCell": 4, "GRUCell": 3}


def _size(value: Any) -> int | None:
    """A size argument as torch reads it (True is 1); None when it is not a whole number (torch refuses it)."""
    return abs(int(value)) if type(value) in (int, bool) else None


def _sizes(value: Any, n: int) -> tuple[int, ...] | None:
    """A kernel size: one number for every dimension, or one per dimension."""
    if type(value) in (int, bool):
        return (abs(int(value)),) * n
    if isinstance(value, tuple | list) and all(type(v) in (int, bool) for v in value):
        return tuple(abs(int(v)) for v in value)
    return None


def _bound(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The constructor's arguments by name, defaults filled in; None when they do not fit (torch says why)."""
    if name in ("RNN", "LSTM", "GRU"):  # their constructors take *args: RNNBase's order, nonlinearity 4th for RNN
        positional = list(args[:3]) + list(args[4:]) if name == "RNN" else list(args)
        named = {k: v for k, v in kwargs.items() if k != "nonlinearity"}
        if len(positional) > len(_RNN_ARGS) or set(named) & set(_RNN_ARGS[: len(positional)]):
            return None
        found = dict(zip(_RNN_ARGS, positional, strict=False)) | named
        return {"num_layers": 1, "bias": True, "bidirectional": False, "proj_size": 0} | found
    try:
        bound = inspect.signature(getattr(nn, name)).bind(*args, **kwargs)  # a name of this module's table
    except TypeError:
        return None
    bound.apply_defaults()
    return dict(bound.arguments)


def size_keywords(name: str) -> tuple[str, ...]:
    """The sizes a layer's constructor also takes by keyword (nn.LSTM(input_size=1, hidden_size=8))."""
    if name in ("RNN", "LSTM", "GRU"):
        return _RNN_ARGS[:2]
    sizes = ("features", "channels", "size", "num_", "dim", "shape")
    named = inspect.signature(getattr(nn, name)).parameters  # a name of the catalogue's table
    return tuple(k for k in named if not k.startswith("_") and any(part in k for part in sizes))


def _linear(a: dict[str, Any]) -> Shapes:
    n_in, n_out = _size(a["in_features"]), _size(a["out_features"])
    if n_in is not None and n_out is not None:
        yield (n_out, n_in), 1
        yield (n_out,), int(bool(a["bias"]))


def _bilinear(a: dict[str, Any]) -> Shapes:
    sizes = [_size(a[k]) for k in ("out_features", "in1_features", "in2_features")]
    if None not in sizes:
        yield tuple(s for s in sizes if s is not None), 1
        yield (sizes[0] or 0,), int(bool(a["bias"]))


def _conv(dims: int) -> Any:
    def shapes(a: dict[str, Any]) -> Shapes:
        n_in, n_out, kernel = _size(a["in_channels"]), _size(a["out_channels"]), _sizes(a["kernel_size"], dims)
        groups = _size(a["groups"]) or 1
        if n_in is not None and n_out is not None and kernel is not None:
            yield (n_out, max(n_in // groups, 1), *kernel), 1
            yield (n_out,), int(bool(a["bias"]))

    return shapes


def _embedding(a: dict[str, Any]) -> Shapes:
    rows, width = _size(a["num_embeddings"]), _size(a["embedding_dim"])
    if rows is not None and width is not None:
        yield (rows, width), 1


def _batch_norm(a: dict[str, Any]) -> Shapes:
    n = _size(a["num_features"])
    if n is not None:
        yield (n,), 2 * bool(a["affine"]) + 2 * bool(a["track_running_stats"])
        yield (), int(bool(a["track_running_stats"]))  # num_batches_tracked


def _layer_norm(a: dict[str, Any]) -> Shapes:
    shape = _sizes(a["normalized_shape"], 1)
    if shape is not None:
        yield shape, int(bool(a["elementwise_affine"])) * (1 + int(bool(a["bias"])))


def _recurrent(name: str) -> Any:
    gates = _GATES[name]

    def shapes(a: dict[str, Any]) -> Shapes:
        n_in, hidden = _size(a["input_size"]), _size(a["hidden_size"])
        layers, projected = _size(a.get("num_layers", 1)), _size(a.get("proj_size", 0))
        if n_in is None or hidden is None or layers is None or projected is None:
            return
        out = projected or hidden
        directions = 2 if a.get("bidirectional") else 1
        biases = 2 * int(bool(a["bias"]))
        for width, count in ((n_in, min(layers, 1)), (out * directions, max(layers - 1, 0))):
            times = count * directions
            yield (gates * hidden, width), times
            yield (gates * hidden, out), times
            yield (gates * hidden,), times * biases
            yield (projected, hidden), times * int(projected > 0)

    return shapes


# Each layer whose constructor allocates tensors: the shapes it would allocate, from its arguments.
LAYER_SHAPES: dict[str, Any] = {
    "Linear": _linear,
    "Bilinear": _bilinear,
    "Conv1d": _conv(1),
    "Conv2d": _conv(2),
    "Embedding": _embedding,
    "BatchNorm1d": _batch_norm,
    "BatchNorm2d": _batch_norm,
    "LayerNorm": _layer_norm,
    **{name: _recurrent(name) for name in _GATES},
}


def layer_shapes(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[tuple[tuple[int, ...], int]]:
    """The tensors nn.NAME(*args, **kwargs) would allocate, as (shape, how many); none for a layer that allocates
    none, or for arguments torch refuses itself."""
    shapes = LAYER_SHAPES.get(name)
    bound = _bound(name, args, kwargs) if shapes is not None else None
    if shapes is None or bound is None:
        return []
    return [(shape, times) for shape, times in shapes(bound) if times]


def check_layer(limits: Limits, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse nn.NAME(...) before it runs when one of its tensors would pass max_tensor_elements or
    max_tensor_dims, all of them max_total_elements, or their number max_modules."""
    what = f"nn.{name}(...)"
    total = tensors = 0
    for shape, times in layer_shapes(name, args, kwargs):
        if len(shape) > limits.max_tensor_dims:
            raise RunLimitExceeded(
                f"{what} would make a tensor of {len(shape)} dimensions; the limit "
                f"max_tensor_dims is {limits.max_tensor_dims}"
            )
        elements = math.prod(shape)
        if elements > limits.max_tensor_elements:
            raise RunLimitExceeded(
                f"{what} would make a {' x '.join(map(str, shape))} tensor of {elements:,} elements; the limit "
                f"max_tensor_elements is {limits.max_tensor_elements:,}"
            )
        total += elements * times
        tensors += times
    if total > limits.max_total_elements:
        raise RunLimitExceeded(
            f"{what} would hold {total:,} parameters; the limit max_total_elements is {limits.max_total_elements:,}"
        )
    if tensors > limits.max_modules:
        raise RunLimitExceeded(
            f"{what} would hold {tensors:,} tensors; the limit max_modules is {limits.max_modules:,}"
        )


def check_tree(limits: Limits, roots: Any, what: str) -> None:
    """Refuse a module (or the modules in a list) that holds itself, nests past max_module_depth, or holds more
    than max_modules modules counted each time it holds them. Each module is looked into once, without recursion."""
    cap = limits.max_modules
    starts = [m for m in (roots if isinstance(roots, list | tuple) else [roots]) if isinstance(m, nn.Module)]
    done: dict[int, tuple[int, int]] = {}  # id -> (modules with repeats, depth), both capped
    alive: list[nn.Module] = []  # keeps every id in `done` and `open_` from being reused meanwhile
    for start in starts:
        stack: list[tuple[nn.Module, bool]] = [(start, False)]
        open_: set[int] = set()
        while stack:
            module, children_done = stack.pop()
            key = id(module)
            children = [c for c in module._modules.values() if c is not None]  # noqa: SLF001 - torch's own tree
            if not children_done:
                if key in done:
                    continue
                if key in open_:
                    raise RunLimitExceeded(f"{what}: a module holds itself, so walking it would never end")
                open_.add(key)
                alive.append(module)
                stack.append((module, True))
                stack.extend((c, False) for c in children if id(c) not in done)
                continue
            sizes = [done[id(c)] for c in children]
            size = min(1 + sum(s for s, _ in sizes), cap + 1)
            depth = min(1 + max((d for _, d in sizes), default=0), limits.max_module_depth + 1)
            done[key] = (size, depth)
            open_.discard(key)
        size, depth = done[id(start)]
        if size > cap:
            raise RunLimitExceeded(f"{what} would walk more than max_modules={cap:,} modules, repeats counted")
        if depth > limits.max_module_depth:
            raise RunLimitExceeded(f"{what}: modules nest more than max_module_depth={limits.max_module_depth} deep")


def modules_only(values: Any, what: str) -> None:
    """A container's items must be modules (torch says so for some, and stores anything for others)."""
    for value in values:
        if not isinstance(value, nn.Module):
            raise ProgramRuntimeError(f"TypeError: {what} takes modules, not {type(value).__name__}")


# --- a layer's call, before it runs -------------------------------------------------------------------------
CELLS = ("RNNCell", "LSTMCell", "GRUCell")


def _work(limits: Limits, what: str, elements: int, flops: int) -> None:
    if elements > limits.max_tensor_elements:
        raise RunLimitExceeded(
            f"{what} would make {elements:,} elements; the limit max_tensor_elements is {limits.max_tensor_elements:,}"
        )
    if flops > limits.max_matmul_flops:
        raise RunLimitExceeded(
            f"{what} would take {flops:,} multiply-adds; the limit max_matmul_flops is {limits.max_matmul_flops:,}"
        )


def _window(size: int, kernel: int, stride: int, padding: int, dilation: int, ceil: bool = False) -> int:
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    steps = -(-span // stride) if ceil else span // stride
    return max(steps + 1, 0)


def _tuple(value: Any, n: int, default: int) -> tuple[int, ...]:
    if value is None:
        return (default,) * n
    got = _sizes(value, n)
    return got if got is not None and len(got) == n else (default,) * n


def windowed(
    limits: Limits, what: str, shape: tuple[int, ...], kernel: tuple[int, ...], options: dict[str, Any], per: int
) -> None:
    """A convolution or pooling over the last len(kernel) dims of `shape`: its output, and the work of `per`
    multiply-adds per output element and kernel position, before it runs."""
    n = len(kernel)
    if len(shape) < n or 0 in kernel:
        return  # torch refuses it in its own words
    stride = _tuple(options.get("stride") or None, n, 1) if options.get("stride") != () else kernel
    padding_value = options.get("padding", 0)
    same = padding_value == "same"
    padding = (0,) * n if isinstance(padding_value, str) else _tuple(padding_value, n, 0)
    dilation = _tuple(options.get("dilation", 1), n, 1)
    if 0 in stride:
        return
    spatial = [
        size if same else _window(size, k, s, p, d, bool(options.get("ceil_mode")))
        for size, k, s, p, d in zip(shape[-n:], kernel, stride, padding, dilation, strict=True)
    ]
    elements = math.prod(shape[:-n]) * math.prod(spatial)
    _work(limits, what, elements, elements * math.prod(kernel) * per)


def _conv_call(limits: Limits, module: Any, x: Any) -> None:
    if isinstance(x, torch.Tensor):
        weight = module.weight
        shape = (*x.shape[: -weight.dim() + 1], weight.shape[0], *x.shape[-weight.dim() + 2 :])
        options = {"stride": module.stride, "padding": module.padding, "dilation": module.dilation}
        windowed(limits, f"{type(module).__name__}(...)", shape, tuple(weight.shape[2:]), options, weight.shape[1])


def _pool_call(limits: Limits, module: Any, x: Any) -> None:
    if isinstance(x, torch.Tensor):
        n = 1 if type(module).__name__.endswith("1d") else 2
        options = {k: getattr(module, k, None) for k in ("stride", "padding", "dilation", "ceil_mode")}
        windowed(limits, f"{type(module).__name__}(...)", tuple(x.shape), _tuple(module.kernel_size, n, 1), options, 1)


def _recurrent_call(limits: Limits, module: Any, x: Any) -> None:
    if not isinstance(x, torch.Tensor) or not x.dim():
        return
    gates = _GATES[type(module).__name__]
    hidden, steps = module.hidden_size, x.numel() // max(x.shape[-1], 1)
    layers = getattr(module, "num_layers", 1) * (2 if getattr(module, "bidirectional", False) else 1)
    flops = steps * layers * gates * hidden * (x.shape[-1] + hidden) * 2
    _work(limits, f"{type(module).__name__}(...)", steps * hidden * layers, flops)


def _linear_call(limits: Limits, module: Any, x: Any) -> None:
    if isinstance(x, torch.Tensor) and x.dim():
        rows = x.numel() // max(x.shape[-1], 1)
        out = module.out_features
        flops = rows * out * x.shape[-1] * (module.in2_features if isinstance(module, nn.Bilinear) else 1)
        _work(limits, f"{type(module).__name__}(...)", rows * out, flops)


def _embedding_call(limits: Limits, module: Any, x: Any) -> None:
    if isinstance(x, torch.Tensor):
        _work(limits, "Embedding(...)", x.numel() * module.embedding_dim, 0)


FORWARD_CHECKS: dict[str, Any] = {
    "Linear": _linear_call,
    "Bilinear": _linear_call,
    "Conv1d": _conv_call,
    "Conv2d": _conv_call,
    "MaxPool1d": _pool_call,
    "MaxPool2d": _pool_call,
    "AvgPool2d": _pool_call,
    "Embedding": _embedding_call,
    **{name: _recurrent_call for name in _GATES},
}


def check_forward(limits: Limits, module: nn.Module, args: tuple[Any, ...]) -> None:
    """A forward pre-hook on torch's own layers: refuse a call whose result or work would pass the limits."""
    check = FORWARD_CHECKS.get(type(module).__name__)
    if check is not None and args:
        check(limits, module, args[0])


def check_functional(limits: Limits, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """F.conv1d/conv2d, F.max_pool1d/2d, F.avg_pool2d, F.embedding and F.one_hot, before they run."""
    x = args[0] if args else kwargs.get("input")
    rest = dict(zip(("stride", "padding", "dilation"), args[2:], strict=False)) | kwargs
    if name == "one_hot":
        classes = args[1] if len(args) > 1 else kwargs.get("num_classes", -1)
        if isinstance(x, torch.Tensor) and type(classes) is int:
            if classes < 0 and x.numel() and not x.is_floating_point():
                classes = int(x.max()) + 1  # what torch would make: one column per class up to the largest
            _work(limits, "F.one_hot(...)", x.numel() * max(classes, 0), 0)
    elif name == "embedding":
        weight = args[1] if len(args) > 1 else kwargs.get("weight")
        if isinstance(x, torch.Tensor) and isinstance(weight, torch.Tensor) and weight.dim() == 2:
            _work(limits, "F.embedding(...)", x.numel() * weight.shape[1], 0)
    elif name.startswith("conv"):
        weight = args[1] if len(args) > 1 else kwargs.get("weight")
        if isinstance(x, torch.Tensor) and isinstance(weight, torch.Tensor) and weight.dim() >= 3:
            shape = (*x.shape[: -weight.dim() + 1], weight.shape[0], *x.shape[-weight.dim() + 2 :])
            windowed(limits, f"F.{name}(...)", shape, tuple(weight.shape[2:]), rest, weight.shape[1])
    elif isinstance(x, torch.Tensor):  # pooling: kernel_size, stride, padding, (dilation, ceil_mode)
        n = 1 if name.endswith("1d") else 2
        kernel = _tuple(args[1] if len(args) > 1 else kwargs.get("kernel_size"), n, 1)
        names = ("stride", "padding", "dilation", "ceil_mode") if name.startswith("max") else ("stride", "padding")
        rest = dict(zip(names, args[2:], strict=False)) | kwargs
        windowed(limits, f"F.{name}(...)", tuple(x.shape), kernel, rest, 1)
