"""DOT building: Graph -> deterministic DOT text, every label HTML-like and escaped, the colour legend, and long
arrows left out to bound the layout. Imports the engine's graph data, escaping and slots only: no Graphviz, no
web code, no torch.
"""

from __future__ import annotations

import functools
import re
from collections import deque

from app.engine.graph_data import Graph, Node, module_id
from app.render.escape import escape_label
from app.render.slots import add_marker, add_names_marker

FONT = "DejaVu Sans"
LONG_EDGE_BUDGET = 800  # ranks crossed by all drawn edges together; see long_edges()
BIG_LAYOUT = 400  # nodes, drawn and hidden, above which the layout is bounded

# kind -> (fill colour, style, legend text); colours follow torchviz's.
STYLES: dict[str, tuple[str, str, str]] = {
    "leaf": ("lightblue", "filled,rounded", "leaf tensor: .grad is filled here"),
    "op": ("lightgrey", "filled", "backward function (op)"),
    "output": ("darkolivegreen1", "filled", "output: a named result nothing consumes"),
    "saved": ("orange", "filled", "tensor saved for backward"),
    "constant": ("white", "filled,dashed", "no grad: cut off from the graph"),
    "summary": ("lightyellow", "filled,dotted", "nodes folded to stay within budget"),
    "module": ("#e6e6f7", "filled,rounded,dashed", "a module or a long loop, collapsed: click to open it"),
}
_EDGE_STYLES = {
    "flow": "",
    "saved": ' dir=none style=dashed color="#d08000"',
    "summary": " style=dotted",
    "view": ' style=dotted color="#6b8e23"',
    "cut": ' style=dashed color="#b03a2e" arrowhead=tee fontsize=9 fontcolor="#b03a2e"',
}
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def _small_print(s: str) -> str:
    return f'<font point-size="9" color="#333333">{s}</font>'


KEPT_TEXT = 200  # the longest op label kept escaped: 4,096 kept labels stay under a few MB


# An op's name, a shape and a name recur across nodes and graphs: each is escaped once per process (values,
# which change with every seed, never are).
@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    return escape_label(text)


def _op_lines(label: str) -> tuple[str, ...]:
    return tuple(escape_label(part) for part in label.split("\n"))


_kept_op_lines = functools.lru_cache(maxsize=4096)(_op_lines)


@functools.lru_cache(maxsize=1024)
def _shape_line(shape: tuple[int, ...], dtype: str | None) -> str:
    text = str(tuple(int(d) for d in shape)) if shape else "scalar"
    return _small_print(escape_label(f"{text} {dtype or ''}".strip()))


def _label_lines(node: Node, summaries: list[str] | None, flow_target: str = "") -> list[str]:
    lines = []
    if node.kind == "summary":  # what was folded, when it is the budget's summary
        held = dict(node.attrs).get("folded")
        return [f"<b>{escape_label(node.label)}</b>", *([_small_print(escape_label(held))] if held else [])]
    if node.kind == "module":  # a collapsed module: its title, and how many nodes it holds
        held = dict(node.attrs).get("nodes", "")
        return [f"<b>{escape_label(node.label)}</b>", _small_print(escape_label(f"{held} nodes inside, collapsed"))]
    if node.variables:
        names = ", ".join(node.variables)
        lines.append(f"<b>{escape_label(names) if summaries is None else add_names_marker(names, summaries)}</b>")
    if node.kind == "saved":
        lines.append(f"saved: {escape_label(node.label)}{' (freed)' if node.freed else ''}")
    elif node.kind == "constant":
        lines.append("no grad")
    elif node.kind in ("op", "output"):
        # A long label (saved values shown) is escaped each time: the kept ones stay small.
        lines.extend(_kept_op_lines(node.label) if len(node.label) <= KEPT_TEXT else _op_lines(node.label))
    elif not node.variables:
        lines.append("leaf")
    if node.shape is not None:
        lines.append(_shape_line(tuple(node.shape), node.dtype))
    if node.value is not None:
        lines.append(_summary_line("value", node.value, summaries))
    if node.grad is not None:  # a line that starts with "grad" is always `.grad`
        lines.append(_summary_line("grad", node.grad, summaries))
    if node.grad_flow is not None:  # what flowed through a non-leaf, which PyTorch does not keep in .grad
        of = _escaped(_flow_name(flow_target))
        wrt = _escaped(_flow_name(node.variables[0] if node.variables else "this"))
        lines.append(_summary_line(f"∂{of}/∂{wrt}", node.grad_flow, summaries))
    if node.line is not None and node.kind != "saved":
        lines.append(_small_print(f"line {int(node.line)}"))
    return lines


def _flow_name(name: str) -> str:
    return name if len(name) <= 16 else name[:15] + "…"


def _summary_line(prefix: str, value: str, summaries: list[str] | None) -> str:
    """A value or grad line; with `summaries`, a marker stands for the summary, which joins `summaries`."""
    shown = escape_label(value) if summaries is None else add_marker(value, summaries)
    return _small_print(f"{prefix} {shown}")


def _checked_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"not a graph node id: {value!r}")
    return value


def _legend(graph: Graph) -> str:
    kinds = [k for k in STYLES if k not in ("summary", "module") or any(n.kind == k for n in graph.nodes)]
    rows = "".join(
        f'<tr><td bgcolor="{STYLES[k][0]}" border="1" width="16"> </td><td align="left">{STYLES[k][2]}</td></tr>'
        for k in kinds
    )
    return (
        '<<table border="0" cellspacing="2" cellpadding="2"><tr><td colspan="2" align="left">'
        f"<b>Colours</b></td></tr>{rows}</table>>"
    )


def _ranks(graph: Graph) -> dict[str, int]:
    """Layers as late as possible (each node just above its first consumer), near what dot's ranking picks.

    Summary edges are left out: a folded part can sit both above and below a drawn node, making a cycle.
    """
    preds: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    outdegree = dict.fromkeys(preds, 0)
    for e in graph.edges:
        if e.kind != "summary" and e.source in preds and e.target in preds and e.source != e.target:
            preds[e.target].append(e.source)
            outdegree[e.source] += 1
    depth = dict.fromkeys(preds, 0)  # longest path down to a node nothing consumes
    queue = deque(n for n, d in outdegree.items() if d == 0)
    while queue:
        v = queue.popleft()
        for u in preds[v]:
            depth[u] = max(depth[u], depth[v] + 1)
            outdegree[u] -= 1
            if outdegree[u] == 0:
                queue.append(u)
    return {n: -d for n, d in depth.items()}


def long_edges(graph: Graph) -> tuple[set[int], int]:
    """Indices of edges left out of the drawing: the longest first, until the rest cross few enough ranks.

    Dot lays an edge across k ranks as k - 1 hidden nodes; a tensor used at every step of a long loop makes
    tens of thousands of them, and the layout's cost grows with them. The target of a left-out edge names its
    source instead. Also returns how many hidden nodes the drawn edges still make.
    """
    rank = _ranks(graph)
    spans = [(max(abs(rank.get(e.target, 0) - rank.get(e.source, 0)) - 1, 0), i) for i, e in enumerate(graph.edges)]
    total = sum(span for span, _ in spans)
    dropped = set()
    for span, i in sorted(spans, key=lambda p: (-p[0], p[1])):
        if total <= LONG_EDGE_BUDGET or span == 0:
            break
        dropped.add(i)
        total -= span
    return dropped, total


def _left_out_notes(graph: Graph, dropped: set[int]) -> dict[str, list[str]]:
    """Node id -> the line naming the sources of its left-out arrows."""
    if not dropped:
        return {}
    names = {n.id: ", ".join(n.variables) or n.label.split("\n")[0] for n in graph.nodes}
    sources: dict[str, list[str]] = {}
    for i in sorted(dropped):
        edge = graph.edges[i]
        sources.setdefault(edge.target, []).append(names.get(edge.source, edge.source))
    lines = {}
    for target, found in sources.items():
        shown = ", ".join(found[:3]) + (f" and {len(found) - 3:,} more" if len(found) > 3 else "")
        lines[target] = [_small_print("↖ input " + escape_label(shown) + " (arrow left out)")]
    return lines


def _module_boxes(graph: Graph) -> list[str]:
    """Each module's nodes in a labelled box ("fc1: Linear(3 → 4)"), a submodule's box inside its parent's."""
    members: dict[str, list[str]] = {}
    for node in graph.nodes:  # their ids checked by to_dot, which draws the nodes first
        if node.group is not None:
            members.setdefault(node.group, []).append(node.id)
    paths = [p for p, _ in graph.groups]
    titles = dict(graph.groups)
    lines: list[str] = []

    def box(path: str, depth: int) -> None:
        pad = "  " * (depth + 1)
        index = paths.index(path)
        lines.append(f"{pad}subgraph cluster_m{index} {{")
        lines.append(
            f'{pad}  id="module_{module_id(path)}" class="module" label=<{escape_label(titles[path])}> '
            'labeljust=l style="rounded,dashed" color="#7a7ab8" fontcolor="#4a4a8a" fontsize=9;'
        )
        if members.get(path):
            lines.append(f"{pad}  {' '.join(members[path])};")
        for child in paths:
            if child.startswith(path + ".") and "." not in child[len(path) + 1 :]:
                box(child, depth + 1)
        lines.append(f"{pad}}}")

    for path in paths:
        if "." not in path or path.rsplit(".", 1)[0] not in titles:
            box(path, 0)
    return lines


def to_dot(graph: Graph, *, max_inches: int | None = None, summaries: list[str] | None = None) -> str:
    """The DOT source: deterministic, every label HTML-like and escaped, SVG ids equal to node ids.

    `max_inches` scales a larger drawing down to fit (for bitmaps, whose cost grows with their area).
    With `summaries`, value and grad summaries are markers (see app.render.slots), their text going to
    `summaries`.
    """
    dropped, hidden = long_edges(graph)
    notes = _left_out_notes(graph, dropped)
    # Bounds dot's x-placement (network simplex) on big layouts, where it dominates; small ones stay exact.
    bound = "nslimit=0.1 " if len(graph.nodes) + hidden > BIG_LAYOUT else ""
    if max_inches is not None:
        bound += f'size="{int(max_inches)},{int(max_inches)}" '

    out = [
        "digraph autograd {",
        f'  graph [{bound}newrank=true rankdir=TB fontname="{FONT}" fontsize=9 nodesep=0.3 ranksep=0.35 '
        f'labelloc=b labeljust=l id="autograd" label={_legend(graph)}];',
        f'  node [shape=box fontname="{FONT}" fontsize=10 margin="0.10,0.05" penwidth=0.8];',
        '  edge [color="#444444" arrowsize=0.7];',
    ]
    ids = set()  # checked already
    for node in graph.nodes:
        fill, style, _ = STYLES[node.kind]
        nid = _checked_id(node.id)
        ids.add(nid)
        lines = _label_lines(node, summaries, graph.flow_target)
        if node.id in notes:
            lines += notes[node.id]
        label = '<br align="left"/>'.join(lines) + '<br align="left"/>'
        out.append(f'  {nid} [id="{nid}" class="{node.kind}" style="{style}" fillcolor="{fill}" label=<{label}>];')
    out.extend(_module_boxes(graph))
    for i, edge in enumerate(graph.edges):
        if i in dropped:
            continue
        src, dst = edge.source, edge.target
        if src not in ids:
            _checked_id(src)
        if dst not in ids:
            _checked_id(dst)
        label = f" label=<{escape_label(edge.label)}>" if edge.label else ""
        out.append(f'  {src} -> {dst} [id="e{i}"{_EDGE_STYLES[edge.kind]}{label}];')
    out.append("}")
    return "\n".join(out) + "\n"
