"""Differential test: each corpus program (tests/programs/) and each of the page's examples (app/examples/) prints
and computes in the engine exactly what real Python + torch prints and computes: output byte for byte, tensor
values and gradients exactly, after every step.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from differential import (
    EXAMPLES_DIR,
    PROGRAMS_DIR,
    Reference,
    assert_same_as_python,
    assert_steps_same_as_python,
    expected_error,
    expected_warnings,
    read_source,
    reference_job,
    run_reference,
    run_reference_jobs,
)

from app.engine import ExtraBackward, RunOptions
from app.examples import FAILING

PROGRAMS = sorted(PROGRAMS_DIR.glob("[0-9][0-9]*_*.py"), key=lambda p: int(p.name.split("_", 1)[0]))
EXAMPLES = sorted(p for p in EXAMPLES_DIR.glob("*.py") if p.name != "__init__.py")
COMPARED = PROGRAMS + EXAMPLES
IN3 = PROGRAMS_DIR / "02_notebook_in3_mean_backward.py"
# Programs also run with a second seed: they draw random numbers, so the seed must reach torch's generator.
SEEDED = [IN3, PROGRAMS_DIR / "27_cross_entropy.py", PROGRAMS_DIR / "34_adam_training_loop.py"]
OTHER_SEED = 7
# The run options (zero-gradients toggle, extra backward passes), each with the program it is tried on.
OPTION_CASES: dict[str, tuple[Path, bool, ExtraBackward | None]] = {
    "in3-backward-twice-more": (IN3, False, ExtraBackward("d", None, 2)),
    "in3-zeroed-backward-3x": (IN3, True, ExtraBackward("d", None, 3)),
    "in4-backward-with-gradient": (
        EXAMPLES_DIR / "jacobian.py",
        False,
        ExtraBackward("output", "torch.full((2, 3, 4), 2.0)", 1),
    ),
    # The gradient names a variable of the program, as `output.backward(error)` in the cell itself does.
    "in9-zeroed-extra-pass": (
        PROGRAMS_DIR / "07_notebook_in9_zero_grad_loop.py",
        True,
        ExtraBackward("output", "error", 2),
    ),
    "zeroed-accumulation": (PROGRAMS_DIR / "30_retain_graph_accumulates.py", True, None),
    "zeroed-two-losses": (PROGRAMS_DIR / "79_two_losses_accumulate.py", True, None),
    # The program's own backward-twice error still happens: the option never changes the program silently.
    "backward-twice-still-fails": (PROGRAMS_DIR / "44_error_backward_twice.py", False, ExtraBackward("y", None, 1)),
    # After opt.step() changed the weights in place, one more backward fails as it does in PyTorch.
    "extra-pass-after-step-fails": (
        PROGRAMS_DIR / "09_notebook_optimizer_sgd_fixed.py",
        False,
        ExtraBackward("loss", None, 2),
    ),
    "sgd-loop-extra-pass": (PROGRAMS_DIR / "33_sgd_training_loop.py", False, ExtraBackward("loss", None, 1)),
}


def program_id(path: Path) -> str:
    return f"example-{path.stem}" if path.parent == EXAMPLES_DIR else path.stem


# Operations over 2 x 3 tensors `a`, `b` giving a 2 x 3 tensor, for generated programs that mix them freely.
MIXES = (
    "{a} + {b}",
    "{a} - {b}",
    "{a} * {b}",
    "{a} / ({b}.abs() + 1)",
    "{a} ** 2",
    "2 - {a}",
    "3 / ({a}.abs() + 1)",
    "-{a}",
    "{a}.exp().tanh()",
    "torch.sigmoid({a})",
    "F.relu({a})",
    "{a}.clamp(min=-0.5, max=0.5)",
    "F.softmax({a}, dim=1)",
    "F.log_softmax({a}, dim=0)",
    "{a}.sum(dim=0, keepdim=True) * {b}",
    "{a}.mean(dim=1, keepdim=True) + {b}",
    "{a} @ {b}.T @ {a}",
    "{a}.transpose(0, 1).reshape(2, 3)",
    "{a}.flatten().view(2, 3)",
    "torch.cat([{a}[:, :1], {b}[:, 1:]], dim=1)",
    "torch.stack([{a}, {b}]).sum(dim=0)",
    "{a}.unsqueeze(0).squeeze(0) * 0.5",
    "{a}[0] * {b}",
    "{a}.max(dim=0, keepdim=True)[0] - {b}",
    "{a}.abs().sqrt()",
    "({a}.abs() + 1).log()",
    "{a}.sin() * {b}.cos()",
    "{a}.norm(dim=1, keepdim=True) * {b}",
    "{a}.prod(dim=1, keepdim=True) + {b}",
    "{a}.sum() * {b}",
    "torch.where({a} > {b}, {a}, {b})",
    "{a}.detach() * {b}",
    "{a}.pow(3) - {b}.square()",
)
GENERATED = 40


def generated_program(number: int) -> str:
    """A random but reproducible chain of MIXES over two random leaves, back-propagated and printed."""
    rng = random.Random(number)
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        "v0 = torch.randn(2, 3, requires_grad=True)",
        "v1 = torch.randn(2, 3, requires_grad=True)",
    ]
    count = rng.randint(3, 8)
    for k in range(2, 2 + count):
        a, b = rng.randrange(k), rng.randrange(k)
        lines.append(f"v{k} = " + rng.choice(MIXES).format(a=f"v{a}", b=f"v{b}"))
        if rng.random() < 0.3:
            lines.append(f"print(v{k})")
    lines += [f"out = v{1 + count}.sum()", "out.backward()", "print(out)", "print(v0.grad)", "print(v1.grad)"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[str, Reference]]:
    """The generated programs and their real-torch runs, by number."""
    folder = tmp_path_factory.mktemp("generated")
    paths = []
    for number in range(GENERATED):
        paths.append(folder / f"{number:02d}_generated.py")
        paths[-1].write_text(generated_program(number))
    runs = run_reference([(path, 0) for path in paths])
    return {n: (generated_program(n), runs[(paths[n].name, 0)]) for n in range(GENERATED)}


@pytest.fixture(scope="module")
def reference() -> dict[tuple[str, int], Reference]:
    """Every corpus program and example run once by real CPython + torch, keyed by (file name, seed)."""
    jobs = [(p, 0) for p in COMPARED] + [(path, OTHER_SEED) for path in SEEDED]
    return run_reference(jobs)


@pytest.fixture(scope="module")
def reference_with_options() -> dict[str, Reference]:
    """The option cases run by real CPython + torch, keyed by case id; also with the toggle flipped (key + "~")."""
    jobs: list[dict[str, Any]] = []
    for key, (path, zero_grad, extra) in OPTION_CASES.items():
        for suffix, toggle in (("", zero_grad), ("~", not zero_grad)):
            job = reference_job(path, 0) | {"key": key + suffix, "zero_grad": toggle}
            if extra is not None:
                job["backward"] = {"target": extra.target, "gradient": extra.gradient, "times": extra.times}
            jobs.append(job)
    return {r["key"]: r for r in run_reference_jobs(jobs)}


def test_corpus_is_complete() -> None:
    numbers = [p.name.split("_", 1)[0] for p in PROGRAMS]
    assert len(PROGRAMS) >= 40
    assert len(set(numbers)) == len(numbers), "two programs share a number"
    assert sum(expected_error(read_source(p)) is not None for p in PROGRAMS) >= 3
    assert any("\r\n" in read_source(p) for p in PROGRAMS), "no program keeps CRLF line ends"
    assert len(EXAMPLES) >= 10


def test_no_program_is_written_twice() -> None:
    """An example is compared here from its own file: the corpus holds no copy of it."""
    examples = {read_source(p) for p in EXAMPLES}
    assert len(examples) == len(EXAMPLES)
    copies = [p.name for p in PROGRAMS if read_source(p).removeprefix("import torch\n") in examples]
    assert copies == []


# Slow: their fixtures run every program in real torch, in a child process, before the first comparison.
@pytest.mark.slow
@pytest.mark.parametrize("path", COMPARED, ids=program_id)
def test_reference_run_matches_header(path: Path, reference: dict[tuple[str, int], Reference]) -> None:
    """The corpus itself is sound: Python fails and warns exactly as the header says (an example: as FAILING says)."""
    source = read_source(path)
    expected = reference[(path.name, 0)]
    want_error = expected_error(source)
    if path in EXAMPLES:
        assert want_error is None, "an example shows no header: the page would show it too"
        assert (expected["error"] is not None) == (path.stem in FAILING), expected["error"]
    elif want_error is None:
        assert expected["error"] is None
    else:
        assert expected["error"] is not None and expected["error"]["line"] == want_error[1]
    assert expected["warnings"] == expected_warnings(source)


@pytest.mark.slow
@pytest.mark.parametrize("path", COMPARED, ids=program_id)
def test_engine_matches_python(path: Path, reference: dict[tuple[str, int], Reference]) -> None:
    assert_same_as_python(read_source(path), RunOptions(seed=0), reference[(path.name, 0)], path.name)


@pytest.mark.slow
@pytest.mark.parametrize("path", COMPARED, ids=program_id)
def test_engine_steps_match_python(path: Path, reference: dict[tuple[str, int], Reference]) -> None:
    """Step by step, not only at the end: what the learner sees after each statement is what Python holds."""
    assert_steps_same_as_python(read_source(path), RunOptions(seed=0), reference[(path.name, 0)], path.name)


@pytest.mark.slow
@pytest.mark.parametrize("path", SEEDED, ids=program_id)
def test_engine_matches_python_with_another_seed(path: Path, reference: dict[tuple[str, int], Reference]) -> None:
    expected = reference[(path.name, OTHER_SEED)]
    # The seed has to change what Python prints, or this test would prove nothing about seeding.
    assert expected["stdout"] != reference[(path.name, 0)]["stdout"]
    assert_same_as_python(read_source(path), RunOptions(seed=OTHER_SEED), expected, path.name)


@pytest.mark.slow
@pytest.mark.parametrize("case", OPTION_CASES)
def test_run_options_match_python(case: str, reference_with_options: dict[str, Reference]) -> None:
    """Zero-gradients toggle and extra backward passes: the same gradients as Python doing it by hand."""
    path, zero_grad, extra = OPTION_CASES[case]
    expected = reference_with_options[case]
    # The toggle must change what Python ends with, or the case would not test it (a pass that fails before
    # any gradient is zeroed ends the same either way).
    flipped = reference_with_options[case + "~"]
    if expected.get("extra_error") is None:
        assert [expected[k] for k in ("stdout", "tensors")] != [flipped[k] for k in ("stdout", "tensors")]
    options = RunOptions(seed=0, zero_grad=zero_grad, backward=extra)
    assert_same_as_python(read_source(path), options, expected, case)


@pytest.mark.slow
@pytest.mark.parametrize("number", range(GENERATED))
def test_generated_program_matches_python(number: int, generated: dict[int, tuple[str, Reference]]) -> None:
    """Operations mixed in ways nobody wrote by hand: still the same output, values and gradients, every step."""
    source, expected = generated[number]
    assert expected["error"] is None and expected["warnings"] == []
    assert_same_as_python(source, RunOptions(seed=0), expected, f"generated program {number}")
    assert_steps_same_as_python(source, RunOptions(seed=0), expected, f"generated program {number}")
