"""Programs as tutorials write them, in a real Chromium: a step inside the program's own function shows the
function, its call site and its locals; a long loop says how it was recorded by sample and which iteration a
step is in; the loop's numbers (a loss) are plotted pass by pass. What the page shows is checked against the
API's answer and against what Python computes."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from pagekit import (
    assert_close,
    cell,
    current_line,
    flat,
    go_to_step,
    numbers,
    open_page,
    step_label,
    wait_ready,
)

from app.examples import EXAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TRAINING = next(e["source"] for e in EXAMPLES if e["id"] == "functions-training-loop")
# A call made inside another call: model runs two calls deep, called from loss_fn's line 5.
NESTED = (
    "w = torch.tensor([1.0, 2.0], requires_grad=True)\n"
    "def model(x):\n"
    "    return (w * x).sum()\n"
    "def loss_fn(x, y):\n"
    "    pred = model(x)\n"
    "    return (pred - y) ** 2\n"
    "loss = loss_fn(torch.tensor([3.0, 4.0]), 10.0)\n"
)
LONG = (
    "torch.manual_seed(0)\n"
    "X = torch.randn(20, 1)\n"
    "Y = 3 * X + 2\n"
    "w = torch.zeros(1, requires_grad=True)\n"
    "lr = 0.05\n"
    "for epoch in range(3000):\n"
    "    loss = ((X * w - Y) ** 2).mean()\n"
    "    loss.backward()\n"
    "    with torch.no_grad():\n"
    "        w -= lr * w.grad\n"
    "    w.grad.zero_()\n"
    "print(w)\n"
)


def local_cell(page: Any, name: str, field: str) -> str:
    return page.text_content(f'#locals tr[data-name="{name}"] td[data-field="{field}"]') or ""


def call_lines(page: Any) -> list[int]:
    return [int(t) for t in page.eval_on_selector_all("#editor-gutter .is-call", "els => els.map(e => e.textContent)")]


def test_a_step_inside_a_function_shows_the_function_its_call_and_its_locals(page: Any, server: str, api: Any) -> None:
    run = api(TRAINING)
    steps = run["steps"]
    inside = next(i for i, s in enumerate(steps) if s["frame"] and s["source"].startswith("return (diff"))
    frame = steps[inside]["frame"]
    assert frame["function"] == "loss_fn" and frame["call_line"] == 17 and frame["depth"] == 1
    assert list(frame["variables"]) == ["pred", "target", "diff"]
    open_page(page, server, source=TRAINING)
    go_to_step(page, inside)
    assert step_label(page).startswith(f"Step {inside + 1} of {len(steps)} · line 12 in loss_fn (called from line 17)")
    assert current_line(page) == 12
    assert call_lines(page) == [17]
    assert page.is_visible("#editor-call-line")
    # The function's locals under its own heading, the globals apart.
    assert page.is_visible("#frame-locals")
    assert page.text_content("#locals-heading") == "In loss_fn (called from line 17): local variables"
    assert page.eval_on_selector_all("#locals tbody tr", "rows => rows.map(r => r.dataset.name)") == list(
        frame["variables"]
    )
    assert_close(numbers(local_cell(page, "diff", "value")), flat(frame["variables"]["diff"]["value"]))
    assert local_cell(page, "diff", "grad_fn") == "SubBackward0"
    assert page.query_selector('#variables tr[data-name="diff"]') is None  # not a global
    assert page.query_selector('#variables tr[data-name="w"]') is not None
    # What loss_fn computes here, by hand: diff = (x * w + b) - y with this pass's w and b.
    x = [-1 + 2 * k / 7 for k in range(8)]
    w, b = flat(steps[inside]["variables"]["w"]["value"])[0], flat(steps[inside]["variables"]["b"]["value"])[0]
    expected = [(xi * w + b) - (2 * xi + 1) for xi in x]
    assert flat(frame["variables"]["diff"]["value"]) == pytest.approx(expected, abs=1e-5)
    # A local opens in the inspector under the name the graph gives it.
    page.click('#locals tr[data-name="diff"] button')
    assert page.text_content("#inspector-heading") == "loss_fn.diff"
    # Back at the top level: no call, no locals.
    after = next(i for i in range(inside + 1, len(steps)) if steps[i]["frame"] is None)
    go_to_step(page, after)
    assert current_line(page) == steps[after]["line"] == 17
    assert call_lines(page) == []
    assert page.is_hidden("#editor-call-line")
    assert page.is_hidden("#frame-locals")
    assert " in loss_fn" not in step_label(page)


def test_a_call_inside_a_call_says_how_deep_it_is(page: Any, server: str, api: Any) -> None:
    run = api(NESTED)
    deep = next(i for i, s in enumerate(run["steps"]) if s["frame"] and s["frame"]["function"] == "model")
    assert run["steps"][deep]["frame"]["depth"] == 2
    open_page(page, server, source=NESTED)
    go_to_step(page, deep)
    assert "· line 3 in model (called from line 5, 2 calls deep) ·" in step_label(page)
    assert current_line(page) == 3 and call_lines(page) == [5]
    assert page.eval_on_selector_all("#locals tbody tr", "rows => rows.map(r => r.dataset.name)") == ["x"]
    assert_close(numbers(local_cell(page, "x", "value")), [3.0, 4.0])


def test_a_long_loop_says_it_was_recorded_by_sample(page: Any, server: str, api: Any) -> None:
    run = api(LONG)
    steps = run["steps"]
    recorded = run["executed"] - run["unrecorded"]
    assert run["unrecorded"] > 3000 * 3 and recorded == len(steps)
    # The engine's rule, restated: the first two iterations, the last, and every ceil(n / 200)-th.
    every = math.ceil(3000 / 200)
    shown = sorted({0, 1, 2999} | set(range(0, 3000, every)))
    in_loop = [s["values"]["epoch"] for s in steps if s["line"] in range(7, 12)]
    assert sorted(set(in_loop)) == shown
    open_page(page, server, source=LONG)
    assert page.text_content("#step-sampling") == (
        f"3,000 iterations ran; {len(shown)} are shown: the first two, the last, and every {every}th. "
        f"Of {run['executed']:,} statements run, {recorded:,} are steps here; the other "
        f"{run['unrecorded']:,} ran without being recorded."
    )
    # The step label names the iteration a step belongs to, inside the loop only.
    third = next(i for i, s in enumerate(steps) if s["values"].get("epoch") == every and s["line"] == 8)
    go_to_step(page, third)
    label = f"Step {third + 1} of {len(steps)} · line 8 · epoch = {every} · backward: loss.backward()"
    assert step_label(page) == label
    go_to_step(page, len(steps) - 1)
    assert steps[-1]["line"] == 12 and "epoch =" not in step_label(page)


def test_a_short_loop_is_not_said_to_be_sampled(page: Any, server: str, api: Any) -> None:
    run = api(TRAINING)
    assert run["unrecorded"] == 0
    open_page(page, server, source=TRAINING)
    assert page.is_hidden("#step-sampling")


def path_points(page: Any) -> list[tuple[float, float]]:
    d = page.get_attribute("#series-chart .chart-line", "d") or ""
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", d)]


def assert_drawn_in_order(points: list[tuple[float, float]], values: list[float]) -> None:
    """Left to right pass by pass, and never lower on the chart where the value is larger (SVG's y grows
    downwards); the largest value is at the top and the smallest at the bottom."""
    assert len(points) == len(values)
    assert [p[0] for p in points] == sorted(p[0] for p in points)
    for i in range(len(values) - 1):
        for j in (i + 1, len(values) - 1):
            if values[i] > values[j]:
                assert points[i][1] <= points[j][1], (i, j)
            elif values[i] < values[j]:
                assert points[i][1] >= points[j][1], (i, j)
    ys = [p[1] for p in points]
    assert ys[values.index(max(values))] == min(ys) < max(ys) == ys[values.index(min(values))]


def test_the_loss_is_plotted_pass_by_pass_with_this_step_marked(page: Any, server: str, api: Any) -> None:
    run = api(TRAINING)
    series = run["series"]
    assert series["epoch"] == list(range(50))
    # The loss after each pass, as Python computes it by hand for this least-squares fit.
    assert series["loss"][0] == pytest.approx(sum((2 * (-1 + 2 * k / 7) + 1) ** 2 for k in range(8)) / 8)
    open_page(page, server, source=TRAINING)
    assert page.is_visible("#series-panel")
    # Counters are not offered; the loss is chosen first; the leaves' gradient norms follow the answer's series.
    options = page.eval_on_selector_all("#series-select option", "os => os.map(o => o.value)")
    assert options == [*(name for name in series if name != "epoch"), "‖w.grad‖", "‖b.grad‖"] and "loss" in options
    assert page.input_value("#series-select") == "loss"
    # The loss falls by four orders of magnitude: a log scale, said so.
    assert page.get_attribute("#series-chart", "data-scale") == "log"
    assert page.is_checked("#series-log")
    assert_drawn_in_order(path_points(page), series["loss"])
    # The pass of the step shown is marked, on the loss line at that pass.
    step = next(i for i, s in enumerate(run["steps"]) if s["values"].get("epoch") == 20)
    go_to_step(page, step)
    marker = float(page.get_attribute("#series-chart .chart-marker line", "x1") or "nan")
    assert marker == pytest.approx(path_points(page)[20][0], abs=0.1)
    dot = float(page.get_attribute("#series-chart .chart-marker circle", "cy") or "nan")
    assert dot == pytest.approx(path_points(page)[20][1], abs=0.1)
    assert "(epoch = 20)" in (page.text_content("#series-caption") or "")
    # The learner picks another series, and may switch the scale.
    page.select_option("#series-select", "w")
    assert page.get_attribute("#series-chart", "data-series") == "w"
    assert (page.text_content("#series-caption") or "").startswith("w after each of 50 passes")
    assert_drawn_in_order(path_points(page), series["w"])
    page.select_option("#series-select", "loss")
    page.uncheck("#series-log")
    assert page.get_attribute("#series-chart", "data-scale") == "linear"
    assert_drawn_in_order(path_points(page), series["loss"])


def test_no_chart_without_a_number_that_changes(page: Any, server: str, api: Any) -> None:
    source = "w = torch.ones(2, requires_grad=True)\nfor i in range(3):\n    loss = (w * 2).sum()\n"
    run = api(source)
    assert run["series"]["loss"] == [4.0, 4.0, 4.0]  # a loop, but nothing in it changes
    open_page(page, server, source=source)
    assert page.is_hidden("#series-panel")
    page.fill("#source", source.replace("(w * 2)", "(w * i)"))
    page.click("#run-button")
    wait_ready(page)
    assert page.is_visible("#series-panel")
    assert_drawn_in_order(path_points(page), [0.0, 2.0, 4.0])


def test_the_backward_twice_example_prints_the_error_it_caught(page: Any, server: str, api: Any) -> None:
    source = next(e["source"] for e in EXAMPLES if e["id"] == "backward-twice")
    run = api(source)
    printed = next(i for i, s in enumerate(run["steps"]) if s["source"] == "print(e)")
    assert run["steps"][printed]["output"].startswith("Trying to backward through the graph a second time")
    open_page(page, server, example="backward-twice")
    go_to_step(page, printed)
    current = page.text_content("#output .out-step.is-current") or ""
    assert "Specify retain_graph=True" in current
    assert current_line(page) == 9
    go_to_step(page, len(run["steps"]) - 1)
    assert_close(numbers(cell(page, "x", "grad")), [4.0, 8.0, 12.0])  # 2x twice, through the kept graph


def test_a_while_loop_recorded_by_sample_is_said_so_without_guessing_its_passes(
    page: Any, server: str, api: Any
) -> None:
    source = LONG.replace("for epoch in range(3000):\n", "i = 0\nwhile i < 3000:\n").replace(
        "    w.grad.zero_()\n", "    w.grad.zero_()\n    i += 1\n"
    )
    run = api(source)
    steps = run["steps"]
    assert run["series"]["i"][:3] == [1, 2, 3] and run["unrecorded"] > 0
    open_page(page, server, source=source)
    assert page.text_content("#step-sampling") == (
        "A long loop was recorded by sample: its first iterations, its last, and a sample in between. "
        f"Of {run['executed']:,} statements run, {run['executed'] - run['unrecorded']:,} are steps here; the other "
        f"{run['unrecorded']:,} ran without being recorded."
    )
    # The counter's value is shown as it is at the step; the pass is not guessed from it (it changes mid-pass).
    k = next(i for i, s in enumerate(steps) if s["line"] == 9 and s["values"]["i"] == 5)
    go_to_step(page, k)
    assert "· line 9 · i = 5 ·" in step_label(page)
    assert page.is_visible("#series-chart .chart-line")
    assert page.query_selector("#series-chart .chart-marker") is None


def test_the_program_as_run_marks_the_call_line_too(page: Any, server: str, api: Any) -> None:
    run = api(TRAINING, backward={"target": "loss", "times": 1})
    inside = next(i for i, s in enumerate(run["steps"]) if s["frame"] and s["frame"]["function"] == "model")
    open_page(page, server, source=TRAINING, target="loss", times=1)
    go_to_step(page, inside)
    assert page.is_visible("#editor-view")  # the extra pass's code is shown as run
    current = page.eval_on_selector_all("#editor-view .view-row.is-current", "rs => rs.map(r => r.dataset.line)")
    called = page.eval_on_selector_all("#editor-view .view-row.is-call", "rs => rs.map(r => r.dataset.line)")
    assert current == ["8"] and called == ["16"]


def test_a_loop_past_the_steps_budget_says_where_its_steps_end(page: Any, server: str, api: Any) -> None:
    source = (
        "w = torch.zeros(1, requires_grad=True)\n"
        "for epoch in range(1000):\n"
        "    for k in range(5):\n"
        "        loss = ((w - k) ** 2).sum()\n"
        "        loss.backward()\n"
        "    with torch.no_grad():\n"
        "        w -= 0.01 * w.grad\n"
        "    w.grad.zero_()\n"
    )
    run = api(source)
    steps = run["steps"]
    # The budget of steps runs out before the loop ends; one last step stands for the end of the run.
    assert steps[-1]["source"].startswith("... ") and steps[-1]["values"]["epoch"] == 999
    reached = max(s["values"]["epoch"] for s in steps[:-1] if s["line"] >= 3) + 1
    shown = len({s["values"]["epoch"] for s in steps[:-1] if s["line"] >= 3})
    assert reached < 1000
    open_page(page, server, source=source)
    note = page.text_content("#step-sampling") or ""
    how = f"a sample of the first {reached:,}; the steps' budget was spent there."
    assert note.startswith(f"1,000 iterations ran; {shown} are shown: {how}")
    assert "epoch =" not in step_label(page)
    caption = page.text_content("#series-caption") or ""
    assert caption.endswith("Marked: the pass before this step (epoch = 999), where loss ends at 4.")
