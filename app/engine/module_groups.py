"""Which module made which part of the graph: the graph groups a model's nodes by module ("model.fc1:
Linear(3 → 4)"), as the learner thinks of them.

A module the program names gets a forward hook on itself and each of its submodules. When one of them runs, the
hook writes the module's path into the `metadata` dict torch keeps on every backward node it made (the innermost
module writes first, so a node keeps the path of the module nearest to it); parameters belong to the module that
holds them. Nothing here holds a backward node, so no graph is kept alive by it. Imports torch and the standard
library only.
"""

from __future__ import annotations

import functools
from typing import Any

import torch

KEY = "autograd_explorer_module"  # the key in a backward node's metadata
MAX_MARKED = 5_000  # backward nodes one module call marks at most (a bound on the hook's own work)


def describe(module: torch.nn.Module) -> str:
    """A short title for a module: `Linear(3 → 4)`, `Conv2d(1 → 8)`, or its class name."""
    name = type(module).__name__
    for a, b in (("in_features", "out_features"), ("in_channels", "out_channels"), ("input_size", "hidden_size")):
        if hasattr(module, a) and hasattr(module, b):
            return f"{name}({getattr(module, a)} → {getattr(module, b)})"
    return name


def watch(name: str, root: torch.nn.Module, groups: dict[str, str], params: dict[int, str], hooked: set[int]) -> None:
    """Follow the module `root`, named `name` by the program: its submodules' paths and titles go to `groups`, its
    parameters' owners to `params` (by id), and each module gets its hook once."""
    for path, module in root.named_modules():
        full = f"{name}.{path}" if path else name
        groups.setdefault(full, f"{path or name}: {describe(module)}")
        for p in module.parameters(recurse=False):
            params.setdefault(id(p), full)
        if id(module) not in hooked:
            hooked.add(id(module))
            module.register_forward_hook(functools.partial(_mark, full))


def group_of(fn: Any) -> str | None:
    """The path of the module that made backward node `fn`, if a followed module did."""
    metadata = getattr(fn, "metadata", None)
    value = metadata.get(KEY) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) else None


def _mark(path: str, module: torch.nn.Module, inputs: Any, output: Any) -> None:
    """Forward hook: every backward node the call made (between its inputs and its output) not yet marked by a
    module inside it gets this module's path."""
    stop = {id(t.grad_fn) for t in _tensors(inputs) if t.grad_fn is not None}
    stack: list[Any] = [t.grad_fn for t in _tensors(output) if t.grad_fn is not None]
    seen: set[int] = set()
    while stack and len(seen) < MAX_MARKED:
        fn = stack.pop()
        if fn is None or id(fn) in seen or id(fn) in stop or hasattr(fn, "variable"):
            continue
        seen.add(id(fn))
        fn.metadata.setdefault(KEY, path)
        stack.extend(nxt for nxt, _ in fn.next_functions)


def _tensors(value: Any) -> list[torch.Tensor]:
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, list | tuple):
        return [t for v in value[:64] for t in _tensors(v)]
    return []
