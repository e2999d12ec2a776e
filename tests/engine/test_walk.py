"""The backward walk: autograd's own order and numbers, recorded by hooks on the real backward, with each node's
local derivative written with the program's names."""

from __future__ import annotations

import torch

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.graph import build_graph
from app.engine.walk import WALK_MAX_NODES, numbers

CHAIN = """x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = x * w
z = y.exp()
loss = z.sum() / 3
loss.backward()
"""


def run(source: str) -> object:
    limits = Limits()
    return run_program(parse_program(source, limits), RunOptions(seed=0), limits)


def test_the_walk_is_autograds_order_with_its_numbers() -> None:
    graph = build_graph(run(CHAIN))  # type: ignore[arg-type]
    (walk,) = graph.walks
    assert (walk["target"], walk["line"]) == ("loss", 6)
    order = [s["op"] for s in walk["order"]]
    assert order == ["DivBackward0", "SumBackward0", "ExpBackward0", "MulBackward0", "AccumulateGrad", "AccumulateGrad"]
    rules = {s["op"]: s["rule"] for s in walk["order"]}
    z = (torch.tensor([1.0, 2.0, 3.0]) * torch.tensor([0.5, -1.0, 2.0])).exp()
    assert rules["ExpBackward0"] == f"∂z/∂y = e^y = z itself, with z = {numbers(z)}"
    assert rules["MulBackward0"] == "∂y/∂x = w; ∂y/∂w = x, with x = [1, 2, 3], w = [0.5, -1, 2]"
    # the same backward in torch: what reaches y, and what lands in x.grad and w.grad
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = x * w
    y.retain_grad()
    (y.exp().sum() / 3).backward()
    mul = next(s for s in walk["order"] if s["op"] == "MulBackward0")
    assert mul["arrived"] == numbers(y.grad)
    assert [e["grad"] for e in mul["sent"]] == [numbers(x.grad), numbers(w.grad)]
    leaves = [s for s in walk["order"] if s["op"] == "AccumulateGrad"]
    assert sorted(s["grad_after"] for s in leaves) == sorted([numbers(x.grad), numbers(w.grad)])
    assert all(s["grad_before"] == "None" for s in leaves)
    nodes = {n.id: n for n in graph.nodes}
    assert nodes[mul["node"]].variables == ("y",)


def test_a_graph_too_big_to_walk_is_not_walked_and_a_long_loop_keeps_its_latest_walks() -> None:
    big = (
        f"x = torch.ones(2, requires_grad=True)\ny = x\nfor i in range({WALK_MAX_NODES + 5}):\n"
        "    y = y * 1.0\ny.sum().backward()\n"
    )
    assert build_graph(run(big)).walks == ()  # type: ignore[arg-type]
    loop = "w = torch.ones(2, requires_grad=True)\nfor i in range(50):\n    (w * 2).sum().backward()\n"
    result = run(loop)
    graph = build_graph(result)  # type: ignore[arg-type]
    assert 0 < len(graph.walks) <= 6
    last = max(i for i, s in enumerate(result.steps) if "backward" in s.source)  # type: ignore[attr-defined]
    assert graph.walks[-1]["step"] == last
    assert graph.walks[-1]["order"][-1]["grad_after"] == numbers(torch.full((2,), 100.0))


def test_backward_with_a_vector_carries_the_jacobian_and_v_transposed_j() -> None:
    source = "x = torch.tensor([1.0, 2.0], requires_grad=True)\nw = torch.tensor([3.0, 4.0], requires_grad=True)\n"
    source += "y = x * w + x\ny.backward(torch.tensor([1.0, -1.0]))\n"
    (walk,) = build_graph(run(source)).walks  # type: ignore[arg-type]
    assert walk["vector"] == "[1, -1]"
    by_leaf = {j["leaf"]: j for j in walk["jacobians"]}
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    jx, jw = torch.autograd.functional.jacobian(lambda a, b: a * b + a, (x, w))
    assert sorted(j["rows"] for j in by_leaf.values()) == sorted([jx.tolist(), jw.tolist()])
    (x * w + x).backward(torch.tensor([1.0, -1.0]))
    assert x.grad is not None and w.grad is not None
    assert sorted(j["vjp"] for j in by_leaf.values()) == sorted([x.grad.tolist(), w.grad.tolist()])


def test_a_program_with_its_own_hook_gets_no_jacobian_so_its_hook_runs_once() -> None:
    source = "x = torch.tensor([1.0, 2.0], requires_grad=True)\nh = x.register_hook(lambda g: print('hook', g))\n"
    source += "y = x * 2\ny.backward(torch.ones(2))\n"
    result = run(source)
    assert result.output == "hook tensor([2., 2.])\n"  # type: ignore[attr-defined]
    (walk,) = build_graph(result).walks  # type: ignore[arg-type]
    assert walk["vector"] == "[1, 1]" and walk["jacobians"] == []


FAN_IN = """x = torch.linspace(-1.0, 1.0, {n}, requires_grad=True)
y = x * 2
z = y * y + y.exp() + y
loss = z.sum()
loss.backward()
"""


def test_a_gradient_summed_from_several_consumers_arrives_whole() -> None:
    """y feeds three ops: what they send is summed (autograd may add in place into the first one sent) before it
    arrives at y's node, and the walk shows the sum, not the first part it read."""
    for n in (3, 20):  # written out in full, and summarised
        (walk,) = build_graph(run(FAN_IN.format(n=n))).walks  # type: ignore[arg-type]
        x = torch.linspace(-1.0, 1.0, n, requires_grad=True)
        y = x * 2
        y.retain_grad()
        (y * y + y.exp() + y).sum().backward()
        (mul,) = [s for s in walk["order"] if s["op"] == "MulBackward0" and s["rule"].startswith("∂y/∂x")]
        assert mul["arrived"] == numbers(y.grad)
        assert mul["sent"][0]["grad"] == numbers(x.grad)


def test_a_leaf_is_read_as_its_node_starts_and_once_the_backward_is_done() -> None:
    source = "x = torch.arange(12.0, requires_grad=True)\n(x * 2).sum().backward()\n(x * x).sum().backward()\n"
    first, second = build_graph(run(source)).walks  # type: ignore[arg-type]
    assert [s["op"] for s in second["order"]] == ["SumBackward0", "MulBackward0", "AccumulateGrad"]
    leaf = second["order"][-1]
    assert leaf["grad_before"] == "(12,): mean 2, min 2, max 2"  # the first backward's 2s, then 2 + 2x
    assert leaf["grad_after"] == "(12,): mean 13, min 2, max 24"
    assert first["order"][-1]["grad_before"] == "None"


def test_a_larger_gradient_is_summarised_by_its_exact_mean_and_torchs_own_extremes() -> None:
    # 1e16 + 1 - 1e16 cancels in a running sum: the exactly rounded mean is 0.1.
    assert numbers(torch.tensor([1e16, 1.0, -1e16] + [0.0] * 7, dtype=torch.float64)).startswith("(10,): mean 0.1,")
    assert numbers(torch.tensor([float("nan")] + [1.0] * 9)) == "(10,): mean nan, min nan, max nan"
    assert numbers(torch.tensor([float("inf")] + [1.0] * 9)) == "(10,): mean inf, min 1, max inf"
    zeros = torch.tensor([0.0, -0.0] * 5)
    assert numbers(zeros) == f"(10,): mean 0, min {zeros.min().item():.4g}, max {zeros.max().item():.4g}"
    assert numbers(torch.arange(10)) == "(10,): mean 4.5, min 0, max 9"  # integers, as doubles
    assert numbers(torch.tensor([1.5, -2.0])) == "[1.5, -2]"
