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
    """Open the page at `params`; a page given a program opens at its last step unless `step` says otherwise
    (opened without one, the page starts at step 1)."""
    if params and "step" not in params:
        params["step"] = "last"
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


KINDS = ("leaf", "op", "output", "saved", "constant", "summary")
STATE_PREFIXES = ("value ", "grad ", "∂", "freed by ")


def go_to_step(page: Any, i: int) -> None:
    page.fill("#step-slider", str(i))


def node_lines(page: Any, node_id: str) -> list[str]:
    """The label lines a node shows, top to bottom (a line cut to fit its box reads in full)."""
    lines: list[str] = page.eval_on_selector_all(
        f'#graph g.node[id="{node_id}"] > text',
        "ts => ts.sort((a, b) => a.getAttribute('y') - b.getAttribute('y'))"
        ".map(t => t.getAttribute('data-full') || t.textContent)",
    )
    return lines


def state_lines(page: Any, node_id: str) -> list[str]:
    """The lines of a node that change with the step: value, grad, ∂…, freed by…"""
    return [line for line in node_lines(page, node_id) if line.startswith(STATE_PREFIXES)]


def node_kind(page: Any, node_id: str) -> str:
    classes = (page.get_attribute(f'#graph g.node[id="{node_id}"]', "class") or "").split()
    found = [c for c in classes if c in KINDS]
    assert len(found) == 1, classes
    return found[0]


def node_fill(page: Any, node_id: str) -> str:
    return str(page.eval_on_selector(f'#graph g.node[id="{node_id}"] > .node-shape', "r => getComputedStyle(r).fill"))


def states_at(run: dict[str, Any], k: int) -> dict[str, dict[str, Any]]:
    """Each node's state right after step k, folded from graph.changes (the reference for what the page draws)."""
    made = {n["id"] for n in run["graph"]["nodes"] if n["first_step"] is not None and n["first_step"] <= k}
    states: dict[str, dict[str, Any]] = {}
    for change in sorted(run["graph"]["changes"], key=lambda c: c["step"]):
        if change["step"] > k:
            break
        for node_id, fields in change["nodes"].items():
            states[node_id] = {**states.get(node_id, {}), **fields}
    return {node_id: state for node_id, state in states.items() if node_id in made}


def expected_state_lines(run: dict[str, Any], node: dict[str, Any], state: dict[str, Any]) -> list[str]:
    """The value, grad and ∂ lines app/render/dot.py writes for a node in `state`."""

    def short(name: str) -> str:
        return name if len(name) <= 16 else name[:15] + "…"

    lines = []
    if state.get("value") is not None:
        lines.append(f"value {state['value']}")
    if state.get("grad") is not None:
        lines.append(f"grad {state['grad']}")
    if state.get("grad_flow") is not None:
        wrt = node["variables"][0] if node["variables"] else "this"
        lines.append(f"∂{short(run['graph']['flow_target'] or 'output')}/∂{short(wrt)} {state['grad_flow']}")
    if state.get("freed") and node.get("freed_line") is not None:
        line = node["freed_line"]
        lines.append(f"freed by backward at line {line}" if line else 'freed by the "Run backward" pass')
    return lines


def ghost_rows(page: Any) -> list[tuple[str, str]]:
    """The editor's view of the program as run: (kind, text) per row, kind "line N" or the ghost's kind."""
    rows: list[tuple[str, str]] = page.eval_on_selector_all(
        "#editor-view .view-row",
        """rows => rows.map(r => [r.dataset.line ? `line ${r.dataset.line}`
                 : [...r.classList].find(c => c.startsWith('ghost-')), r.querySelector('.view-code').textContent])""",
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def bring_into_view(page: Any, selector: str) -> None:
    """Zoom the graph out until a click on `selector` reaches it: a fitted view keeps text readable, so a graph
    larger than the viewport opens around the current step's nodes, and the minimap covers a corner."""
    for _ in range(12):
        if page.evaluate(
            """s => { const el = document.querySelector(s); const r = el.getBoundingClientRect();
                      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                      return r.width > 0 && hit !== null && (hit === el || el.contains(hit)); }""",
            selector,
        ):
            return
        page.click("#zoom-out")
    raise AssertionError(f"{selector} cannot be brought into view")
