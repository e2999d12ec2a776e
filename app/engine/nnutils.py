"""torch.nn.utils' flat parameter vectors and torch.nn.utils.rnn.pad_sequence as the catalogue calls them: torch's
own functions, the elements they make counted against max_total_elements before they are made. Imports torch,
the standard library and the engine's errors and nnlib only.
"""

from __future__ import annotations

import math
from typing import Any, Protocol

import torch
from torch.nn.utils import parameters_to_vector as _to_vector
from torch.nn.utils import vector_to_parameters as _to_parameters
from torch.nn.utils.rnn import pad_sequence as _pad

from app.engine import nnlib
from app.engine.errors import ProgramRuntimeError


class Context(Protocol):
    """What these calls need from the run."""

    max_loop_iterations: int

    def affordable(self, elements: int, what: str) -> None: ...
    def account(self, t: torch.Tensor) -> None: ...


def _tensors(ctx: Context, values: Any, what: str) -> list[torch.Tensor]:
    """The tensors of a list, a tuple or model.parameters(), at most max_loop_iterations of them."""
    if isinstance(values, torch.Tensor):
        return [values]  # torch takes one tensor as a list of one
    refusal = f"TypeError: {what} takes a list of tensors or model.parameters()"
    items = nnlib.listed(values, ctx.max_loop_iterations, what, refusal)
    if not all(isinstance(t, torch.Tensor) for t in items):
        raise ProgramRuntimeError(f"TypeError: {what} takes tensors only")
    return items


def parameters_to_vector(ctx: Context, parameters: Any) -> torch.Tensor:
    tensors = _tensors(ctx, parameters, "parameters_to_vector()")
    ctx.affordable(sum(t.numel() for t in tensors), "parameters_to_vector()")
    return _to_vector(tensors)


def vector_to_parameters(ctx: Context, vec: Any, parameters: Any) -> None:
    tensors = _tensors(ctx, parameters, "vector_to_parameters()")
    if isinstance(vec, torch.Tensor) and vec.numel() < sum(t.numel() for t in tensors):
        # torch would fail part-way, with the first parameters already overwritten; refuse before any is
        raise ProgramRuntimeError(
            f"RuntimeError: vector_to_parameters() was given a vector of {vec.numel():,} elements for parameters "
            f"of {sum(t.numel() for t in tensors):,}"
        )
    _to_parameters(vec, tensors)
    for t in tensors:
        ctx.account(t)  # each now holds a view of the vector


def pad_sequence(
    ctx: Context, sequences: Any, batch_first: bool = False, padding_value: float = 0.0, padding_side: str = "right"
) -> torch.Tensor:
    tensors = _tensors(ctx, sequences, "pad_sequence()")
    if tensors and all(t.dim() > 0 for t in tensors):
        longest = max(t.shape[0] for t in tensors)
        ctx.affordable(len(tensors) * longest * math.prod(tensors[0].shape[1:]), "pad_sequence()")
    return _pad(tensors, batch_first=batch_first, padding_value=padding_value, padding_side=padding_side)
