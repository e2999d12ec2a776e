"""The graph builder against torchviz.make_dot on the same tensors, plus ids, names, budget and deep chains.

Small programs here are plain torch code, a Recorder playing the interpreter's part by recording each named
tensor; every corpus program and page example is run by the engine and its graph compared the same way.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from differential import CORPUS_LIMITS, expected_error, read_source

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.graph import FAN_IN, build_graph, trace_graph
from app.engine.graph_data import Graph, collapsed
from app.engine.result import Binding, RunResult
from app.engine.snapshot import value_summary
from app.examples import FAILING
from app.render import to_dot

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # torchviz 0.0.3 imports distutils
    from torchviz import make_dot

PROGRAMS_DIR = Path(__file__).resolve().parents[1] / "programs"
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "app" / "examples"
CORPUS = sorted(PROGRAMS_DIR.glob("*.py"), key=lambda p: int(p.name.split("_", 1)[0]))
EXAMPLES = sorted(p for p in EXAMPLES_DIR.glob("*.py") if p.name != "__init__.py")


class Recorder:
    """Binds tensors to names in order, one step each, and catches the gradient flowing through named non-leaves
    like the interpreter (these programs call backward once)."""

    def __init__(self) -> None:
        self.bindings: list[Binding] = []
        self.flows: dict[int, torch.Tensor] = {}

    def __call__(self, name: str, t: torch.Tensor | None) -> torch.Tensor:
        assert t is not None
        self.bindings.append(Binding(len(self.bindings), len(self.bindings) + 1, name, t))
        if t.requires_grad and not t.is_leaf:
            t.register_hook(self._catcher(id(t)))  # type: ignore[no-untyped-call]
        return t

    def _catcher(self, key: int) -> Callable[[torch.Tensor], None]:
        return lambda g: self.flows.__setitem__(key, g.detach().clone())

    def result(self) -> RunResult:
        return RunResult(
            source="",
            bindings=list(self.bindings),
            grad_of=lambda t: t.grad if t.is_leaf or t.retains_grad else None,
            grad_flow_of=lambda t: None if t.is_leaf or t.retains_grad else self.flows.get(id(t)),
            flow_target="d",
        )


def cell3(r: Recorder) -> None:
    x = r("x", torch.rand((2, 3, 4), requires_grad=True))
    a = r("a", x + 2)
    b = r("b", a * 2)
    c = r("c", b**2)
    d = r("d", c.mean())
    d.backward()
    r("grad", x.grad)


def cell4(r: Recorder) -> None:
    inp = r("input", torch.rand((2, 3, 4), requires_grad=True, dtype=torch.float32))
    a = r("a", inp + 2)
    b = r("b", a * 2)
    output = r("output", b**2)
    loss = r("loss", torch.rand((2, 3, 4), dtype=torch.float32))
    output.backward(loss)
    r("grad", inp.grad)


def cut_off(r: Recorder) -> None:
    weight = r("weight", torch.rand((2, 2), requires_grad=True))
    weight.requires_grad_(False)
    w2 = r("weight2", torch.rand((2, 2), requires_grad=True))
    r("new_weight", w2.detach())
    w3 = r("weight3", torch.rand((2, 2), requires_grad=True))
    with torch.no_grad():
        a = r("a", w3 + 2)
        r("b", a * a)


def loop(r: Recorder) -> None:
    weights = r("weights", torch.rand(size=(3, 3), requires_grad=True))
    for _ in range(3):
        output = r("output", (weights * 3).sum())
        output.backward(r("error", torch.tensor(1.0)))
        r("grad", weights.grad).zero_()


def mlp(r: Recorder) -> None:
    x = r("x", torch.rand(5, 4))
    w1, b1 = r("w1", torch.rand(8, 4, requires_grad=True)), r("b1", torch.zeros(8, requires_grad=True))
    w2, b2 = r("w2", torch.rand(1, 8, requires_grad=True)), r("b2", torch.zeros(1, requires_grad=True))
    h = r("h", torch.relu(x @ w1.t() + b1))
    y = r("y", torch.sigmoid(h @ w2.t() + b2))
    loss = r("loss", ((y - torch.ones(5, 1)) ** 2).mean())
    r("row", h[0])  # a view of a named non-leaf: torchviz links it to its base
    loss.backward()


def views_and_aliases(r: Recorder) -> None:
    x = r("x", torch.rand(2, 3, requires_grad=True))
    r("v", x.view(6))
    a = r("a", x * x)
    r("alias", a)
    r("s", torch.stack([a, a, x]).sum())
    r("flat", a.reshape(3, 2).view(6))  # a view of `a` through an unnamed view: torchviz adds a dotted edge


PROGRAMS: dict[str, Callable[[Recorder], None]] = {
    "cell3": cell3,
    "cell4": cell4,
    "cut_off": cut_off,
    "loop": loop,
    "mlp": mlp,
    "views": views_and_aliases,
}


def record(program: Callable[[Recorder], None]) -> RunResult:
    torch.manual_seed(0)
    recorder = Recorder()
    program(recorder)
    return recorder.result()


def not_drawn_bases(result: RunResult, index: dict[int, str]) -> set[int]:
    """Bases of views that do not require grad and are not in our graph: torchviz draws them, we do not."""
    bases = [b.tensor._base for b in result.bindings if b.tensor._is_view()]
    return {id(t) for t in bases if t is not None and not t.requires_grad and id(t) not in index}


def torchviz_roles(result: RunResult, index: dict[int, str]) -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """make_dot on every bound tensor, its node names mapped through our index: (roles per node, edges).

    Two differences are by design and left out: torchviz's dotted edge from a view's base into a view that does
    not require grad (here such a tensor is a constant, cut off), and a base tensor that does not require grad.
    """
    try:
        dot = make_dot(tuple(b.tensor for b in result.bindings))
    except RuntimeError as e:  # torchviz reads a custom Function's saved_tensors, which backward has freed
        if "second time" not in str(e):
            raise
        pytest.skip("torchviz cannot draw a custom autograd Function once backward has freed what it saved")
    skip = not_drawn_bases(result, index)
    constants = {index[id(b.tensor)] for b in result.bindings if not b.tensor.requires_grad}
    roles: dict[str, set[str]] = {}
    edges = set()
    for entry in dot.body:
        if m := re.match(r"\s*(\d+) -> (\d+)", entry):
            if int(m[1]) in skip or int(m[2]) in skip:
                continue
            source, target = index[int(m[1])], index[int(m[2])]
            if target in constants and "dotted" in entry:
                continue
            if source != target:  # torchviz's separate tensor/AccumulateGrad boxes are one node here
                edges.add((source, target))
        elif (m := re.match(r"\s*(\d+) \[", entry)) and int(m[1]) not in skip:
            colour = re.search(r"fillcolor=(\w+)", entry)
            role = {"lightblue": "leaf", "darkolivegreen1": "tensor", "darkolivegreen3": "tensor"}.get(
                colour[1] if colour else "", "fn"
            )
            roles.setdefault(index[int(m[1])], set()).add(role)
    return roles, edges


def assert_matches_torchviz(result: RunResult) -> None:
    traced = trace_graph(result, max_nodes=100_000, max_edges=10**6)  # torchviz has no budget
    graph = traced.graph
    roles, edges = torchviz_roles(result, traced.index)
    assert set(roles) == {n.id for n in graph.nodes}
    assert edges == {(e.source, e.target) for e in graph.edges if e.kind != "cut"}  # cuts are ours alone
    for node in graph.nodes:
        expected = {"leaf": {"leaf"}, "op": {"fn"}, "output": {"fn"}, "constant": {"tensor"}}[node.kind]
        if node.kind == "leaf" and not any(node.id in e for e in edges):
            expected = {"tensor"}  # a leaf nothing used yet: torchviz only draws it as a passed tensor
        assert expected <= roles[node.id], (node, roles[node.id])
        if node.kind == "constant":
            assert roles[node.id] == {"tensor"} and not any(node.id in e for e in edges)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_nodes_and_edges_as_torchviz(name: str) -> None:
    assert_matches_torchviz(record(PROGRAMS[name]))


def engine_run(source: str) -> RunResult:
    """A program run by the engine; the language must accept it (a refusal fails the test, never skips it)."""
    limits = CORPUS_LIMITS
    return run_program(parse_program(source, limits), RunOptions(seed=0), limits)


def test_every_program_is_compared() -> None:
    """Three-digit numbers too: the corpus grew past 99."""
    assert len(CORPUS) >= 100 and max(int(p.name.split("_", 1)[0]) for p in CORPUS) >= 100
    assert {p.stem for p in EXAMPLES} >= FAILING and len(EXAMPLES) >= 10


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_programs_match_torchviz(path: Path) -> None:
    source = read_source(path)
    result = engine_run(source)
    want = expected_error(source)
    if want is None:
        assert result.error is None, result.error.to_dict()
    else:  # the graph up to the error is still drawn, and still compared
        assert result.error is not None and (result.error.code, result.error.line) == want, result.error
    assert_matches_torchviz(result)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_page_examples_match_torchviz(path: Path) -> None:
    result = engine_run(read_source(path))
    if path.stem in FAILING:
        assert result.error is not None and result.error.code == "runtime_error"
    else:
        assert result.error is None, result.error.to_dict()
    assert_matches_torchviz(result)


@pytest.mark.parametrize(
    "header",
    [
        "for x in torch.arange(3.0):",  # a tensor's rows
        "for i, x in enumerate([torch.tensor(0.0), torch.tensor(1.0), torch.tensor(2.0)]):",
        "for i, x in enumerate(Items()):",  # a Dataset of the program's own, read one item per pass
    ],
)
def test_a_loop_names_each_item_on_its_own_line(header: str) -> None:
    """Every pass's item is named by the `for` line, not by the last statement of the pass before."""
    source = (
        "import torch\nfrom torch.utils.data import Dataset\nclass Items(Dataset):\n"
        "    def __getitem__(self, i):\n        return torch.arange(3.0)[i]\n"
        f"w = torch.ones(1, requires_grad=True)\n{header}\n    loss = (w * x) ** 2\n    loss.backward()\n"
    )
    graph = build_graph(engine_run(source))
    lines = {name: sorted({n.line for n in graph.nodes if name in n.variables}) for name in ("x", "loss")}
    assert lines == {"x": [7], "loss": [8]}


def test_cell3_whole_structure_and_values_match_torch() -> None:
    torch.manual_seed(0)
    r = Recorder()
    cell3(r)
    x, a, _b, _c, d, grad = (b.tensor for b in r.bindings)
    graph = build_graph(r.result())
    assert [(n.id, n.kind, n.op, n.variables, n.line, n.first_step, n.shape) for n in graph.nodes] == [
        ("n0", "leaf", "AccumulateGrad", ("x",), 1, 0, (2, 3, 4)),
        ("n1", "op", "AddBackward0", ("a",), 2, 1, (2, 3, 4)),
        ("n2", "op", "MulBackward0", ("b",), 3, 2, (2, 3, 4)),
        ("n3", "op", "PowBackward0", ("c",), 4, 3, (2, 3, 4)),
        ("n4", "output", "MeanBackward0", ("d",), 5, 4, ()),
        ("n5", "constant", None, ("grad",), 6, 5, (2, 3, 4)),
    ]
    assert graph.to_dict()["edges"] == [
        {"source": "n0", "target": "n1", "kind": "flow"},
        {"source": "n1", "target": "n2", "kind": "flow"},
        {"source": "n2", "target": "n3", "kind": "flow"},
        {"source": "n3", "target": "n4", "kind": "flow"},
    ]
    nodes = {n.id: n for n in graph.nodes}
    assert x.grad is not None
    assert nodes["n4"].value == format(d.item(), ".4g")
    assert nodes["n4"].grad is None and nodes["n4"].grad_flow == "1"  # .grad of a non-leaf is None, as in torch
    assert nodes["n0"].grad == value_summary(x.grad) and nodes["n0"].grad_flow is None
    assert nodes["n1"].grad is None and nodes["n1"].grad_flow == value_summary(x.grad)  # d(a)/d(x) = 1
    assert graph.flow_target == "d"
    assert (
        nodes["n1"].value == value_summary(a) == f"mean {a.double().mean().item():.4g}, "
        f"min {a.double().min().item():.4g}, max {a.double().max().item():.4g}"
    )
    assert nodes["n5"].grad is None and nodes["n5"].value == value_summary(grad)
    assert graph.notes == (
        "No gradient flows into grad: it does not require grad (a constant, or made under "
        "torch.no_grad(), by detach() or after requires_grad_(False)).",
    )
    assert graph.nodes_after_step(0) == ["n0"]
    assert graph.nodes_after_step(3) == ["n0", "n1", "n2", "n3"]
    assert graph.to_dict()["nodes"][0].keys() == {
        "id",
        "kind",
        "label",
        "op",
        "variables",
        "line",
        "first_step",
        "shape",
        "dtype",
        "value",
        "requires_grad",
        "grad",
        "grad_flow",
        "attrs",
        "freed",
        "freed_line",
        "group",
        "version",
        "optimizer",
    }


def test_cut_off_tensors_are_constants_without_edges() -> None:
    graph = build_graph(record(cut_off))
    kinds = {n.variables: n.kind for n in graph.nodes}
    assert kinds == {
        ("weight",): "constant",
        ("weight2",): "leaf",
        ("new_weight",): "constant",
        ("weight3",): "leaf",
        ("a",): "constant",
        ("b",): "constant",
    }
    assert graph.edges == ()


def test_aliases_share_a_node_and_consumed_names_are_not_outputs() -> None:
    graph = build_graph(record(views_and_aliases))
    named = {n.variables: n for n in graph.nodes if n.variables}
    assert set(named) == {("x",), ("v",), ("a", "alias"), ("s",), ("flat",)}
    assert [(e.source, e.target) for e in graph.edges if e.kind == "view"] == [
        (named[("a", "alias")].id, named[("flat",)].id)
    ]
    assert named[("a", "alias")].kind == "op" and named[("a", "alias")].op == "MulBackward0"
    assert named[("v",)].kind == "output" and named[("s",)].kind == "output"


def test_loop_iterations_get_their_own_nodes_and_steps() -> None:
    graph = build_graph(record(loop))
    outputs = [n for n in graph.nodes if n.kind == "output"]
    assert [n.variables for n in outputs] == [("output",)] * 3
    assert [n.first_step for n in outputs] == [1, 4, 7]
    grads = [n for n in graph.nodes if n.variables == ("grad",)]
    assert len(grads) == 1  # weights.grad is one tensor, zeroed in place each time


def test_ids_and_dicts_are_stable_across_runs() -> None:
    assert build_graph(record(mlp), show_saved=True).to_dict() == build_graph(record(mlp), show_saved=True).to_dict()


def chain(n: int, *, backward: bool) -> RunResult:
    x = torch.ones(3, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.0001
    if backward:
        y.sum().backward()
    return RunResult(
        source="",
        bindings=[Binding(0, 1, "x", x), Binding(1, 2, "y", y)],
        grad_of=lambda t: t.grad if t.is_leaf else None,
    )


@pytest.mark.parametrize("backward", [False, True])
def test_deep_chain_is_walked_without_recursion(backward: bool) -> None:
    graph = build_graph(chain(12_000, backward=backward), max_nodes=20_000, max_edges=20_000)
    assert len(graph.nodes) == 12_001 and len(graph.edges) == 12_000
    assert graph.nodes[1].kind == "output" and graph.nodes[1].variables == ("y",)  # walked from the output down
    assert [n.kind for n in graph.nodes[2:]] == ["op"] * 11_999
    reference = torch.ones(3)
    for _ in range(12_000):  # the chain rule, by hand, in the same float32 arithmetic
        reference = reference * 1.0001
    assert graph.nodes[0].grad == (value_summary(reference) if backward else None)


def saved_tensor_names(fn: object) -> list[str]:
    """What torch itself says a backward function saved, as tensors."""
    return [a.removeprefix("_saved_") for a in dir(fn) if a.startswith("_saved_") and torch.is_tensor(getattr(fn, a))]


def test_saved_tensors_before_and_after_backward() -> None:
    x = torch.rand(2, 3, requires_grad=True)
    c = (x * 2) ** 2
    pow_fn: Any = c.grad_fn
    expected = {
        fn_name: saved_tensor_names(fn)
        for fn_name, fn in [("PowBackward0", pow_fn), ("MulBackward0", pow_fn.next_functions[0][0])]
    }
    bindings = [Binding(0, 1, "x", x), Binding(1, 2, "c", c)]
    before = build_graph(RunResult(source="", bindings=bindings), show_saved=True)
    c.sum().backward()
    after = build_graph(RunResult(source="", bindings=bindings), show_saved=True)
    for graph, suffix in ((before, ""), (after, " (freed)")):
        nodes = {n.id: n for n in graph.nodes}
        for op, names in expected.items():
            op_id = next(n.id for n in graph.nodes if n.op == op)
            saved = [nodes[e.target] for e in graph.edges if e.source == op_id and e.kind == "saved"]
            assert sorted(n.label for n in saved) == sorted(names)  # the drawing adds " (freed)"
            assert all(f"saved: {n.label}{suffix}" in to_dot(graph) for n in saved)
            assert all(n.freed == bool(suffix) and (n.value is None) == bool(suffix) for n in saved)
    pow_node = next(n for n in after.nodes if n.op == "PowBackward0")
    assert dict(pow_node.attrs) == {"exponent": str(pow_fn._saved_exponent)} == {"exponent": "2"}
    assert pow_node.label == "PowBackward0\nexponent: 2"


def test_budget_folds_the_rest_into_one_summary_node() -> None:
    graph = build_graph(chain(3_000, backward=False), max_nodes=600)
    assert len(graph.nodes) == 600 and [n.id for n in graph.nodes] == [f"n{i}" for i in range(600)]
    summary = graph.nodes[-1]
    assert summary.kind == "summary" and summary.label == "2,402 more nodes not drawn"  # 3,001 in all, 599 drawn
    # The folded part sits between the last drawn op and the leaf x it finally reaches.
    assert [(e.source, e.target, e.kind) for e in graph.edges if summary.id in (e.source, e.target)] == [
        ("n599", "n598", "summary"),
        ("n0", "n599", "summary"),
    ]
    assert any("larger than 600 nodes" in note for note in graph.notes)


def test_empty_run_gives_an_empty_graph() -> None:
    assert build_graph(RunResult(source="")) == Graph()


def test_wide_fan_in_is_folded_per_op() -> None:
    leaves = [torch.ones(1, requires_grad=True) for _ in range(100)]
    total = torch.stack([w * 2 for w in leaves]).sum()
    graph = build_graph(RunResult(source="", bindings=[Binding(0, 1, "total", total)]))
    stack = next(n for n in graph.nodes if n.op == "StackBackward0")
    into_stack = [e for e in graph.edges if e.target == stack.id]
    assert len(into_stack) == FAN_IN
    fold = next(n for n in graph.nodes if n.kind == "summary")
    assert fold.label == "76 more inputs not drawn"
    assert [e.kind for e in into_stack if e.source == fold.id] == ["summary"]
    assert len(graph.nodes) == 2 + 2 * (FAN_IN - 1) + 1  # sum, stack, 24 x (mul, leaf), the fold
    assert graph.notes == ("StackBackward0 has 100 inputs: 24 are drawn and 76 are folded into one node.",)


def test_detach_data_and_no_grad_cuts_are_drawn_as_marked_edges() -> None:
    source = (
        "x = torch.ones(2, requires_grad=True)\n"
        "a = x * 2\n"
        "d = a.detach()\n"
        "v = x.data\n"
        "with torch.no_grad():\n"
        "    n = a + x\n"
        "k = torch.ones(2)\n"
        "kept = k.detach()\n"
    )
    result = engine_run(source)
    graph = build_graph(result)
    by_name = {v: n.id for n in graph.nodes for v in n.variables}
    cuts = {(e.source, e.target): e.label for e in graph.edges if e.kind == "cut"}
    assert cuts == {
        (by_name["a"], by_name["d"]): "cut by detach() at line 3",
        (by_name["x"], by_name["v"]): "cut by .data at line 4",
        (by_name["a"], by_name["n"]): "cut by torch.no_grad() at line 6",
        (by_name["x"], by_name["n"]): "cut by torch.no_grad() at line 6",
    }  # k never required grad: nothing was cut from it
    dot = to_dot(graph)
    assert "cut by detach() at line 3" in dot and "arrowhead=tee" in dot
    for step in range(len(result.steps)):  # a cut is drawn from the step its constant exists
        at = graph.at_step(step)
        ids = {n.id for n in at.nodes}
        assert all(e.source in ids and e.target in ids for e in at.edges)


def test_saved_tensors_know_the_backward_that_freed_them() -> None:
    source = "x = torch.ones(2, requires_grad=True)\ny = (x * x).sum()\nz = (x * 3).sum()\ny.backward()\n"
    result = engine_run(source)
    graph = build_graph(result, show_saved=True)
    saved = {n.label: n for n in graph.nodes if n.kind == "saved"}
    assert saved["self"].freed and saved["self"].freed_line == 4  # x * x saved both: freed by y.backward()
    assert not saved["other"].freed or saved["other"].freed_line == 4
    z_saved = [n for n in graph.nodes if n.kind == "saved" and not n.freed]
    assert z_saved and all(n.freed_line is None for n in z_saved)  # z's graph never ran backward
    states = [{n.id: n.freed for n in graph.at_step(k).nodes if n.kind == "saved"} for k in range(4)]
    assert not any(states[2].values()) and states[3][saved["self"].id]  # freed from the backward's step on


TWO_LAYERS = """import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x))) * 2
model = Net()
loss = model(torch.randn(5, 3)).pow(2).mean()
loss.backward()
"""


def test_a_two_layer_module_is_drawn_as_named_groups() -> None:
    graph = build_graph(engine_run(TWO_LAYERS))
    assert graph.groups == (
        ("model", "model: Net"),
        ("model.fc1", "fc1: Linear(3 → 4)"),
        ("model.fc2", "fc2: Linear(4 → 1)"),
    )
    by_group: dict[str | None, set[str]] = {}
    for n in graph.nodes:
        by_group.setdefault(n.group, set()).add(n.label)
    assert by_group["model.fc1"] == {"model.fc1.weight", "model.fc1.bias", "AddmmBackward0", "TBackward0"}
    assert by_group["model.fc2"] == {"model.fc2.weight", "model.fc2.bias", "AddmmBackward0", "TBackward0"}
    assert by_group["model"] == {"ReluBackward0", "MulBackward0"}  # made by Net.forward itself
    assert by_group[None] == {"PowBackward0", "MeanBackward0"}  # made outside the model
    dot = to_dot(graph)
    assert "subgraph cluster_m0 {" in dot and "label=<fc1: Linear(3 → 4)>" in dot
    # fc1's box sits inside the model's box
    assert dot.index("cluster_m1") > dot.index("cluster_m0") and dot.index("cluster_m1") < dot.index("cluster_m2")


MOMENTUM = """import torch
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
x = torch.randn(4, 2)
for i in range(2):
    loss = model(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_an_optimizer_step_shows_as_an_in_place_update_with_the_optimizer_state() -> None:
    torch.manual_seed(0)
    limits = Limits()
    result = run_program(parse_program(MOMENTUM, limits), RunOptions(seed=0), limits)
    graph = build_graph(result)
    weight = next(n for n in graph.nodes if n.label == "model.weight")
    torch.manual_seed(0)  # the same run in torch: the version counter and the momentum buffer after each step
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x = torch.randn(4, 2)
    expected = []
    for _ in range(2):
        loss = model(x).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        expected.append((model.weight._version, value_summary(opt.state[model.weight]["momentum_buffer"])))
    steps = [i for i, s in enumerate(result.steps) if s.source == "opt.step()"]
    seen = [graph.at_step(k).to_dict()["nodes"] for k in steps]
    shown = [next(n for n in nodes if n["id"] == weight.id) for nodes in seen]
    assert [(n["version"], n["optimizer"]["SGD momentum_buffer"]) for n in shown] == expected
    assert weight.version == expected[-1][0] and dict(weight.optimizer)["SGD momentum_buffer"] == expected[-1][1]


def test_a_collapsed_module_is_one_node_with_the_edges_that_crossed_its_box() -> None:
    graph = build_graph(engine_run(TWO_LAYERS))
    folded = collapsed(graph, ("model.fc1", "no.such.module"))
    inside = {n.id for n in graph.nodes if n.group == "model.fc1"}
    module = next(n for n in folded.nodes if n.kind == "module")
    assert (module.id, module.label, module.group) == ("m_model__fc1", "fc1: Linear(3 → 4)", "model")
    assert dict(module.attrs)["nodes"] == str(len(inside)) == "4"
    assert {n.id for n in folded.nodes} == {n.id for n in graph.nodes} - inside | {module.id}
    crossing = {
        (s if s not in inside else module.id, t if t not in inside else module.id)
        for s, t in ((e.source, e.target) for e in graph.edges)
        if not (s in inside and t in inside)
    }
    assert {(e.source, e.target) for e in folded.edges} == crossing
    assert [p for p, _ in folded.groups] == ["model", "model.fc2"]
    assert all(c.id not in inside for change in folded.changes for c in change.nodes)
    whole = collapsed(graph, ("model", "model.fc2"))  # the outer module takes its submodules with it
    assert [n.id for n in whole.nodes if n.kind == "module"] == ["m_model"] and whole.groups == ()


LSTM_STEP = """import torch.nn as nn
lstm = nn.LSTM(input_size=2, hidden_size=3, batch_first=True)
seq = torch.rand(1, 4, 2)
out, (h, c) = lstm(seq)
loss = out.sum()
"""


def test_a_backends_scratch_space_is_drawn_as_what_it_is_so_the_answer_is_the_same_each_time() -> None:
    """The LSTM's oneDNN workspace, saved for backward, holds bytes nobody wrote: its statistics differed from one
    run to the next, and with them the answer's bytes and ETag."""
    limits = Limits()
    program = parse_program(LSTM_STEP, limits)
    graphs = [
        build_graph(run_program(program, RunOptions(seed=1), limits), show_saved=True).to_dict() for _ in range(3)
    ]
    assert graphs[0] == graphs[1] == graphs[2]
    scratch = [n for n in graphs[0]["nodes"] if n["kind"] == "saved" and "scratch" in (n["value"] or "")]
    assert [(n["label"], n["dtype"], n["value"]) for n in scratch] == [
        ("result3", "uint8", "oneDNN's workspace for the LSTM/GRU cell: scratch bytes, not values")
    ]
