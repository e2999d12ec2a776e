"""The loop chart's gradient-norm line: read from the steps, right after each pass's backward, flat when the
program zeroes its gradients and growing when it forgets to — checked against real torch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from pagekit import open_page

from app.examples import EXAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = (Path(__file__).resolve().parents[1] / "programs" / "07_notebook_in9_zero_grad_loop.py").read_text()
ACCUMULATION = next(e["source"] for e in EXAMPLES if e["id"] == "accumulation")


def torch_norms(zeroing: bool) -> list[float]:
    """The reference: the loop in real torch, the norm of weights.grad after each pass's backward."""
    weights = torch.rand(size=(3, 3), requires_grad=True)
    norms = []
    for _ in range(3):
        (weights * 3).sum().backward(torch.tensor(1))
        assert weights.grad is not None
        norms.append(float(weights.grad.norm()))
        if zeroing:
            weights.grad.zero_()
    return norms


def chart_points(page: Any) -> list[tuple[float, float]]:
    d = str(page.get_attribute("#series-chart .chart-line", "d"))
    return [tuple(map(float, part.split())) for part in d.replace("M", "L").split("L") if part]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("source", "zeroing"),
    [
        (NOTEBOOK, True),
        (ACCUMULATION, True),
        (ACCUMULATION.replace("    weights.grad.zero_()\n", ""), False),  # the zero_() forgotten
    ],
    ids=["notebook", "accumulation", "accumulation-forgotten"],
)
def test_the_gradient_norm_line_shows(page: Any, server: str, source: str, zeroing: bool) -> None:
    assert ("weights.grad.zero_()" in source) is zeroing
    open_page(page, server, source=source)
    assert page.is_visible("#series-panel")
    assert page.input_value("#series-select") == "‖weights.grad‖"
    expected = torch_norms(zeroing)
    caption = page.text_content("#series-caption")
    assert f"{expected[0]:g} after the first, {expected[-1]:g} after the last" in caption
    points = chart_points(page)
    assert len(points) == 3
    heights = [y for _, y in points]  # SVG y grows downwards
    if zeroing:
        assert heights[0] == heights[1] == heights[2]  # held flat by the zeroing
    else:
        assert heights[0] > heights[1] > heights[2]  # growing: gradients accumulate
        assert expected == pytest.approx([9, 18, 27])
