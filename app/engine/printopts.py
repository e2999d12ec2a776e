"""torch.set_printoptions for a program, inside bounds; and the run's boundary that keeps the options its own.

torch keeps its print options in one process-wide object, and a worker runs many programs one after another: every
run starts from torch's defaults and leaves them behind (`isolated`), whatever the program set. Imports torch, the
standard library and the engine's errors only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
import torch._tensor_str as _tensor_str

from app.engine.errors import ProgramRuntimeError, RunLimitExceeded

# The bounds a program's options stay within: wider ones only make text no learner reads, slowly.
MAX_PRECISION = 100
MAX_EDGEITEMS = 10_000
MAX_LINEWIDTH = 10_000
_PROFILES = ("default", "short", "full")


def _defaults() -> None:
    torch.set_printoptions(profile="default")  # type: ignore[no-untyped-call]


@contextmanager
def isolated() -> Iterator[None]:
    """A run's print options: torch's defaults from its first statement, and torch's defaults after its last."""
    _defaults()
    try:
        yield
    finally:
        _defaults()


def _whole(name: str, value: Any, most: int, least: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProgramRuntimeError(f"TypeError: set_printoptions(): {name} must be a whole number")
    if not least <= value <= most:
        raise RunLimitExceeded(f"set_printoptions(): {name}={value} is outside {least}..{most:,} here")
    return value


def set_printoptions(
    precision: Any = None,
    threshold: Any = None,
    edgeitems: Any = None,
    linewidth: Any = None,
    profile: Any = None,
    sci_mode: Any = None,
) -> None:
    """torch.set_printoptions, its numbers checked first; the text a print makes is bounded when it is made."""
    if profile is not None and profile not in _PROFILES:
        raise ProgramRuntimeError(f"set_printoptions(): profile must be one of {', '.join(_PROFILES)}")
    if precision is not None:
        _whole("precision", precision, MAX_PRECISION)
    if edgeitems is not None:
        _whole("edgeitems", edgeitems, MAX_EDGEITEMS)
    if linewidth is not None:
        _whole("linewidth", linewidth, MAX_LINEWIDTH, least=1)
    if threshold is not None and (
        isinstance(threshold, bool) or not isinstance(threshold, int | float) or not threshold >= 0
    ):
        raise ProgramRuntimeError("set_printoptions(): threshold must be a number, at least 0")
    if sci_mode is not None and not isinstance(sci_mode, bool):
        raise ProgramRuntimeError("set_printoptions(): sci_mode must be True, False or None")
    torch.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)  # type: ignore[no-untyped-call]


def printed_length(t: torch.Tensor) -> int:
    """A lower bound of the length of repr(t) under the options in force, found without making it: two
    characters for each value shown (a digit and a comma; a float holding a whole number shows no decimals at
    any precision). Under torch's defaults a tensor shows at most about a thousand values; `threshold=inf`
    shows them all."""
    options = _tensor_str.PRINT_OPTS
    shown = t.numel()
    if shown > options.threshold:  # summarised: `edgeitems` values at each end of every dimension
        shown = math.prod(min(size, 2 * options.edgeitems) for size in t.shape)
    return len("tensor()") + 2 * shown
