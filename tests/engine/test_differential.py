"""Differential test: each corpus program (tests/programs/) prints and computes in the engine exactly what real
Python + torch prints and computes: output byte for byte, tensor values and gradients exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from differential import (
    Reference,
    assert_same_as_python,
    assert_steps_same_as_python,
    expected_error,
    expected_warnings,
    run_reference,
)

PROGRAMS_DIR = Path(__file__).resolve().parents[1] / "programs"
PROGRAMS = sorted(PROGRAMS_DIR.glob("[0-9][0-9]_*.py"))
# Programs also run with a second seed: they draw random numbers, so the seed must reach torch's generator.
SEEDED = ["02_notebook_in3_mean_backward.py", "27_cross_entropy.py", "34_adam_training_loop.py"]
OTHER_SEED = 7


@pytest.fixture(scope="module")
def reference() -> dict[tuple[str, int], Reference]:
    """Every corpus program run once by real CPython + torch, keyed by (file name, seed)."""
    jobs = [(p, 0) for p in PROGRAMS] + [(PROGRAMS_DIR / name, OTHER_SEED) for name in SEEDED]
    return run_reference(jobs)


def test_corpus_is_complete() -> None:
    numbers = [p.name[:2] for p in PROGRAMS]
    assert len(PROGRAMS) >= 40
    assert len(set(numbers)) == len(numbers), "two programs share a number"
    assert sum(expected_error(p.read_text()) is not None for p in PROGRAMS) >= 3


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
def test_reference_run_matches_header(path: Path, reference: dict[tuple[str, int], Reference]) -> None:
    """The corpus itself is sound: Python fails and warns exactly as the header says."""
    source = path.read_text()
    expected = reference[(path.name, 0)]
    want_error = expected_error(source)
    if want_error is None:
        assert expected["error"] is None
    else:
        assert expected["error"] is not None and expected["error"]["line"] == want_error[1]
    assert expected["warnings"] == expected_warnings(source)


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
def test_engine_matches_python(path: Path, reference: dict[tuple[str, int], Reference]) -> None:
    assert_same_as_python(path.read_text(), 0, reference[(path.name, 0)], path.name)


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
def test_engine_steps_match_python(path: Path, reference: dict[tuple[str, int], Reference]) -> None:
    """Step by step, not only at the end: what the learner sees after each statement is what Python holds."""
    assert_steps_same_as_python(path.read_text(), 0, reference[(path.name, 0)], path.name)


@pytest.mark.parametrize("name", SEEDED)
def test_engine_matches_python_with_another_seed(name: str, reference: dict[tuple[str, int], Reference]) -> None:
    expected = reference[(name, OTHER_SEED)]
    # The seed has to change what Python prints, or this test would prove nothing about seeding.
    assert expected["stdout"] != reference[(name, 0)]["stdout"]
    assert_same_as_python((PROGRAMS_DIR / name).read_text(), OTHER_SEED, expected, name)
