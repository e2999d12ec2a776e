"""Hostile programs against a live server, one test each: the engine refuses or bounds each one itself, before the
work (or within its own CPU-time budget), so the answer is a clear error, quick and small, /healthz answers within
3 s all along, and every worker is alive and answering afterwards.

The server runs with wall_time_s=2, so a program the engine stops for time is stopped by the engine, well before
the pool's 10-second kill, however busy the machine is.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.hardening import hostile_classes, hostile_literals, hostile_nn, hostile_ops
from tests.hardening.live import HealthWatch, live_server
from tests.hardening.procs import descendants

pytestmark = pytest.mark.slow

HEALTH_BOUND_S = 3.0


@dataclass(frozen=True)
class Case:
    id: str
    source: str | None = None  # a program for POST /api/v1/run
    body: Any = None  # or a whole JSON body (a str is sent as it is)
    get: str | None = None  # or a GET of this path and query
    status: int = 200
    code: str | None = "limit_exceeded"  # None: the run succeeds
    message: str = ""  # a part of the error's message (or, with no error, of the printed output)
    line: int | None = None
    seconds: float = 5.0
    max_bytes: int = 200_000
    params: dict[str, Any] = field(default_factory=dict)


NESTED = "a = []\nfor i in range(60):\n    a = [a, a]\n"  # a list holding 2**60 lists, built in 60 steps
# Each backward pass multiplies 700 x 700 matrices sixteen times: the fifty passes asked for take far longer than the
# CPU-time budget, which is checked before every pass.
PRODUCTS = (
    "x = torch.rand(700, 700, requires_grad=True)\ny = x\nfor i in range(8):\n    y = y @ x / 700\nloss = y.sum()\n"
)
BROKEN_VIEW = """x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
a = x * 2
with torch.no_grad():
    first_two = a[:2]
a.mul_(10)
print(first_two)
b = first_two.grad_fn
"""

# Finding 2: single requests that ended in a 5xx.
SERVER_ERRORS = [
    Case("meta-device", 'x = torch.zeros(2, device="meta")\n', code="runtime_error", message="only the CPU"),
    Case("to-meta", 'x = torch.rand(2).to("meta")\n', code="runtime_error", message="only the CPU"),
    Case("no-grad-view-changed-in-place", BROKEN_VIEW, code="runtime_error", message="view was created", line=7),
    Case(
        "no-grad-view-changed-in-place-graph",
        get="/api/v1/graph.svg",
        params={"source": BROKEN_VIEW.rsplit("b = ", 1)[0]},
        code=None,
    ),
    Case(
        "thousand-dims",
        "x = torch.rand(2)\nfor i in range(1000):\n    x = x.unsqueeze(0)\n",
        message="max_tensor_dims",
        line=3,
    ),
    Case("470-dims-at-once", "x = torch.zeros(" + ", ".join(["1"] * 470) + ")\n", message="max_tensor_dims"),
    Case("deep-data", "a = 1.0\nfor i in range(1000):\n    a = [a]\nt = torch.tensor(a)\n", message="max_tensor_dims"),
    Case("470-dims-page", get="/", params={"source": "x = torch.zeros(" + ", ".join(["1"] * 470) + ")\n"}, code=None),
    Case("empty-rows", "x = torch.zeros(10**7, 0)\n", message="empty rows"),
    Case(
        "graph-target-not-a-name",
        get="/api/v1/graph.svg",
        params={"source": "x = 1\n", "target": "a-b"},
        status=422,
        code="invalid_request",
    ),
    Case(
        "graph-target-65-chars",
        get="/api/v1/graph.dot",
        params={"source": "x = 1\n", "target": "t" * 65},
        status=422,
        code="invalid_request",
    ),
    Case(
        "chain-args-950-deep",
        body='{"chain": [{"name": "x", "op": "tensor", "args": [' + "[" * 950 + "1" + "]" * 950 + "]}]}",
        status=422,
        code="invalid_request",
    ),
    Case(
        "chain-nan-and-huge-int",
        body='{"chain": [{"name": "x", "op": "tensor", "args": [[NaN, 1]], "kwargs": {"x": ' + "9" * 30 + "}}]}",
        status=422,
        message="max_int_bits",
    ),
    Case(
        "chain-nan-and-lone-surrogate",
        body='{"chain": [{"name": "x", "op": "tensor", "args": [[NaN, 1]], "kwargs": {"x": "\\ud800"}}]}',
        code="runtime_error",
        message="'nan' is not defined",
    ),
]

# Finding 4: work the CPU-time budget did not stop.
UNBOUNDED_WORK = [
    Case("len-of-shared-lists", NESTED + "n = len(a)\nprint(n)\n", code=None, message="2\n"),
    Case("percent-format-shared-lists", NESTED + "s = '%s' % (a,)\n", message="characters", line=4),
    Case("print-shared-lists", NESTED + "print(a)\n", message="characters", line=4),
    Case("f-string-shared-lists", NESTED + "s = f'{a}'\n", message="characters", line=4),
    Case("compare-shared-lists", NESTED + "b = []\nfor i in range(60):\n    b = [b, b]\nc = a == b\n", line=7),
    Case("str-of-shared-lists", NESTED + "s = str(a)\n", message="str()", line=4),
    Case("sorted-shared-lists", NESTED + "b = []\nfor i in range(60):\n    b = [b, b]\nc = sorted([a, b])\n", line=7),
    Case("round-to-huge-negative-digits", "y = round(1, -(2**62))\nprint(y)\n", code=None, message="0\n"),
    Case("empty-rows-of-a-trillion", "x = torch.zeros(10**6, 10**6, 0)\n", message="empty rows"),
    Case(
        "builtin-max-over-a-tensor",
        "x = torch.rand(1000000)\ny = max(x)\ny = max(x)\ny = max(x)\n",
        message="x.max()",
        line=2,
    ),
    Case(
        "tensor-of-one-list-fifty-times",
        "x = torch.rand(1000000).tolist()\nxs = []\nfor i in range(50):\n    xs.append(x)\nt = torch.tensor(xs)\n",
        message="torch.tensor",
        line=5,
        seconds=8.0,
    ),
    Case(
        "backward-times-passes",
        body={"source": PRODUCTS, "backward": {"target": "loss", "times": 50}},
        code="timeout",
        message="Run backward, pass",
        seconds=8.0,
    ),
]

# Finding 5: sizes checked only after the work.
LATE_CHECKS = [
    Case("arange-end-keyword", "x = torch.arange(0, end=10**9)\n", message="1,000,000,000 elements"),
    Case("arange-only-end-keyword", "x = torch.arange(end=2e8)\n", message="200,000,000 elements"),
    Case("comparison-broadcast", "a = torch.rand(1, 15000)\nb = torch.rand(15000, 1)\nc = (a < b).sum()\n", line=3),
    Case("builtin-sum-broadcast", "a = torch.rand(1, 15000)\nb = torch.rand(15000, 1)\nc = sum([a, b])\n", line=3),
    Case(
        "list-of-lists-index",
        "x = torch.rand(1000, 1000)\ni = torch.zeros(1000, 1000).long().tolist()\ny = x[i]\n",
        message="1,000,000,000 elements",
        line=3,
    ),
    Case("for-over-a-big-tensor", "x = torch.rand(1000000)\nfor v in x:\n    break\n", line=2),
]

# The language as tutorials write it: each new surface bounded before its work.
TUTORIAL_SURFACES = [
    Case(
        "list-plus-equals-doubling",
        "xs = [0]\nfor i in range(40):\n    xs += xs\n",
        message="max_loop_iterations",
        line=3,
    ),
    Case("list-times-equals-huge", "xs = [0.0]\nxs *= 10**9\n", message="max_loop_iterations", line=2),
    Case("np-zeros-huge", "import numpy as np\nx = np.zeros((10**6, 10**6))\n", message="elements", line=2),
    Case(
        "np-array-deep-list",
        "import numpy as np\na = 1.0\nfor i in range(1000):\n    a = [a]\nx = np.array(a)\n",
        message="max_tensor_dims",
        line=5,
    ),
    Case(
        "np-arrays-kept-in-a-list",
        "import numpy as np\nxs = []\nfor i in range(100):\n    xs.append(np.ones(10**6))\n",
        message="max_total_elements",
        line=4,
    ),
    Case("np-broadcast-huge", "import numpy as np\nc = np.ones((1, 10**5)) * np.ones((10**5, 1))\n", line=2),
    Case("printoptions-precision-absurd", "torch.set_printoptions(precision=10**9)\n", message="precision"),
    Case("printoptions-linewidth-zero", "torch.set_printoptions(linewidth=0)\n", message="linewidth"),
    Case(
        "printoptions-print-everything",
        "torch.set_printoptions(threshold=float('inf'))\nx = torch.rand(1000, 1000)\nprint(x)\ns = str(x)\n",
        message="characters",
        line=3,
    ),
    Case("iter-huge-range", "it = iter(range(10**18))\nx = next(it)\n", message="max_loop_iterations", line=1),
    Case(
        "next-in-while-true",
        "it = iter(range(10000))\nwhile True:\n    x = next(it, 0)\n",
        message="max_loop_iterations",
        line=2,
    ),
    Case("iter-huge-tensor", "x = torch.zeros(10**6, 1)\nit = iter(x)\n", message="max_loop_iterations", line=2),
    Case(
        "for-over-an-endless-loader-iterator",
        "from torch.utils.data import DataLoader, TensorDataset\n"
        "loader = DataLoader(TensorDataset(torch.zeros(20000, 1)), batch_size=1)\n"
        "for b in iter(loader):\n    pass\n",
        message="over 20,000 batches is over max_loop_iterations",
        line=3,
    ),
    Case(
        "func-grad-recursion",
        "from torch.func import grad\ndef f(x):\n    return grad(f)(x)\ny = f(torch.tensor(1.0))\n",
        message="max_call_depth",
    ),
]

ALL = SERVER_ERRORS + UNBOUNDED_WORK + LATE_CHECKS + TUTORIAL_SURFACES
ALL += hostile_classes.cases(Case)  # classes, hooks and autograd Functions
ALL += hostile_nn.cases(Case)  # layers, models, optimizers and data loaders
ALL += hostile_literals.cases(Case)  # `*` spread into displays and calls; str.format's fields
ALL += hostile_ops.cases(Case)  # einsum, bmm, topk, chunk/split/unbind, nonzero, multinomial, Generator


@dataclass(frozen=True)
class Server:
    url: str

    def workers(self) -> dict[int, str]:
        """The server's descendants (its fork server and workers): pid -> state letter."""
        port = self.url.rsplit(":", 1)[1]
        serving = [pid for pid in descendants(os.getpid()) if _command(pid)[-2:] == ["--port", port]]
        assert len(serving) == 1, serving
        return descendants(serving[0])


def _command(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
    except OSError:
        return []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A live server with two workers, no answer cache (every request runs), and a 2 s CPU-time budget."""
    log = tmp_path_factory.mktemp("hostile-engine") / "server.log"
    with live_server(log, workers="2", cache_entries="0", wall_time_s="2") as url:
        yield Server(url)


def send(client: httpx.Client, case: Case) -> httpx.Response:
    if case.get is not None:
        return client.get(case.get, params=case.params)
    if isinstance(case.body, str):
        return client.post("/api/v1/run", content=case.body, headers={"content-type": "application/json"})
    return client.post("/api/v1/run", json=case.body if case.body is not None else {"source": case.source})


def next_answer(watch: HealthWatch) -> None:
    """Wait for /healthz to answer once more."""
    seen, deadline = watch.answers, time.monotonic() + 2 * HEALTH_BOUND_S
    while watch.answers == seen and not watch.failures:
        assert time.monotonic() < deadline, "/healthz stopped answering"
        time.sleep(0.02)


def assert_workers_healthy(server: Server, client: httpx.Client) -> None:
    """Two workers, none a zombie, each answering a small run (two at once, so both are used)."""
    deadline = time.monotonic() + 10
    while client.get("/healthz").json()["workers"] != 2:  # a replaced worker is started in the background
        assert time.monotonic() < deadline, "the pool did not get back to two workers"
        time.sleep(0.1)
    assert not any(state == "Z" for state in server.workers().values())
    ok = [client.post("/api/v1/run", json={"source": f"x = torch.ones(2) * {i}\nprint(x.sum())\n"}) for i in (1, 2)]
    assert [(r.status_code, r.json()["error"]) for r in ok] == [(200, None), (200, None)]
    assert [r.json()["output"] for r in ok] == ["tensor(2.)\n", "tensor(4.)\n"]


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_hostile_program(server: Server, case: Case) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client, HealthWatch(server.url) as watch:
        next_answer(watch)  # watching before the request is sent
        start = time.monotonic()
        response = send(client, case)
        elapsed = time.monotonic() - start
        next_answer(watch)  # and still answered after it
    assert response.status_code == case.status, response.text[:500]
    assert elapsed < case.seconds
    assert len(response.content) < case.max_bytes
    assert watch.answers > 0 and not watch.failures and watch.slowest < HEALTH_BOUND_S
    if response.headers["content-type"].startswith("application/json"):
        data = response.json()
        error = data["error"]
        if case.code is None:
            assert error is None, error
            assert case.message in data.get("output", "")
        else:
            assert error["code"] == case.code, error
            assert case.message in error["message"], error
            assert "Traceback" not in error["message"]
            if case.line is not None:
                assert error["line"] == case.line, error
    else:
        assert case.code is None and response.content  # a picture or a page, drawn
    with httpx.Client(base_url=server.url, timeout=30) as client:
        assert_workers_healthy(server, client)


def test_a_view_torch_will_not_read_is_shown_as_torch_prints_it(server: Server) -> None:
    """The snapshot and the graph show it (grad_fn Invalid, drawn as a constant), and only the program's own use
    of its grad_fn fails, at that line, with torch's words."""
    answer = httpx.post(f"{server.url}/api/v1/run", json={"source": BROKEN_VIEW}, timeout=30).json()
    assert answer["output"].endswith("grad_fn=<Invalid>)\n")
    assert (answer["variables"]["first_two"]["grad_fn"], answer["variables"]["first_two"]["is_leaf"]) == (
        "Invalid",
        False,
    )
    assert [n["kind"] for n in answer["graph"]["nodes"] if "first_two" in n["variables"]] == ["constant"]


@pytest.fixture(scope="module")
def roomy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A live server whose tensor limits are far past what its workers' memory can hold."""
    log = tmp_path_factory.mktemp("hostile-memory") / "server.log"
    limits = {"max_tensor_elements": str(10**13), "max_total_elements": str(10**14)}
    with live_server(log, workers="2", cache_entries="0", **limits) as url:
        yield Server(url)


def test_an_allocation_that_fails_is_memory_exceeded_and_its_worker_replaced(roomy_server: Server) -> None:
    with httpx.Client(base_url=roomy_server.url, timeout=30) as client:
        before = set(roomy_server.workers())
        with HealthWatch(roomy_server.url) as watch:
            next_answer(watch)
            start = time.monotonic()
            response = client.post("/api/v1/run", json={"source": "x = torch.ones(2)\ny = torch.zeros(10**12)\n"})
            elapsed = time.monotonic() - start
            next_answer(watch)
        assert response.status_code == 422 and elapsed < 5 and len(response.content) < 1_000
        error = response.json()["error"]
        assert error["code"] == "memory_exceeded"
        assert "alloc" not in json.dumps(error).lower()  # no allocator details
        assert watch.answers > 0 and not watch.failures and watch.slowest < HEALTH_BOUND_S
        assert_workers_healthy(roomy_server, client)
        assert set(roomy_server.workers()) != before  # the worker that failed the allocation was replaced
