"""app/hotpath.py answers POST /api/v1/run exactly as the route does: the same status, headers and bytes for
every request, valid or not, with the hot path in the stack and without it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import hotpath
from app.hotpath import RunHotPath
from app.main import create_app
from app.settings import Settings
from tests.conftest import CELL3

SMALL = "x = torch.ones(2, requires_grad=True)\ny = (x * 3).sum()\ny.backward()\n"
JSON = {"content-type": "application/json"}


def _app(with_hot_path: bool) -> Any:
    app = create_app(Settings(workers=0, cache_entries=0, max_backward_times=2))
    if not with_hot_path:  # the stack is built at the first request, from this list
        app.user_middleware = [m for m in app.user_middleware if m.cls is not RunHotPath]
    return app


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[TestClient, TestClient]]:
    """(with the hot path, without it)."""
    with TestClient(_app(True)) as hot, TestClient(_app(False)) as plain:
        yield hot, plain


@pytest.fixture
def answered_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many requests the hot path answered itself."""
    calls: list[int] = []
    answer = hotpath.answer_run

    async def counted(*args: Any) -> Any:
        calls.append(1)
        return await answer(*args)

    monkeypatch.setattr(hotpath, "answer_run", counted)
    return calls


def _same(clients: tuple[TestClient, TestClient], content: bytes | str, headers: dict[str, str]) -> int:
    hot, plain = (c.post("/api/v1/run", content=content, headers=headers) for c in clients)
    assert (hot.status_code, dict(hot.headers), hot.content) == (plain.status_code, dict(plain.headers), plain.content)
    return hot.status_code


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (json.dumps({"source": CELL3, "seed": 3}), JSON),
        ('{"source": "x = torch.ones(2, requires_grad=True)\\ny = x * 2\\n", "seed": 1, "zero_grad": true}', JSON),
        ('{"source": "x = 1\\n"}', {"content-type": "application/json; charset=utf-8"}),
        ('{"source": "x = 1\\n"}', {**JSON, "accept-encoding": "br"}),
        ('{"source": "x = 1\\n", "seed": 2, "show_saved": true}', {**JSON, "accept-encoding": "gzip"}),
        (
            '{"source": "x = torch.ones(2, requires_grad=True)\\ny = (x * x).sum()\\n",'
            ' "backward": {"target": "y", "times": 2}}',
            JSON,
        ),
        ('{"source": "x = undefined_name + 1\\n"}', JSON),  # a program error: refused by the engine
        ('{"source": "import os\\n"}', JSON),  # refused by the checker
    ],
)
def test_a_valid_request_is_answered_by_the_hot_path_as_the_route_answers_it(
    clients: tuple[TestClient, TestClient], answered_here: list[int], body: str, headers: dict[str, str]
) -> None:
    _same(clients, body, headers)
    assert answered_here == [1]


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ("{", JSON),  # not JSON
        ('{"source": "x = 1\\n", "seed": NaN}', JSON),  # the standard library's JSON, not orjson's
        ('{"source": "x = 1\\n", "seed": 1000000000000000000000000000000}', JSON),
        # past Python's int max str digits: json.loads refuses it, as it refuses any other body that is not JSON
        pytest.param('{"source": "x = 1\\n", "seed": ' + "9" * 4_301 + "}", JSON, id="seed-past-str-digits"),
        pytest.param(
            '{"source": "x = 1\\n", "backward": {"target": "x", "times": ' + "9" * 4_301 + "}}",
            JSON,
            id="times-past-str-digits",
        ),
        ("[]", JSON),
        ('"x = 1"', JSON),
        ("", JSON),
        ("{}", JSON),
        ('{"source": "x = 1\\n", "chain": []}', JSON),
        ('{"source": "x = 1\\n", "seed": -1}', JSON),
        ('{"source": "x = 1\\n", "seed": "3"}', JSON),
        ('{"source": "x = 1\\n", "zero_grad": "yes"}', JSON),
        ('{"source": "x = 1\\n", "collapse": ["../x"]}', JSON),
        ('{"source": "x = 1\\n"}', {"content-type": "text/plain"}),
        ('{"source": "x = 1\\n"}', {}),
    ],
)
def test_anything_the_route_would_refuse_goes_on_to_the_route(
    clients: tuple[TestClient, TestClient], answered_here: list[int], body: str, headers: dict[str, str]
) -> None:
    status = _same(clients, body, headers)
    assert status >= 400
    assert answered_here == []


def test_an_integer_past_the_str_digits_limit_is_answered_as_a_body_that_is_not_json(
    clients: tuple[TestClient, TestClient],
) -> None:
    hot, _ = clients
    huge = hot.post("/api/v1/run", content='{"source": "x = 1\\n", "seed": ' + "9" * 4_301 + "}", headers=JSON)
    not_json = hot.post("/api/v1/run", content="{", headers=JSON)
    assert huge.status_code == not_json.status_code == 422
    assert huge.json()["error"]["code"] == not_json.json()["error"]["code"] == "invalid_request"


def test_a_refusal_of_the_service_is_the_error_handlers_answer(
    clients: tuple[TestClient, TestClient], answered_here: list[int]
) -> None:
    """backward.times past the settings' bound (2 here): valid for the schema, refused by the service (an AppError)."""
    program = "x = torch.ones(2, requires_grad=True)\ny = x.sum()\n"
    body = json.dumps({"source": program, "backward": {"target": "y", "times": 3}})
    assert _same(clients, body, JSON) == 422
    assert answered_here == [1]


def test_other_methods_and_paths_are_the_routes(clients: tuple[TestClient, TestClient]) -> None:
    hot, plain = clients
    for method, path in (("GET", "/api/v1/run"), ("POST", "/api/v1/run/"), ("POST", "/api/v1/graph.dot")):
        a = hot.request(method, path, content='{"source": "x = 1\\n"}', headers=JSON)
        b = plain.request(method, path, content='{"source": "x = 1\\n"}', headers=JSON)
        assert (a.status_code, dict(a.headers), a.content) == (b.status_code, dict(b.headers), b.content)


def test_a_body_in_parts_is_read_whole(clients: tuple[TestClient, TestClient], answered_here: list[int]) -> None:
    def parts() -> Iterator[bytes]:
        yield b'{"source": "x = torch.ones(2)\\n",'
        yield b' "seed": 5}'

    hot, plain = clients
    a = hot.post("/api/v1/run", content=parts(), headers=JSON)
    b = plain.post("/api/v1/run", content=parts(), headers=JSON)
    assert (a.status_code, a.content) == (b.status_code, b.content) and a.status_code == 200
    assert answered_here == [1]
