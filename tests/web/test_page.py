"""The page at `/` driven in a real Chromium: examples, stepping, backward passes, node panel, errors,
shared URLs, pan/zoom, the no-JS form. Every number the page shows is checked against the API's JSON."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from app.examples import EXAMPLES, FAILING

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SQUARE = "x = torch.rand((2,3),requires_grad=True)\ny = x * x\nz = y.sum()\n"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def flat(value: Any) -> list[float]:
    if isinstance(value, list):
        return [v for item in value for v in flat(item)]
    return [float(value)]


def numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text)]


def wait_ready(page: Any) -> None:
    page.wait_for_selector("body[data-run-state=ready]")


def open_page(page: Any, server: str, **params: Any) -> None:
    page.goto(f"{server}/?{urlencode(params)}" if params else f"{server}/")
    wait_ready(page)


def current_line(page: Any) -> int:
    return int(page.text_content("#editor-gutter .gutter-line.is-current"))


def visible_nodes(page: Any) -> set[str]:
    return set(page.eval_on_selector_all("#graph g.node:not(.is-hidden)", "els => els.map(e => e.id)"))


def drawn_nodes(page: Any) -> set[str]:
    return set(page.eval_on_selector_all("#graph g.node", "els => els.map(e => e.id)"))


def step_label(page: Any) -> str:
    return page.text_content("#step-label") or ""


def cell(page: Any, name: str, field: str) -> str:
    return page.text_content(f'#variables tr[data-name="{name}"] td[data-field="{field}"]') or ""


def assert_close(shown: list[float], expected: list[float]) -> None:
    # The page prints 4 decimals and at most 8 values of a tensor.
    assert len(shown) == min(8, len(expected))
    assert shown == pytest.approx(expected[: len(shown)], abs=1e-4)


def assert_at_step(page: Any, run: dict[str, Any], i: int) -> None:
    """The page shows step i of `run`: label, highlighted line, exactly that step's nodes."""
    step = run["steps"][i]
    assert step_label(page).startswith(f"Step {i + 1} of {len(run['steps'])}")
    if step["line"]:
        assert current_line(page) == step["line"]
    assert visible_nodes(page) == set(step["nodes"]) & drawn_nodes(page)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["id"] not in FAILING], ids=lambda e: e["id"])
def test_each_example_loads_and_runs(page: Any, server: str, api: Any, example: dict[str, str]) -> None:
    open_page(page, server, source="x = torch.ones(1)\n")
    page.select_option("#example", example["id"])
    wait_ready(page)
    expected = api(example["source"])
    assert expected["error"] is None
    assert page.input_value("#source") == example["source"]
    assert page.is_hidden("#editor-error")
    assert step_label(page).startswith(f"Step {len(expected['steps'])} of {len(expected['steps'])}")
    assert drawn_nodes(page) == {n["id"] for n in expected["graph"]["nodes"]}
    assert page.text_content("#output") == expected["output"]
    assert page.eval_on_selector_all("#variables tbody tr", "rows => rows.map(r => r.dataset.name)") == list(
        expected["variables"])


def test_step_with_buttons_slider_and_arrows(page: Any, server: str, api: Any) -> None:
    source = next(e["source"] for e in EXAMPLES if e["id"] == "gradient")
    run = api(source)
    open_page(page, server, example="gradient")
    last = len(run["steps"]) - 1
    assert_at_step(page, run, last)

    page.click("#step-first")
    assert_at_step(page, run, 0)
    assert visible_nodes(page) < drawn_nodes(page)  # later nodes are hidden, not removed
    page.click("#step-next")
    assert_at_step(page, run, 1)
    page.click("#step-next")
    assert_at_step(page, run, 2)
    page.click("#step-prev")
    assert_at_step(page, run, 1)

    # Arrow keys step while focus is outside the editor...
    page.focus("#step-next")
    page.keyboard.press("ArrowRight")
    assert_at_step(page, run, 2)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert_at_step(page, run, 0)
    # ...and move the caret, not the step, inside it.
    page.focus("#source")
    page.keyboard.press("ArrowRight")
    assert_at_step(page, run, 0)

    page.focus("#step-slider")
    page.keyboard.press("End")
    assert_at_step(page, run, last)
    page.fill("#step-slider", "3")
    assert_at_step(page, run, 3)

    # The variables table follows the step, and marks what the step changed.
    a_step = next(i for i, s in enumerate(run["steps"]) if s["source"].startswith("a = x + 2"))
    page.fill("#step-slider", str(a_step))
    assert page.eval_on_selector_all("#variables tbody tr", "rows => rows.map(r => r.dataset.name)") == list(
        run["steps"][a_step]["variables"])
    assert page.get_attribute('#variables tr[data-name="a"]', "class") == "is-new is-changed"
    assert "is-changed" not in (page.get_attribute('#variables tr[data-name="x"]', "class") or "")
    assert page.text_content("#output") == "".join(s["output"] for s in run["steps"][: a_step + 1])
    assert f"step={a_step}" in page.url


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


def test_click_a_node_opens_its_panel(page: Any, server: str, api: Any) -> None:
    source = next(e["source"] for e in EXAMPLES if e["id"] == "gradient")
    run = api(source)
    open_page(page, server, example="gradient")
    x = next(n for n in run["graph"]["nodes"] if n["variables"] == ["x"])
    page.click(f'#graph g.node[id="{x["id"]}"]')
    assert page.is_visible("#inspector")
    assert page.text_content("#inspector-heading") == "x"
    facts = page.text_content("#inspector .facts")
    assert "leaf" in facts and "(2, 3, 4)" in facts and "1: x = torch.rand((2,3,4),requires_grad=True)" in facts
    # N-D values come as 2-D slices: [0, :, :] and [1, :, :], 3 x 4 each, values as in the API.
    tables = page.locator("#inspector table.tensor")
    assert tables.count() == 4  # value: two slices, grad: two slices
    shown = [float(v) for v in page.eval_on_selector_all(
        "#inspector .tensor-view >> nth=0 >> td", "tds => tds.map(td => td.dataset.value)")]
    assert shown == pytest.approx(flat(run["variables"]["x"]["value"]))
    assert "is-selected" in page.get_attribute(f'#graph g.node[id="{x["id"]}"]', "class").split()
    # Each cell is coloured by its value.
    colours = page.eval_on_selector_all(
        "#inspector td.num", "tds => new Set(tds.map(t => t.style.backgroundColor)).size")
    assert colours > 5

    # Keyboard: a focused node opens with Enter.
    mean = next(n for n in run["graph"]["nodes"] if n["variables"] == ["d"])
    page.focus(f'#graph g.node[id="{mean["id"]}"]')
    page.keyboard.press("Enter")
    assert page.text_content("#inspector-heading") == "d"
    assert mean["op"] in page.text_content("#inspector .facts")
    page.click("#inspector-close")
    assert page.is_hidden("#inspector")


def test_pan_and_zoom(page: Any, server: str) -> None:
    open_page(page, server, example="two-layer")

    def view() -> list[float]:
        return [float(v) for v in page.get_attribute("#graph svg", "viewBox").split()]

    start = view()
    page.click("#zoom-in")
    zoomed = view()
    assert zoomed[2] < start[2] and zoomed[3] < start[3]
    box = page.locator("#graph").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 80, cy + 40, steps=5)
    page.mouse.up()
    panned = view()
    assert panned[0] < zoomed[0] and panned[1] < zoomed[1] and panned[2] == zoomed[2]
    page.mouse.wheel(0, 300)
    assert view()[2] > panned[2]
    page.click("#zoom-reset")
    assert view() == pytest.approx(start)


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
    seen = (step_label(page), current_line(page), visible_nodes(page), cell(page, "x", "grad"),
            page.text_content("#passes"))

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
    assert (step_label(other), current_line(other), visible_nodes(other), cell(other, "x", "grad"),
            other.text_content("#passes")) == seen
    context.close()


def test_page_is_accessible_and_fits_a_narrow_screen(page: Any, server: str) -> None:
    open_page(page, server, example="gradient")
    unlabelled = page.eval_on_selector_all(
        "input, select, textarea, button",
        """els => els.filter(e => e.offsetParent !== null)
                     .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                                   && !(e.textContent || '').trim())
                     .map(e => e.id || e.outerHTML)""",
    )
    assert unlabelled == []
    # Tab from the editor reaches the controls, the step buttons and the graph's nodes.
    reached = set()
    page.focus("#source")
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert {"seed", "run-button", "target", "backward-button", "step-first", "step-slider", "graph"} <= reached
    assert reached & drawn_nodes(page)
    page.set_viewport_size({"width": 380, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1


def test_screenshot(page: Any, server: str, api: Any) -> None:
    """Saves docs/screenshot.png: the first example just after its backward call, with a node open."""
    source = next(e["source"] for e in EXAMPLES if e["id"] == "gradient")
    run = api(source)
    open_page(page, server, example="gradient")
    backward_step = next(i for i, s in enumerate(run["steps"]) if s["kind"] == "backward")
    page.fill("#step-slider", str(backward_step))
    assert cell(page, "x", "grad") != "None"
    assert "is-changed" in page.get_attribute('#variables tr[data-name="x"] td[data-field="grad"]', "class")
    b = next(n for n in run["graph"]["nodes"] if n["variables"] == ["b"])
    page.click(f'#graph g.node[id="{b["id"]}"]')
    assert page.text_content("#inspector-heading") == "b"
    path = ROOT / "docs" / "screenshot.png"
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


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
    assert "line 4" in page.text_content("#editor-error")
    assert page.text_content("#output") == ""
