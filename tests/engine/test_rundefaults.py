"""torch's default dtype and a program's generators belong to one run: a program's set_default_dtype never reaches
the next run in the same process, whether the run ended well or failed, and a Generator is made anew by each run."""

from __future__ import annotations

import torch

from app.engine import Limits, RunOptions, parse_program, run_program


def run(source: str) -> tuple[str, str | None]:
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    return result.output, result.error.message if result.error else None


def test_a_run_setting_float64_leaves_the_next_run_in_float32() -> None:
    first = "torch.set_default_dtype(torch.float64)\nprint(torch.zeros(1).dtype, torch.get_default_dtype())\n"
    assert run(first) == ("torch.float64 torch.float64\n", None)
    assert torch.get_default_dtype() == torch.float32  # left as torch ships it, for whatever runs next
    assert run("print(torch.zeros(1).dtype, torch.tensor([1.5]).dtype)\n") == ("torch.float32 torch.float32\n", None)


def test_the_default_dtype_is_reset_after_a_run_that_failed() -> None:
    output, error = run("torch.set_default_dtype(torch.float64)\nx = torch.ones(2) @ torch.ones(3)\n")
    assert error is not None and "size" in error
    assert torch.get_default_dtype() == torch.float32


def test_a_run_starts_in_float32_whatever_the_process_set() -> None:
    torch.set_default_dtype(torch.float64)
    try:
        assert run("print(torch.ones(1).dtype)\n") == ("torch.float32\n", None)
    finally:
        torch.set_default_dtype(torch.float32)


def test_only_the_floating_dtypes_a_run_shows_are_taken() -> None:
    output, error = run("torch.set_default_dtype(torch.int64)\n")
    assert error is not None and "float32 or torch.float64" in error


def test_a_programs_generator_is_its_own_runs() -> None:
    source = "g = torch.Generator().manual_seed(3)\nprint(torch.rand(2, generator=g))\n"
    first = run(source)
    assert run("g = torch.Generator().manual_seed(3)\nfor i in range(50):\n    torch.rand(9, generator=g)\n")[1] is None
    assert run(source) == first  # the draws of the run between reach neither this generator nor torch's own
    assert first == (repr(torch.rand(2, generator=torch.Generator().manual_seed(3))) + "\n", None)
