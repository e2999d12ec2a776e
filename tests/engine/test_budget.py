"""The answer's byte budget: snapshot sizes are upper bounds of the JSON sent, a run stops at the step that would
pass its share of max_answer_bytes, and the pipeline refuses, whole, an answer whose graph or drawing would."""

from __future__ import annotations

import dataclasses
import math

import orjson
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from app import pipeline
from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.budget import RUN_SHARE, AnswerBudget
from app.engine.result import RunResult
from app.engine.snapshot import snapshot_size, tensor_snapshot
from app.run_request import RunRequest
from app.settings import Settings

DTYPES = [torch.float32, torch.float64, torch.float16, torch.int64, torch.int32, torch.int8, torch.uint8, torch.bool]
WIDE_FLOATS = [-2.2250738585072014e-308, -1.2345678901234567e-5, -math.inf, math.nan, 1e16, -0.0]


def run(source: str, limits: Limits) -> RunResult:
    return run_program(parse_program(source, limits), RunOptions(), limits)


def answer(source: str, limits: Limits, fmt: str = "run") -> pipeline.Reply:
    request = RunRequest(source=source, format=fmt)  # type: ignore[arg-type]
    return pipeline.answer(pipeline.Job(request, source, limits, 600, 2_000))


@settings(max_examples=200, deadline=None)
@given(
    shape=st.lists(st.integers(0, 6), max_size=4),
    dtype=st.sampled_from(DTYPES),
    wide=st.booleans(),
    with_grad=st.booleans(),
    limit=st.sampled_from([0, 10, 1000]),
)
def test_a_snapshot_never_takes_more_json_than_its_estimate(
    shape: list[int], dtype: torch.dtype, wide: bool, with_grad: bool, limit: int
) -> None:
    t = torch.rand(shape, dtype=torch.float64) * 1e300 if wide else torch.rand(shape, dtype=torch.float64) - 0.5
    if wide and t.numel():
        t.view(-1)[: len(WIDE_FLOATS)] = torch.tensor(WIDE_FLOATS[: t.numel()], dtype=torch.float64)
    if dtype == torch.bool:
        t = t > 0
    elif not dtype.is_floating_point:
        info = torch.iinfo(dtype)
        t = torch.full(shape, info.min, dtype=dtype)
    else:
        t = t.to(dtype)
    grad = torch.full(shape, -1.2345678901234567e-5, dtype=torch.float64) if with_grad else None
    snap = tensor_snapshot(t, grad, None, limit)
    assert len(orjson.dumps(snap)) <= snapshot_size(snap, t, grad, None, limit)


def test_a_tensor_with_no_elements_but_many_rows_is_summarised() -> None:
    t = torch.zeros(100_000, 0)
    snap = tensor_snapshot(t, None, None, 1_000)
    assert snap["value"] is None and snap["summary"] == {"numel": 0, "head": []}
    assert len(orjson.dumps(snap)) < 300
    assert tensor_snapshot(torch.zeros(3, 0), None, None, 1_000)["value"] == [[], [], []]  # a few rows are shown


def test_the_issue_program_with_a_zero_dimension_now_makes_a_small_answer() -> None:
    """`x = torch.zeros(100000, 0)` and a 200-pass loop made a 60 MB answer: one empty list per row, every step."""
    source = "x = torch.zeros(100000, 0)\nfor i in range(200):\n    y = i\n"
    reply = answer(source, Limits())
    assert reply.error is None and len(reply.body) < 200_000
    assert len(orjson.loads(reply.body)["steps"]) == 201


def test_unchanged_tensors_count_towards_the_values_budget_at_every_step() -> None:
    """x never changes, yet every step sends it: past max_response_values it is sent as a summary."""
    limits = Limits(max_response_values=10_000)
    result = run("x = torch.rand(1000)\nfor i in range(30):\n    y = i\n", limits)
    shown = [step.variables["x"]["value"] is not None for step in result.steps]
    assert shown[:10] == [True] * 10 and not any(shown[11:])
    assert result.variables["x"]["value"] is not None  # the final variables still show it whole


def test_a_run_stops_at_the_step_that_would_pass_its_share_and_keeps_the_steps_before() -> None:
    limits = Limits(max_answer_bytes=200_000)
    source = "".join(f"v{i} = torch.zeros(1)\n" for i in range(300))
    result = run(source, limits)
    assert result.error is not None and result.error.code == "answer_too_large"
    assert "max_answer_bytes=200,000" in result.error.message
    stopped = len(result.steps)
    assert 10 < stopped < 300
    assert (result.error.line, result.error.col) == (stopped + 1, 0)  # the statement that was not kept
    sent = len(orjson.dumps([step.to_dict() for step in result.steps]))
    assert sent <= limits.max_answer_bytes * RUN_SHARE
    assert sent > limits.max_answer_bytes * RUN_SHARE / 3  # an estimate, but not a wild one


def test_printing_counts_too() -> None:
    """Each print adds its text twice (to its step and to the whole output): the budget stops the run well before
    max_output_chars would, at the print or at the loop around it, whichever part passed it."""
    limits = Limits(max_answer_bytes=100_000)
    result = run("for i in range(1000):\n    print('ab' * 2000)\n", limits)
    assert result.error is not None and result.error.code == "answer_too_large"
    assert result.error.line in (1, 2)
    assert 0 < len(result.output) <= limits.max_answer_bytes * RUN_SHARE < limits.max_output_chars


@pytest.mark.parametrize("fmt", ["run", "json", "svg", "dot"])
def test_the_pipeline_answer_is_never_over_the_budget(fmt: str) -> None:
    """450 variables and a long loop made a 93 MB page; every format now stays within the budget."""
    limits = Limits(max_answer_bytes=2_000_000)
    source = "".join(f"v{i} = torch.zeros(1)\n" for i in range(450)) + "for i in range(1000):\n    v0 = v0 + 1\n"
    reply = answer(source, limits, fmt)
    assert reply.error is None and len(reply.body) <= limits.max_answer_bytes
    if fmt in ("run", "json"):
        body = orjson.loads(reply.body)
        assert body["error"]["code"] == "answer_too_large"
        assert body["graph"]["nodes"] and ("svg" in body) == (fmt == "run")


def test_an_answer_whose_graph_and_drawing_do_not_fit_is_refused_whole() -> None:
    """The run's records fit their share; a graph of 600 nodes and its drawing do not fit the rest."""
    source = "x = torch.rand(1, requires_grad=True)\nfor i in range(600):\n    x = x * 1.0\n"
    fits = answer(source, Limits())
    assert fits.error is None
    small = Limits(max_answer_bytes=len(fits.body) - 1)
    refused = answer(source, small)
    assert refused.body == b"" and refused.error is not None
    assert (
        refused.error["code"] == "answer_too_large"
        and f"max_answer_bytes={small.max_answer_bytes:,}" in (refused.error["message"])
    )
    # The run itself fitted: the graph and drawing are what did not.
    assert run(source, small).error is None


def test_the_default_budget_keeps_the_default_answer_cache_entry() -> None:
    s = Settings()
    assert s.max_answer_bytes == Limits.max_answer_bytes <= s.cache_bytes // 4
    assert dataclasses.asdict(s.limits())["max_answer_bytes"] == s.max_answer_bytes


def test_a_loops_series_is_counted_as_it_grows() -> None:
    """Each pass of a top-level loop adds its numbers to the answer's series: every name any pass had gets a value
    or a null, so a pass is counted for every name seen so far."""
    budget = AnswerBudget(Limits())
    rows = [{"i": i, "loss": -1.2345678901234567e-5 * i} if i % 2 else {"i": i} for i in range(500)]
    for row in rows:
        budget.spend_series(row)
    names = list(dict.fromkeys(name for row in rows for name in row))
    columns = {name: [row.get(name) for row in rows] for name in names}
    assert len(orjson.dumps(columns)) <= budget.spent


def test_a_loop_whose_series_would_pass_the_budget_stops_at_the_loop() -> None:
    limits = Limits(max_answer_bytes=300_000)
    source = "".join(f"v{i} = 0.5\n" for i in range(10)) + "for i in range(10000):\n    v0 += 1\n"
    result = run(source, limits)
    assert result.error is not None and result.error.code == "answer_too_large"
    assert (result.error.line, result.error.col) == (11, 0)  # the loop, after the passes that fit
    assert 0 < len(result.series["v0"]) < 10_000
    assert len(orjson.dumps(result.to_dict())) <= limits.max_answer_bytes
