"""The seam between the statement runner and the expression evaluator: scopes, shared state, error positions."""

from __future__ import annotations

import ast

import pytest
import torch

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.errors import Located, ProgramRuntimeError, RunLimitExceeded
from app.engine.expressions import ExpressionEvaluator, Namespace
from app.engine.state import RunState


def expression(source: str) -> ast.expr:
    return ast.parse(source, mode="eval").body


@pytest.fixture
def state() -> RunState:
    """The shared state of a fresh run under the default limits."""
    return RunState(Limits(), zero_grad=False)


def test_a_failing_expression_is_wrapped_and_the_original_left_untouched(state: RunState) -> None:
    evaluator = ExpressionEvaluator({"a": torch.ones(2), "b": torch.ones(3)}, state)
    with pytest.raises(Located) as caught:
        evaluator.evaluate(expression("(1 +\n (a\n  + b))"))
    original = caught.value.error
    assert isinstance(original, RuntimeError) and "must match the size" in str(original)
    assert vars(original) == {}  # nothing patched onto torch's exception
    assert (caught.value.line, caught.value.col) == (2, 2)  # the innermost failing expression, `a + b`


def test_engine_errors_are_wrapped_too_and_keep_no_position(state: RunState) -> None:
    evaluator = ExpressionEvaluator({"torch": Namespace("torch")}, state)
    with pytest.raises(Located) as caught:
        evaluator.evaluate(expression("torch.zeros(\n 10 ** 7)"))
    assert isinstance(caught.value.error, RunLimitExceeded) and caught.value.error.line is None
    assert caught.value.line == 1


def test_evaluators_over_two_scopes_share_one_run_state(state: RunState) -> None:
    """What a function's frame will be: its own names, the run's output, steps and limits."""
    outer = ExpressionEvaluator({"torch": Namespace("torch"), "x": torch.ones(2)}, state)
    inner = ExpressionEvaluator({"torch": Namespace("torch")}, state)
    state.start_step(0)
    outer.evaluate(expression("print(x * 2)"))
    with pytest.raises(Located) as caught:
        inner.evaluate(expression("x"))
    assert "name 'x' is not defined" in str(caught.value.error)
    assert state.output_text() == "tensor([2., 2.])\n"
    assert state.step_kind() == "print"


def test_statement_runner_reports_the_line_python_names() -> None:
    source = "import torch\na = torch.ones(2)\nb = torch.ones(3)\nc = (a *\n  2\n  + b)\n"
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    assert isinstance(result.error, ProgramRuntimeError)
    assert (result.error.line, result.error.col) == (4, 0)
    assert result.error.message.startswith("RuntimeError: The size of tensor a (2) must match")
    assert [s.line for s in result.steps] == [1, 2, 3]


def test_an_error_in_a_loop_header_is_reported_at_the_header() -> None:
    source = "import torch\nfor i in range(2):\n    for a, b in [(1, 2), (3,)]:\n        print(a)\n"
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    assert result.output == "1\n"  # printed before the failing unpack
    assert result.error is not None and (result.error.line, result.error.col) == (3, 4)


def test_a_statement_failing_inside_try_is_a_step_before_its_handler() -> None:
    """The learner sees the line that raised (in a called function too), then the handler; an error no `try`
    surrounds is the run's error, not a step."""
    source = (
        "def f(t):\n"
        "    return t.view(3)\n"
        "try:\n"
        "    y = f(torch.ones(2))\n"
        "except RuntimeError:\n"
        "    y = None\n"
        "z = f(torch.ones(2))\n"
    )
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    depths = [(s.line, s.frame["depth"] if s.frame else 0) for s in result.steps]
    assert depths == [(1, 0), (2, 1), (4, 0), (6, 0)]
    assert result.steps[2].source == "y = f(torch.ones(2))"
    assert result.error is not None and result.error.line == 2


ONCE = "import torch\n{imports}class Cube(torch.autograd.Function):\n{static}    @once_differentiable\n"
ONCE_BODY = "    def backward(ctx, grad):\n        return grad\n"


@pytest.mark.parametrize(
    ("imports", "static", "message"),
    [
        ("once_differentiable = 3\n", "    @staticmethod\n", "must be torch's"),
        ("from torch.autograd.function import once_differentiable\n", "", "under @staticmethod"),
    ],
)
def test_once_differentiable_is_torchs_own_on_a_static_backward(imports: str, static: str, message: str) -> None:
    source = ONCE.format(imports=imports, static=static) + ONCE_BODY
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    assert isinstance(result.error, ProgramRuntimeError) and message in result.error.message
