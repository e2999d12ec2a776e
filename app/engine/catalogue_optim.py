"""Catalogue rows for torch.optim: optimizers, what a program may call or read on one, and the learning-rate
schedules of torch.optim.lr_scheduler. Joined into the one table in catalogue.py; the implementations are in
optimlib.py. Imports torch and the engine's entries and optimlib only.
"""

from __future__ import annotations

import torch
from torch.optim import lr_scheduler

from app.engine import optimlib
from app.engine.entries import Entry, attr, op

_GIVEN = "a list of tensors, model.parameters(), or parameter groups ([{'params': ..., 'lr': ...}])"
_OPTIMIZERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "SGD",
        "Stochastic gradient descent, with momentum, Nesterov, dampening and weight decay",
        ("momentum", "dampening", "weight_decay", "nesterov"),
    ),
    ("Adam", "Adam", ("betas", "eps", "weight_decay", "amsgrad")),
    ("AdamW", "Adam with decoupled weight decay", ("betas", "eps", "weight_decay", "amsgrad")),
    ("RMSprop", "RMSprop", ("alpha", "eps", "weight_decay", "momentum", "centered")),
    ("Adagrad", "Adagrad", ("lr_decay", "weight_decay", "initial_accumulator_value", "eps")),
)
_SCHEDULES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "StepLR",
        "Multiply the lr by gamma every step_size steps.",
        "StepLR(opt, step_size=2, gamma=0.5)",
        ("step_size", "gamma"),
    ),
    (
        "MultiStepLR",
        "Multiply the lr by gamma at each milestone.",
        "MultiStepLR(opt, milestones=[2, 4], gamma=0.5)",
        ("milestones", "gamma"),
    ),
    ("ExponentialLR", "Multiply the lr by gamma every step.", "ExponentialLR(opt, gamma=0.9)", ("gamma",)),
    (
        "CosineAnnealingLR",
        "Anneal the lr along a cosine to eta_min over T_max steps.",
        "CosineAnnealingLR(opt, T_max=10)",
        ("T_max", "eta_min"),
    ),
    (
        "LambdaLR",
        "The initial lr times lr_lambda(step), the program's own function.",
        "LambdaLR(opt, lambda step: 0.9 ** step)",
        ("lr_lambda",),
    ),
    (
        "LinearLR",
        "Scale the initial lr by a factor moving linearly from start_factor to end_factor over total_iters steps.",
        "LinearLR(opt, start_factor=0.25, total_iters=3)",
        ("start_factor", "end_factor", "total_iters"),
    ),
    (
        "OneCycleLR",
        "Raise the lr to max_lr then anneal it far below its start over total_steps steps, cycling momentum the "
        "other way.",
        "OneCycleLR(torch.optim.SGD([x], lr=0.1, momentum=0.9), max_lr=0.5, total_steps=6)",
        (
            "max_lr",
            "total_steps",
            "epochs",
            "steps_per_epoch",
            "pct_start",
            "anneal_strategy",
            "cycle_momentum",
            "base_momentum",
            "max_momentum",
            "div_factor",
            "final_div_factor",
            "three_phase",
        ),
    ),
)
_OPT = "torch.optim.SGD([x], lr=0.1)"

ROWS: tuple[Entry, ...] = (
    *(
        op(
            name,
            "optim",
            "optimizer",
            f"{doc}, over {_GIVEN}.",
            f"torch.optim.{name}([x], lr=0.1)",
            kind="optimizer",
            kwargs=("lr", "maximize") + keywords,
            impl=optimlib.make_optimizer(getattr(torch.optim, name)),
            needs_ctx=True,
        )
        for name, doc, keywords in _OPTIMIZERS
    ),
    op(
        "step",
        "optimizer",
        "optimizer",
        "Update every parameter from its .grad.",
        "opt.step()",
        kind="optimizer",
        impl=optimlib.step,
        needs_ctx=True,
        mutates=True,
    ),
    op(
        "zero_grad",
        "optimizer",
        "optimizer",
        "Reset every parameter's .grad (to None by default).",
        "opt.zero_grad()",
        kind="optimizer",
        kwargs=("set_to_none",),
        impl=lambda o, set_to_none=True: o.zero_grad(set_to_none=set_to_none),
        mutates=True,
    ),
    op(
        "state_dict",
        "optimizer",
        "optimizer",
        "The optimizer's state and parameter groups, as a dict.",
        f"{_OPT}.state_dict()",
        kind="other",
        impl=lambda o: o.state_dict(),
    ),
    op(
        "add_param_group",
        "optimizer",
        "optimizer",
        "Add a parameter group ({'params': [...], 'lr': ...}); options it leaves out take the optimizer's defaults.",
        f"{_OPT}.add_param_group({{'params': [y], 'lr': 0.5}})",
        kind="optimizer",
        impl=optimlib.add_param_group,
        needs_ctx=True,
        mutates=True,
    ),
    op(
        "load_state_dict",
        "optimizer",
        "optimizer",
        "Take on a saved state_dict(): its per-parameter state (copied) and its groups' options.",
        f"{_OPT}.load_state_dict({_OPT}.state_dict())",
        kind="optimizer",
        impl=optimlib.load_state_dict,
        needs_ctx=True,
        mutates=True,
    ),
    attr(
        "param_groups",
        "optimizer",
        "Its parameter groups: dicts of 'params', 'lr' and the other options (set opt.param_groups[0]['lr']).",
        lambda o: o.param_groups,
    ),
    attr(
        "state",
        "optimizer",
        "Per parameter, what it keeps: momentum_buffer (SGD), step, exp_avg and exp_avg_sq (Adam), ...",
        lambda o: o.state,
    ),
    attr("defaults", "optimizer", "The options it was made with.", lambda o: o.defaults),
    *(
        op(
            name,
            "optim.lr_scheduler",
            "schedule",
            doc,
            f"torch.optim.lr_scheduler.{example.replace('(opt,', f'({_OPT},', 1)}",
            kind="optimizer",
            kwargs=keywords + ("last_epoch",),
            impl=optimlib.make_schedule(getattr(lr_scheduler, name)),
            mutates=True,  # it sets the optimizer's lr
            takes_functions=name == "LambdaLR",
        )
        for name, doc, example, keywords in _SCHEDULES
    ),
    op(
        "ReduceLROnPlateau",
        "optim.lr_scheduler",
        "schedule",
        "Multiply the lr by factor once the value given to sched.step(value) has not improved (mode 'min' or "
        "'max') for patience steps.",
        f"torch.optim.lr_scheduler.ReduceLROnPlateau({_OPT}, mode='min', factor=0.5, patience=1)",
        kind="optimizer",
        kwargs=("mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"),
        impl=optimlib.make_schedule(lr_scheduler.ReduceLROnPlateau),
        mutates=True,
    ),
    op(
        "SequentialLR",
        "optim.lr_scheduler",
        "schedule",
        "Run the given schedules of one optimizer one after another, switching at each milestone.",
        "torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[torch.optim.lr_scheduler.LinearLR(opt, "
        "total_iters=2), torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)], milestones=[2])",
        kind="optimizer",
        kwargs=("schedulers", "milestones", "last_epoch"),
        impl=optimlib.make_schedule(lr_scheduler.SequentialLR),
        mutates=True,
    ),
    op(
        "step",
        "scheduler",
        "schedule",
        "Move the schedule on one step (after opt.step()), setting the optimizer's lr; ReduceLROnPlateau's "
        "takes the value it watches, sched.step(val_loss).",
        "sched.step()",
        kind="optimizer",
        impl=optimlib.schedule_step,
        mutates=True,
    ),
    op(
        "get_last_lr",
        "scheduler",
        "schedule",
        "The lr of each parameter group, as the last step set it.",
        "sched.get_last_lr()",
        kind="other",
        impl=lambda s: s.get_last_lr(),
    ),
    op(
        "state_dict",
        "scheduler",
        "schedule",
        "The schedule's state, as a dict (a LambdaLR's own function is kept as None).",
        "sched.state_dict()",
        kind="other",
        impl=lambda s: s.state_dict(),
    ),
    attr("last_epoch", "scheduler", "How many steps the schedule has taken.", lambda s: s.last_epoch),
    attr("optimizer", "scheduler", "The optimizer it sets the lr of.", lambda s: s.optimizer),
)
