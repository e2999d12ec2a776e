"""Body-size cap and security headers, on a tiny app built here and through a real uvicorn server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import select
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from app.errors_http import ApiError, envelope_bytes
from app.middleware import HTML_CSP, SVG_CSP, install_middleware

LIMIT = 1_000
TOO_LARGE = {
    "error": {
        "code": "body_too_large",
        "message": f"the request body is larger than the {LIMIT} bytes allowed",
        "line": None,
        "col": None,
    }
}


class Program(BaseModel):
    source: str


def make_app() -> FastAPI:
    app = FastAPI()
    app.state.calls = 0

    @app.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        request.app.state.calls += 1
        return {"received": len(await request.body())}

    @app.post("/model")
    async def model(program: Program) -> dict[str, int]:  # FastAPI reads and validates the body itself
        return {"chars": len(program.source)}

    @app.get("/page")
    async def page() -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>x</title>")

    @app.get("/graph.svg")
    async def graph() -> Response:
        return Response('<svg xmlns="http://www.w3.org/2000/svg"/>', media_type="image/svg+xml")

    @app.get("/own-policy")
    async def own_policy() -> HTMLResponse:
        return HTMLResponse("<p>x</p>", headers={"Content-Security-Policy": "default-src 'none'"})

    install_middleware(app, max_body_bytes=LIMIT)
    return app


async def call(app: FastAPI, method: str, url: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, url, **kwargs)  # type: ignore[arg-type]


def request(method: str, url: str, app: FastAPI | None = None, **kwargs: object) -> httpx.Response:
    return asyncio.run(call(app or make_app(), method, url, **kwargs))


class Chunks:
    """A chunked request body (no Content-Length) that records how much of it was read."""

    def __init__(self, count: int, size: int) -> None:
        self.count, self.size, self.sent = count, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.count):
            self.sent += 1
            yield b"x" * self.size


def assert_security_headers(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("size", [0, LIMIT - 1, LIMIT])
def test_bodies_up_to_the_cap_reach_the_app(size: int) -> None:
    response = request("POST", "/raw", content=b"a" * size)
    assert response.status_code == 200
    assert response.json() == {"received": size}
    assert_security_headers(response)
    assert "content-security-policy" not in response.headers  # JSON is not a document


def test_a_declared_length_over_the_cap_is_refused_before_the_app_runs() -> None:
    app = make_app()
    response = request("POST", "/raw", app=app, content=b"a" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    # the very bytes a route's error_response() would send: one envelope, whichever layer answers
    assert response.content == envelope_bytes(ApiError("body_too_large", TOO_LARGE["error"]["message"]))
    assert response.headers["content-type"] == "application/json"
    assert app.state.calls == 0
    assert_security_headers(response)


def test_a_chunked_body_over_the_cap_is_refused_and_not_read_to_the_end() -> None:
    body = Chunks(count=100, size=300)
    response = request("POST", "/raw", content=body)
    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    assert body.sent <= 5  # reading stopped at the cap, not after 30 kB


def test_a_chunked_body_under_the_cap_is_served() -> None:
    response = request("POST", "/raw", content=Chunks(count=3, size=300))
    assert response.status_code == 200
    assert response.json() == {"received": 900}


def test_a_route_that_parses_the_body_itself_still_answers_413_not_400() -> None:
    payload = json.dumps({"source": "x" * (LIMIT * 3)}).encode()

    async def stream() -> AsyncIterator[bytes]:
        for start in range(0, len(payload), 250):
            yield payload[start : start + 250]

    response = request("POST", "/model", content=stream())
    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    small = request("POST", "/model", json={"source": "x = 1"})
    assert (small.status_code, small.json()) == (200, {"chars": 5})


def test_html_gets_a_policy_without_inline_script() -> None:
    response = request("GET", "/page")
    assert response.headers["content-security-policy"] == HTML_CSP
    assert "'unsafe-inline'" not in HTML_CSP and "script-src 'self'" in HTML_CSP
    assert response.headers["x-frame-options"] == "DENY"
    assert_security_headers(response)


def test_svg_gets_a_sandboxing_policy() -> None:
    response = request("GET", "/graph.svg")
    assert response.headers["content-security-policy"] == SVG_CSP
    assert SVG_CSP == "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    assert_security_headers(response)


def test_a_policy_the_route_set_is_kept_and_errors_get_headers_too() -> None:
    own = request("GET", "/own-policy")
    assert own.headers.get_list("content-security-policy") == ["default-src 'none'"]
    missing = request("GET", "/nowhere")
    assert missing.status_code == 404
    assert_security_headers(missing)


# -- through a real server: the body arrives over a socket, chunked or with a lying length ----------------


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    """A uvicorn server on a free local port, running the tiny app in a thread."""
    config = uvicorn.Config(make_app(), host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not (instance.started and instance.servers):
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port: int = instance.servers[0].sockets[0].getsockname()[1]
    yield port
    instance.should_exit = True
    thread.join(10)


def exchange(port: int, head: bytes, body_parts: list[bytes]) -> bytes:
    """Send the request part by part, as a client that reads what comes back: once the server has answered it
    stops sending (bytes the server never reads make its close a reset, which can lose the answer in flight)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(head)
        for part in body_parts:
            if select.select([conn], [], [], 0.02)[0]:  # answered already
                break
            try:
                conn.sendall(part)
            except OSError:  # the server may close as soon as it has answered
                break
        reply = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := conn.recv(65536):
                reply += chunk
    return reply


def test_real_server_refuses_a_large_declared_length_without_waiting_for_the_body(server: int) -> None:
    head = b"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
    started = time.monotonic()
    reply = exchange(server, head, [])
    assert time.monotonic() - started < 2
    status, _, body = reply.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 413 ")
    assert b"x-content-type-options: nosniff" in status.lower()
    assert json.loads(body) == TOO_LARGE


def test_real_server_stops_a_chunked_body_at_the_cap(server: int) -> None:
    head = b"POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    parts = [b"200\r\n" + b"y" * 512 + b"\r\n" for _ in range(8)] + [b"0\r\n\r\n"]
    status, _, body = exchange(server, head, parts).partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 413 ")
    assert json.loads(body) == TOO_LARGE
    ok = exchange(server, head, [b"10\r\n" + b"z" * 16 + b"\r\n", b"0\r\n\r\n"])
    assert ok.startswith(b"HTTP/1.1 200 ") and ok.endswith(b'{"received":16}')
