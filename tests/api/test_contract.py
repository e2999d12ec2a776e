"""The published contract is the real one: clients generate code from /openapi.json, so it says what the server does.

Real answers (every corpus program, every error path, every graph format) are checked against the declared
statuses, content types and response schemas; schemathesis then fuzzes the live server with all its checks.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from app.run_request import SEED_MAX
from tests.api.schemathesis_hooks import refusal_problem
from tests.conftest import CELL3, make_client

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = sorted((ROOT / "tests" / "programs").glob("*.py"))
RUN = "/api/v1/run"
# Bounds for the fuzzing run: examples per operation, and a hard stop should the server hang.
MAX_EXAMPLES = 30
SCHEMATHESIS_TIMEOUT_S = 600
HOOKS = Path(__file__).with_name("schemathesis_hooks.py")
# A source string is schema-valid whatever it says, yet the language may refuse it: before it runs (400:
# syntax_error, unsupported, unknown_name) or past a limit (422: limit_exceeded, ...). Both are documented
# refusals, so their statuses count as accepting well-formed data; the hooks' check then holds each such answer
# to the codes its operation declares, so a 422 invalid_request for schema-valid data is still a failure.
SCHEMATHESIS_CONFIG = f"""
hooks = {json.dumps(str(HOOKS))}

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "422", "429", "5xx"]
"""


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    """The published OpenAPI document."""
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for `schema`, whose $refs point into the document's components."""
    return Draft202012Validator({**schema, "components": spec["components"]})


def validate(spec: dict[str, Any], schema: dict[str, Any], body: Any) -> None:
    validator(spec, schema).validate(body)


def check_declared(spec: dict[str, Any], method: str, path: str, response: httpx.Response) -> None:
    """The status and content type are declared for this operation, and a JSON body matches its schema."""
    operation = spec["paths"][path][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {path}: {status} is not declared"
    content = operation["responses"][status].get("content", {})
    assert media_type(response) in content, f"{method} {path} {status}: {media_type(response)} is not declared"
    if media_type(response) == "application/json":
        validate(spec, content["application/json"].get("schema", {}), response.json())
    if response.status_code >= 400:
        code = response.json()["error"]["code"]
        assert code in operation["responses"][status]["x-error-codes"], f"{method} {path} {status}: {code}"


def check_envelope(spec: dict[str, Any], response: httpx.Response) -> None:
    """For answers no operation declares (unknown path, undeclared method): the documented error envelope."""
    assert media_type(response) == "application/json"
    validate(spec, {"$ref": "#/components/schemas/ErrorResponse"}, response.json())


# -- real answers against the schema ------------------------------------------------------------------------


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_every_corpus_answer_matches_the_schema(client: TestClient, spec: dict[str, Any], path: Path) -> None:
    response = client.post(RUN, json={"source": path.read_text(encoding="utf-8")})
    assert response.status_code in (200, 400, 422)
    check_declared(spec, "POST", RUN, response)


ERROR_PATHS: list[tuple[str, dict[str, Any], int, str]] = [
    # (id, keyword arguments of client.post, status, code)
    ("bad-json", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_request"),
    (
        "integer-past-str-digits",
        {
            "content": b'{"source": "x = 1", "seed": ' + b"9" * 4_301 + b"}",
            "headers": {"content-type": "application/json"},
        },
        422,
        "invalid_request",
    ),
    ("form-body", {"data": {"source": "x = 1"}}, 415, "unsupported_media_type"),
    ("text-body", {"content": b"x = 1", "headers": {"content-type": "text/plain"}}, 415, "unsupported_media_type"),
    ("body-too-large", {"json": {"source": "x = 1\n" * 20_000}}, 413, "body_too_large"),
    ("neither-source-nor-chain", {"json": {}}, 422, "invalid_request"),
    ("unknown-field", {"json": {"source": "x = 1", "evil": True}}, 422, "invalid_request"),
    ("syntax-error", {"json": {"source": "x = torch.rand(2,\n"}}, 400, "syntax_error"),
    ("unsupported-construct", {"json": {"source": "def f():\n    yield 1\n"}}, 400, "unsupported"),
    ("unknown-name", {"json": {"source": "eval('1')\n"}}, 400, "unknown_name"),
    ("limit-before-running", {"json": {"source": "x = " + "9" * 100 + "\n"}}, 422, "limit_exceeded"),
    ("limit-while-running", {"json": {"source": "x = torch.zeros(100000, 100000)\n"}}, 200, "limit_exceeded"),
    ("runtime-error", {"json": {"source": "a = torch.ones(2, 3)\nb = a @ a\n"}}, 200, "runtime_error"),
]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"), [case[1:] for case in ERROR_PATHS], ids=[case[0] for case in ERROR_PATHS]
)
def test_every_error_path_matches_the_schema(
    client: TestClient, spec: dict[str, Any], kwargs: dict[str, Any], status: int, code: str
) -> None:
    response = client.post(RUN, **kwargs)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    check_declared(spec, "POST", RUN, response)


def test_unknown_path_and_undeclared_method_answer_the_envelope(client: TestClient, spec: dict[str, Any]) -> None:
    missing = client.get("/api/v1/nothing")
    assert missing.status_code == 404
    check_envelope(spec, missing)
    for path, operations in spec["paths"].items():
        url = path.replace("{fmt}", "svg")
        wrong = client.request("PATCH", url)
        assert wrong.status_code == 405, url
        check_envelope(spec, wrong)
        # HEAD aside (a framework may add it to GET), Allow names exactly the documented methods.
        allowed = {m.strip().lower() for m in wrong.headers["allow"].split(",")} - {"head"}
        assert allowed == set(operations), url


@pytest.mark.parametrize("fmt", ["svg", "png", "dot", "json"])
def test_every_graph_format_is_declared(client: TestClient, spec: dict[str, Any], fmt: str) -> None:
    path = "/api/v1/graph.{fmt}"
    posted = client.post(f"/api/v1/graph.{fmt}", json={"source": CELL3})
    fetched = client.get(f"/api/v1/graph.{fmt}", params={"source": CELL3})
    for method, response in (("POST", posted), ("GET", fetched)):
        assert response.status_code == 200
        check_declared(spec, method, path, response)
    refused = client.get(f"/api/v1/graph.{fmt}", params={"source": "eval('1')\n"})
    assert refused.status_code == 400
    check_declared(spec, "GET", path, refused)
    unchanged = client.get(
        f"/api/v1/graph.{fmt}", params={"source": CELL3}, headers={"if-none-match": fetched.headers["etag"]}
    )
    assert unchanged.status_code == 304
    assert "304" in spec["paths"][path]["get"]["responses"]


def test_a_limit_refusal_of_schema_valid_data_is_a_documented_refusal(client: TestClient, spec: dict[str, Any]) -> None:
    """A schema-valid query whose program the engine refuses: a declared 422 with a declared code, which the
    fuzzing run's check accepts; the same check refuses an invalid_request."""
    params = {"source": "999999999999999999999999999999", "times": "20"}
    refused = client.get("/api/v1/graph.dot", params=params)
    assert refused.status_code == 422
    assert refused.json() == {
        "error": {"code": "limit_exceeded", "message": "integer literal over max_int_bits=64 bits", "line": 1, "col": 0}
    }
    check_declared(spec, "GET", "/api/v1/graph.{fmt}", refused)
    declared = spec["paths"]["/api/v1/graph.{fmt}"]["get"]["responses"]["422"]
    assert refusal_problem(declared, 422, refused.content) is None
    malformed = client.get("/api/v1/graph.dot", params={**params, "times": "0"})
    assert malformed.status_code == 422
    assert refusal_problem(declared, 422, malformed.content) == "422 invalid_request for schema-valid data"
    undeclared = b'{"error": {"code": "step_not_found", "message": "", "line": null, "col": null}}'
    assert refusal_problem(declared, 422, undeclared) == "422 step_not_found is not among the codes declared for 422"


SOURCE = "x = 1\n"


@pytest.mark.parametrize(
    "body",
    [
        {"source": SOURCE},
        {"chain": []},
        {"source": SOURCE, "chain": None},
        {"source": None, "chain": [{"name": "x", "op": "ones", "args": [2]}]},
        {},
        {"source": None, "chain": None},
        {"source": SOURCE, "chain": []},
        {"source": SOURCE, "show_saved": 0},
        {"source": SOURCE, "zero_grad": "true"},
        {"source": SOURCE, "seed": 2.0},
        {"source": SOURCE, "seed": "2"},
        {"source": SOURCE, "seed": True},
        {"source": SOURCE, "seed": SEED_MAX},
        {"source": SOURCE, "seed": SEED_MAX + 1},
        {"source": SOURCE, "backward": {"target": "x", "times": 1.0}},
    ],
    ids=repr,
)
def test_the_schema_accepts_exactly_the_bodies_the_server_accepts(
    client: TestClient, spec: dict[str, Any], body: dict[str, Any]
) -> None:
    valid = validator(spec, {"$ref": "#/components/schemas/RunBody"}).is_valid(body)
    answer = client.post(RUN, json=body)
    assert answer.status_code in (200, 422), answer.text
    assert valid == (answer.status_code == 200), answer.text


def test_published_bounds_are_the_enforced_ones() -> None:
    """A bound from the settings is in the schema; an integer bound is the exact integer, not a float near it."""
    with make_client(max_backward_times=3) as c:
        spec = c.get("/openapi.json").json()
        schemas = spec["components"]["schemas"]
        query = {p["name"]: p["schema"] for p in spec["paths"]["/api/v1/graph.{fmt}"]["get"]["parameters"]}
        assert schemas["BackwardBody"]["properties"]["times"]["maximum"] == query["times"]["maximum"] == 3
        for seed in (schemas["RunBody"]["properties"]["seed"], query["seed"]):
            assert (seed["minimum"], seed["maximum"]) == (0, SEED_MAX)
            assert isinstance(seed["maximum"], int)
        source = "x = torch.ones(2, requires_grad=True)\ny = x.sum()\n"
        for times, status in ((3, 200), (4, 422)):
            body = {"source": source, "backward": {"target": "y", "times": times}}
            assert c.post(RUN, json=body).status_code == status
            for params in ({"source": source, "target": "y", "times": times}, {"source": source, "times": times}):
                assert c.get("/api/v1/graph.dot", params=params).status_code == status


# -- schemathesis against the live server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    """Base URL of uvicorn serving app.main:app, as deployed (one worker process), on a free local port."""
    port = _free_port()
    env = {**os.environ, "AGX_WORKERS": "1"}
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                stderr = proc.stderr.read().decode()[-2000:] if proc.stderr else ""
                raise RuntimeError(f"server exited: {stderr}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server did not answer /healthz within 60 s"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


@pytest.mark.slow
def test_schemathesis_finds_nothing(live_server: str, tmp_path: Path) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(SCHEMATHESIS_CONFIG, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        f"{live_server}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "1",  # the same cases every run: a failure here is reproducible
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--generation-database",
        "none",
        "--continue-on-failure",
        "--no-color",
    ]
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=SCHEMATHESIS_TIMEOUT_S, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-20_000:]
    assert "No issues found" in output or " passed" in output, output[-5_000:]
