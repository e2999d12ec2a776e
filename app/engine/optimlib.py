"""torch.optim's optimizers and learning-rate schedules as the catalogue calls them: PyTorch's own classes, given
parameters the way tutorials write them (a list, `model.parameters()`, param-group dicts), with the run's bounds.

An optimizer's state (momentum buffers, Adam's averages) is counted towards max_total_elements after each step,
as the program's own tensors are. Imports torch, the standard library and the engine's errors and nnlib only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import torch

from app.engine import nnlib
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded


class Context(Protocol):
    """What these calls need from the run."""

    max_loop_iterations: int

    def account(self, t: torch.Tensor) -> None: ...
    def note_optimizer(self, optimizer: torch.optim.Optimizer) -> None: ...


def _tensors(ctx: Context, params: Any, name: str) -> list[Any]:
    """A list of parameters (or of (name, parameter) pairs, as named_parameters() gives), read from a list,
    a tuple or a generator, at most max_loop_iterations of them."""
    if isinstance(params, torch.Tensor):
        raise ProgramRuntimeError(
            f"{name} takes a list of tensors: write torch.optim.{name}([weights], ...) with the tensor inside [ ]"
        )
    refusal = f"{name} takes a list of tensors, e.g. [w, b], or model.parameters()"
    return nnlib.listed(params, ctx.max_loop_iterations, f"torch.optim.{name}()", refusal)


def _groups(ctx: Context, params: Any, name: str) -> list[Any]:
    items = _tensors(ctx, params, name)
    if items and all(isinstance(g, dict) for g in items):  # param groups: [{"params": ..., "lr": ...}, ...]
        groups = []
        for group in items:
            if "params" not in group:
                raise ProgramRuntimeError(f"{name}: each parameter group needs a 'params' entry")
            given = group["params"]  # one tensor, as torch allows, or many
            held = [given] if isinstance(given, torch.Tensor) else _tensors(ctx, given, name)
            groups.append({**group, "params": held})
        return groups
    named = all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[1], torch.Tensor) for p in items)
    if not named and not all(isinstance(p, torch.Tensor) for p in items):
        raise ProgramRuntimeError(f"{name} takes a list of tensors, e.g. [w, b], or model.parameters()")
    return items


def make_optimizer(cls: type[torch.optim.Optimizer]) -> Callable[..., torch.optim.Optimizer]:
    def build(ctx: Context, params: Any, **options: Any) -> torch.optim.Optimizer:
        return cls(_groups(ctx, params, cls.__name__), **options)

    build.__name__ = cls.__name__
    return build


def step(ctx: Context, optimizer: torch.optim.Optimizer) -> None:
    optimizer.step()
    ctx.note_optimizer(optimizer)
    for state in optimizer.state.values():
        for value in state.values():
            if isinstance(value, torch.Tensor):
                ctx.account(value)  # each storage once, however often it is counted


def make_schedule(cls: type[Any]) -> Callable[..., Any]:
    def build(optimizer: Any, *args: Any, **options: Any) -> Any:
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise ProgramRuntimeError(f"TypeError: {cls.__name__} takes an optimizer first")
        return cls(optimizer, *args, **options)

    build.__name__ = cls.__name__
    return build


def schedule_step(schedule: Any, metrics: Any = None) -> None:
    """sched.step(), or ReduceLROnPlateau's sched.step(value); the epoch other schedules once took is refused
    (torch warns it is deprecated)."""
    if isinstance(schedule, torch.optim.lr_scheduler.ReduceLROnPlateau):
        if metrics is None:
            raise ProgramRuntimeError(
                "TypeError: ReduceLROnPlateau.step() takes the value it watches, sched.step(loss)"
            )
        schedule.step(metrics)
    elif metrics is not None:
        raise ProgramRuntimeError(f"{type(schedule).__name__}.step() takes no value (only ReduceLROnPlateau's does)")
    else:
        schedule.step()


def add_param_group(ctx: Context, optimizer: torch.optim.Optimizer, group: Any) -> None:
    """opt.add_param_group({'params': ..., 'lr': ...}): its tensors read as the optimizer's own, bounded alike."""
    if not isinstance(group, dict):
        raise ProgramRuntimeError("TypeError: add_param_group() takes a dict, e.g. {'params': [v], 'lr': 0.5}")
    total = sum(len(g["params"]) for g in optimizer.param_groups)
    (held,) = _groups(ctx, [group], type(optimizer).__name__)
    if total + len(held["params"]) > ctx.max_loop_iterations:
        raise RunLimitExceeded(
            f"add_param_group() would give the optimizer {total + len(held['params']):,} tensors, over "
            "max_loop_iterations"
        )
    optimizer.add_param_group(held)


def load_state_dict(ctx: Context, optimizer: torch.optim.Optimizer, state: Any) -> None:
    """opt.load_state_dict(saved): the state it takes on (copies of saved tensors) counted as a step's is."""
    if not isinstance(state, dict):
        raise ProgramRuntimeError("TypeError: load_state_dict() takes a dict, as opt.state_dict() gives")
    optimizer.load_state_dict(state)
    ctx.note_optimizer(optimizer)
    for kept in optimizer.state.values():
        for value in kept.values():
            if isinstance(value, torch.Tensor):
                ctx.account(value)
