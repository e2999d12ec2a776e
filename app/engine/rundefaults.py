"""The process-wide settings a program may change, and the run's boundary that keeps them its own.

torch keeps its print options and its default dtype in the process, and a worker runs many programs one after
another: every run starts from torch's defaults and leaves them behind (`isolated`), error or not. Imports torch,
the standard library and the engine's own printopts and errors only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch

from app.engine import printopts
from app.engine.errors import ProgramRuntimeError

# The dtypes torch.set_default_dtype takes on a CPU that the rest of the engine shows and checks.
_DEFAULT_DTYPES = (torch.float32, torch.float64)


@contextmanager
def isolated() -> Iterator[None]:
    """A run's settings: torch's defaults from its first statement, and torch's defaults after its last."""
    torch.set_default_dtype(torch.float32)
    try:
        with printopts.isolated():
            yield
    finally:
        torch.set_default_dtype(torch.float32)


def set_default_dtype(d: Any) -> None:
    """torch.set_default_dtype, for the floating dtypes a run uses; `isolated` puts float32 back afterwards."""
    if d not in _DEFAULT_DTYPES:
        raise ProgramRuntimeError("TypeError: set_default_dtype() takes torch.float32 or torch.float64 here")
    torch.set_default_dtype(d)
