"""Catalogue rows for what a program's own classes and hooks meet: the `ctx` of an autograd Function, tensor
hooks and their handles. Joined into the one table in catalogue.py. Imports torch and the engine's entries only.
"""

from __future__ import annotations

from typing import Any

import torch

from app.engine.entries import Entry, attr, op


def _save_for_backward(ctx: Any, *tensors: Any) -> None:
    ctx.save_for_backward(*tensors)


def _register_hook(ctx: Any, t: torch.Tensor, hook: Any) -> Any:
    ctx.program_hooks = True  # a backward may now run the program's code: nothing else may run one quietly
    return t.register_hook(hook)  # type: ignore[no-untyped-call]


ROWS: tuple[Entry, ...] = (
    op(
        "save_for_backward",
        "ctx",
        "autograd",
        "Keep tensors for the Function's backward (read there as ctx.saved_tensors).",
        "",  # runs only inside a Function's forward or backward
        impl=_save_for_backward,
        kind="other",
    ),
    attr(
        "saved_tensors",
        "ctx",
        "The tensors forward saved, as a tuple (an error once backward freed them).",
        lambda ctx: ctx.saved_tensors,
    ),
    attr(
        "needs_input_grad",
        "ctx",
        "For each input of forward, whether backward must return its gradient.",
        lambda ctx: ctx.needs_input_grad,
    ),
    op(
        "mark_non_differentiable",
        "ctx",
        "autograd",
        "Mark outputs that have no gradient (e.g. indices).",
        "",  # runs only inside a Function's forward or backward
        impl=lambda ctx, *ts: ctx.mark_non_differentiable(*ts),
        kind="other",
    ),
    op(
        "mark_dirty",
        "ctx",
        "autograd",
        "Mark inputs forward changed in place.",
        "",  # runs only inside a Function's forward or backward
        impl=lambda ctx, *ts: ctx.mark_dirty(*ts),
        kind="other",
    ),
    op(
        "set_materialize_grads",
        "ctx",
        "autograd",
        "Whether missing output gradients reach backward as zeros (True) or None.",
        "",  # runs only inside a Function's forward or backward
        impl=lambda ctx, value: ctx.set_materialize_grads(value),
        kind="other",
    ),
    op(
        "register_hook",
        "tensor",
        "autograd",
        "Run a function on this tensor's gradient during backward; what it returns (if not None) replaces it.",
        "x.register_hook(lambda g: g * 2)",
        impl=_register_hook,
        needs_ctx=True,
        takes_functions=True,
        kind="other",
    ),
    op(
        "remove",
        "handle",
        "autograd",
        "Remove the hook this handle came from.",
        "",
        impl=lambda h: h.remove(),
        kind="other",
    ),
)
