"""torch.nn's layers and a module's methods as the catalogue calls them: PyTorch's own classes and methods, with
the run's accounting and bounds around them.

Every tensor a layer allocates counts towards the run's max_total_elements; every layer checks the sizes of what
it is called on before it runs (a forward pre-hook, so a layer inside nn.Sequential is checked too); a module is
measured before anything walks it (nnguard.check_tree). Imports torch, the standard library and the engine's
own errors, guards and limits only.
"""

from __future__ import annotations

import collections
import functools
import itertools
import types
from collections.abc import Callable
from typing import Any, Protocol

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from app.engine import datalib, nnguard
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.limits import Limits


class Context(Protocol):
    """What these calls need from the run."""

    limits: Limits
    max_loop_iterations: int

    def account(self, t: torch.Tensor) -> None: ...


def _owned(ctx: Context, module: nn.Module) -> nn.Module:
    """A module the program made: its tensors counted, its calls checked before they run."""
    for t in itertools.chain(module.parameters(recurse=False), module.buffers(recurse=False)):
        ctx.account(t)
    if type(module).__name__ in nnguard.FORWARD_CHECKS:
        module.register_forward_pre_hook(functools.partial(nnguard.check_forward, ctx.limits))
    return module


def layer(cls: type[nn.Module]) -> Callable[..., nn.Module]:
    """nn.NAME(...): the real layer (its sizes were checked before, by the "layer" check)."""

    def build(ctx: Context, *args: Any, **kwargs: Any) -> nn.Module:
        return _owned(ctx, cls(*args, **kwargs))

    build.__name__ = cls.__name__
    return build


def _modules(ctx: Context, values: Any, what: str) -> list[nn.Module]:
    items = items_of(values, ctx.max_loop_iterations, what)
    if items is None:
        if not isinstance(values, list | tuple):
            raise ProgramRuntimeError(f"TypeError: {what} takes modules in a list")
        items = list(values)
    nnguard.modules_only(items, what)
    return list(items)


def sequential(ctx: Context, *modules: Any) -> nn.Module:
    """nn.Sequential of modules, or of one OrderedDict naming them (`model.fc1`)."""
    named = modules[0] if len(modules) == 1 and isinstance(modules[0], collections.OrderedDict) else None
    if named is not None and not all(isinstance(k, str) and not k.startswith("_") for k in named):
        raise ProgramRuntimeError("nn.Sequential() takes an OrderedDict of names (not starting with _) to modules")
    listed = list(named.values()) if named is not None else list(modules)
    nnguard.modules_only(listed, "nn.Sequential()")
    nnguard.check_tree(ctx.limits, listed, "nn.Sequential(...)")
    model = nn.Sequential(named) if named is not None else nn.Sequential(*modules)
    nnguard.check_tree(ctx.limits, model, "nn.Sequential(...)")
    return model


def module_list(ctx: Context, modules: Any = None) -> nn.Module:
    items = _modules(ctx, modules if modules is not None else [], "nn.ModuleList()")
    model = nn.ModuleList(items)
    nnguard.check_tree(ctx.limits, model, "nn.ModuleList(...)")
    return model


def module_dict(ctx: Context, modules: Any = None) -> nn.Module:
    pairs = dict(modules or {})
    if len(pairs) > ctx.max_loop_iterations or not all(isinstance(k, str) for k in pairs):
        raise ProgramRuntimeError("nn.ModuleDict() takes a dict of names to modules")
    nnguard.modules_only(pairs.values(), "nn.ModuleDict()")
    model = nn.ModuleDict(pairs)
    nnguard.check_tree(ctx.limits, model, "nn.ModuleDict(...)")
    return model


def add_module(ctx: Context, module: nn.Module, name: Any, child: Any) -> None:
    """module.add_module(name, child): a submodule under a name, read later as `module.name`."""
    if not isinstance(name, str) or name.startswith("_"):
        raise ProgramRuntimeError("add_module() takes a name (a string, not starting with _) and a module")
    if child is not None and not isinstance(child, nn.Module):
        raise ProgramRuntimeError(f"TypeError: add_module() takes a module, not {type(child).__name__}")
    module.add_module(name, child)
    nnguard.check_tree(ctx.limits, module, ".add_module()")


def parameter_list(ctx: Context, values: Any = None) -> nn.ParameterList:
    """nn.ParameterList of tensors (each made a Parameter sharing its tensor's storage, as torch does)."""
    items = list(values) if isinstance(values, list | tuple) else [] if values is None else None
    if items is None or not all(isinstance(v, torch.Tensor) for v in items):
        raise ProgramRuntimeError("nn.ParameterList() takes a list of tensors")
    if len(items) > ctx.max_loop_iterations:
        raise RunLimitExceeded(
            f"nn.ParameterList() of {len(items):,} tensors is over max_loop_iterations={ctx.max_loop_iterations:,}"
        )
    return nn.ParameterList(items)


def register_tensor(kind: str) -> Callable[..., None]:
    """module.register_buffer(name, tensor) and register_parameter(name, parameter): read later as
    `module.name`, listed by buffers() / parameters() and the state_dict; torch checks the name itself."""

    def register(module: nn.Module, name: Any, tensor: Any, *rest: Any, **options: Any) -> None:
        if not isinstance(name, str) or name.startswith("_"):
            raise ProgramRuntimeError(f"{kind}() takes a name (a string, not starting with _) and a tensor")
        if tensor is not None and not isinstance(tensor, torch.Tensor):
            raise ProgramRuntimeError(f"TypeError: {kind}() takes a tensor (or None)")
        getattr(module, kind)(name, tensor, *rest, **options)

    return register


def parameter(ctx: Context, data: Any = None, requires_grad: bool = True) -> nn.Parameter:
    if not isinstance(data, torch.Tensor):
        raise ProgramRuntimeError("TypeError: nn.Parameter() takes a tensor")
    p = nn.Parameter(data, requires_grad=requires_grad)
    ctx.account(p)
    return p


# --- methods of any module -----------------------------------------------------------------------------------
def walked(name: str) -> Callable[..., Any]:
    """model.NAME(...): measured first, since torch walks the module's tree for it."""

    def call(ctx: Context, module: nn.Module, *args: Any, **kwargs: Any) -> Any:
        nnguard.check_tree(ctx.limits, module, f".{name}()")
        return getattr(module, name)(*args, **kwargs)  # a name from the catalogue's table, never the program's

    call.__name__ = name
    return call


def grown(name: str) -> Callable[..., Any]:
    """Sequential/ModuleList .append, .extend, .insert: the model is measured after; one that got too big, or
    now holds itself, is put back as it was."""

    def call(ctx: Context, module: nn.Module, *args: Any) -> Any:
        if not isinstance(module, nn.Sequential | nn.ModuleList):
            raise ProgramRuntimeError(f"AttributeError: '{type(module).__name__}' object has no attribute '{name}'")
        added = _modules(ctx, args[-1], f".{name}()") if name == "extend" and args else list(args[-1:])
        nnguard.modules_only(added, f".{name}()")
        before = dict(module._modules)  # noqa: SLF001 - torch's own registry, restored as it was
        result = getattr(module, name)(*args[:-1], *([added] if name == "extend" else added))
        try:
            nnguard.check_tree(ctx.limits, module, f".{name}()")
        except RunLimitExceeded:
            module._modules.clear()  # noqa: SLF001
            module._modules.update(before)  # noqa: SLF001
            raise
        return result

    call.__name__ = name
    return call


def dict_view(name: str) -> Callable[[nn.Module], Any]:
    """ModuleDict .keys(), .values(), .items()."""

    def call(module: nn.Module) -> Any:
        if not isinstance(module, nn.ModuleDict):
            raise ProgramRuntimeError(f"AttributeError: '{type(module).__name__}' object has no attribute '{name}'")
        return list(getattr(module, name)())

    return call


_CONV = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "weight", "bias")
_BATCH_NORM = (
    "num_features",
    "eps",
    "momentum",
    "affine",
    "track_running_stats",
    "weight",
    "bias",
    "running_mean",
    "running_var",
    "num_batches_tracked",
)
_CONVOLUTION = (
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "dilation",
    "groups",
    "weight",
    "bias",
)
# The documented attributes a program may read on torch's own layers (its own classes' are its own business).
PUBLIC: dict[str, tuple[str, ...]] = {
    "Linear": ("in_features", "out_features", "weight", "bias"),
    "Bilinear": ("in1_features", "in2_features", "out_features", "weight", "bias"),
    **dict.fromkeys(("Conv1d", "Conv2d"), _CONVOLUTION),
    "Embedding": ("num_embeddings", "embedding_dim", "padding_idx", "weight"),
    **dict.fromkeys(("BatchNorm1d", "BatchNorm2d"), _BATCH_NORM),
    "LayerNorm": ("normalized_shape", "eps", "elementwise_affine", "weight", "bias"),
    "Dropout": ("p",),
    "LeakyReLU": ("negative_slope",),
    "Softmax": ("dim",),
    "LogSoftmax": ("dim",),
    "Flatten": ("start_dim", "end_dim"),
    "GELU": ("approximate",),
    "MaxPool1d": ("kernel_size", "stride", "padding"),
    "MaxPool2d": ("kernel_size", "stride", "padding"),
    "AvgPool2d": ("kernel_size", "stride", "padding"),
    **{
        name: ("input_size", "hidden_size", "num_layers", "batch_first", "bidirectional")
        + tuple(f"{w}_{g}_l{n}" for n in range(4) for w in ("weight", "bias") for g in ("ih", "hh"))
        for name in ("RNN", "LSTM", "GRU")
    },
    **{name: ("input_size", "hidden_size", "weight_ih", "weight_hh", "bias_ih", "bias_hh") for name in nnguard.CELLS},
}
LOSS_ATTRIBUTES = ("reduction",)
EVERY_MODULE = ("training",)
ATTRIBUTES = sorted({a for names in PUBLIC.values() for a in names} | set(LOSS_ATTRIBUTES) | set(EVERY_MODULE))


def attribute(name: str) -> Callable[[nn.Module], Any]:
    def read(module: nn.Module) -> Any:
        kind = type(module).__name__
        if (
            name in EVERY_MODULE
            or name in PUBLIC.get(kind, ())
            or (name in LOSS_ATTRIBUTES and isinstance(module, nn.modules.loss._Loss))  # noqa: SLF001
        ):
            return getattr(module, name)  # a documented name of this table
        raise ProgramRuntimeError(f"AttributeError: '{kind}' object has no attribute '{name}'")

    return read


# --- what loops and list() go through ---------------------------------------------------------------------
def items_of(value: Any, limit: int, what: str, asked: bool = False) -> list[Any] | None:
    """The items of a generator (model.parameters()), a module that holds modules, a DataLoader (its batches;
    `asked`: the caller asks its length first, as list() does) or a dataset, at most `limit` of them, counted
    before they are made; None for any other value."""
    if isinstance(value, datalib.LOADERS):
        batches = datalib.Batches(value) if isinstance(value, DataLoader) else value
        # enumerate() and zip() have no len() for list() to ask; a loader and its iterator have
        return list(batches.counted(limit, what, asked and isinstance(batches, datalib.Batches)))
    if datalib.reads_program_code(value):
        if asked and hasattr(type(value), "__len__"):  # list() asks its length first (a hint only), as Python
            len(value)
        return list(datalib.Items(value).counted(limit, what))
    if isinstance(value, types.GeneratorType):  # only torch's own: the language has no yield
        items = list(itertools.islice(value, limit + 1))
        count = len(items)
    elif isinstance(value, nn.Sequential | nn.ModuleList | nn.ModuleDict | nn.ParameterList | Dataset):
        count = len(value)  # type: ignore[arg-type]
    else:
        return None
    if count > limit:
        raise RunLimitExceeded(f"{what} over {count:,} or more items is over max_loop_iterations={limit:,}")
    if isinstance(value, types.GeneratorType):
        return items
    if isinstance(value, Dataset):
        return [value[i] for i in range(count)]
    return list(value)


def listed(values: Any, limit: int, what: str, refusal: str) -> list[Any]:
    """The items of a list, a tuple or a generator (model.parameters()), at most `limit` of them, counted
    before they are read; `refusal`: the error for anything else."""
    items = items_of(values, limit, what)
    if items is not None:
        return items
    if not isinstance(values, list | tuple):
        raise ProgramRuntimeError(refusal)
    if len(values) > limit:
        raise RunLimitExceeded(f"{what} over {len(values):,} tensors is over max_loop_iterations")
    return list(values)


def dataset_item(dataset: Dataset[Any], key: Any) -> Any:
    """dataset[i] (or a slice of it): its tensors' rows, as torch gives them."""
    if isinstance(key, bool) or not isinstance(key, int | slice):
        raise ProgramRuntimeError("a dataset is indexed by a whole number here, e.g. dataset[0]")
    return dataset[key]
