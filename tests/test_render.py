"""The renderer: exact DOT, SVG by structure, hostile names kept inert and literal, determinism, budget, speed."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import torch

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.graph import build_graph
from app.engine.graph_data import Edge, Graph, Node
from app.engine.result import Binding, RunResult
from app.lru import BoundedLRU
from app.render import STYLES, UnsafeSvg, check_svg, clear_layouts, layout, layout_cache, render, to_dot
from app.render.dot import FONT, LONG_EDGE_BUDGET, long_edges
from app.render.escape import escape_label
from app.render.slots import ADVANCE, SLOT_WIDTHS, fit_summary

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    '"];x[label=<<b>pwn</b>>]//',
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    '\\N \\G \\" \\\\ \\l',
    "&amp; &#60;b&#62; ]]> <!-- -->",
    "<img src=x onerror=alert(1)>",
    "} digraph { a -> b",
    "\n (2, 3, 4)",  # a plain label starting with an empty line crashes the bundled Graphviz 14
]


def small_graph() -> Graph:
    """x -> AddBackward0 (named a), as the builder would give it."""
    return Graph(
        nodes=(
            Node("n0", "leaf", "x", "AccumulateGrad", ("x",), 1, 0, (2,), "float32", "[1, 2]", "[1, 1]"),
            Node("n1", "output", "AddBackward0", "AddBackward0", ("a",), 2, 1, (2,), "float32", "[3, 4]"),
        ),
        edges=(Edge("n0", "n1"),),
    )


def nodes_by_id(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id", ""): g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()}


def shown_text(g: ET.Element) -> list[str]:
    return [t.text or "" for t in g.iter(f"{SVG}text")]


def test_dot_source_exactly() -> None:
    dot = to_dot(small_graph())
    body = dot.split("\n")[4:]
    assert body == [
        '  n0 [id="n0" class="leaf" style="filled,rounded" fillcolor="lightblue" label=<<b>x</b><br align="left"/>'
        '<font point-size="9" color="#333333">(2,) float32</font><br align="left"/><font point-size="9" '
        'color="#333333">value [1, 2]</font><br align="left"/><font point-size="9" color="#333333">grad [1, 1]'
        '</font><br align="left"/><font point-size="9" color="#333333">line 1</font><br align="left"/>>];',
        '  n1 [id="n1" class="output" style="filled" fillcolor="darkolivegreen1" label=<<b>a</b><br align="left"/>'
        'AddBackward0<br align="left"/><font point-size="9" color="#333333">(2,) float32</font><br align="left"/>'
        '<font point-size="9" color="#333333">value [3, 4]</font><br align="left"/><font point-size="9" '
        'color="#333333">line 2</font><br align="left"/>>];',
        '  n0 -> n1 [id="e0"];',
        "}",
        "",
    ]
    assert dot.startswith("digraph autograd {\n  graph [newrank=true rankdir=TB ")


def test_svg_node_ids_are_graph_ids_and_the_legend_is_drawn() -> None:
    svg = render(small_graph(), "svg")
    nodes = nodes_by_id(svg)
    assert set(nodes) == {"n0", "n1"}
    assert nodes["n0"].get("class") == "node leaf" and nodes["n1"].get("class") == "node output"
    assert shown_text(nodes["n1"]) == ["a", "AddBackward0", "(2,) float32", "value [3, 4]", "line 2"]
    root = ET.fromstring(svg)
    assert [g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"] == ["e0"]
    all_text = [t.text for t in root.iter(f"{SVG}text")]
    assert "Colours" in all_text and all(STYLES[k][2] in all_text for k in ("leaf", "op", "output", "saved"))
    assert STYLES["summary"][2] not in all_text  # only drawn when a summary node is
    assert svg.startswith(b"<svg") and b"<!--" not in svg and b"graphviz version" not in svg.lower()


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_literal_and_inert(name: str) -> None:
    kinds = ("leaf", "op", "output", "saved", "constant", "summary")
    graph = Graph(
        nodes=tuple(
            Node(f"n{i}", k, name, name, (name, name), 1, 0, (1,), name, name, name) for i, k in enumerate(kinds)
        ),
        edges=(Edge("n0", "n1"), Edge("n1", "n3", "saved"), Edge("n5", "n2", "summary")),
    )
    svg = render(graph, "svg")
    check_svg(svg.decode())
    root = ET.fromstring(svg)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert tags <= {"svg", "g", "title", "polygon", "path", "ellipse", "polyline", "text"}
    for el in root.iter():
        assert not any(a.lower().startswith("on") or a.endswith("href") for a in el.attrib)
    nodes = nodes_by_id(svg)
    assert set(nodes) == {f"n{i}" for i in range(len(kinds))}  # no node was injected
    literal = name.replace("\n", " ")
    literal = literal[:59] + "…" if len(literal) > 60 else literal
    for node_id, g in nodes.items():
        # Graphviz writes a run of spaces as space + no-break space.
        assert any(literal in line.replace("\xa0", " ") for line in shown_text(g)), node_id


def test_every_label_is_html_like() -> None:
    """Plain-text labels go through Graphviz's escString handling (and one crash); HTML-like ones do not."""
    graph = Graph(nodes=tuple(Node(f"n{i}", k, HOSTILE[i], None, (HOSTILE[-1],)) for i, k in enumerate(STYLES)))
    dot = to_dot(graph)
    assert "label=" in dot and 'label="' not in dot and dot.count("label=<") == len(STYLES) + 1


def test_checker_refuses_active_content() -> None:
    head = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    check_svg(head + '<a xlink:href="#n1"><text>ok</text></a></svg>')
    for bad in (
        "<script>alert(1)</script>",
        '<g onload="alert(1)"/>',
        '<a href="javascript:alert(1)"/>',
        '<a xlink:href="https://example.org/"/>',
        "<foreignObject><div/></foreignObject>",
        '<rect fill="url(https://example.org/x)"/>',
    ):
        with pytest.raises(UnsafeSvg):
            check_svg(head + bad + "</svg>")


def notebook_run() -> RunResult:
    source = (ROOT / "tests/programs/02_notebook_in3_mean_backward.py").read_text()
    return run_program(parse_program(source, Limits()), RunOptions(seed=0), Limits())


def test_bytes_are_identical_across_runs_and_processes() -> None:
    graph = build_graph(notebook_run(), show_saved=True)
    assert build_graph(notebook_run(), show_saved=True) == graph
    outputs = {fmt: render(graph, fmt) for fmt in ("svg", "png", "dot")}
    assert all(render(graph, fmt) == data for fmt, data in outputs.items())
    assert outputs["png"].startswith(b"\x89PNG\r\n\x1a\n")
    script = (
        "import hashlib, sys\n"
        "from tests.test_render import notebook_run\n"
        "from app.engine.graph import build_graph\nfrom app.render import render\n"
        "g = build_graph(notebook_run(), show_saved=True)\n"
        "print(*(hashlib.sha256(render(g, f)).hexdigest() for f in ('svg', 'png', 'dot')))\n"
    )
    child = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert child.stdout.split() == [hashlib.sha256(outputs[f]).hexdigest() for f in ("svg", "png", "dot")]


def test_unknown_format_and_bad_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(small_graph(), "pdf")
    with pytest.raises(ValueError, match="not a graph node id"):
        to_dot(Graph(nodes=(Node('n0"];', "op", "x"),)))


def test_a_3000_node_graph_is_folded_and_renders_quickly() -> None:
    x = torch.ones(2, requires_grad=True)
    y = x
    for _ in range(3_000):
        y = y + 1
    result = RunResult(source="", bindings=[Binding(0, 1, "x", x), Binding(1, 2, "y", y)])
    start = time.perf_counter()
    graph = build_graph(result)
    svg = render(graph, "svg")
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0  # generous: a bound for slow CI machines, not a benchmark
    assert len(graph.nodes) == 600 and any("599 are drawn" in note for note in graph.notes)
    summary = nodes_by_id(svg)["n599"]
    assert summary.get("class") == "node summary"
    assert shown_text(summary) == ["2,402 more nodes not drawn", "AddBackward0 × 2,402, line 2"]
    assert graph.nodes[1].variables == ("y",) and graph.nodes[1].kind == "output"  # the output is never folded


def test_a_tensor_used_across_a_long_loop_keeps_the_layout_bounded() -> None:
    """x feeds every step of a 300-step chain: its longest arrows are left out and named at their targets."""
    x = torch.rand(2, requires_grad=True)
    s = x * 0
    bindings = [Binding(0, 1, "x", x), Binding(1, 2, "s", s)]
    for i in range(300):
        s = s + x * i
        bindings.append(Binding(i + 2, 4, "s", s))
    graph = build_graph(RunResult(source="", bindings=bindings))
    dropped, hidden = long_edges(graph)
    assert dropped and hidden <= LONG_EDGE_BUDGET
    summary = next(n.id for n in graph.nodes if n.kind == "summary")  # the chain's middle, folded
    assert {graph.edges[i].source for i in dropped} <= {"n0", summary}  # only the hubs' long arrows go
    assert any(graph.edges[i].source == "n0" for i in dropped)
    start = time.perf_counter()
    svg = render(graph, "svg")
    assert time.perf_counter() - start < 10.0  # unbounded, dot would lay out tens of thousands of hidden nodes
    root = ET.fromstring(svg)
    drawn = [g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert sorted(drawn) == sorted(f"e{i}" for i in range(len(graph.edges)) if i not in dropped)
    target = nodes_by_id(svg)[graph.edges[min(dropped)].target]
    assert "↖ input x (arrow left out)" in shown_text(target)


# --- layouts kept across seeds: value and grad summaries fill markers of a fixed width class ---------------


def _text_width_per_char(char: str) -> float:
    """Graphviz's advance width of `char` in the label font, from two label lengths (margins cancel out)."""
    import pygraphviz

    def width(n: int) -> float:
        label = escape_label(char * n, limit=1_000)
        dot = f'digraph {{ node [shape=box fontname="{FONT}" fontsize=9]; a [label=<{label}>] }}'
        svg = pygraphviz.AGraph(string=dot).draw(format="svg", prog="dot").decode()
        return float(re.search(r'<svg width="([\d.]+)pt"', svg)[1])  # type: ignore[index]

    return (width(80) - width(40)) / 40


def test_advance_table_never_underestimates_the_drawn_width() -> None:
    digit = _text_width_per_char("0")
    assert all(_text_width_per_char(d) == pytest.approx(digit, abs=0.03) for d in "123456789")
    for char, advance in ADVANCE.items():
        assert _text_width_per_char(char) / digit <= advance + 0.01, char


def seeded_graph(seed: int) -> Graph:
    source = (ROOT / "tests/programs/02_notebook_in3_mean_backward.py").read_text()
    return build_graph(run_program(parse_program(source, Limits()), RunOptions(seed=seed), Limits()))


def geometry(svg: bytes) -> list[tuple[str, str]]:
    root = ET.fromstring(svg)
    return [
        (el.tag, el.get("points") or el.get("d") or "")
        for el in root.iter()
        if el.tag in (f"{SVG}polygon", f"{SVG}path")
    ]


@pytest.fixture
def layout_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The format of every Graphviz layout made during the test, starting from no kept layouts."""
    calls: list[str] = []
    lay_out = layout.lay_out
    monkeypatch.setattr(layout, "lay_out", lambda dot, fmt: calls.append(fmt) or lay_out(dot, fmt))
    clear_layouts()
    return calls


def test_a_new_seed_reuses_the_layout_and_fills_in_its_own_values(layout_calls: list[str]) -> None:
    first, second = seeded_graph(1), seeded_graph(2)
    svg1, svg2 = render(first), render(second)
    assert layout_calls == ["svg"] and svg1 != svg2
    assert geometry(svg1) == geometry(svg2)  # the same boxes and arrows, laid out once
    for graph, svg in ((first, svg1), (second, svg2)):
        shown = {node_id: shown_text(g) for node_id, g in nodes_by_id(svg).items()}
        for node in graph.nodes:
            if node.value is not None:
                assert f"value {node.value}" in shown[node.id]
            if node.grad is not None:
                assert f"grad {node.grad}" in shown[node.id]
        assert not re.search(r">(value|grad) \d{12,}<", svg.decode())  # every marker was filled


def renamed_graph(name: str) -> Graph:
    source = (ROOT / "tests/programs/02_notebook_in3_mean_backward.py").read_text() + f"{name} = d * 2\n"
    return build_graph(run_program(parse_program(source, Limits()), RunOptions(seed=1), Limits()))


def test_a_renamed_variable_reuses_the_layout_and_draws_its_own_name(layout_calls: list[str]) -> None:
    names = ["e1", "q7", "total", "Wq_x"]  # widths up to 3, then up to 6 bold digits: two layouts
    svgs = [render(renamed_graph(name)) for name in names]
    assert layout_calls == ["svg", "svg"]
    assert geometry(svgs[0]) == geometry(svgs[1]) and geometry(svgs[2]) == geometry(svgs[3])
    for name, svg in zip(names, svgs, strict=True):
        bold = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("font-weight") == "bold"]
        assert name in bold and "d" in bold and not any(text and text.isdigit() for text in bold)
    # The names are in the DOT of a PNG or of the DOT format, never in the one laid out for an SVG.
    assert "<b>e1</b>" in to_dot(renamed_graph("e1")) and "<b>e1</b>" not in to_dot(renamed_graph("e1"), summaries=[])


def test_names_wider_than_every_class_are_laid_out_as_text(layout_calls: list[str]) -> None:
    wide = "W" * 60 + ", " + "m" * 20
    graph = Graph(nodes=(Node("n0", "leaf", "", None, (wide,), 1, 0, (2,), "float32", "[1, 2]", None),))
    shown = shown_text(nodes_by_id(render(graph))["n0"])
    assert escape_label(wide) in shown and "value [1, 2]" in shown and layout_calls == ["svg"]


def test_bytes_do_not_depend_on_what_the_cache_holds() -> None:
    graph = seeded_graph(5)
    clear_layouts()
    cold = render(graph)
    render(seeded_graph(6))
    assert render(graph) == cold
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import hashlib; from tests.test_render import seeded_graph; "
            "from app.render import render; print(hashlib.sha256(render(seeded_graph(5))).hexdigest())",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == hashlib.sha256(cold).hexdigest()


def test_a_label_that_looks_like_a_marker_falls_back_to_laying_out_the_values(layout_calls: list[str]) -> None:
    marker = "value " + "0" * 12
    graph = Graph(nodes=(Node("n0", "op", marker, None, ("a",), 1, 0, (2,), "float32", "[1, 2]", "[3, 4]"),))
    svg = render(graph)
    lines = shown_text(nodes_by_id(svg)["n0"])
    assert marker in lines and "value [1, 2]" in lines and "grad [3, 4]" in lines
    assert layout_calls == ["svg", "svg"]  # the template, then the drawing with its values
    # Remembered as "lay out with the values" at no cost in bytes, so the template is never tried again.
    kept = layout_cache._kept
    assert len(kept) == 1 and kept.bytes == 0
    again = render(graph)
    assert again == svg and layout_calls == ["svg"] * 3


def test_the_layout_cache_is_the_bounded_lru_with_its_documented_bounds() -> None:
    kept = layout_cache._kept
    assert isinstance(kept, BoundedLRU)
    assert kept.max_bytes == 16 * 2**20 and kept.max_entry_bytes == kept.max_bytes // 8


def test_a_template_over_the_entry_bound_is_not_kept(layout_calls: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    kept = layout_cache._kept
    graph = seeded_graph(3)
    svg = render(graph)
    size = kept.bytes
    assert len(kept) == 1 and size > 0 and layout_calls == ["svg"]
    again = render(graph)
    assert again == svg and layout_calls == ["svg"]  # kept: not laid out again

    monkeypatch.setattr(kept, "max_entry_bytes", size - 1)
    clear_layouts()
    first, second = render(graph), render(graph)
    assert first == svg and second == svg  # the same bytes, each laid out anew
    assert len(kept) == 0 and kept.bytes == 0 and layout_calls == ["svg"] * 3


def test_long_summaries_are_cut_to_the_widest_class() -> None:
    shown, width = fit_summary("mean " + "-1.234e+05, " * 10)
    assert width == SLOT_WIDTHS[-1] and shown.endswith("…")
    assert sum(ADVANCE[c] for c in shown) <= SLOT_WIDTHS[-1]
    assert fit_summary("0.5") == ("0.5", SLOT_WIDTHS[0]) and fit_summary("a\x00b")[0] == "a b"
