"""Property-based fuzzing of the language and the interpreter (bounded; scripts/fuzz.py runs it longer).

1. Any text: the checker refuses it with a ProgramError, or the run ends with a RunError or none. Nothing else.
2. Generated programs: the engine prints what real Python prints, and fails where real Python fails.
"""

from __future__ import annotations

import os
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import Limits, ProgramError, RunError, RunOptions, parse_program, run_program
from tests.hardening.fuzz_programs import programs, run_in_python

LIMITS = Limits(wall_time_s=2.0)
# Bounded in the test suite; scripts/fuzz.py raises it for a long (nightly) run.
FUZZ = settings(
    max_examples=int(os.environ.get("AGX_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ALPHABET = st.sampled_from(
    list("abcxyz0123456789 +-*/@()[]{}.,:=\n\t'\"_#!<>%^&|~")
    + [
        "torch.",
        "import ",
        "print(",
        "for i in range(",
        ":\n    ",
        "__",
        "lambda",
        ".backward()",
        ".grad",
        "requires_grad=True",
        "torch.rand(2, 3)",
        "with ",
    ]
)


@FUZZ
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_text_gets_a_clear_answer(source: str) -> None:
    try:
        program = parse_program(source, LIMITS)
    except ProgramError as e:
        assert e.code in {"syntax_error", "unsupported", "unknown_name", "limit_exceeded"}
        assert e.line is not None and e.message
        return
    result = run_program(program, RunOptions(), LIMITS)
    assert result.error is None or isinstance(result.error, RunError)
    if result.error is not None:
        assert result.error.line is not None and result.error.message


@FUZZ
@given(programs, st.integers(0, 2**31))
def test_generated_programs_match_python(source: str, seed: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. reading .grad of a non-leaf warns, on stderr only
        expected_out, expected_line = run_in_python(source, seed)
    try:
        program = parse_program(source, LIMITS)
    except ProgramError as e:  # only a name used before any assignment is refused before running
        assert e.code in {"unknown_name", "syntax_error"} and expected_line is not None
        return
    result = run_program(program, RunOptions(seed=seed), LIMITS)
    if expected_line is None:
        assert result.error is None, (source, result.error.to_dict() if result.error else None)
        assert result.output == expected_out
    else:
        assert result.error is not None, source
        assert result.error.line == expected_line, (source, result.error.to_dict())
        assert result.output == expected_out
