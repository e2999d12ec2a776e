"""POST /api/v1/gradcheck: a leaf's gradient from autograd, from finite differences and as the learner expects it,
checked against real torch; and the checks it refuses, with why."""

from __future__ import annotations

import time

import pytest
import torch
from fastapi.testclient import TestClient

from tests.api.test_run import torch_reference
from tests.conftest import CELL3, make_client

TRAINED = """w = torch.ones(3, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
for i in range(2):
    opt.zero_grad()
    (w * w).sum().backward()
    opt.step()
"""


def test_the_notebook_cell_checked_three_ways(client: TestClient) -> None:
    ref = torch_reference(5)
    expected = torch.tensor(ref["x_grad"])
    expected[1, 2, 3] += 1  # the learner is wrong at one element
    body = {"source": CELL3, "seed": 5, "leaf": "x", "expected": expected.flatten().tolist()}
    response = client.post("/api/v1/gradcheck", json=body)
    assert response.status_code == 200, response.text
    check = response.json()
    assert (check["leaf"], check["target"], check["line"], check["shape"]) == ("x", "d", 18, [2, 3, 4])
    assert check["autograd"] == torch.tensor(ref["x_grad"]).flatten().tolist()
    assert torch.allclose(torch.tensor(check["numeric"]), torch.tensor(check["autograd"]), rtol=1e-2, atol=1e-3)
    assert check["agree"] is True and check["differ_at"] == []
    assert check["expected"]["agree"] is False and check["expected"]["differ_at"] == [[1, 2, 3]]


def test_a_wrong_autograd_would_be_caught_by_finite_differences(client: TestClient) -> None:
    """A hook that doubles the gradient makes autograd's answer differ from the function's true derivative."""
    source = "x = torch.tensor([1.0, 2.0], requires_grad=True)\nh = x.register_hook(lambda g: g * 2)\n"
    source += "y = (x ** 3).sum()\ny.backward()\n"
    check = client.post("/api/v1/gradcheck", json={"source": source, "leaf": "x"}).json()
    assert check["autograd"] == [6.0, 24.0] and check["agree"] is False and check["differ_at"] == [[0], [1]]
    assert check["numeric"] == pytest.approx([3.0, 12.0], rel=1e-2)


@pytest.mark.parametrize(
    ("source", "leaf", "message"),
    [
        (TRAINED, "w", "changed in place"),
        ("x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.backward(torch.ones(2))\n", "x", "not one number"),
        ("x = torch.ones(2, requires_grad=True)\n", "x", "no backward call"),
        ("x = torch.ones(100, requires_grad=True)\nx.sum().backward()\n", "x", "at most 64"),
    ],
)
def test_checks_that_cannot_be_made_say_why(client: TestClient, source: str, leaf: str, message: str) -> None:
    response = client.post("/api/v1/gradcheck", json={"source": source, "leaf": leaf})
    assert response.status_code == 200  # a well-formed request: the answer says why, as /run does
    error = response.json()["error"]
    assert error["code"] == "check_refused" and message in error["message"]


def test_expected_must_be_numbers_of_the_leafs_size(client: TestClient) -> None:
    source = "x = torch.ones(2, requires_grad=True)\nx.sum().backward()\n"
    bad = client.post("/api/v1/gradcheck", json={"source": source, "leaf": "x", "expected": [1, "a"]})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    nested = client.post("/api/v1/gradcheck", json={"source": source, "leaf": "x", "expected": [[1, 2]]})
    assert nested.status_code == 422  # the numbers come flattened, row by row
    wrong_size = client.post("/api/v1/gradcheck", json={"source": source, "leaf": "x", "expected": [1, 2, 3]})
    assert wrong_size.status_code == 200 and "expected 2 numbers" in wrong_size.json()["error"]["message"]
    one = client.post("/api/v1/gradcheck", json={"source": source, "leaf": "x", "expected": 1}).json()
    assert one["expected"] == {"values": [1.0, 1.0], "agree": True, "differ_at": []}


def test_a_check_shares_one_cpu_budget_across_its_runs() -> None:
    """128 nudged runs of a slow program stop at the request's budget, with the engine's own timeout."""
    source = "x = torch.rand(64, requires_grad=True)\ny = x\nfor i in range(3000):\n    y = y * 1.0001\n"
    source += "y.sum().backward()\n"
    with make_client(wall_time_s=1.0) as client:
        start = time.monotonic()
        response = client.post("/api/v1/gradcheck", json={"source": source, "leaf": "x"})
        elapsed = time.monotonic() - start
    assert response.status_code == 200 and response.json()["error"]["code"] == "timeout"
    assert elapsed < 6.0
