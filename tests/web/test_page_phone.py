"""The page on a phone (390×844, touch): the graph straight after the program's toolbar, the editor opening at
its top, two fingers pinch-zooming the graph and one finger scrolling the page over it. Touches are sent as the
browser's own input (CDP Input.dispatchTouchEvent), so the browser's scrolling and touch-action take part."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import GUIDE_DISMISSED
from pagekit import wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def phone(browser: Any, watch: Any) -> Iterator[Any]:
    """A 390×844 touch screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.add_init_script(GUIDE_DISMISSED)
    pg = context.new_page()
    pg.on("console", watch.console)
    pg.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
    yield pg
    context.close()
    assert watch.errors == []


def top_of(page: Any, selector: str) -> float:
    return float(page.eval_on_selector(selector, "e => e.getBoundingClientRect().top + scrollY"))


def view_box(page: Any) -> list[float]:
    return [float(v) for v in (page.get_attribute("#graph svg", "viewBox") or "").split()]


def touch(cdp: Any, kind: str, *points: tuple[float, float]) -> None:
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y} for x, y in points]})


def test_the_graph_comes_first_below_the_editors_toolbar(phone: Any, server: str) -> None:
    phone.goto(f"{server}/")
    wait_ready(phone)
    toolbar = top_of(phone, "#run-button")
    graph = top_of(phone, ".graph-panel")
    panels = phone.eval_on_selector_all(
        ".workspace .panel:not([hidden])", "ps => ps.map(p => [p.className, p.getBoundingClientRect().top + scrollY])"
    )
    below = sorted((top, name) for name, top in panels if top > toolbar)
    assert below[0] == (graph, "panel graph-panel")
    assert graph < 844  # on the first screen
    # The editor opens at its top, the page too.
    assert phone.eval_on_selector("#source", "t => t.scrollTop") == 0
    assert phone.evaluate("scrollY") == 0


def test_two_fingers_pinch_zoom_and_one_finger_scrolls_the_page(phone: Any, server: str) -> None:
    phone.goto(f"{server}/?example=two-layer")
    wait_ready(phone)
    box = phone.locator("#graph").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 80
    assert phone.evaluate(f"document.elementFromPoint({x}, {y}).closest('#graph') !== null")
    fitted = view_box(phone)

    cdp = phone.context.new_cdp_session(phone)
    touch(cdp, "touchStart", (x - 20, y), (x + 20, y))
    for i in range(1, 11):
        touch(cdp, "touchMove", (x - 20 - 8 * i, y), (x + 20 + 8 * i, y))
    touch(cdp, "touchEnd")
    zoomed = view_box(phone)
    assert zoomed[2] == pytest.approx(fitted[2] * 40 / 200, rel=0.05)  # fingers 40 px apart, then 200: 5× closer
    assert phone.evaluate("scrollY") == 0  # the pinch did not scroll the page, nor zoom it

    # Where the pinch was: lower down, the step controls kept at the screen's foot would take the finger.
    touch(cdp, "touchStart", (x, y))
    for i in range(1, 11):
        touch(cdp, "touchMove", (x, y - 20 * i))
    touch(cdp, "touchEnd")
    for _ in range(50):  # the browser scrolls on its own time (its fling may go on a little)
        if phone.evaluate("scrollY") > 100:
            break
        phone.wait_for_timeout(100)
    assert phone.evaluate("scrollY") > 100
    assert view_box(phone) == zoomed  # the swipe scrolled the page and left the graph where it was
