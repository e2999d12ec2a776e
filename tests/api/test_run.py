"""POST /api/v1/run: values, gradients, options and the chain form, checked against real torch."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient

from tests.conftest import CELL3, make_client


def torch_reference(seed: int) -> dict[str, Any]:
    """The notebook's first cell in plain torch, with retain_grad so intermediates keep their gradients."""
    torch.manual_seed(seed)
    x = torch.rand((2, 3, 4), requires_grad=True)
    a = x + 2
    a.retain_grad()
    b = a * 2
    c = b**2
    d = c.mean()
    d.backward()
    assert x.grad is not None and a.grad is not None
    return {"x": x.tolist(), "a": a.tolist(), "d": d.item(), "x_grad": x.grad.tolist(), "a_grad": a.grad.tolist()}


def test_notebook_cell_matches_torch(client: TestClient) -> None:
    response = client.post("/api/v1/run", json={"source": CELL3, "seed": 5})
    assert response.status_code == 200
    body = response.json()
    ref = torch_reference(5)
    assert body["error"] is None
    variables = body["variables"]
    assert variables["x"]["value"] == ref["x"]
    assert variables["x"]["grad"] == ref["x_grad"]
    assert variables["a"]["value"] == ref["a"]
    assert variables["a"]["grad"] is None  # .grad means .grad: a non-leaf's is None in PyTorch
    assert variables["a"]["grad_flow"] == ref["a_grad"]  # what flowed through it is shown as its own field
    assert variables["d"]["value"] == ref["d"]
    assert variables["a"] | {"value": None, "grad_flow": None} == {
        "shape": [2, 3, 4],
        "dtype": "float32",
        "requires_grad": True,
        "is_leaf": False,
        "grad_fn": "AddBackward0",
        "value": None,
        "grad": None,
        "summary": None,
        "grad_summary": None,
        "grad_flow": None,
        "grad_flow_summary": None,
    }
    assert [s["kind"] for s in body["steps"]][:6] == ["forward"] * 5 + ["print"]
    backward_step = next(s for s in body["steps"] if s["kind"] == "backward")
    assert backward_step["line"] == 18 and backward_step["source"] == "back_ward=d.backward()"


def test_output_is_what_python_prints(client: TestClient) -> None:
    body = client.post("/api/v1/run", json={"source": CELL3, "seed": 11}).json()
    torch.manual_seed(11)
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        exec(compile("import torch\n" + CELL3, "cell", "exec"), {})  # the test's own reference run
    assert body["output"] == buffer.getvalue()
    assert "".join(s["output"] for s in body["steps"]) == body["output"]


def test_grad_is_dot_grad_and_the_flow_is_named_apart(client: TestClient) -> None:
    source = "x = torch.ones(2, requires_grad=True)\na = x * 3\na.sum().backward()\nprint(a.grad)\n"
    body = client.post("/api/v1/run", json={"source": source}).json()
    assert body["output"] == "None\n"  # as in real PyTorch: a non-leaf's .grad is not populated
    assert body["variables"]["a"]["grad"] is None  # and the answer says the same
    assert body["variables"]["a"]["grad_flow"] == [1.0, 1.0]  # the gradient that flowed through it, named apart
    node = next(n for n in body["graph"]["nodes"] if n["variables"] == ["a"])
    assert node["grad"] is None and node["grad_flow"] == "[1, 1]" and body["graph"]["flow_target"] == "output"
    assert "∂output/∂a" in body["svg"] and ">grad [1, 1]<" not in body["svg"]


@pytest.mark.parametrize(("zero_grad", "expected"), [(False, 9.0), (True, 3.0)])
def test_repeated_backward_accumulates_unless_zeroed(client: TestClient, zero_grad: bool, expected: float) -> None:
    source = "w = torch.ones(2, requires_grad=True)\nloss = (w * 3).sum()\nloss.backward()\n"
    body = client.post(
        "/api/v1/run", json={"source": source, "zero_grad": zero_grad, "backward": {"target": "loss", "times": 2}}
    ).json()
    assert body["error"] is None
    assert body["variables"]["w"]["grad"] == [expected, expected]
    extra = [s for s in body["steps"] if s["line"] == 0]
    assert [s["kind"] for s in extra] == ["backward", "backward"]
    assert [s["variables"]["w"]["grad"][0] for s in extra] == ([6.0, 9.0] if not zero_grad else [3.0, 3.0])


def test_backward_with_gradient_for_non_scalar(client: TestClient) -> None:
    source = "x = torch.ones(2, 2, requires_grad=True)\ny = x * x\n"
    body = client.post(
        "/api/v1/run", json={"source": source, "backward": {"target": "y", "gradient": "torch.full((2, 2), 0.5)"}}
    ).json()
    assert body["error"] is None
    assert body["variables"]["x"]["grad"] == [[1.0, 1.0], [1.0, 1.0]]


def test_chain_compiles_to_the_same_program(client: TestClient) -> None:
    chain = [
        {"name": "x", "op": "rand", "args": [[2, 3]], "kwargs": {"requires_grad": True}},
        {"name": "a", "op": "add", "args": ["x", 2]},
        {"name": "d", "op": "mean", "args": ["a"]},
        {"op": "backward", "args": ["d"]},
    ]
    from_chain = client.post("/api/v1/run", json={"chain": chain, "seed": 2}).json()
    assert "a = torch.add(x, 2)" in from_chain["source"]
    from_source = client.post("/api/v1/run", json={"source": from_chain["source"], "seed": 2}).json()
    assert from_chain["variables"] == from_source["variables"]
    assert from_chain["variables"]["x"]["grad"] == [[1 / 6] * 3] * 2 or all(
        abs(g - 1 / 6) < 1e-7 for row in from_chain["variables"]["x"]["grad"] for g in row
    )


def test_non_finite_values_are_valid_json(client: TestClient) -> None:
    source = "x = torch.tensor([0.0, 1.0, -1.0])\ny = x.log()\nz = x / 0\n"
    response = client.post("/api/v1/run", json={"source": source})
    assert response.status_code == 200
    assert b"NaN" in response.content and b": NaN" not in response.content  # strings, never bare tokens
    variables = response.json()["variables"]
    assert variables["y"]["value"] == ["-Infinity", 0.0, "NaN"]
    assert variables["z"]["value"] == ["NaN", "Infinity", "-Infinity"]


def test_large_tensors_are_summarised(client: TestClient) -> None:
    body = client.post("/api/v1/run", json={"source": "big = torch.arange(5000.0)\n"}).json()
    big = body["variables"]["big"]
    assert big["value"] is None
    summary = big["summary"]
    assert (summary["numel"], summary["min"], summary["max"], summary["mean"]) == (5000, 0.0, 4999.0, 2499.5)
    assert summary["head"][:3] == [0.0, 1.0, 2.0]
    assert summary["norm"] == pytest.approx(torch.arange(5000.0).double().norm().item())


def test_every_node_says_the_step_that_made_it(client: TestClient) -> None:
    """Steps do not list nodes (that grows with steps x nodes): a node's first_step says when it appears."""
    body = client.post("/api/v1/run", json={"source": CELL3}).json()
    ids = {n["id"] for n in body["graph"]["nodes"]}
    first = {n["id"]: n["first_step"] for n in body["graph"]["nodes"]}
    assert all(0 <= s < len(body["steps"]) for s in first.values())
    assert all("nodes" not in step for step in body["steps"])
    x = next(n for n in body["graph"]["nodes"] if n["variables"] == ["x"])
    assert body["steps"][x["first_step"]]["source"].startswith("x = ")
    assert all(f'id="{i}"' in body["svg"] for i in ids)


def test_ops_catalogue(client: TestClient) -> None:
    ops = client.get("/api/v1/ops").json()["ops"]
    assert len(ops) >= 40
    names = {op["name"] for op in ops}
    assert {"exp", "softmax", "cross_entropy", "SGD", "Adam", "backward", "retain_grad", "cat"} <= names
    assert all(op["doc"] for op in ops)


def test_graph_get_is_cacheable(client: TestClient) -> None:
    params = {"source": "x = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\n"}
    first = client.get("/api/v1/graph.svg", params=params)
    assert first.status_code == 200 and first.headers["content-type"].startswith("image/svg+xml")
    assert "max-age" in first.headers["cache-control"]
    again = client.get("/api/v1/graph.svg", params=params, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/api/v1/graph.svg", params=params).content == first.content
    dot = client.get("/api/v1/graph.dot", params=params)
    assert dot.status_code == 200 and dot.text.startswith("digraph")


def test_backward_times_is_bounded_by_the_setting_on_every_api_path() -> None:
    """AGX_MAX_BACKWARD_TIMES is the one bound: the JSON API and both graph routes refuse past it, a query's `times`
    with no `target` to use it included."""
    source = "x = torch.ones(2, requires_grad=True)\nd = (x * 2).sum()\n"
    with make_client(max_backward_times=3) as client:
        for times, status in ((3, 200), (5, 422)):
            backward = {"target": "d", "times": times}
            answers = [
                client.post("/api/v1/run", json={"source": source, "backward": backward}),
                client.post("/api/v1/graph.dot", json={"source": source, "backward": backward}),
                client.get("/api/v1/graph.json", params={"source": source, "target": "d", "times": times}),
                client.get("/api/v1/graph.json", params={"source": source, "times": times}),
            ]
            assert [a.status_code for a in answers] == [status] * 4
            if status != 200:
                assert all(a.json()["error"]["code"] == "invalid_request" for a in answers)
                assert all("max_backward_times" in a.json()["error"]["message"] for a in answers)


def test_graph_query_is_validated_as_a_model(client: TestClient) -> None:
    """A bad target or an over-long gradient in the query string is a 422, never a 5xx."""
    for params in ({"target": "a-b"}, {"target": "t" * 65}, {"target": "d", "gradient": "x" * 2001}):
        answer = client.get("/api/v1/graph.svg", params={"source": "x = 1\n", **params})
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_request"
    assert client.get("/api/v1/graph.dot", params={"source": "x = 1\n", "_": "cache-buster"}).status_code == 200


def test_exactly_one_of_source_and_chain(client: TestClient) -> None:
    for body in ({}, {"source": "x = 1\n", "chain": [{"op": "ones", "args": [2]}]}):
        answer = client.post("/api/v1/run", json=body)
        assert answer.status_code == 422 and "exactly one of `source` and `chain`" in answer.json()["error"]["message"]


@pytest.mark.parametrize("depth", [33, 400, 950, 3000])
def test_deeply_nested_chain_arguments_are_refused_not_crashed(client: TestClient, depth: int) -> None:
    """Nesting is bounded at the edge, walked without recursion: a 4xx, never a RecursionError."""
    nested = "[" * depth + "1" + "]" * depth
    body = '{"chain": [{"name": "x", "op": "tensor", "args": [' + nested + "]}]}"
    answer = client.post("/api/v1/run", content=body, headers={"content-type": "application/json"})
    assert answer.status_code in (400, 422) and answer.json()["error"]["code"] == "invalid_request"
    ok = "[" * 31 + "1" + "]" * 31
    body = '{"chain": [{"name": "x", "op": "tensor", "args": [' + ok + "]}]}"
    assert client.post("/api/v1/run", content=body, headers={"content-type": "application/json"}).status_code == 200


STEPPED = """weights = torch.rand(3, requires_grad=True)
optimizer = torch.optim.SGD([weights], lr=0.1)
loss = (weights * 2).sum()
loss.backward()
optimizer.step()
optimizer.zero_grad()
weights.requires_grad_(False)
"""


def test_graph_json_at_each_step_holds_what_pytorch_holds(client: TestClient) -> None:
    """graph.json?step=k: no grad before the first backward, a grad line exactly while .grad is set, the value
    after step() only from step() on, and "no grad" only from requires_grad_(False) on."""

    def weights_at(step: int) -> dict[str, Any]:
        answer = client.get("/api/v1/graph.json", params={"source": STEPPED, "step": step})
        assert answer.status_code == 200, answer.text
        graph = answer.json()["graph"]
        assert all(n["first_step"] <= step for n in graph["nodes"])
        return next(n for n in graph["nodes"] if n["variables"] == ["weights"])

    torch.manual_seed(0)
    w = torch.rand(3)
    fmt = lambda values: "[" + ", ".join(format(v, ".4g") for v in values) + "]"  # noqa: E731
    at = [weights_at(k) for k in range(7)]
    assert [n["grad"] for n in at] == [None, None, None, "[2, 2, 2]", "[2, 2, 2]", None, None]
    assert [n["value"] for n in at[:4]] == [fmt(w.tolist())] * 4
    assert at[4]["value"] == fmt((w - 0.2).tolist())
    assert [n["kind"] for n in at] == ["leaf"] * 6 + ["leaf"]  # still reached by the loss's graph: a stale leaf
    assert [n["requires_grad"] for n in at] == [True] * 6 + [False]
    loss_nodes = [
        [
            n
            for n in client.get("/api/v1/graph.json", params={"source": STEPPED, "step": k}).json()["graph"]["nodes"]
            if n["variables"] == ["loss"]
        ]
        for k in (1, 2, 3)
    ]
    assert loss_nodes[0] == []  # not made yet
    assert loss_nodes[1][0]["grad_flow"] is None and loss_nodes[2][0]["grad_flow"] == "1"
    assert loss_nodes[2][0]["grad"] is None  # a non-leaf's .grad stays None after backward


def test_graph_svg_at_a_step_draws_only_what_exists(client: TestClient) -> None:
    early = client.get("/api/v1/graph.svg", params={"source": STEPPED, "step": 0}).text
    late = client.get("/api/v1/graph.svg", params={"source": STEPPED, "step": 3}).text
    assert ">grad " not in early and "loss" not in early
    assert ">grad [2, 2, 2]<" in late and "∂loss/∂loss 1" in late
    post = client.post("/api/v1/graph.dot", json={"source": STEPPED, "step": 0})
    assert post.status_code == 200 and "loss" not in post.text


def test_a_step_past_the_last_is_refused(client: TestClient) -> None:
    answer = client.get("/api/v1/graph.svg", params={"source": STEPPED, "step": 7})
    assert answer.status_code == 404
    assert answer.json()["error"] == {
        "code": "step_not_found",
        "message": "step 7 does not exist: this run has 7 steps, 0 to 6",
        "line": None,
        "col": None,
    }
    empty = client.post("/api/v1/graph.json", json={"source": "", "step": 0}).json()["error"]["message"]
    assert empty == "step 0 does not exist: this run has no steps"


def test_steps_carry_the_program_numbers(client: TestClient) -> None:
    source = "lr = 0.1\nlosses = []\nfor epoch in range(2):\n    losses.append(epoch * 1.5)\nok = True\n"
    steps = client.post("/api/v1/run", json={"source": source}).json()["steps"]
    assert [s["values"] for s in steps] == [
        {"lr": 0.1},
        {"lr": 0.1, "losses": []},
        {"lr": 0.1, "losses": [0.0], "epoch": 0},
        {"lr": 0.1, "losses": [0.0, 1.5], "epoch": 1},
        {"lr": 0.1, "losses": [0.0, 1.5], "epoch": 1, "ok": True},
    ]


LOOP = "x = torch.ones(2, requires_grad=True)\ny = x\nfor i in range(100):\n    y = y * 2\nloss = y.sum()\n"


def test_a_long_loop_is_drawn_open_unless_collapse_names_it_or_every_loop(client: TestClient) -> None:
    opened = client.post("/api/v1/run", json={"source": LOOP}).json()["graph"]
    assert opened["groups"] == [{"path": "loop3", "title": "line 4 × 100 iterations"}]
    for collapse in (["loop3"], ["loop*"]):
        body = client.post("/api/v1/run", json={"source": LOOP, "collapse": collapse}).json()["graph"]
        assert [n["id"] for n in body["nodes"] if n["kind"] == "module"] == ["m_loop3"] and body["groups"] == []
    svg = client.get("/api/v1/graph.svg", params={"source": LOOP, "collapse": "loop*"}).text
    assert 'id="m_loop3"' in svg
    refused = client.post("/api/v1/run", json={"source": LOOP, "collapse": ["loop**"]})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_request"
