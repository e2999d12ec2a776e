"""Size checks for the tensor operations whose result is sized by their arguments rather than by their inputs:
torch.einsum (its equation), chunk/split/unbind (how many pieces), torch.nonzero (how many elements are set),
torch.multinomial (how many samples), and torch.linalg's solve, inv, det and matrix norms (cubic work in the size of
their matrices, bounded as a matrix product's).

Guard.before_call hands them over. Imports torch, the standard library and the engine's errors only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.limits import Limits

_ELLIPSIS = "..."


def check(limits: Limits, check: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if check == "einsum":
        _einsum(limits, args)
    elif check == "pieces":
        _pieces(limits, name, args, kwargs)
    elif check == "nonzero":
        _nonzero(limits, args)
    elif check == "samples":
        _samples(limits, args, kwargs)
    elif check == "linalg":
        _linalg(limits, name, args, kwargs)


# Matrix norms that take a decomposition (the others read every element once).
_DECOMPOSED_ORDS = (2, -2, "nuc")


def _linalg(limits: Limits, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A factorisation of each n x n matrix of a batch takes about n^3 multiply-adds, and a solve then works on
    each of B's columns: refused as a matrix product of that work would be, before it starts."""
    tensors = [a for a in (*args, *kwargs.values()) if isinstance(a, torch.Tensor)]
    if not tensors or tensors[0].dim() < 2:
        return
    if name == "norm" and kwargs.get("ord", args[1] if len(args) > 1 else None) not in _DECOMPOSED_ORDS:
        return
    a = tensors[0]
    n = max(a.shape[-1], a.shape[-2])
    work = math.prod(a.shape[:-2]) * n**3 + sum(t.numel() * n for t in tensors[1:])
    if work > limits.max_matmul_flops:
        raise RunLimitExceeded(
            f"{name}(...) of {'x'.join(map(str, a.shape))} matrices would take about {work:,} multiply-adds;"
            f" the limit max_matmul_flops is {limits.max_matmul_flops:,}"
        )


def _samples(limits: Limits, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """torch.multinomial: num_samples draws for each row of probabilities, counted before any is drawn."""
    probs = args[0] if args else kwargs.get("input")
    count = args[1] if len(args) > 1 else kwargs.get("num_samples")
    if isinstance(count, bool) or not isinstance(count, int):
        raise ProgramRuntimeError("TypeError: multinomial(): num_samples must be a whole number")
    rows = probs.shape[0] if isinstance(probs, torch.Tensor) and probs.dim() == 2 else 1
    _refuse_elements(limits, rows * count, f"multinomial(num_samples={count:,})")


def _refuse_elements(limits: Limits, n: int, what: str) -> None:
    if n > limits.max_tensor_elements:
        raise RunLimitExceeded(
            f"{what} would have {n:,} elements; the limit max_tensor_elements is {limits.max_tensor_elements:,}"
        )


# --- torch.einsum ---------------------------------------------------------------------------------------------


def _einsum(limits: Limits, args: tuple[Any, ...]) -> None:
    """The result, each intermediate product and the multiply-adds of torch.einsum, from the equation and the
    operands' shapes, before it runs. A malformed equation is left to torch, which refuses it in its own words
    before computing anything."""
    if not args or not isinstance(args[0], str):
        raise ProgramRuntimeError("torch.einsum takes an equation string first, e.g. torch.einsum('ij,jk->ik', a, b)")
    equation, operands = args[0], list(args[1:])
    if len(operands) == 1 and isinstance(operands[0], list | tuple):
        operands = list(operands[0])
    if not operands or not all(isinstance(t, torch.Tensor) for t in operands):
        return
    plan = einsum_plan(equation, [tuple(t.shape) for t in operands])
    if plan is None:
        return
    output, steps = plan
    _refuse_elements(limits, math.prod(output), "einsum(...)")
    flops = 0
    for kept, cost in steps:
        _refuse_elements(limits, kept, "an intermediate product of einsum(...)")
        flops += cost
    if flops > limits.max_matmul_flops:
        raise RunLimitExceeded(
            f"einsum(...) would take {flops:,} multiply-adds; the limit max_matmul_flops is {limits.max_matmul_flops:,}"
        )


def _labels(text: str) -> list[str] | None:
    """The subscripts of one operand (or of the output), "..." one item; None where torch would refuse them."""
    out: list[str] = []
    i = 0
    text = text.replace(" ", "")
    while i < len(text):
        if text.startswith(_ELLIPSIS, i):
            if _ELLIPSIS in out:
                return None
            out.append(_ELLIPSIS)
            i += 3
        elif text[i].isascii() and text[i].isalpha():
            out.append(text[i])
            i += 1
        else:
            return None
    return out


def einsum_plan(equation: str, shapes: Sequence[tuple[int, ...]]) -> tuple[list[int], list[tuple[int, int]]] | None:
    """The output shape of torch.einsum(equation, *operands of these shapes), and for each product it computes
    (operands joined left to right, as torch does without opt_einsum) the elements it keeps and the
    multiply-adds it takes; None where torch would refuse the equation or the shapes."""
    lhs, arrow, rhs = equation.partition("->")
    parts = [_labels(p) for p in lhs.split(",")]
    if len(parts) != len(shapes) or any(p is None for p in parts):
        return None
    ops = [p for p in parts if p is not None]
    ellipsis_dims = 0
    sizes: dict[str, int] = {}
    per_op: list[dict[str, int]] = []
    for labels, shape in zip(ops, shapes, strict=True):
        named = [label for label in labels if label != _ELLIPSIS]
        spare = len(shape) - len(named)
        if spare < 0 or (spare and _ELLIPSIS not in labels):
            return None
        ellipsis_dims = max(ellipsis_dims, spare)
        dims: dict[str, int] = {}
        position = 0
        for label in labels:
            if label == _ELLIPSIS:
                for k in range(spare):  # ellipsis dims align from the right, as broadcasting does
                    dims[f"...{spare - k}"] = shape[position + k]
                position += spare
                continue
            size = shape[position]
            position += 1
            if label in dims and dims[label] != size:
                return None  # a repeated subscript (a diagonal) over dims of different sizes
            dims[label] = size
        for label, size in dims.items():
            known = sizes.get(label, 1)
            if known != 1 and size not in (1, known):
                return None
            sizes[label] = size if known == 1 else known
        per_op.append(dims)
    ellipsis_labels = [f"...{k}" for k in range(ellipsis_dims, 0, -1)]
    counts: dict[str, int] = {}
    for labels in ops:
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
    if arrow:
        out_labels = _labels(rhs)
        if out_labels is None or len(set(out_labels)) != len(out_labels):
            return None
        if any(label != _ELLIPSIS and label not in counts for label in out_labels):
            return None
    else:  # implicit output: the ellipsis, then the subscripts seen once, capitals first
        once = sorted((label for label, n in counts.items() if n == 1 and label != _ELLIPSIS), key=_subscript_order)
        out_labels = ([_ELLIPSIS] if any(_ELLIPSIS in labels for labels in ops) else []) + once
    output: list[str] = []
    for label in out_labels:
        output += ellipsis_labels if label == _ELLIPSIS else [label]
    needed = [set(output)]  # needed[k]: the subscripts the output and the operands after the k-th from last use
    for dims in reversed(per_op[2:]):
        needed.append(needed[-1] | set(dims))
    steps: list[tuple[int, int]] = []
    held = set(per_op[0])
    for i, dims in enumerate(per_op[1:], start=1):
        joined = held | set(dims)
        held = joined & needed[len(per_op) - 1 - i]
        steps.append((_count(sizes, held), _count(sizes, joined)))
    if len(per_op) == 1:
        steps.append((_count(sizes, set(output)), _count(sizes, held)))
    return [sizes.get(label, 1) for label in output], steps


def _count(sizes: dict[str, int], labels: set[str]) -> int:
    return math.prod(sizes.get(label, 1) for label in labels)


def _subscript_order(label: str) -> tuple[bool, str]:
    return label.islower(), label


# --- chunk, split, unbind --------------------------------------------------------------------------------------


def _pieces(limits: Limits, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Each piece is a tensor (a view): their number is bounded as a list's length is, before they are made."""
    if not args or not isinstance(args[0], torch.Tensor):
        return
    t, rest = args[0], args[1:]
    given = dict(zip(_PIECE_ARGS[name], rest, strict=False)) | kwargs
    dim = given.get("dim", 0)
    if type(dim) is not int or not -t.dim() <= dim < max(t.dim(), 1) or t.dim() == 0:
        return  # torch refuses the dim in its own words
    length = t.shape[dim]
    if name == "unbind":
        count = length
    elif name == "chunk":
        chunks = given.get("chunks")
        if type(chunks) is not int or chunks <= 0:
            return
        count = min(chunks, length)
    else:
        size = given.get("split_size_or_sections", given.get("split_size"))
        if type(size) is not int:
            return  # a list of sizes is as long as the pieces it makes
        count = -(-length // size) if size > 0 else 1
    if count > limits.max_loop_iterations:
        raise RunLimitExceeded(
            f"{name}(...) would make {count:,} tensors; the limit max_loop_iterations is {limits.max_loop_iterations:,}"
        )


_PIECE_ARGS = {
    "chunk": ("chunks", "dim"),
    "split": ("split_size_or_sections", "dim"),
    "unbind": ("dim",),
}


# --- torch.nonzero ---------------------------------------------------------------------------------------------


def _nonzero(limits: Limits, args: tuple[Any, ...]) -> None:
    """One row of indices per element that is set: counted (a quick pass) before the rows are made."""
    if args and isinstance(args[0], torch.Tensor):
        t = args[0]
        _refuse_elements(limits, int(torch.count_nonzero(t)) * max(t.dim(), 1), "nonzero(...)")
