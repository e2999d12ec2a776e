"""Check a gradient three ways: what autograd computed for a leaf in the program's last backward, what finite
differences give (the program run again with each element of the leaf nudged up and down), and, when the learner
says what they expect, that too.

The nudged runs are the same program with the same seed, the leaf's element changed right where the program makes
it; they record no steps and share the request's CPU-time budget. A leaf the program changes in place before that
backward (an optimizer step) cannot be checked this way, and the check says so. Imports torch and the engine's own
modules only.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from app.engine import rundefaults
from app.engine.errors import CheckRefused, ProgramRuntimeError
from app.engine.interpreter import RunOptions, StatementRunner, recursion_room
from app.engine.language import Program
from app.engine.limits import Limits
from app.engine.state import CheckedBackward

MAX_CHECKED_ELEMENTS = 64  # elements of a leaf a check nudges (two runs each)
STEP = 1e-3  # the nudge, relative to the element's size (at least this much)
RTOL, ATOL = 1e-2, 1e-3  # float32 finite differences agree with autograd to about this


def gradient_check(
    program: Program, options: RunOptions, limits: Limits, leaf: str, expected: tuple[float, ...] | None = None
) -> dict[str, Any]:
    """The check of `leaf` against the program's last backward, as plain data for the answer."""
    quiet = dataclasses.replace(limits, max_recorded_steps=0)
    recursion_room(limits)
    with rundefaults.isolated():
        base = _run(program, dataclasses.replace(options, check_leaf=leaf, nudge=None), quiet, None)
        last = _last_backward(base, leaf)
        tensor = base.state.checked.leaf if base.state.checked else None
        assert tensor is not None and last.added is not None and last.value is not None
        if tensor.numel() > MAX_CHECKED_ELEMENTS:
            raise CheckRefused(
                f"`{leaf}` has {tensor.numel():,} elements; a check nudges each one (at most {MAX_CHECKED_ELEMENTS})"
            )
        values = tensor.detach().double().flatten().tolist()
        numeric = []
        for i, x in enumerate(values):
            h = STEP * max(1.0, abs(x))
            ends = []
            for sign in (1.0, -1.0):
                nudged = dataclasses.replace(options, check_leaf=leaf, nudge=(last.ordinal, i, sign * h))
                run = _run(program, nudged, quiet, base.deadline)
                ends.append(_last_backward(run, leaf).value)
            numeric.append((ends[0] - ends[1]) / (2 * h))  # type: ignore[operator]
    autograd = last.added.double().flatten().tolist()
    shape = list(tensor.shape)
    differ = [i for i, (a, n) in enumerate(zip(autograd, numeric, strict=True)) if not _close(a, n)]
    answer: dict[str, Any] = {
        "leaf": leaf,
        "error": None,
        "target": last.target,
        "line": last.line,
        "shape": shape,
        "autograd": autograd,
        "numeric": numeric,
        "step": STEP,
        "agree": not differ,
        "differ_at": [_index(i, shape) for i in differ],
        "expected": None,
    }
    if expected is not None:
        if len(expected) == 1:
            expected = expected * len(autograd)  # one number stands for every element
        if len(expected) != len(autograd):
            raise CheckRefused(
                f"expected {len(autograd)} numbers for `{leaf}` (shape {tuple(shape)}), got {len(expected)}"
            )
        wrong = [i for i, (e, a) in enumerate(zip(expected, autograd, strict=True)) if not _close(e, a)]
        answer["expected"] = {
            "values": list(expected),
            "agree": not wrong,
            "differ_at": [_index(i, shape) for i in wrong],
        }
    return answer


def _run(program: Program, options: RunOptions, limits: Limits, deadline: float | None) -> StatementRunner:
    runner = StatementRunner(program, options, limits, deadline=deadline)
    runner.run_program_body()
    error = runner.result.error
    if error is not None:
        if options.nudge is not None and isinstance(error, ProgramRuntimeError):  # a limit stays what it is
            raise CheckRefused(f"with `{options.check_leaf}` nudged, the program failed: {error.message}") from None
        raise error
    return runner


def _last_backward(runner: StatementRunner, leaf: str) -> CheckedBackward:
    checked = runner.state.checked
    if checked is None:
        raise CheckRefused(f"the program never assigns a tensor to `{leaf}` at its top level")
    reached = [b for b in checked.backwards if b.added is not None]
    if not reached:
        raise CheckRefused(f"no backward call of the program reaches `{leaf}`")
    last = reached[-1]
    if last.value is None:
        raise CheckRefused(f"the last backward reaching `{leaf}` starts from {last.target}, which is not one number")
    if last.version != checked.version:
        raise CheckRefused(
            f"`{leaf}` was changed in place (e.g. by an optimizer step) before the backward at line {last.line}: "
            "finite differences need the leaf as the program made it"
        )
    if not math.isfinite(last.value):
        raise CheckRefused(f"{last.target} is not finite, so finite differences cannot be taken")
    return last


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= ATOL + RTOL * max(abs(a), abs(b))


def _index(flat: int, shape: list[int]) -> list[int]:
    out = []
    for size in reversed(shape):
        out.append(flat % size)
        flat //= size
    return list(reversed(out))
