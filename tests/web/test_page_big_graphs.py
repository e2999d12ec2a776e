"""A 1,000-op graph on the page, in a real Chromium: the output and the leaf stay drawn, text at the current step is
at least 9 px on screen, the view follows the step, only what lies near the view is rendered, a minimap moves the
view, a search centres a variable's node, and the loop's nodes sit in one box "line 4 × 1,000 iterations": the page
opens it collapsed into one node, which opens into the box and collapses again."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from pagekit import go_to_step, open_page, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

THOUSAND = (
    "x = torch.ones(2, requires_grad=True)\ny = x\nfor i in range(1000):\n    y = y * 1.001\n"
    "loss = y.sum()\nloss.backward()\n"
)
READABLE_PX = 9


def node_with(page: Any, text: str) -> str:
    """The id of the drawn node whose first line reads `text`."""
    found: list[str] = page.eval_on_selector_all(
        "#graph svg g.node",
        f"gs => gs.filter(g => (g.querySelector('text') || {{}}).textContent === {text!r}).map(g => g.id)",
    )
    assert len(found) == 1, found
    return found[0]


def in_view(page: Any, node_id: str) -> bool:
    """Whether the node's box lies inside the graph's viewport on screen."""
    return bool(
        page.evaluate(
            """id => { const v = document.getElementById('graph').getBoundingClientRect();
                       const r = document.getElementById(id).getBoundingClientRect();
                       return r.width > 0 && r.left >= v.left - 1 && r.right <= v.right + 1
                              && r.top >= v.top - 1 && r.bottom <= v.bottom + 1; }""",
            node_id,
        )
    )


def smallest_text_px(page: Any, node_id: str) -> float:
    """The smallest on-screen size, in CSS pixels, of the node's text."""
    return float(
        page.evaluate(
            """id => Math.min(...[...document.getElementById(id).querySelectorAll('text')].map(
                 t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))""",
            node_id,
        )
    )


def view_box(page: Any) -> list[float]:
    return [float(v) for v in (page.get_attribute("#graph > svg", "viewBox") or "").split()]


def drawn_at(page: Any) -> str:
    """Where the minimap draws its frame: the view's box, as it last drew it."""
    return str(page.get_attribute("#graph-minimap canvas", "data-view"))


@pytest.fixture
def big(page: Any, server: str) -> Any:
    """The page with the loop's box open (`collapse=`): every node the budget allows drawn."""
    open_page(page, server, source=THOUSAND, collapse="")
    return page


def test_loss_and_x_are_drawn_and_readable_at_the_current_step(big: Any, api: Any) -> None:
    loss, x = node_with(big, "loss"), node_with(big, "x, y")
    assert in_view(big, loss) and smallest_text_px(big, loss) >= READABLE_PX
    assert "403 more nodes not drawn" in big.text_content("#graph svg g.node.summary")
    run = api(THOUSAND)
    go_to_step(big, 0)  # x = torch.ones(...): the view moves to x, as readable
    assert in_view(big, x) and smallest_text_px(big, x) >= READABLE_PX
    assert not in_view(big, loss) or big.is_hidden(f"#{loss}")
    made_at_10 = [n["id"] for n in run["graph"]["nodes"] if n["first_step"] == 10]
    go_to_step(big, 10)  # a pass of the loop: its new node is brought into view
    assert made_at_10 and all(in_view(big, n) and smallest_text_px(big, n) >= READABLE_PX for n in made_at_10)


def test_only_what_lies_near_the_view_is_rendered(big: Any) -> None:
    """Nodes far from the view are left out of the rendering, so the page lays out and paints what can be seen; a
    step that moves the view brings its nodes back."""
    x = node_with(big, "x, y")
    near = big.locator("#graph g.node:not(.is-far)").count()
    assert 0 < near < 60
    assert "is-far" in (big.get_attribute(f"#{x}", "class") or "") and big.is_hidden(f"#{x}")
    go_to_step(big, 0)
    assert "is-far" not in (big.get_attribute(f"#{x}", "class") or "") and in_view(big, x)


def test_the_minimap_shows_the_whole_graph_and_moves_the_view(big: Any) -> None:
    assert big.is_visible("#graph-minimap") and big.get_attribute("#graph-minimap canvas", "data-nodes") == "600"
    before = view_box(big)
    drawn = drawn_at(big)
    assert [float(v) for v in drawn.split()] == pytest.approx(before, abs=0.1)
    box = big.locator("#graph-minimap").bounding_box()
    big.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    after = view_box(big)
    assert after[2:] == pytest.approx(before[2:]) and after[:2] != pytest.approx(before[:2])
    big.wait_for_function("v => document.querySelector('#graph-minimap canvas').dataset.view !== v", arg=drawn)
    assert [float(v) for v in drawn_at(big).split()] == pytest.approx(after, abs=0.1)  # the frame follows the view


def test_search_centres_the_node_a_variable_names(big: Any) -> None:
    x = node_with(big, "x, y")
    assert not in_view(big, x)
    big.fill("#graph-search-input", "x")
    big.press("#graph-search-input", "Enter")
    assert in_view(big, x) and smallest_text_px(big, x) >= READABLE_PX
    assert "is-selected" in (big.get_attribute(f"#{x}", "class") or "")
    assert big.text_content("#graph-search-status") == "x: x, y, line 1"
    big.fill("#graph-search-input", "nothing")
    big.click("#graph-search-go")
    assert big.text_content("#graph-search-status") == "No node named nothing at this step."


def test_the_loop_starts_as_one_node_that_opens_into_its_box_and_collapses_again(page: Any, server: str) -> None:
    open_page(page, server, source=THOUSAND)
    assert page.locator("#graph g.node").count() == 3  # x, the loop, loss
    assert "line 4 × 1,000 iterations" in page.text_content("#graph g#m_loop3")
    assert "collapse" not in parse_qs(urlparse(page.url).query)  # the page's default
    page.click("#graph g#m_loop3")
    page.wait_for_selector("#graph g#module_loop3")
    wait_ready(page)
    assert page.text_content("#graph g#module_loop3 > text") == "line 4 × 1,000 iterations"
    assert page.locator("#graph g.node").count() == 600
    assert parse_qs(urlparse(page.url).query, keep_blank_values=True)["collapse"] == [""]  # nothing collapsed
    page.click("#graph g#module_loop3 > text")
    page.wait_for_selector("#graph g#m_loop3")
    wait_ready(page)
    assert page.locator("#graph g.node").count() == 3
    assert parse_qs(urlparse(page.url).query)["collapse"] == ["loop3"]
