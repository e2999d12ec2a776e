"""Shared by the differential tests: run programs in real CPython + torch, run them in the engine, compare.

The reference run happens in a child interpreter (reference_run.py), away from this process's torch state.
Output is compared byte for byte; tensor values and gradients with exact equality.
"""

from __future__ import annotations

import ast
import difflib
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.engine import RunOptions, parse_program, run_program
from app.engine.errors import ProgramError
from app.engine.limits import Limits
from app.engine.result import RunResult, Step
from app.engine.snapshot import HEAD

REFERENCE_SCRIPT = Path(__file__).resolve().with_name("reference_run.py")
PROGRAMS_DIR = Path(__file__).resolve().parents[1] / "programs"
# The page's example programs: notebook cells that use torch without importing it, as the engine allows.
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "app" / "examples"
EXPECT_ERROR = re.compile(r"^# expect-error: (?P<code>\w+) line (?P<line>\d+)$")
EXPECT_WARNING = re.compile(r"^# expect-warning: (?P<category>\w+)$")
FIELDS = ("shape", "dtype", "requires_grad", "is_leaf", "grad_fn", "value", "grad", "grad_flow")
# An object Python prints with its memory address (`<MulBackward0 object at 0x7f3a...>`, `<generator object
# Module.parameters at 0x7f3a...>`): the one place printed output is not compared as it is. The engine prints a
# placeholder numbered by first appearance instead (app/engine/addresses.py); Python's addresses are numbered the
# same way before the byte-for-byte comparison, and the engine's output must already be numbered so.
OBJECT_ADDRESS = re.compile(r"(?<= at )0x[0-9a-f]+(?=>)")

Reference = dict[str, Any]


def reference_job(path: Path, seed: int) -> dict[str, Any]:
    """The job that runs this program file in reference_run.py; an example runs with torch already imported."""
    job: dict[str, Any] = {"path": str(path), "seed": seed}
    if path.parent == EXAMPLES_DIR:
        job["torch_imported"] = True
    return job


def run_reference(jobs: list[tuple[Path, int]]) -> dict[tuple[str, int], Reference]:
    """Each (program, seed) run by real CPython + torch, keyed by (file name, seed)."""
    results = run_reference_jobs([reference_job(path, seed) for path, seed in jobs])
    return {(r["name"], r["seed"]): r for r in results}


def run_reference_jobs(jobs: list[dict[str, Any]]) -> list[Reference]:
    """Jobs as reference_run.py reads them (path, seed, run options), run by real CPython + torch, in order."""
    proc = subprocess.run(
        [sys.executable, str(REFERENCE_SCRIPT)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=900,  # the whole corpus, long training loops included, in one child
    )
    assert proc.returncode == 0, proc.stderr
    results: list[Reference] = json.loads(proc.stdout)
    return results


def read_source(path: Path) -> str:
    """The program exactly as written: CRLF line ends stay, as a browser's form sends them."""
    with open(path, newline="") as file:
        return file.read()


def header(source: str) -> str:
    return source.split("\n", 1)[0]


def expected_error(source: str) -> tuple[str, int] | None:
    """The `# expect-error: CODE line N` header of a program that ends in an error on purpose."""
    match = EXPECT_ERROR.match(header(source))
    return (match["code"], int(match["line"])) if match else None


def expected_warnings(source: str) -> list[str]:
    """The `# expect-warning: Category` header of a program on which Python warns (on stderr, not stdout)."""
    match = EXPECT_WARNING.match(header(source))
    return [match["category"]] if match else []


# The corpus is run to compare it with Python and torchviz, not to time it (the time bound has tests of its own):
# the 3,000-iteration programs take a good part of the default 5 s of CPU, and a loaded machine passed it once.
CORPUS_LIMITS = Limits(wall_time_s=60.0)


def run_engine(source: str, options: RunOptions, label: str) -> RunResult:
    limits = CORPUS_LIMITS
    try:
        program = parse_program(source, limits)
    except ProgramError as exc:
        pytest.fail(f"engine refused {label}: {exc.code} at line {exc.line}: {exc.message}")
    return run_program(program, options, limits)


def normalise_addresses(text: str) -> str:
    """`text` with every object's address replaced by 0x0000000000000001, ...02, ... in order of first appearance."""
    numbers: dict[str, int] = {}
    return OBJECT_ADDRESS.sub(lambda m: f"0x{numbers.setdefault(m[0], len(numbers) + 1):016x}", text)


def flatten(value: Any) -> list[Any]:
    return [x for item in value for x in flatten(item)] if isinstance(value, list) else [value]


def brief(values: Any) -> dict[str, Any]:
    """What a summary of these values must say: element count, leading elements, and the extremes."""
    flat = flatten(values)
    out: dict[str, Any] = {"numel": len(flat), "head": flat[:HEAD]}
    if flat and all(isinstance(v, int | float) and not isinstance(v, bool) for v in flat):
        out.update(min=min(flat), max=max(flat))
    return out


def brief_of_summary(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: summary[k] for k in ("numel", "head", "min", "max") if k in summary}


def differences(snapshot: dict[str, Any], tensor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Fields where the engine's snapshot and real torch's tensor disagree.

    `.grad` is compared everywhere: None for a non-leaf unless retain_grad() was called, as torch holds it; the
    gradient that flowed through a named non-leaf in the latest backward is compared as `grad_flow`. Where the
    engine sent a summary instead of the values (a large tensor), the summary is compared with the values.
    """
    want = {field: tensor[field] for field in FIELDS}
    got = {field: snapshot.get(field) for field in FIELDS}
    for field, summary_field in (("value", "summary"), ("grad", "grad_summary"), ("grad_flow", "grad_flow_summary")):
        if field in got and got[field] is None and snapshot.get(summary_field) is not None:
            want[field], got[field] = brief(want[field]), brief_of_summary(snapshot[summary_field])
    return {k: {"python": want[k], "engine": got[k]} for k in want if not same(got[k], want[k])}


def same(a: Any, b: Any) -> bool:
    """a == b, with 0.0 and -0.0 told apart: == holds them equal, torch prints them as 0. and -0."""
    return bool(a == b) and zero_signs(a) == zero_signs(b)


def zero_signs(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [sign for key in sorted(value) for sign in zero_signs(value[key])]
    if isinstance(value, list):
        return [sign for item in value for sign in zero_signs(item)]
    return [math.copysign(1.0, value)] if isinstance(value, float) and value == 0 else []


def assert_same_as_python(source: str, options: RunOptions, expected: Reference, label: str) -> None:
    """The engine prints what Python printed, fails where it failed, and ends with the same tensors."""
    result = run_engine(source, options, label)
    failed_pass = expected.get("extra_error")
    if expected["error"] is None and failed_pass is None:
        assert result.error is None, f"engine error: {result.error and result.error.to_dict()}"
    elif expected["error"] is None:  # an extra backward pass failed: the error names the pass and says why
        assert result.error is not None, f"engine ran every pass; Python failed pass {failed_pass['pass']}"
        prefix = f"Run backward, pass {failed_pass['pass']}: {failed_pass['type']}: "
        assert result.error.message.startswith(prefix), result.error.to_dict()
        assert failed_pass["message"].startswith(result.error.message[len(prefix) :].removesuffix("..."))
    else:
        code = (expected_error(source) or ("runtime_error", 0))[0]
        assert result.error is not None, f"engine ran to the end; Python raised {expected['error']}"
        assert (result.error.code, result.error.line) == (code, expected["error"]["line"]), result.error.to_dict()
    assert normalise_addresses(result.output) == result.output, "the engine printed a memory address"
    python_stdout = normalise_addresses(expected["stdout"])
    assert result.output == python_stdout, "stdout differs (- Python, + engine):\n" + text_diff(
        python_stdout, result.output
    )
    for name, tensor in expected["tensors"].items():
        assert name in result.variables, f"tensor variable {name!r} missing from the engine's variables"
        differing = differences(result.variables[name], tensor)
        assert not differing, f"variable {name!r} differs: {differing}"


def text_diff(python: str, engine: str) -> str:
    # This module is not rewritten by pytest, so the failure message has to carry the diff itself.
    lines = difflib.unified_diff(python.splitlines(keepends=True), engine.splitlines(keepends=True), n=1)
    return "".join(repr(line)[1:-1] + "\n" for line in lines)


def loop_targets(source: str) -> set[str]:
    """Names bound by for loops: Python rebinds them on the `for` line, which the engine does not count as a step."""
    loops = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.For)]
    return {n.id for loop in loops for n in ast.walk(loop.target) if isinstance(n, ast.Name)}


def python_state_after_calls(result: RunResult, expected: Reference) -> list[tuple[Step, dict[str, Any]]]:
    """For programs that call their own functions: engine steps paired with Python's tensors as each statement
    completed, matched by line and call depth in completion order (a call's statements complete before the
    statement that called it). Statements written side by side on one line (`a = 1; b = 2`, their columns
    rising) complete as one Python line; the same statement again (a one-line loop body) completes each time."""
    events = expected["done"]

    def key(step: Step) -> tuple[int, int]:
        return step.line, step.frame["depth"] if step.frame else 0

    steps = result.steps

    def joined(step: Step, after: Step) -> bool:
        return key(after) == key(step) and after.col > step.col

    runs = [s for i, s in enumerate(steps) if i + 1 == len(steps) or not joined(s, steps[i + 1])]
    pairs = []
    position = 0
    for step in runs:
        while position < len(events) and (events[position][0], events[position][1]) != key(step):
            position += 1
        assert position < len(events), f"engine step {step.index} (line {step.line}) has no completed statement"
        pairs.append((step, events[position][2]))
        position += 1
    return pairs


def python_state_after_steps(result: RunResult, expected: Reference) -> list[tuple[Step, dict[str, Any]]]:
    """Engine steps paired with Python's tensors after them, read from the line trace of the reference run.

    The state after a step is the state before the line of the next step runs; engine steps are matched to
    Python's line events in order, skipping events the engine has no step for (loop headers, continuation lines).
    Steps sharing a line (`a = 1; b = 2`, a loop body on its header's line) run under one Python line event, so
    only the last of each such run has a Python state to compare with.
    """
    if any(step.frame for step in result.steps):
        return python_state_after_calls(result, expected)
    events = expected["trace"]
    steps = result.steps
    runs = [s for i, s in enumerate(steps) if i + 1 == len(steps) or steps[i + 1].line != s.line]
    lines = [step.line for step in runs]
    failed_at = result.error.line if result.error is not None else None
    if failed_at is not None and runs and runs[-1].line == failed_at:
        runs.pop()  # the failing statement shares the last step's line: no Python state between them
        lines.pop()
    if failed_at is not None:
        lines.append(failed_at)  # the failing statement is not a step, but Python reached its line
    matched: list[int] = []
    position = 0
    for line in lines:
        while position < len(events) and events[position][0] != line:
            position += 1
        assert position < len(events), f"engine lines {lines} do not follow Python's order at line {line}"
        matched.append(position)
        position += 1
    after = [events[i][1] for i in matched[1:]]
    if result.error is None:
        after.append(expected["tensors"])
    return list(zip(runs, after, strict=True))


def assert_steps_same_as_python(source: str, options: RunOptions, expected: Reference, label: str) -> None:
    """After every step, each named tensor has the value, gradient and flags it has in Python at that point."""
    result = run_engine(source, options, label)
    if result.unrecorded:  # a long loop recorded by sample: its output and final state are compared instead
        assert result.executed > len(result.steps)
        return
    skip = loop_targets(source)
    for step, state in python_state_after_steps(result, expected):
        for name, tensor in state.items():
            if name in skip:
                continue
            where = f"after step {step.index} (line {step.line}: {step.source!r})"
            assert name in step.variables, f"{where}: tensor variable {name!r} missing"
            differing = differences(step.variables[name], tensor)
            assert not differing, f"{where}: variable {name!r} differs: {differing}"
    assert "".join(step.output for step in result.steps) == result.output, "step outputs do not add up"
