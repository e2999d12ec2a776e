"""Check your own gradient, in a real Chromium: the learner types the .grad they expect; the page checks it against
autograd and against finite differences and marks where it differs."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from pagekit import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SQUARES = """x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
w = torch.tensor(3.0, requires_grad=True)
y = (w * x ** 2).sum()
y.backward()
"""


def rows(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#gradcheck-table tbody tr", "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))"
    )


def test_a_predicted_gradient_is_checked_against_autograd_and_finite_differences(page: Any, server: str) -> None:
    open_page(page, server, source=SQUARES)
    assert page.is_visible("#gradcheck")
    assert page.eval_on_selector_all("#gradcheck-leaf option", "os => os.map(o => o.value)") == ["x", "w"]
    page.select_option("#gradcheck-leaf", "x")
    page.fill("#gradcheck-expected", "[[6, 12], [18, 25]]")  # one wrong: ∂y/∂x = 2·w·x
    page.click("#gradcheck-run")
    page.wait_for_selector("#gradcheck-table:not([hidden])")
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (3.0 * x**2).sum().backward()
    assert x.grad is not None
    table = rows(page)
    assert [r[0] for r in table] == ["[0, 0]", "[0, 1]", "[1, 0]", "[1, 1]"]
    assert [float(r[2]) for r in table] == x.grad.flatten().tolist()
    assert all(abs(float(r[3]) - float(r[2])) < 0.05 for r in table)  # finite differences, in float32
    summary = page.text_content("#gradcheck-summary")
    assert "agree" in summary and "differs from autograd's at 1 of 4" in summary
    marked = page.eval_on_selector_all(
        "#gradcheck-table tbody tr.differs", "trs => trs.map(tr => tr.cells[0].textContent)"
    )
    assert marked == ["[1, 1]"]
    page.fill("#gradcheck-expected", "[[6, 12], [18, 24]]")
    page.press("#gradcheck-expected", "Enter")
    for _ in range(100):  # the page's CSP allows no evaluated strings, so the test polls
        if "right" in page.text_content("#gradcheck-summary"):
            break
        page.wait_for_timeout(100)
    assert page.eval_on_selector_all("#gradcheck-table tbody tr.differs", "trs => trs.length") == 0
