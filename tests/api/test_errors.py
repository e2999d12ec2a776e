"""Every class of bad input answers one envelope, {"error": {code, message, line, col}}, and never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.engine.errors import UnknownName
from app.errors_http import ApiError, envelope_bytes, error_response, install_error_handlers
from app.workers import PoolBusy, PoolClosed, WorkTimeout
from tests.conftest import make_client

CASES: list[tuple[str, dict[str, Any] | bytes, int, str, int | None]] = [
    # (id, request body, status, code, line)
    ("not-json", b"{not json", 422, "invalid_request", None),
    # Valid JSON, but an integer past Python's int max str digits (4,300) is no number json.loads reads.
    ("seed-past-str-digits", b'{"source": "x = 1", "seed": ' + b"9" * 4_301 + b"}", 422, "invalid_request", None),
    (
        "times-past-str-digits",
        b'{"source": "x = 1", "backward": {"target": "x", "times": 1' + b"0" * 5_000 + b"}}",
        422,
        "invalid_request",
        None,
    ),
    ("not-utf-8", b'{"source": "\xff"}', 422, "invalid_request", None),
    ("no-source", {"seed": 1}, 422, "invalid_request", None),
    ("source-and-chain", {"source": "x = 1", "chain": [{"op": "rand", "args": [2]}]}, 422, "invalid_request", None),
    ("wrong-type", {"source": 5}, 422, "invalid_request", None),
    ("negative-seed", {"source": "x = 1", "seed": -1}, 422, "invalid_request", None),
    ("unknown-field", {"source": "x = 1", "evil": True}, 422, "invalid_request", None),
    ("syntax", {"source": "x = torch.rand(2,\ny = 3\n"}, 400, "syntax_error", 1),
    ("generator", {"source": "x = 1\ndef f():\n    yield x\n"}, 400, "unsupported", 3),
    ("decorator", {"source": "@property\ndef f():\n    return 1\n"}, 400, "unsupported", 1),
    ("return-outside-function", {"source": "x = 1\nreturn x\n"}, 400, "syntax_error", 2),
    ("raise-from", {"source": "x = 1\nraise ValueError('a') from None\n"}, 400, "unsupported", 2),
    ("import-os", {"source": "import os\n"}, 400, "unsupported", 1),
    ("from-import-private", {"source": "from torch import _C\n"}, 400, "unsupported", 1),
    ("dunder", {"source": "x = torch.rand(2)\ny = x.__class__\n"}, 400, "unsupported", 2),
    ("private", {"source": "x = torch.rand(2)\ny = x._version\n"}, 400, "unknown_name", 2),
    ("eval", {"source": "eval('1')\n"}, 400, "unknown_name", 1),
    ("open", {"source": "open('/etc/passwd')\n"}, 400, "unknown_name", 1),
    ("getattr", {"source": "getattr(torch, 'rand')\n"}, 400, "unknown_name", 1),
    ("unknown-method", {"source": "x = torch.rand(2)\noptimizer.zero_grad_()\n"}, 400, "unknown_name", 2),
    ("undefined-name", {"source": "print(1)\ny = x + 1\n"}, 200, "runtime_error", 2),
    ("redefine-torch", {"source": "torch = 5\n"}, 400, "unsupported", 1),
    ("huge-literal", {"source": "x = 9**9**9\n"}, 200, "limit_exceeded", 1),
    ("huge-int-literal", {"source": "x = " + "9" * 100 + "\n"}, 422, "limit_exceeded", 1),
    ("deep-nesting", {"source": "x = " + "[" * 150 + "1" + "]" * 150 + "\n"}, 422, "limit_exceeded", 1),
    ("deep-parens", {"source": "x = " + "(" * 300 + "1" + ")" * 300 + "\n"}, 400, "syntax_error", 1),
    ("long-expression", {"source": "x = " + "+".join(["1"] * 9000) + "\n"}, 422, "limit_exceeded", 1),
    ("too-many-statements", {"source": "x = 1\n" * 600}, 422, "limit_exceeded", None),
    ("bad-backward-target", {"source": "x = 1", "backward": {"target": "1x"}}, 422, "invalid_request", None),
]


@pytest.mark.parametrize(("body", "status", "code", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clear_error(
    client: TestClient, body: Any, status: int, code: str | None, line: int | None
) -> None:
    if isinstance(body, bytes):
        response = client.post("/api/v1/run", content=body, headers={"content-type": "application/json"})
    else:
        response = client.post("/api/v1/run", json=body)
    assert response.status_code == status
    data = response.json()
    error = data["error"]
    assert set(error) == {"code", "message", "line", "col"}
    assert error["message"] and "Traceback" not in error["message"]
    if code is not None:
        assert error["code"] == code
    if line is not None:
        assert error["line"] == line
    if status != 200:
        assert set(data) == {"error"}
    assert client.get("/healthz").status_code == 200  # the server still answers


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/run", b'{"source": "x = 1", "seed": ' + b"9" * 4_301 + b"}"),
        ("/api/v1/graph.json", b'{"source": "x = 1", "step": ' + b"9" * 4_301 + b"}"),
        ("/api/v1/graph.svg", b'{"source": "x = 1", "backward": {"target": "x", "times": ' + b"9" * 4_301 + b"}}"),
        ("/api/v1/gradcheck", b'{"source": "x = 1", "leaf": "x", "seed": ' + b"9" * 4_301 + b"}"),
    ],
    ids=["run-seed", "graph-step", "graph-times", "gradcheck-seed"],
)
def test_an_integer_past_the_str_digits_limit_is_refused_as_a_body_that_is_not_json(
    client: TestClient, path: str, body: bytes
) -> None:
    """Every route answers it as it answers `{not json`: the same status and envelope, never FastAPI's own 400."""
    headers = {"content-type": "application/json"}
    answer, not_json = (client.post(path, content=b, headers=headers) for b in (body, b"{not json"))
    assert answer.status_code == not_json.status_code == 422
    assert answer.json() == {
        "error": {
            "code": "invalid_request",
            "message": "invalid request: body: JSON decode error",
            "line": None,
            "col": None,
        }
    }
    assert not_json.json()["error"]["code"] == "invalid_request"


def test_suggestions(client: TestClient) -> None:
    error = client.post("/api/v1/run", json={"source": "opt = 1\nopt.zero_grad_()\n"}).json()["error"]
    assert "zero_grad()" in error["message"]
    source = "weights = torch.rand(3, requires_grad=True)\noptimizer = torch.optim.SGD(weights, lr=.01)\n"
    body = client.post("/api/v1/run", json={"source": source}).json()
    assert body["error"]["code"] == "runtime_error" and body["error"]["line"] == 2
    assert "[weights]" in body["error"]["message"]


def test_runtime_error_keeps_the_steps_so_far(client: TestClient) -> None:
    source = "a = torch.ones(2, 3)\nprint('before')\nb = torch.ones(4, 5)\nc = a @ b\nprint('never')\n"
    body = client.post("/api/v1/run", json={"source": source}).json()
    assert body["error"]["code"] == "runtime_error"
    assert (body["error"]["line"], body["error"]["col"]) == (4, 0)
    assert "mat1 and mat2 shapes cannot be multiplied" in body["error"]["message"]
    assert [s["line"] for s in body["steps"]] == [1, 2, 3]
    assert body["output"] == "before\n"
    assert set(body["variables"]) == {"a", "b"}


def test_backward_twice_is_a_runtime_error(client: TestClient) -> None:
    source = "x = torch.ones(2, requires_grad=True)\ny = (x * x).sum()\ny.backward()\ny.backward()\n"
    body = client.post("/api/v1/run", json={"source": source}).json()
    assert body["error"]["code"] == "runtime_error" and body["error"]["line"] == 4
    assert "second time" in body["error"]["message"]


@pytest.mark.parametrize(
    ("source", "limit"),
    [
        ("x = torch.rand(1).expand(10**12).sum()\n", "max_tensor_elements"),
        ("x = torch.zeros(100000, 100000)\n", "max_tensor_elements"),
        ("x = torch.ones(3000, 3000)\ny = x @ x\n", "max_tensor_elements"),
        ("x = torch.ones(10, 100000)\ny = x.repeat(100, 100)\n", "max_tensor_elements"),
        ("for i in range(10**6):\n    x = 1\n", "max_loop_iterations"),
        ("for i in range(900):\n    x = torch.rand(100000)\n", "max_total_elements"),
        ("for i in range(1000):\n    for j in range(1000):\n        x = 1\n", "max_steps"),
        ("x = 2 ** 10000\n", "max_int_bits"),
        ("print(f'{1:>100000000}')\n", "format width"),
        ("print('-' * 100000)\n", "over the limit"),
    ],
)
def test_limits_are_enforced_before_the_work(client: TestClient, source: str, limit: str) -> None:
    response = client.post("/api/v1/run", json={"source": source})
    data = response.json()
    assert response.status_code == 200, data
    assert data["error"]["code"] == "limit_exceeded"
    assert limit in data["error"]["message"]


def test_wall_time_limit_stops_a_slow_run() -> None:
    source = "x = torch.rand(300, 300)\nfor i in range(1000):\n    y = (x @ x).sum()\n"
    with make_client(wall_time_s=0.3) as c:
        body = c.post("/api/v1/run", json={"source": source}).json()
    assert body["error"]["code"] == "timeout"
    assert "wall_time_s=0.3" in body["error"]["message"]
    assert 0 < len(body["steps"]) < 1001


def test_source_size_limit() -> None:
    with make_client(max_source_bytes=100) as c:
        response = c.post("/api/v1/run", json={"source": "x = 1\n" * 50})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "limit_exceeded"
    assert "max_source_bytes" in response.json()["error"]["message"]


def test_unknown_route_and_method_use_the_envelope(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.get("/api/v1/run")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("GET", "/api/v1/run", "POST"),
        ("DELETE", "/api/v1/ops", "GET"),
        ("HEAD", "/api/v1/ops", "GET"),  # FastAPI's GET routes do not answer HEAD
        # two routes share this path: Allow names both, not only the first one matched
        ("PUT", "/api/v1/graph.svg", "GET, POST"),
        ("OPTIONS", "/api/v1/graph.dot", "GET, POST"),
        ("DELETE", "/openapi.json", "GET, HEAD"),
        ("POST", "/static/css/app.css", "GET, HEAD"),
    ],
)
def test_405_names_every_allowed_method(client: TestClient, method: str, url: str, allow: str) -> None:
    response = client.request(method, url)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    if method != "HEAD":
        assert response.json() == {
            "error": {"code": "method_not_allowed", "message": "Method Not Allowed", "line": None, "col": None}
        }


def test_unsupported_media_type_and_body_too_large_use_the_envelope() -> None:
    with make_client(max_body_bytes=200) as c:
        form = c.post("/api/v1/run", data={"source": "x = 1"})
        assert form.status_code == 415
        assert form.json()["error"]["code"] == "unsupported_media_type"
        large = c.post("/api/v1/run", json={"source": "x = 1\n" * 100})
    message = "the request body is larger than the 200 bytes allowed"
    assert large.status_code == 413
    assert large.content == envelope_bytes(ApiError("body_too_large", message))  # same bytes as every route
    assert large.headers["content-type"] == "application/json"


# -- the handlers themselves, on a tiny app whose routes raise what the real ones can meet -----------------


def _raising_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    raised = {
        "busy": PoolBusy("every worker is busy", retry_after=3),
        "closed": PoolClosed("the pool is shutting down"),
        "timeout": WorkTimeout("the job ran past 10 s"),
        "engine": UnknownName("name 'x' is not defined", line=2, col=4),
        "api": ApiError("unsupported_media_type", "send JSON"),
        "bug": RuntimeError("secret detail /etc/passwd"),
    }

    @app.get("/raise/{what}")
    async def _raise(what: str) -> None:
        raise raised[what]

    return app


@pytest.mark.parametrize(
    ("what", "status", "body", "retry_after"),
    [
        ("busy", 503, {"code": "busy", "message": "every worker is busy", "line": None, "col": None}, "3"),
        (
            "closed",
            503,
            {"code": "unavailable", "message": "the pool is shutting down", "line": None, "col": None},
            "1",
        ),
        ("timeout", 422, {"code": "timeout", "message": "the job ran past 10 s", "line": None, "col": None}, None),
        ("engine", 400, {"code": "unknown_name", "message": "name 'x' is not defined", "line": 2, "col": 4}, None),
        ("api", 415, {"code": "unsupported_media_type", "message": "send JSON", "line": None, "col": None}, None),
        (
            "bug",
            500,
            {
                "code": "internal_error",
                "message": "the server failed to answer this request",
                "line": None,
                "col": None,
            },
            None,
        ),
    ],
)
def test_one_handler_per_kind_of_error(what: str, status: int, body: dict[str, Any], retry_after: str | None) -> None:
    with TestClient(_raising_app(), raise_server_exceptions=False) as c:
        response = c.get(f"/raise/{what}")
    assert response.status_code == status
    assert response.json() == {"error": body}  # never the exception's own text for a bug of ours
    assert response.headers.get("retry-after") == retry_after


def test_error_response_takes_an_error_or_its_dict() -> None:
    error = UnknownName("no such name", line=3, col=1)
    from_error, from_dict = error_response(error), error_response(error.to_dict())
    assert (
        (from_error.status_code, from_error.body)
        == (from_dict.status_code, from_dict.body)
        == (400, envelope_bytes(error))
    )
    busy = error_response({"code": "busy", "message": "later", "line": None, "col": None})
    assert (busy.status_code, busy.headers["retry-after"]) == (503, "1")
    assert envelope_bytes({"code": "x", "message": "\ud800 lone surrogate"}).isascii()
