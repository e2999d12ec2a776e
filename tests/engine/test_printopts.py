"""torch's print options belong to one run: a program's set_printoptions never reaches the next run in the same
process, and absurd options are refused, or the text they would make is bounded before it is made."""

from __future__ import annotations

import pytest
import torch
import torch._tensor_str as tensor_str

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.errors import ProgramError

DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}


def run(source: str) -> tuple[str, str | None]:
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    return result.output, result.error.message if result.error else None


def test_a_second_run_starts_from_torchs_defaults() -> None:
    first = "torch.set_printoptions(precision=1, sci_mode=True, linewidth=20, edgeitems=1, threshold=2)\n"
    summarised = "tensor([1.2e+00,\n         ...,\n        3.8e+00])\n"
    assert run(first + "print(torch.tensor([1.25, 2.5, 3.75]))\n") == (summarised, None)
    assert vars(tensor_str.PRINT_OPTS) == DEFAULTS  # left as torch ships them, for whatever runs next
    assert run("print(torch.tensor([1.25, 2.5, 3.75]))\n") == ("tensor([1.2500, 2.5000, 3.7500])\n", None)


def test_options_are_reset_after_a_run_that_failed() -> None:
    output, error = run("torch.set_printoptions(precision=1)\nx = torch.ones(2) @ torch.ones(3)\n")
    assert error is not None and "size" in error
    assert vars(tensor_str.PRINT_OPTS) == DEFAULTS


def test_a_run_starts_from_the_defaults_whatever_the_process_set() -> None:
    torch.set_printoptions(precision=1)
    try:
        assert run("print(torch.tensor([1.25]))\n") == ("tensor([1.2500])\n", None)
    finally:
        torch.set_printoptions(profile="default")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("precision=10**9", "precision=1000000000 is outside 0..100"),
        ("linewidth=0", "linewidth=0 is outside 1..10,000"),
        ("edgeitems=-1", "edgeitems=-1 is outside 0..10,000"),
        ("precision=2.5", "precision must be a whole number"),
        ("threshold=-1", "threshold must be a number, at least 0"),
        ("profile='huge'", "profile must be one of default, short, full"),
        ("sci_mode=1", "sci_mode must be True, False or None"),
    ],
)
def test_absurd_options_are_refused(call: str, message: str) -> None:
    output, error = run(f"torch.set_printoptions({call})\n")
    assert error is not None and message in error
    assert vars(tensor_str.PRINT_OPTS) == DEFAULTS


def test_printing_everything_is_bounded_before_the_text_is_made() -> None:
    source = "torch.set_printoptions(threshold=float('inf'))\nx = torch.zeros(1000, 1000)\nprint(x)\n"
    output, error = run(source)
    assert output == "" and error is not None and "max_output_chars" not in error
    assert "would make more than 100,000 characters" in error
    # Summarised as torch does by default, the same tensor prints.
    assert run("x = torch.zeros(1000, 1000)\nprint(x.shape)\nprint(f'{x}'[:9])\n")[1] is None


def test_torch_version_is_the_one_dunder_a_program_reads() -> None:
    assert run("print(torch.__version__ == torch.__version__, torch.__version__ > '1.0')\n") == ("True True\n", None)
    for source in ("x = torch.ones(1)\nv = x.__version__\n", "import numpy as np\nv = np.__version__\n"):
        output, error = run(source)
        assert error is not None and error.startswith("AttributeError"), error
    refused = ("v = torch.__version__.__class__\n", "v = torch.ones(1).__version__\n", "torch.__version__ = '0'\n")
    for source in (*refused, "from torch import __version__\n"):
        with pytest.raises(ProgramError):
            parse_program(source, Limits())
