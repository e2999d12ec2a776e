"""Big graphs: past the node budget the output, where backward starts and the leaves stay drawn, and the middle
of a long loop is folded."""

from __future__ import annotations

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.graph import build_graph
from app.engine.graph_data import collapsed
from app.engine.loop_groups import is_loop
from app.engine.result import RunResult

THOUSAND = (
    "x = torch.ones(2, requires_grad=True)\ny = x\nfor i in range(1000):\n    y = y * 1.001\n"
    "loss = y.sum()\nloss.backward()\n"
)


def run(source: str) -> RunResult:
    return run_program(parse_program(source, Limits()), RunOptions(), Limits())


def test_a_thousand_op_loop_keeps_loss_the_last_y_and_x_and_folds_the_middle() -> None:
    result = run(THOUSAND)
    assert result.error is None
    graph = build_graph(result, max_nodes=600)
    by_name = {v: n for n in graph.nodes for v in n.variables}
    assert len(graph.nodes) == 600 and graph.nodes[-1].kind == "summary"
    assert by_name["loss"].op == "SumBackward0" and by_name["loss"].kind == "output"
    assert by_name["x"].kind == "leaf" and by_name["x"].grad is not None
    summary = graph.nodes[-1]
    assert summary.label == "403 more nodes not drawn"
    assert dict(summary.attrs) == {"folded": "MulBackward0 × 403, line 4"}
    muls = [n for n in graph.nodes if n.op == "MulBackward0"]
    assert len(muls) == 597
    # The last y (what loss sums) is drawn, linked to loss; the folded middle sits between the two kept ends.
    last_y = next(e.source for e in graph.edges if e.target == by_name["loss"].id)
    assert graph.nodes[int(last_y[1:])].op == "MulBackward0"
    summary_edges = {(e.source, e.target) for e in graph.edges if e.kind == "summary"}
    assert len(summary_edges) == 2 and all(summary.id in pair for pair in summary_edges)
    assert not any(note.startswith("Variables not drawn") for note in graph.notes)


def test_the_same_run_folds_to_the_same_graph() -> None:
    assert build_graph(run(THOUSAND)).to_dict() == build_graph(run(THOUSAND)).to_dict()


def test_a_long_loops_nodes_form_one_group_that_collapses_into_one_node() -> None:
    graph = build_graph(run(THOUSAND), max_nodes=600)
    assert graph.groups == (("loop3", "line 4 × 1,000 iterations"),)
    inside = [n for n in graph.nodes if n.group == "loop3"]
    assert {n.op for n in inside} == {"MulBackward0", None} and len(inside) == 598  # the muls and the summary
    assert all(n.group is None for n in graph.nodes if n.variables in (("x", "y"), ("loss",)))
    folded = collapsed(graph, ("loop3",))
    assert [(n.kind, n.label) for n in folded.nodes] == [
        ("leaf", "x, y"),
        ("module", "line 4 × 1,000 iterations"),
        ("output", "SumBackward0"),
    ]
    assert [(e.source, e.target) for e in folded.edges] == [("n0", "m_loop3"), ("m_loop3", "n598")]
    assert collapsed(graph, ("loop*",)) == folded  # every loop's box, as the page opens a program


def test_every_loop_collapses_every_loops_box_and_no_module() -> None:
    two = THOUSAND.replace("loss = y.sum()", "for j in range(500):\n    y = y + 1\nloss = y.sum()")
    graph = build_graph(run(two), max_nodes=2_000)
    assert [p for p, _ in graph.groups] == ["loop3", "loop5"]
    assert collapsed(graph, ("loop*",)) == collapsed(graph, ("loop3", "loop5"))
    assert [n.kind for n in collapsed(graph, ("loop*",)).nodes] == ["leaf", "module", "module", "output"]
    # A module a program names `loop3` is drawn as a module's box: "loop*" leaves it open.
    assert is_loop("loop3", "line 4 × 1,000 iterations") and is_loop("loop12", "lines 12–14 × 1 iteration")
    assert not is_loop("loop3", "loop3: Linear(3 → 4)") and not is_loop("loops", "line 4 × 2 iterations")


def test_a_short_loop_and_a_loop_inside_a_loop_count_their_own_passes() -> None:
    short = build_graph(run(THOUSAND.replace("range(1000)", "range(3)")))
    assert short.groups == ()  # too few nodes to box
    nested = "x = torch.ones(2, requires_grad=True)\ny = x\nfor i in range(10):\n    y = y * 2\n"
    nested += "    for j in range(5):\n        y = y + 1\nloss = y.sum()\n"
    graph = build_graph(run(nested))
    assert graph.groups == (("loop3", "lines 4–6 × 10 iterations"),)
    assert sum(1 for n in graph.nodes if n.group == "loop3") == 60
