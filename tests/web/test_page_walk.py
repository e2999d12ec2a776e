"""Walking the backward pass in a real Chromium: on the notebook's first cell, at the step of `d.backward()`, the
nodes come in the order autograd ran them, each with the gradient arriving, its local derivative with the real
numbers, the gradients it sends (highlighted on the graph), and what lands in x.grad — all checked against torch."""

from __future__ import annotations

import re
from typing import Any

import pytest
import torch
from pagekit import go_to_step, open_page

from app.examples import EXAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CELL = next(e["source"] for e in EXAMPLES if e["id"] == "gradient")


def facts(page: Any) -> dict[str, str]:
    terms = page.eval_on_selector_all("#walk-body dt", "els => els.map(e => e.textContent)")
    values = page.eval_on_selector_all("#walk-body dd", "els => els.map(e => e.textContent)")
    return dict(zip(terms, values, strict=True))


def test_the_first_cell_walked_backward_node_by_node(page: Any, server: str, api: Any) -> None:
    run = api(CELL)
    backward_step = next(i for i, s in enumerate(run["steps"]) if s["source"].startswith("back_ward=d.backward()"))
    open_page(page, server, example="gradient", step=backward_step)
    assert page.is_visible("#walk")
    seen = []
    for k in range(5):
        seen.append(facts(page))
        if k < 4:
            page.click("#walk-next")
    assert [f["node"].split(" ")[0] for f in seen] == [
        "MeanBackward0",
        "PowBackward0",
        "MulBackward0",
        "AddBackward0",
        "AccumulateGrad",
    ]
    assert seen[0]["local derivative"] == "∂d/∂cᵢ = 1/N = 1/24"
    assert seen[1]["local derivative"].startswith("∂c/∂b = 2·b^1, with b = (2, 3, 4)")
    assert seen[2]["local derivative"] == "∂b/∂a = 2"
    assert seen[0]["gradient arriving (∂d/∂ its output)"] == "1"
    # the numbers are torch's own: the same cell in torch, the gradient sent by each node
    torch.manual_seed(0)
    x = torch.rand((2, 3, 4), requires_grad=True)
    a = x + 2
    b = a * 2
    c = b**2
    c.retain_grad()
    b.retain_grad()
    d = c.mean()
    d.backward()
    assert x.grad is not None and b.grad is not None
    grad = x.grad.double()
    summary = f"(2, 3, 4): mean {grad.mean().item():.4g}, min {grad.min().item():.4g}, max {grad.max().item():.4g}"
    assert seen[4][".grad before"] == "None" and seen[4][".grad after"] == summary
    db = b.grad.double()
    assert seen[1]["sends to b"] == (
        f"(2, 3, 4): mean {db.mean().item():.4g}, min {db.min().item():.4g}, max {db.max().item():.4g}"
    )
    # the node and the edge its gradient went along are marked on the graph
    assert page.eval_on_selector_all("#graph g.walk-current", "els => els.length") == 1
    go_to_step(page, backward_step - 1)
    assert not page.is_visible("#walk")


def test_backward_with_a_vector_shows_v_the_jacobian_and_what_lands_in_grad(page: Any, server: str, api: Any) -> None:
    source = "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\ny = x ** 2\n"
    source += "v = torch.tensor([1.0, 0.5, 0.1])\ny.backward(v)\n"
    run = api(source)
    step = next(i for i, s in enumerate(run["steps"]) if s["source"] == "y.backward(v)")
    open_page(page, server, source=source, step=step)
    assert "y.backward(v) with v = [1, 0.5, 0.1]" in page.text_content("#walk-jacobian")
    cells = page.eval_on_selector_all(
        "#walk-jacobian table.jacobian tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))"
    )
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    jacobian = torch.autograd.functional.jacobian(lambda t: t**2, x.detach())
    assert cells[:3] == [[f"y[{i}]", *(f"{v:g}" for v in row.tolist())] for i, row in enumerate(jacobian)]
    (x**2).backward(torch.tensor([1.0, 0.5, 0.1]))
    assert x.grad is not None
    assert cells[3][0] == "vᵀ·J" and [float(c) for c in cells[3][1:]] == pytest.approx(x.grad.tolist())


def test_why_is_one_element_of_x_grad_what_it_is(page: Any, server: str, api: Any) -> None:
    run = api(CELL)
    backward_step = next(i for i, s in enumerate(run["steps"]) if s["source"].startswith("back_ward=d.backward()"))
    open_page(page, server, example="gradient", step=backward_step)
    assert page.eval_on_selector_all("#why-leaf option", "os => os.map(o => o.textContent)") == ["x"]
    page.fill("#why-index", "0, 1, 2")
    page.click("#why-go")
    lines = page.eval_on_selector_all("#why-lines li", "lis => lis.map(li => li.textContent)")
    torch.manual_seed(0)
    x = torch.rand((2, 3, 4), requires_grad=True)
    b = (x + 2) * 2
    (b**2).mean().backward()
    assert x.grad is not None
    g, bb = x.grad[0, 1, 2].item(), b[0, 1, 2].item()
    assert lines[0] == f"This backward adds {g:.4g} to x.grad[0, 1, 2]:"
    # the chain rule: 1 (∂d/∂d) × 1/24 (mean) × 2·b (the square) × 2 (b = a*2) × 1 (a = x + 2)
    factors = [float(f) for f in re.findall(r"× ([-\d.e]+)", lines[1])]
    assert factors == pytest.approx([1 / 24, 2 * bb, 2.0, 1.0], rel=1e-3)
    assert lines[1].endswith(f"= {g:.4g}") and len(lines) == 2
    page.fill("#why-index", "5, 0, 0")
    page.click("#why-go")
    assert "pick an index inside it" in page.text_content("#why-lines")
