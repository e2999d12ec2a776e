"""The graph's arrow budget (max_edges): 150 stacks of the same 150 drawn leaves are 22,500 arrows between 300
nodes, whose layout took most of a minute. Past the budget, nodes found later are folded and later arrows between
drawn nodes are left out, before any layout, and a note says what."""

from __future__ import annotations

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.graph import build_graph
from app.engine.graph_data import Graph
from app.engine.result import RunResult

LEAVES = [f"x{i}" for i in range(150)]
# Each stack keeps every input already drawn (only new inputs past FAN_IN are folded): 150 arrows per stack.
STACKS = "".join(f"{v} = torch.rand(1, requires_grad=True)\n" for v in LEAVES) + (
    f"for j in range(150):\n    s = torch.stack([{', '.join(LEAVES)}])\n"
)


def run(source: str) -> RunResult:
    return run_program(parse_program(source, Limits()), RunOptions(), Limits())


def flow_arrows(graph: Graph) -> int:
    return sum(1 for e in graph.edges if e.kind == "flow")


def test_past_the_arrow_budget_later_nodes_are_folded_and_a_note_says_so() -> None:
    result = run(STACKS)
    assert result.error is None
    unbounded = build_graph(result, max_edges=10**9)
    assert flow_arrows(unbounded) == 150 * 150 and len(unbounded.nodes) == 300
    graph = build_graph(result, max_edges=2_000)
    assert flow_arrows(graph) == 1_950  # the 13 stacks whose arrows fit whole
    assert len(graph.edges) <= 2_000 + 2 * len(graph.nodes)
    leaves = [n for n in graph.nodes if n.kind == "leaf"]
    stacks = [n for n in graph.nodes if n.op == "StackBackward0"]
    summary = graph.nodes[-1]
    assert len(leaves) == 150 and len(stacks) == 13
    assert summary.kind == "summary" and summary.label == "137 more nodes not drawn"
    assert dict(summary.attrs) == {"folded": "StackBackward0 × 137, line 152"}
    # What `s` holds at the end (the last stack) is kept, with the first 12 found; the middle is folded.
    first_steps = [n.first_step for n in unbounded.nodes if n.op == "StackBackward0"]
    assert [n.first_step for n in stacks] == first_steps[:12] + first_steps[-1:]
    assert stacks[-1].variables == ("s",) and stacks[-1].kind == "output"
    # The folded stacks still show where their inputs come from: one arrow from each leaf to the summary.
    assert sum(1 for e in graph.edges if e.target == summary.id) == 150
    assert (
        "The graph has more than 2,000 arrows: 163 nodes are drawn and 137 more are folded into one summary node."
    ) in graph.notes
    assert not any(note.startswith("Variables not drawn") for note in graph.notes)


def test_a_graph_within_the_arrow_budget_is_drawn_whole() -> None:
    result = run(STACKS.replace("range(150)", "range(3)"))
    graph = build_graph(result, max_edges=2_000)
    assert flow_arrows(graph) == 450 and not any("arrows" in note for note in graph.notes)
    assert all(n.kind != "summary" for n in graph.nodes)


def test_the_arrow_budget_reached_without_more_nodes_says_only_what_was_left_out() -> None:
    result = run(STACKS.replace("range(150)", "range(1)"))
    graph = build_graph(result, max_edges=100)
    assert flow_arrows(graph) == 100
    assert graph.notes[-1] == "The graph has more than 100 arrows: 50 more arrows between drawn nodes are left out."
