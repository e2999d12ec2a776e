"""Catalogue rows for what tutorials reach for around autograd: torch.func's grad and vmap, print options, the
default dtype, torch.__version__, iter(), next() and dir(), and the bridge to NumPy. Joined into the one table in
catalogue.py. Imports torch and the engine's entries and small implementation modules only.
"""

from __future__ import annotations

from typing import Any

import torch

from app.engine import functransforms, printopts, rundefaults
from app.engine.entries import Entry, op

# Values read as attributes of a namespace: the one dunder a program may read.
CONSTANTS: dict[tuple[str, str], Any] = {("torch", "__version__"): torch.__version__}


def _numpy(t: torch.Tensor, force: bool = False) -> Any:
    return t.numpy(force=force)


ROWS: tuple[Entry, ...] = (
    op(
        "grad",
        "func",
        "autograd",
        "The function's gradient, as a function (torch.func, on the program's own functions).",
        "torch.func.grad(lambda v: (v ** 2).sum())(x)",
        kwargs=("argnums", "has_aux"),
        impl=functransforms.grad,
        takes_functions=True,
        kind="other",
    ),
    op(
        "jacrev",
        "func",
        "autograd",
        "The function's Jacobian, as a function (torch.func, reverse mode); jacrev(jacrev(f)) is a Hessian.",
        "torch.func.jacrev(lambda v: v.exp())(torch.ones(3))",
        kwargs=("argnums", "has_aux"),
        impl=functransforms.jacrev,
        needs_ctx=True,
        takes_functions=True,
        kind="other",
    ),
    op(
        "vmap",
        "func",
        "autograd",
        "The function mapped over a batch dimension, as a function (torch.func).",
        "torch.func.vmap(lambda row: row.sum())(x)",
        kwargs=("in_dims", "out_dims"),
        impl=functransforms.vmap,
        takes_functions=True,
        kind="other",
    ),
    op(
        "set_printoptions",
        "torch",
        "printing",
        "How tensors print from here on in this run (precision, sci_mode, linewidth, threshold, edgeitems).",
        "torch.set_printoptions(precision=2)",
        kwargs=("precision", "threshold", "edgeitems", "linewidth", "profile", "sci_mode"),
        impl=printopts.set_printoptions,
        kind="other",
    ),
    op(
        "set_default_dtype",
        "torch",
        "creation",
        "The dtype of floating tensors made from here on in this run (torch.float32 or torch.float64).",
        "torch.set_default_dtype(torch.float32)",
        impl=rundefaults.set_default_dtype,
        kind="other",
    ),
    op(
        "get_default_dtype",
        "torch",
        "creation",
        "The dtype floating tensors are made with now.",
        "torch.get_default_dtype()",
        impl=torch.get_default_dtype,
        kind="other",
    ),
    op(
        "iter",
        "builtin",
        "builtin",
        "An iterator over a list, tuple, range, dict, string, tensor's rows or data loader, for next().",
        "next(iter([1, 2]))",
        impl=functransforms.iter_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "next",
        "builtin",
        "builtin",
        "The iterator's next item, or the default once it is spent.",
        "next(iter([]), 0)",
        impl=functransforms.next_,
        kind="other",
    ),
    op(
        "dir",
        "builtin",
        "builtin",
        "The names the language offers in a module (not every name Python's module holds).",
        "'sqrt' in dir(math)",
        impl=lambda *_: [],  # answered by the evaluator, which sees the module itself (catalogue.offered)
        kind="other",
    ),
    op(
        "from_numpy",
        "torch",
        "creation",
        "A tensor sharing the NumPy array's memory.",
        "torch.from_numpy(np.ones(3))",
    ),
    op(
        "numpy",
        "tensor",
        "conversion",
        "The values as a NumPy array sharing memory (PyTorch's error if it requires grad: .detach().numpy()).",
        "x.detach().numpy()",
        kwargs=("force",),
        impl=_numpy,
        kind="other",
    ),
)
