"""Helpers shared by the page tests: waiting for a run, reading what the page shows, comparing numbers."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest

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
    made = {n["id"] for n in run["graph"]["nodes"] if n["first_step"] is not None and n["first_step"] <= i}
    assert visible_nodes(page) == made & drawn_nodes(page)
