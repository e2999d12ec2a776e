"""Big graphs: past the node budget the output, where backward starts and the leaves stay drawn, and the middle
of a long loop is folded."""

from __future__ import annotations

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.graph import build_graph
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
