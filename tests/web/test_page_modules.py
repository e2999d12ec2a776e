"""A model's modules on the page, in a real Chromium: each module's nodes sit in a titled box; a click on the title
collapses the module into one node (the link keeps it), a click on that node opens it again; without JavaScript the
link's `collapse` is drawn by the server."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from pagekit import bring_into_view, drawn_nodes, open_page, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def boxes(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("#graph g.cluster", "els => els.map(e => e.id)"))


def test_a_module_collapses_from_its_title_and_opens_from_its_node(page: Any, server: str) -> None:
    open_page(page, server, example="module")
    bring_into_view(page, "#graph g#module_model__fc1 > text")
    assert boxes(page) == ["module_loss_fn", "module_model", "module_model__fc1", "module_model__fc2"]
    before = drawn_nodes(page)
    assert "m_model__fc1" not in before
    page.click("#graph g#module_model__fc1 > text")
    page.wait_for_selector("#graph g#m_model__fc1")
    wait_ready(page)
    bring_into_view(page, "#graph g#m_model__fc1")
    after = drawn_nodes(page)
    # fc1's weight, bias and the nodes each of the three passes made in it are one node now
    assert "module_model__fc1" not in boxes(page) and len(after) == len(before) - 8 + 1
    assert "fc1: Linear(3 → 4)" in page.text_content("#graph g#m_model__fc1")
    # beside the page's default, every loop collapsed (this program has none long enough to box)
    assert parse_qs(urlparse(page.url).query)["collapse"] == ["loop*,model.fc1"]
    page.click("#graph g#m_model__fc1")
    page.wait_for_selector("#graph g#module_model__fc1")
    wait_ready(page)
    assert drawn_nodes(page) == before
    assert "collapse" not in parse_qs(urlparse(page.url).query)


def test_a_link_with_collapsed_modules_draws_them_without_javascript(nojs_page: Any, server: str) -> None:
    nojs_page.goto(f"{server}/?example=module&collapse=model")
    nodes = set(nojs_page.eval_on_selector_all("#graph g.node", "els => els.map(e => e.id)"))
    assert "m_model" in nodes and not any(n.startswith("m_model__") for n in nodes)
    assert nojs_page.eval_on_selector_all("#graph g.cluster", "els => els.map(e => e.id)") == ["module_loss_fn"]
