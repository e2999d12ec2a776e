"""What one row of the catalogue is (Entry), the two ways of writing one (op, attr), and the namespaces rows live in.

The catalogue's table and the modules whose rows it joins (catalogue_nn, catalogue_optim, catalogue_data) all
make their rows here. Imports torch and the standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F

# Where an entry can be reached:
#   torch     torch.NAME            F         F.NAME / torch.nn.functional.NAME
#   optim     torch.optim.NAME      autograd  torch.autograd.NAME
#   builtin   NAME(...)             tensor    t.NAME(...) or t.NAME (attribute)
#   optimizer opt.NAME(...)         node      t.grad_fn.NAME        result  r.NAME (values/indices)
#   nn        torch.nn.NAME         nn.init   torch.nn.init.NAME    module  m.NAME (any nn.Module)
#   optim.lr_scheduler  torch.optim.lr_scheduler.NAME               scheduler  s.NAME
#   utils.data          torch.utils.data.NAME                       loader d.NAME, dataset ds.NAME
NAMESPACES = {
    "torch": "torch",
    "F": "torch.nn.functional",
    "optim": "torch.optim",
    "autograd": "torch.autograd",
    "math": "math",
    "random": "random",
    "copy": "copy",
    "collections": "collections",
    "cuda": "torch.cuda",
    "autograd.functional": "torch.autograd.functional",
    "nn": "torch.nn",
    "nn.init": "torch.nn.init",
    "optim.lr_scheduler": "torch.optim.lr_scheduler",
    "utils.data": "torch.utils.data",
    "nn.utils": "torch.nn.utils",
    "nn.utils.rnn": "torch.nn.utils.rnn",
    "func": "torch.func",
    "linalg": "torch.linalg",
    "np": "numpy",
    "np.random": "numpy.random",
}


@dataclass(frozen=True)
class Entry:
    """One supported operation: where it lives, what it does, how it is checked before it runs."""

    name: str
    where: tuple[str, ...]
    category: str
    doc: str
    example: str = ""
    kind: str = "forward"  # the step kind it gives (see result.STEP_KINDS)
    # The size check made before it runs (guards.Guard.before_call); every result is checked after it too.
    # post or expand (a view): checked after only | create | broadcast | matmul | repeat | concat | walk (compares
    # or hashes all its arguments hold) | text (makes text of them) | layer | conv | einsum | pieces (chunk, split,
    # unbind: how many tensors) | nonzero (how many elements are set) | samples (multinomial: how many draws) |
    # linalg (solve, inv, det, a matrix norm: cubic work in the matrices' size)
    check: str = "post"
    kwargs: tuple[str, ...] = ()
    attribute: bool = False  # read as t.NAME, not called
    impl: dict[str, Callable[..., Any]] = field(default_factory=dict, compare=False, repr=False)
    needs_ctx: bool = False  # impl takes the run context first
    # Writes to a tensor or a gradient, or changes what a snapshot of one shows (requires_grad, retain_grad):
    # the run's cached snapshots are dropped after it.
    mutates: bool = False
    # Returns the receiver's values cut off from its graph (detach(), .data): the graph draws the cut.
    cuts: bool = False
    # Takes the program's own functions (a hook, a schedule's lambda): they are passed as callables that run them.
    takes_functions: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "forms": [form_of(self.name, w) for w in self.where],
            "category": self.category,
            "kind": self.kind,
            "doc": self.doc,
            "example": self.example,
            "keywords": list(self.kwargs),
            "attribute": self.attribute,
        }


def form_of(name: str, where: str) -> str:
    if where in NAMESPACES:
        return f"{NAMESPACES[where]}.{name}"
    if where == "builtin":
        return f"{name}()"
    return f"{where}.{name}"


_MODULES: dict[str, Any] = {
    "torch": torch,
    "F": F,
    "optim": torch.optim,
    "autograd": torch.autograd,
    "math": math,
    "nn": torch.nn,
    "nn.init": torch.nn.init,
    "linalg": torch.linalg,
}


def _resolve(name: str, where: str) -> Callable[..., Any]:
    """The real callable behind a row; names come from this table, never from a program."""
    module = _MODULES.get(where)
    if module is not None:
        return getattr(module, name)  # type: ignore[no-any-return]
    if where == "tensor":
        return getattr(torch.Tensor, name)  # type: ignore[no-any-return]
    raise KeyError(f"{where}.{name} needs an explicit implementation")


def op(name: str, where: str, category: str, doc: str, example: str = "", **options: Any) -> Entry:
    places = tuple(where.split())
    impls = options.pop("impl", None)
    if impls is None:
        impls = {w: _resolve(name, w) for w in places}
    elif callable(impls):
        impls = {w: impls for w in places}
    return Entry(name, places, category, doc, example, impl=impls, **options)


def attr(name: str, where: str, doc: str, getter: Callable[[Any], Any], **options: Any) -> Entry:
    return Entry(
        name,
        (where,),
        "attribute",
        doc,
        f"x.{name}" if where == "tensor" else "",
        kind="other",
        attribute=True,
        impl={where: getter},
        **options,
    )
