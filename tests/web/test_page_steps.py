"""The graph as of each step, in a real Chromium: stepping through the notebook's cells, every drawn node shows
its kind, value, .grad and gradient flow as they stand right after that step, read from the answer's
graph.changes; what a learner sees is compared with the API's answer and with what PyTorch holds."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pagekit import (
    bring_into_view,
    cell,
    expected_state_lines,
    go_to_step,
    node_fill,
    node_kind,
    node_lines,
    open_page,
    state_lines,
    states_at,
    wait_ready,
)

from app.examples import EXAMPLES, FAILING
from app.render.dot import STYLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIGHTBLUE = "rgb(173, 216, 230)"
WHITE = "rgb(255, 255, 255)"


def source_of(example_id: str) -> str:
    return next(e["source"] for e in EXAMPLES if e["id"] == example_id)


def node_named(run: dict[str, Any], name: str) -> dict[str, Any]:
    nodes = [n for n in run["graph"]["nodes"] if name in n["variables"]]
    assert len(nodes) == 1, nodes
    return nodes[0]


def step_of(run: dict[str, Any], text: str) -> int:
    return next(i for i, s in enumerate(run["steps"]) if s["source"].startswith(text))


def test_a_leaf_turns_no_grad_only_from_the_step_that_did_it(page: Any, server: str, api: Any) -> None:
    run = api(source_of("requires-grad-false"))
    weight = node_named(run, "weight")["id"]
    off = step_of(run, "weight.requires_grad_(False)")
    assert off > 0
    open_page(page, server, example="requires-grad-false")
    for i in range(len(run["steps"])):
        go_to_step(page, i)
        if i < off:
            assert node_kind(page, weight) == "leaf"
            assert node_fill(page, weight) == LIGHTBLUE
            assert "no grad" not in node_lines(page, weight)
            assert cell(page, "weight", "requires_grad") == "True"
        else:
            assert node_kind(page, weight) == "constant"
            assert node_fill(page, weight) == WHITE
            assert node_lines(page, weight)[:2] == ["weight", "no grad"]
            assert cell(page, "weight", "requires_grad") == "False"


def test_accumulation_shows_each_backward_and_each_zeroing(page: Any, server: str, api: Any) -> None:
    run = api(source_of("accumulation"))
    weights = node_named(run, "weights")["id"]
    backward = [i for i, s in enumerate(run["steps"]) if s["kind"] == "backward"]
    zeroed = [i for i, s in enumerate(run["steps"]) if s["source"] == "weights.grad.zero_()"]
    assert len(backward) == len(zeroed) == 3
    open_page(page, server, example="accumulation")
    go_to_step(page, backward[0] - 1)
    assert [line for line in node_lines(page, weights) if line.startswith("grad")] == []
    assert cell(page, "weights", "grad") == "None"
    for b, z in zip(backward, zeroed, strict=True):
        go_to_step(page, b)  # right after the backward: 3 everywhere, as the table and PyTorch say
        assert "grad mean 3, min 3, max 3" in node_lines(page, weights)
        assert cell(page, "weights", "grad").startswith("[3.0000, 3.0000")
        go_to_step(page, z)
        assert "grad mean 0, min 0, max 0" in node_lines(page, weights)
        assert cell(page, "weights", "grad").startswith("[0.0000, 0.0000")


def test_optimizer_value_and_grad_at_each_step(page: Any, server: str, api: Any) -> None:
    run = api(source_of("optimizer"))
    weights = node_named(run, "weights")["id"]
    backward = step_of(run, "loss.backward()")
    stepped = step_of(run, "optimizer.step()")
    zeroed = step_of(run, "optimizer.zero_grad()")
    before = states_at(run, backward)[weights]["value"]
    after = states_at(run, stepped)[weights]["value"]
    assert before != after
    open_page(page, server, example="optimizer")
    go_to_step(page, backward)
    assert state_lines(page, weights) == [f"value {before}", "grad [2, 2, 2]"]
    go_to_step(page, stepped)
    assert state_lines(page, weights) == [f"value {after}", "grad [2, 2, 2]"]
    go_to_step(page, zeroed)  # zero_grad() sets .grad to None
    assert state_lines(page, weights) == [f"value {after}"]
    assert cell(page, "weights", "grad") == "None"


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["id"] not in FAILING], ids=lambda e: e["id"])
def test_every_step_draws_every_node_as_it_stands(page: Any, server: str, api: Any, example: dict[str, str]) -> None:
    """At each step, each shown node's kind and value/grad/∂ lines are its state then; no grad before a backward."""
    run = api(example["source"])
    nodes = {n["id"]: n for n in run["graph"]["nodes"]}
    first_backward = next((i for i, s in enumerate(run["steps"]) if s["kind"] == "backward"), len(run["steps"]))
    open_page(page, server, example=example["id"], collapse="")  # every box open: every node to check
    read = """els => els.map(g => [g.id, [...g.classList].filter(c => KINDS.includes(c)),
               [...g.querySelectorAll(':scope > text')].sort((a, b) => a.getAttribute('y') - b.getAttribute('y'))
               .map(t => t.getAttribute('data-full') || t.textContent)])"""
    read = read.replace("KINDS", str(["leaf", "op", "output", "saved", "constant", "summary"]))
    for i in range(len(run["steps"])):
        go_to_step(page, i)
        drawn = page.eval_on_selector_all("#graph g.node:not(.is-hidden)", read)
        shown = {nid: (kinds, lines) for nid, kinds, lines in drawn}
        states = states_at(run, i)
        assert set(shown) == set(states)
        for nid, (kinds, lines) in shown.items():
            assert kinds == [states[nid]["kind"]], (i, nid)
            expected = expected_state_lines(run, nodes[nid], states[nid])
            assert [line for line in lines if line.startswith(("value ", "grad ", "∂"))] == expected, (i, nid)
            if i < first_backward:
                assert not any(line.startswith(("grad ", "∂")) for line in lines), (i, nid)


def test_a_non_leaf_has_no_grad_and_its_flow_is_named_apart(page: Any, server: str, api: Any) -> None:
    source = "x = torch.ones(2, requires_grad=True)\na = x + 2\nd = (a*a).mean()\nd.backward()\nprint(a.grad)\n"
    run = api(source)
    assert run["output"] == "None\n"  # the program's own print: a non-leaf keeps no .grad
    assert run["variables"]["a"]["grad"] is None and run["variables"]["a"]["grad_flow"] == [3.0, 3.0]
    open_page(page, server, source=source)
    assert cell(page, "a", "grad") == "None"
    assert cell(page, "a", "grad_flow") == "[3.0000, 3.0000]"
    assert cell(page, "x", "grad") == "[3.0000, 3.0000]"
    assert page.text_content('#variables thead th[data-field="grad_flow"]') == "∂d/∂name"
    title = page.get_attribute('#variables tr[data-name="a"] td[data-field="grad_flow"]', "title")
    assert "without keeping it" in title and "a.retain_grad()" in title
    a = node_named(run, "a")["id"]
    assert state_lines(page, a) == ["value [3, 3]", "∂d/∂a [3, 3]"]
    go_to_step(page, step_of(run, "d = "))  # before the backward: no flow yet
    assert cell(page, "a", "grad_flow") == ""
    assert state_lines(page, a) == ["value [3, 3]"]

    page.click("#step-last")
    page.click(f'#graph g.node[id="{a}"]')
    facts = page.eval_on_selector_all(
        "#inspector .facts dt", "dts => Object.fromEntries(dts.map(dt => [dt.textContent, dt.nextSibling.textContent]))"
    )
    assert facts[".grad"] == "None" and facts["∂d/∂a"] == "[3, 3]"
    assert "grad" not in facts
    labels = page.locator("#inspector .tensor-label").all_text_contents()
    assert labels == ["value of a at this step", "∂d/∂a in the last backward"]
    assert "a.grad at this step: None" in page.text_content("#inspector-body")
    assert "call a.retain_grad() to keep it in a.grad" in page.text_content("#inspector .flow-help")


def test_saved_tensors_are_freed_from_the_backward_that_freed_them(page: Any, server: str, api: Any) -> None:
    source = "x = torch.ones(2, requires_grad=True)\ny = x * x\nz = y.sum()\nz.backward()\n"
    run = api(source, show_saved=True)
    saved = [n for n in run["graph"]["nodes"] if n["kind"] == "saved"]
    assert saved and all(n["freed"] and n["freed_line"] == 4 for n in saved)
    backward = step_of(run, "z.backward()")
    open_page(page, server, source=source, show_saved="1")
    assert page.is_checked("#show-saved")
    for n in saved:
        go_to_step(page, backward - 1)
        assert node_lines(page, n["id"])[0] == f"saved: {n['label']}"
        assert not any(line.startswith("freed by") for line in node_lines(page, n["id"]))
        go_to_step(page, backward)
        assert node_lines(page, n["id"])[0] == f"saved: {n['label']} (freed)"
        assert "freed by backward at line 4" in node_lines(page, n["id"])
        assert "retain_graph=True" in page.text_content(f'#graph g.node[id="{n["id"]}"] > title')
    page.click(f'#graph g.node[id="{saved[0]["id"]}"]')
    assert "freed by backward at line 4" in page.text_content("#inspector .facts")
    assert "retain_graph=True" in page.text_content("#inspector .retain-help")

    # Unticked, the page asks for the graph without them.
    page.uncheck("#show-saved")
    wait_ready(page)
    assert "show_saved" not in page.url
    assert page.locator("#graph g.node.saved").count() == 0


def test_the_inspector_shows_the_node_clicked_not_the_latest_of_its_name(page: Any, server: str, api: Any) -> None:
    run = api(source_of("two-layer"))
    losses = sorted((n for n in run["graph"]["nodes"] if n["variables"] == ["loss"]), key=lambda n: n["first_step"])
    assert len(losses) == 3
    last = len(run["steps"]) - 1
    first_value = states_at(run, last)[losses[0]["id"]]["value"]
    latest_value = states_at(run, last)[losses[-1]["id"]]["value"]
    assert first_value != latest_value
    open_page(page, server, example="two-layer", collapse="")  # the training loop's box open

    def facts() -> dict[str, str]:
        read = "dts => Object.fromEntries(dts.map(dt => [dt.textContent, dt.nextSibling.textContent]))"
        shown: dict[str, str] = page.eval_on_selector_all("#inspector .facts dt", read)
        return shown

    bring_into_view(page, f'#graph g.node[id="{losses[0]["id"]}"]')
    page.click(f'#graph g.node[id="{losses[0]["id"]}"]')
    assert page.text_content("#inspector-heading") == "loss"
    assert facts()["value"] == first_value and facts()["node"] == losses[0]["id"]
    assert "An earlier loss" in page.text_content("#inspector .earlier-node")
    assert page.locator("#inspector table.tensor").count() == 0  # the variable's tensors are the latest loss's
    bring_into_view(page, f'#graph g.node[id="{losses[-1]["id"]}"]')
    page.click(f'#graph g.node[id="{losses[-1]["id"]}"]')
    assert facts()["value"] == latest_value
    assert page.locator("#inspector .earlier-node").count() == 0
    shown = page.eval_on_selector("#inspector .tensor-view td", "td => Number(td.dataset.value)")
    assert shown == pytest.approx(run["variables"]["loss"]["value"])
    # Stepping back to the first iteration, the first loss is what the name stands for.
    go_to_step(page, losses[1]["first_step"] - 1)
    page.click(f'#graph g.node[id="{losses[0]["id"]}"]')
    assert page.locator("#inspector .earlier-node").count() == 0
    assert page.locator("#inspector table.tensor").count() > 0


def test_printed_output_follows_the_step(page: Any, server: str, api: Any) -> None:
    run = api(source_of("gradient"))
    printing = [i for i, s in enumerate(run["steps"]) if s["output"]]
    assert len(printing) > 3
    open_page(page, server, example="gradient")
    page.set_viewport_size({"width": 1440, "height": 700})
    for i in printing:
        go_to_step(page, i)
        assert page.text_content("#output") == run["output"]  # all of it, always
        assert page.locator("#output .is-current").all_text_contents() == [run["steps"][i]["output"]]
        later = "".join(s["output"] for s in run["steps"][i + 1 :])
        assert "".join(page.locator("#output .is-later").all_text_contents()) == later
        # The current output is scrolled into the panel.
        inside = page.eval_on_selector(
            "#output",
            """pre => { const c = pre.querySelector('.is-current').getBoundingClientRect();
                        const p = pre.getBoundingClientRect(); return c.top >= p.top - 1 && c.top < p.bottom; }""",
        )
        assert inside, i
        dimmed = page.eval_on_selector_all("#output .is-later", "els => els.map(e => getComputedStyle(e).opacity)")
        assert all(float(o) < 1 for o in dimmed)
    go_to_step(page, printing[0] - 1)  # nothing printed yet: all of it is later
    assert page.locator("#output .is-current").count() == 0
    assert "".join(page.locator("#output .is-later").all_text_contents()) == run["output"]


def test_loop_counters_and_numbers_show_as_values(page: Any, server: str, api: Any) -> None:
    run = api(source_of("accumulation"))
    loop = [i for i, s in enumerate(run["steps"]) if "i" in s.get("values", {})]
    if not loop:
        pytest.skip("this server sends no plain values")
    open_page(page, server, example="accumulation")
    seen = []
    for i in loop:
        go_to_step(page, i)
        seen.append(cell(page, "i", "value"))
        assert cell(page, "i", "value") == str(run["steps"][i]["values"]["i"])
    assert seen[0] == "0" and seen[-1] == "2"
    second = next(i for i in loop if run["steps"][i]["values"]["i"] == 1)
    go_to_step(page, second)
    assert "is-changed" in (page.get_attribute('#variables tr[data-name="i"] td[data-field="value"]', "class") or "")


def test_cuts_are_drawn_as_broken_marked_edges(page: Any, server: str, api: Any) -> None:
    run = api(source_of("cutting-the-graph"))
    cuts = [(i, e) for i, e in enumerate(run["graph"]["edges"]) if e["kind"] == "cut"]
    if not cuts:
        pytest.skip("this server sends no cut edges")
    open_page(page, server, example="cutting-the-graph")
    labels = {e["label"] for _, e in cuts}
    assert "cut by detach() at line 4" in labels
    for i, edge in cuts:
        g = f'#graph g.edge[id="e{i}"]'
        assert "is-cut" in (page.get_attribute(g, "class") or "")
        assert page.locator(f"{g} .cut-mark").count() == 1
        assert edge["label"] in page.text_content(g)
        dash = page.eval_on_selector(f"{g} > path:not(.cut-mark)", "p => getComputedStyle(p).strokeDasharray")
        assert dash not in ("none", "")
        made = max(n["first_step"] for n in run["graph"]["nodes"] if n["id"] in (edge["source"], edge["target"]))
        go_to_step(page, made - 1)
        assert page.is_hidden(g)
        go_to_step(page, made)
        assert page.is_visible(g)


def test_legend_is_the_pages_own_and_marks_differ(page: Any, server: str) -> None:
    open_page(page, server, example="gradient")
    # Graphviz's legend is drawn under the root group; the page leaves it out of the drawing.
    assert page.eval_on_selector_all("#graph g.graph > text, #graph g.graph > polygon", "els => els.length") <= 1
    shown = page.eval_on_selector_all(
        ".legend li[data-kind]", "lis => Object.fromEntries(lis.map(li => [li.dataset.kind, li.textContent.trim()]))"
    )
    assert shown == {kind: text for kind, (_, _, text) in STYLES.items()}
    # The new-node highlight and the keyboard focus ring are told apart by colour.
    page.click("#step-first")
    fresh = page.eval_on_selector("#graph g.node.is-new > .node-shape", "r => getComputedStyle(r).stroke")
    node = page.eval_on_selector("#graph g.node.is-new", "g => g.id")
    page.focus(f'#graph g.node[id="{node}"]')
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.eval_on_selector(f'#graph g.node[id="{node}"] > .node-shape', "r => getComputedStyle(r).stroke")
    assert fresh == "rgb(124, 58, 237)"
    assert ring == "rgb(194, 65, 12)"


def test_a_cut_the_drawing_left_out_is_drawn_by_the_page(page: Any, server: str, api: Any) -> None:
    """Older answers (or a drawing that dropped an edge) still show each cut the graph data lists."""
    run = api(source_of("cutting-the-graph"))
    cuts = [i for i, e in enumerate(run["graph"]["edges"]) if e["kind"] == "cut"]
    if not cuts:
        pytest.skip("this server sends no cut edges")

    def without_cut_edges(route: Any) -> None:
        body = route.fetch().json()
        for i in cuts:
            body["svg"] = re.sub(rf'<g id="e{i}" class="edge">.*?</g>\n', "", body["svg"], flags=re.S)
        route.fulfill(json=body)

    page.route("**/api/v1/run", without_cut_edges)
    open_page(page, server, source="x = torch.ones(1)\n")
    page.select_option("#example", "cutting-the-graph")
    wait_ready(page)
    for i in cuts:
        edge = run["graph"]["edges"][i]
        g = f'#graph g.edge.is-cut[id="e{i}"]'
        assert page.locator(g).count() == 1
        assert page.text_content(f"{g} .cut-label") == edge["label"]
        assert page.locator(f"{g} .cut-mark").count() == 1
