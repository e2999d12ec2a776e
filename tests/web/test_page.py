"""The page at `/` in a real Chromium: examples, stepping, the node panel, pan/zoom, keyboard and narrow
screens, and the view the README's screenshot shows. What the page shows is checked against the API's JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from pagekit import (
    assert_at_step,
    cell,
    drawn_nodes,
    flat,
    open_page,
    step_label,
    visible_nodes,
    wait_ready,
)

from app.examples import EXAMPLES, FAILING

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["id"] not in FAILING], ids=lambda e: e["id"])
def test_each_example_loads_and_runs(page: Any, server: str, api: Any, example: dict[str, str]) -> None:
    open_page(page, server, source="x = torch.ones(1)\n")
    page.select_option("#example", example["id"])
    wait_ready(page)
    expected = api(example["source"], collapse=["loop*"])  # as the page draws it: every long loop collapsed
    assert expected["error"] is None
    assert page.input_value("#source") == example["source"]
    assert page.is_hidden("#editor-error")
    assert step_label(page).startswith(f"Step {len(expected['steps'])} of {len(expected['steps'])}")
    assert drawn_nodes(page) == {n["id"] for n in expected["graph"]["nodes"]}
    assert page.text_content("#output") == expected["output"]
    # Tensors first, then the program's plain numbers, booleans and short lists (loop counters, lr).
    plain = [name for name in expected["steps"][-1].get("values", {}) if name not in expected["variables"]]
    assert page.eval_on_selector_all("#variables tbody tr", "rows => rows.map(r => r.dataset.name)") == [
        *expected["variables"],
        *plain,
    ]


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
        run["steps"][a_step]["variables"]
    )
    assert page.get_attribute('#variables tr[data-name="a"]', "class") == "is-new is-changed"
    assert "is-changed" not in (page.get_attribute('#variables tr[data-name="x"]', "class") or "")
    # The output shows everything printed; what later steps print is dimmed.
    assert page.text_content("#output") == run["output"]
    later = page.locator("#output .out-step.is-later").all_text_contents()
    assert "".join(later) == "".join(s["output"] for s in run["steps"][a_step + 1 :]) != ""
    assert f"step={a_step}" in page.url

    # A variable's name opens it in the side panel, which follows the steps too.
    page.click('#variables tr[data-name="a"] button')
    assert page.text_content("#inspector-heading") == "a"
    assert "AddBackward0" in page.text_content("#inspector .facts")
    page.click("#step-first")
    assert page.text_content("#inspector-body") == "Not assigned yet at this step."


def test_steps_show_the_nodes_made_so_far_from_first_step_alone(page: Any, server: str, api: Any) -> None:
    """Whatever per-step lists an answer carries (none are needed), each step shows the nodes made by then."""
    source = next(e["source"] for e in EXAMPLES if e["id"] == "gradient")
    run = api(source)
    stripped: list[int] = []

    def without_node_lists(route: Any) -> None:
        response = route.fetch()
        body = response.json()
        for step in body.get("steps", []):
            step.pop("nodes", None)
        stripped.append(len(body.get("steps", [])))
        route.fulfill(response=response, json=body)

    page.route("**/api/v1/run", without_node_lists)
    open_page(page, server, source="x = torch.ones(1)\n")
    page.select_option("#example", "gradient")
    wait_ready(page)
    assert stripped == [len(run["steps"])]
    seen = []
    for i in range(len(run["steps"])):
        page.fill("#step-slider", str(i))
        assert_at_step(page, run, i)
        seen.append(visible_nodes(page))
    assert all(a <= b for a, b in zip(seen, seen[1:], strict=False))  # a node once made stays
    assert set() < seen[0] < seen[-1] == drawn_nodes(page)


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
    shown = [
        float(v)
        for v in page.eval_on_selector_all(
            "#inspector .tensor-view >> nth=0 >> td", "tds => tds.map(td => td.dataset.value)"
        )
    ]
    assert shown == pytest.approx(flat(run["variables"]["x"]["value"]))
    assert "is-selected" in page.get_attribute(f'#graph g.node[id="{x["id"]}"]', "class").split()
    # Each cell is coloured by its value.
    colours = page.eval_on_selector_all(
        "#inspector td.num", "tds => new Set(tds.map(t => t.style.backgroundColor)).size"
    )
    assert colours > 5

    # Keyboard: a focused node opens with Enter.
    mean = next(n for n in run["graph"]["nodes"] if n["variables"] == ["d"])
    page.focus(f'#graph g.node[id="{mean["id"]}"]')
    page.keyboard.press("Enter")
    assert page.text_content("#inspector-heading") == "d"
    assert mean["op"] in page.text_content("#inspector .facts")
    # The panel follows the steps: before line 10 ran, that node does not exist yet.
    page.click("#step-first")
    assert "Not created yet at this step." in page.text_content("#inspector-body")
    page.click("#step-last")
    assert "Not created yet" not in page.text_content("#inspector-body")
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
    # Tab from the editor (Esc first: in the editor, Tab indents) reaches the controls, the step buttons and the
    # graph's nodes.
    reached = set()
    page.focus("#source")
    page.keyboard.press("Escape")
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert {"seed", "run-button", "target", "backward-button", "step-first", "step-slider", "graph"} <= reached
    assert reached & drawn_nodes(page)
    page.set_viewport_size({"width": 380, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1


def test_the_readme_screenshot_view(page: Any, server: str, tmp_path: Path) -> None:
    """The view `make screenshot` pictures: the first example just after its backward call, with a node open.
    The picture goes to a temporary folder: a test run never rewrites docs/screenshot.png."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import screenshot
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    run = screenshot.stage(page, server)
    assert run["steps"][int(page.input_value("#step-slider"))]["kind"] == "backward"
    assert cell(page, "x", "grad") != "None"
    assert "is-changed" in page.get_attribute('#variables tr[data-name="x"] td[data-field="grad"]', "class")
    assert page.text_content("#inspector-heading") == "b"
    assert page.text_content("#walk-counter") == f"node {screenshot.WALKED + 1} of 5"  # the backward walk, pictured
    path = tmp_path / "screenshot.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
