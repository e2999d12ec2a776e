"""What nginx in front (deploy/nginx/agx.conf) bounds before a request reaches the app: header sizes, bodies,
clients that stall. One replica behind nginx on 127.0.0.1; /healthz keeps answering throughout."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.compression import decode
from tests.deploy import nginxkit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(nginxkit.NGINX is None, reason="nginx is missing: `make test` installs Debian's package"),
]

SERVER = nginxkit.site().one("server")
HEADER_TIMEOUT_S = nginxkit.seconds(SERVER.one("client_header_timeout").args[0])
BODY_TIMEOUT_S = nginxkit.seconds(SERVER.one("client_body_timeout").args[0])
MAX_BODY = int(SERVER.one("client_max_body_size").args[0])
STALLED = 40  # connections that stop half-way, more than a replica's line of waiting requests


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """nginx's base URL with one replica behind it, and the folder holding its logs."""
    folder = tmp_path_factory.mktemp("front")
    with nginxkit.replicas(folder, count=1, workers=1) as replicas:
        with nginxkit.nginx(folder, [replicas[0].port]) as url:
            yield url, folder


def _reached_a_replica(entry: dict[str, str]) -> bool:
    return entry["upstreams"] not in ("", "-")


def test_an_oversized_header_never_reaches_the_app(front: tuple[str, Path]) -> None:
    url, folder = front
    with httpx.Client(base_url=url, timeout=10) as client:
        started = time.monotonic()
        one_large = client.get("/api/v1/limits", headers={"x-large": "a" * 9000})
        many = client.get("/api/v1/limits", headers={f"x-h{i}": "a" * 7000 for i in range(6)})
        long_line = client.get("/api/v1/limits", params={"q": "a" * 9000})
        took = time.monotonic() - started
        within = client.get("/api/v1/limits", headers={"x-large": "a" * 7000})
    assert (one_large.status_code, many.status_code, long_line.status_code) == (400, 400, 414)
    assert took < 2
    assert within.status_code == 200
    limits = nginxkit.access_log(folder, "/api/v1/limits", at_least=3)
    assert [(e["status"], _reached_a_replica(e)) for e in limits] == [("400", False), ("400", False), ("200", True)]
    request_lines = nginxkit.access_log(folder, "-")  # a request line refused as too long has no URI
    assert [(e["status"], _reached_a_replica(e)) for e in request_lines] == [("414", False)]


def test_a_megabyte_header_is_cut_off_at_once(front: tuple[str, Path]) -> None:
    url, _ = front
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        started = time.monotonic()
        try:
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n")
            answer = conn.recv(64)
        except (BrokenPipeError, ConnectionResetError):
            answer = b"HTTP/1.1 400 (the connection was closed while sending)"
        took = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 400")
    assert took < 2


def test_a_body_over_the_cap_is_refused_with_the_apps_envelope(front: tuple[str, Path]) -> None:
    url, folder = front
    json_type = {"content-type": "application/json"}
    with httpx.Client(base_url=url, timeout=10) as client:
        declared = client.post("/api/v1/run", content=b" " * (MAX_BODY + 1), headers=json_type)
        chunked = client.post("/api/v1/run", content=iter([b" " * 40_000, b" " * 40_000]), headers=json_type)
        at_the_cap = client.post("/api/v1/run", content=b" " * MAX_BODY, headers=json_type)
    for refused in (declared, chunked):
        assert refused.status_code == 413
        assert refused.json()["error"]["code"] == "body_too_large"
    assert at_the_cap.status_code == 422  # reached the app, which found no program in it
    posts = nginxkit.access_log(folder, "/api/v1/run", at_least=3)
    assert [(e["status"], _reached_a_replica(e)) for e in posts] == [("413", False), ("413", False), ("422", True)]


def test_encoded_answers_pass_through_and_are_cached_per_coding(front: tuple[str, Path]) -> None:
    url, _folder = front
    query = {"source": "x = torch.ones(3, requires_grad=True)\ny = (x * 2).sum()\n", "seed": "5"}
    with httpx.Client(base_url=url, timeout=30) as client:

        def get(coding: str) -> tuple[httpx.Response, bytes]:
            with client.stream("GET", "/api/v1/graph.svg", params=query, headers={"accept-encoding": coding}) as r:
                return r, b"".join(r.iter_raw())

        (br, br_bytes), (br_again, br_again_bytes) = get("br"), get("br")
        plain, plain_bytes = get("identity")
        gz, gz_bytes = get("gzip")
    assert (br.headers["content-encoding"], br.headers["x-cache-status"]) == ("br", "MISS")
    assert (br_again.headers["x-cache-status"], br_again_bytes) == ("HIT", br_bytes)
    assert "content-encoding" not in plain.headers and plain.headers["x-cache-status"] == "MISS"
    assert gz.headers["content-encoding"] == "gzip" and gz.headers["x-cache-status"] == "MISS"
    # Encoded once, by the app: each decodes straight to the SVG.
    assert decode(br_bytes, "br") == plain_bytes == decode(gz_bytes, "gzip")
    assert plain_bytes.startswith(b"<svg") and len(br_bytes) < len(plain_bytes)


def _stall(port: int, partial: bytes, closed_after: list[float], lock: threading.Lock) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=HEADER_TIMEOUT_S + BODY_TIMEOUT_S + 10) as conn:
        conn.sendall(partial)
        started = time.monotonic()
        try:
            while conn.recv(4096):  # nginx may say 408 before it closes
                pass
        except (ConnectionResetError, TimeoutError):
            pass
        with lock:
            closed_after.append(time.monotonic() - started)


def test_clients_that_stall_are_disconnected_while_health_checks_answer(front: tuple[str, Path]) -> None:
    url, _ = front
    port = int(url.rsplit(":", 1)[1])
    partial_header = b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: "
    partial_body = b"POST /api/v1/run HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{"
    lock = threading.Lock()
    header_closed: list[float] = []
    body_closed: list[float] = []
    threads = [
        threading.Thread(target=_stall, args=(port, partial, closed, lock))
        for _ in range(STALLED // 2)
        for partial, closed in ((partial_header, header_closed), (partial_body, body_closed))
    ]
    for thread in threads:
        thread.start()
    health: list[float] = []
    with httpx.Client(base_url=url, timeout=10) as client:
        while any(thread.is_alive() for thread in threads):
            started = time.monotonic()
            assert client.get("/healthz").status_code == 200
            health.append(time.monotonic() - started)
            time.sleep(0.25)
    for thread in threads:
        thread.join()
    assert len(header_closed) == len(body_closed) == STALLED // 2
    assert max(header_closed) < HEADER_TIMEOUT_S + 3
    assert max(body_closed) < BODY_TIMEOUT_S + 3
    assert min(header_closed + body_closed) > 1  # closed by the timeout, not refused at once
    assert health and max(health) < 3
