"""The page's runs in a real Chromium: backward passes accumulating or zeroed, gradients for non-scalar
outputs, errors at their line, shared URLs, and the plain form without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from pagekit import (
    SQUARE,
    assert_at_step,
    assert_close,
    cell,
    current_line,
    drawn_nodes,
    flat,
    numbers,
    open_page,
    step_label,
    visible_nodes,
    wait_ready,
)

from app.examples import EXAMPLES
from app.settings import Settings
from app.web import preview  # the plain page's number format, which mirrors the page script's

# Past the answer's budget of values (max_response_values) the steps keep only summaries of the gradients:
# w's three values still fit in a summary, x's thousand do not.
OVER_BUDGET = "w = torch.rand(3, requires_grad=True)\nx = torch.rand(1000, requires_grad=True)\n" + (
    "for i in range(210):\n    y = x * 2\nz = y.sum() + (w * w).sum()\n"
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_backward_accumulates_unless_zeroed(page: Any, server: str, api: Any) -> None:
    once = api(SQUARE, backward={"target": "z", "times": 1})
    twice = api(SQUARE, backward={"target": "z", "times": 2})
    twice_zeroed = api(SQUARE, zero_grad=True, backward={"target": "z", "times": 2})
    grad1 = flat(once["variables"]["x"]["grad"])
    grad2 = flat(twice["variables"]["x"]["grad"])
    assert grad2 == pytest.approx([2 * g for g in grad1])  # the reference itself accumulates
    assert flat(twice_zeroed["variables"]["x"]["grad"]) == pytest.approx(grad1)

    open_page(page, server, source=SQUARE)
    assert cell(page, "x", "grad") == "None"
    page.select_option("#target", "z")
    assert page.is_hidden("#gradient-field")  # z is a scalar: no gradient needed
    page.click("#backward-button")
    wait_ready(page)
    assert_close(numbers(cell(page, "x", "grad")), grad1)
    assert page.input_value("#times") == "1"
    page.click("#backward-button")
    wait_ready(page)
    assert page.input_value("#times") == "2"
    assert_close(numbers(cell(page, "x", "grad")), grad2)
    passes = page.locator('#passes dl[data-name="x"]')
    assert_close(numbers(passes.locator(".pass-now").text_content()), grad2)
    assert_close(numbers(passes.locator(".pass-before").text_content()), grad1)
    assert_close(numbers(passes.locator(".pass-change").text_content()), grad1)  # the pass added grad1 again
    assert "accumulating" in page.text_content("#passes")

    page.check("#zero-grad")  # with passes already asked for, toggling re-runs at once
    wait_ready(page)
    assert_close(numbers(cell(page, "x", "grad")), flat(twice_zeroed["variables"]["x"]["grad"]))
    assert passes.locator(".pass-change").text_content() == "unchanged"
    assert "zero_grad=1" in page.url and "times=2" in page.url and "target=z" in page.url


def test_non_scalar_output_takes_a_gradient(page: Any, server: str, api: Any) -> None:
    expected = api(SQUARE, backward={"target": "y", "gradient": "torch.ones(2,3)", "times": 1})
    open_page(page, server, source=SQUARE)
    page.select_option("#target", "y")
    assert page.is_visible("#gradient-field")
    assert page.input_value("#gradient") == "torch.ones(2,3)"  # offered for the target's shape
    page.click("#backward-button")
    wait_ready(page)
    assert_close(numbers(cell(page, "x", "grad")), flat(expected["variables"]["x"]["grad"]))


def test_runtime_error_marks_its_line_and_keeps_earlier_steps(page: Any, server: str, api: Any) -> None:
    source = next(e["source"] for e in EXAMPLES if e["id"] == "runtime-error")
    run = api(source)
    assert run["error"]["line"] == 4
    open_page(page, server, source="x = torch.ones(1)\n")
    page.select_option("#example", "runtime-error")
    wait_ready(page)
    assert page.get_attribute('#editor-gutter .gutter-line[data-line="4"]', "class") == "gutter-line has-error"
    assert page.is_visible("#editor-error-line")
    error_text = page.text_content("#editor-error")
    assert "line 4" in error_text and "must match the size" in error_text
    assert step_label(page).startswith(f"Step {len(run['steps'])} of {len(run['steps'])}")
    page.click("#step-first")
    assert_at_step(page, run, 0)
    assert page.eval_on_selector_all("#variables tbody tr", "rows => rows.map(r => r.dataset.name)") == ["a"]


def test_refused_program_marks_its_line(page: Any, server: str, watch: Any) -> None:
    watch.allowed.append("/api/v1/run")  # the browser logs the 4xx answer itself
    open_page(page, server, source=SQUARE)
    page.fill("#source", "x = torch.ones(2)\ny = (x +\n")
    page.click("#run-button")
    wait_ready(page)
    assert page.is_visible("#editor-error")
    assert "syntax_error" in page.text_content("#editor-error")
    marked = page.eval_on_selector_all("#editor-gutter .has-error", "els => els.map(e => e.dataset.line)")
    assert marked in (["2"], ["3"])
    assert drawn_nodes(page) == set()
    assert page.text_content("#step-label") == "No steps were run."


def test_shared_url_restores_the_same_view(page: Any, browser: Any, server: str, watch: Any) -> None:
    open_page(page, server, source=SQUARE)
    page.select_option("#target", "z")
    page.click("#backward-button")
    wait_ready(page)
    page.click("#backward-button")
    wait_ready(page)
    page.check("#zero-grad")
    wait_ready(page)
    page.click("#step-first")
    page.click("#step-next")
    shared = page.url
    seen = (
        step_label(page),
        current_line(page),
        visible_nodes(page),
        cell(page, "x", "grad"),
        page.text_content("#passes"),
    )

    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    other = context.new_page()
    other.on("console", watch.console)
    other.goto(shared)
    wait_ready(other)
    other.wait_for_function("document.querySelector('#passes .pass-before') !== null")
    assert other.is_checked("#zero-grad")
    assert other.input_value("#times") == "2"
    assert other.input_value("#target") == "z"
    assert other.input_value("#source") == SQUARE
    assert (
        step_label(other),
        current_line(other),
        visible_nodes(other),
        cell(other, "x", "grad"),
        other.text_content("#passes"),
    ) == seen
    context.close()


def test_without_javascript_the_form_renders_the_run(nojs_page: Any, server: str, api: Any) -> None:
    page = nojs_page
    page.goto(f"{server}/")
    assert page.is_hidden("#stepper") and page.is_hidden("#backward-button")
    page.fill("#source", SQUARE)
    page.click("#run-button")
    assert "source=" in page.url
    plain = api(SQUARE)
    assert drawn_nodes(page) == {n["id"] for n in plain["graph"]["nodes"]}
    assert page.eval_on_selector_all("#variables tbody tr", "rows => rows.map(r => r.dataset.name)") == ["x", "y", "z"]

    page.select_option("#target", "z")
    page.fill("#times", "2")
    page.check("#zero-grad")
    page.click("#run-button")
    expected = api(SQUARE, zero_grad=True, backward={"target": "z", "times": 2})
    grad = cell(page, "x", "grad")
    assert_close(numbers(grad), flat(expected["variables"]["x"]["grad"]))
    assert page.is_checked("#zero-grad") and page.input_value("#times") == "2"

    page.select_option("#example", "runtime-error")
    page.click("#example-load")
    assert "line 4, column 1: RuntimeError" in page.text_content("#editor-error")
    marked = page.eval_on_selector_all("#editor-gutter .has-error", "els => els.map(e => e.dataset.line)")
    assert marked == ["4"]
    assert page.text_content("#output") == ""


def test_non_finite_values_read_like_torch(page: Any, server: str, api: Any) -> None:
    source = "x = torch.tensor([0.0,1.0,-1.0],requires_grad=True)\ny = torch.log(x)\nz = y.sum()\nz.backward()\n"
    expected = api(source)
    assert expected["variables"]["y"]["value"] == ["-Infinity", 0.0, "NaN"]
    open_page(page, server, source=source)
    assert cell(page, "y", "value") == "[-inf, 0.0000, nan]"
    assert cell(page, "x", "grad") == "[inf, 1.0000, -1.0000]"
    page.click('#variables tr[data-name="y"] button')
    cells = page.locator("#inspector .tensor-view >> nth=0 >> td")
    assert cells.all_text_contents() == ["-inf", "0.0000", "nan"]
    assert [c.get_attribute("data-value") for c in cells.all()] == ["-Infinity", "0", "NaN"]


def _minus(a: Any, b: Any) -> Any:
    if isinstance(a, list):
        return [_minus(x, y) for x, y in zip(a, b, strict=True)]
    return float(a) - float(b)


def passes_panel(page: Any) -> dict[str, list[str]]:
    """The passes panel as shown: variable -> [this pass, previous pass, change]."""
    read = (
        "els => Object.fromEntries(els.map(e => "
        "[e.dataset.name, [...e.querySelectorAll('dd')].map(d => d.textContent)]))"
    )
    rows: dict[str, list[str]] = page.eval_on_selector_all("#passes dl.pass", read)
    return rows


def expected_panel(now: dict[str, Any], before: dict[str, Any] | None) -> dict[str, list[str]]:
    """The panel worked out from the variables after this pass and after the previous one (None: no such run)."""
    rows = {}
    for name, snap in now.items():
        if "shape" not in snap or snap["grad"] is None:
            continue
        old = (before or {}).get(name, {}).get("grad")
        change = "first gradient"
        if old is not None:
            diff = _minus(snap["grad"], old)
            change = "unchanged" if all(v == 0 for v in flat(diff)) else f"+ {preview(diff, snap['dtype'])}"
        rows[name] = [preview(snap["grad"], snap["dtype"]), preview(old, snap["dtype"]), change]
    return rows


def flows_panel(page: Any) -> dict[str, list[str]]:
    """The gradients that flowed through non-leaves, as the passes panel shows them: name -> [.grad, ∂…]."""
    read = (
        "els => Object.fromEntries(els.map(e => "
        "[e.dataset.name, [...e.querySelectorAll('dt, dd')].map(d => d.textContent)]))"
    )
    rows: dict[str, list[str]] = page.eval_on_selector_all("#passes dl.pass-flow", read)
    return rows


def expected_flows(now: dict[str, Any], target: str) -> dict[str, list[str]]:
    """Each non-leaf a backward reached: `.grad` None, and ∂target/∂name under its own label."""
    return {
        name: [f"{name}.grad", "None", f"∂{target}/∂{name}", preview(snap["grad_flow"], snap["dtype"])]
        for name, snap in now.items()
        if snap.get("grad_flow") is not None
    }


def run_requests(page: Any) -> list[dict[str, Any]]:
    """Collects the bodies of the page's POST /api/v1/run requests from now on."""
    sent: list[dict[str, Any]] = []
    page.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/v1/run") else None)
    return sent


@pytest.mark.parametrize("zero_grad", [False, True], ids=["accumulating", "zeroed"])
def test_passes_panel_reads_the_previous_pass_from_the_answer(
    page: Any, browser: Any, server: str, api: Any, zero_grad: bool
) -> None:
    """Two presses of Run backward: one request each, and the figures the run with one pass fewer gives."""
    source = next(e["source"] for e in EXAMPLES if e["id"] == "gradient")
    now = api(source, zero_grad=zero_grad, backward={"target": "d", "times": 2})
    fewer = api(source, zero_grad=zero_grad, backward={"target": "d", "times": 1})
    assert now["error"] is None and fewer["error"] is None
    assert [(s["kind"], s["line"]) for s in now["steps"][-2:]] == [("backward", 0)] * 2  # the passes end the run
    assert now["steps"][-2]["variables"] == fewer["variables"]  # the step before the last pass is that run
    expected = expected_panel(now["variables"], fewer["variables"])
    assert set(expected) == {"x"}  # the non-leaves a, b, c, d keep no .grad
    assert {row[2] == "unchanged" for row in expected.values()} == {zero_grad}
    flows = expected_flows(now["variables"], "d")
    assert set(flows) == {"a", "b", "c", "d"}

    open_page(page, server, example="gradient")
    sent = run_requests(page)
    if zero_grad:
        page.check("#zero-grad")
    page.select_option("#target", "d")
    page.click("#backward-button")
    wait_ready(page)
    page.click("#backward-button")
    wait_ready(page)
    assert passes_panel(page) == expected
    assert flows_panel(page) == flows
    # Ticking the box re-runs at once (it zeroes before the program's own backward calls too); then one
    # request per press, and none for the run with a pass fewer.
    times = [body.get("backward", {}).get("times") for body in sent]
    assert times == ([None, 1, 2] if zero_grad else [1, 2])

    # A shared link shows the same panel from the page's own answer, without asking the server again.
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    other = context.new_page()
    later = run_requests(other)
    other.goto(page.url)
    wait_ready(other)
    assert passes_panel(other) == expected
    assert later == []
    context.close()


def test_passes_panel_when_the_steps_kept_only_summaries(page: Any, server: str, api: Any) -> None:
    now = api(OVER_BUDGET, backward={"target": "z", "times": 2})
    fewer = api(OVER_BUDGET, backward={"target": "z", "times": 1})
    kept = now["steps"][-2]["variables"]
    assert kept["w"]["grad"] is None and kept["w"]["grad_summary"]["numel"] == 3  # only a summary was kept
    assert kept["x"]["grad"] is None and kept["x"]["grad_summary"]["numel"] == 1000
    expected = expected_panel(now["variables"], fewer["variables"])

    sent = run_requests(page)
    open_page(page, server, source=OVER_BUDGET, target="z", times="2")
    shown = passes_panel(page)
    assert set(shown) == set(expected) == {"w", "x"}  # y and z are not leaves: no .grad
    assert shown["w"] == expected["w"]  # a summary of a few values holds them all
    assert shown["x"][:2] == expected["x"][:2]  # the first values read the same...
    assert shown["x"][2] == "not known: the answer kept only the first values"  # ...the change cannot be told
    assert flows_panel(page) == expected_flows(now["variables"], "z")
    assert sent == []


def test_backward_passes_stop_at_the_servers_bound(page: Any, server: str) -> None:
    bound = Settings().max_backward_times  # what the server process reads from the same environment
    open_page(page, server, source=SQUARE)
    assert page.get_attribute("#times", "max") == str(bound)
    page.select_option("#target", "z")
    page.fill("#times", str(bound - 1))
    page.click("#backward-button")
    wait_ready(page)
    assert page.input_value("#times") == str(bound)
    assert page.is_disabled("#backward-button")
    assert page.text_content("#passes .passes-heading") == f"After {bound} backward passes (accumulating)"
