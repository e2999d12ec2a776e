"""Answers, pages and static files are sent brotli- or gzip-encoded as Accept-Encoding asks, marked Vary, with the
encoded Content-Length and a tag per coding; the service keeps each answer encoded, so it is encoded once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from app import pipeline, service
from app.compression import decode
from tests.conftest import CELL3, make_client

STATIC_JS = max((Path(__file__).resolve().parents[2] / "static" / "js").glob("*.js"), key=lambda p: p.stat().st_size)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """Jobs in this process, the answer cache on."""
    with make_client(cache_entries=64) as c:
        yield c


def raw(client: TestClient, method: str, url: str, coding: str | None, **kwargs: Any) -> tuple[Any, bytes]:
    """The response and its body as sent on the wire (not decoded)."""
    headers = {**kwargs.pop("headers", {}), "accept-encoding": coding or ""}
    with client.stream(method, url, headers=headers, **kwargs) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_a_run_answer_is_sent_encoded_and_decodes_to_the_identity_answer(client: TestClient, coding: str) -> None:
    body = {"source": CELL3, "seed": 11}
    plain, plain_bytes = raw(client, "POST", "/api/v1/run", "identity", json=body)
    encoded, encoded_bytes = raw(client, "POST", "/api/v1/run", coding, json=body)
    assert plain.status_code == encoded.status_code == 200
    assert "content-encoding" not in plain.headers and plain.headers["vary"] == "Accept-Encoding"
    assert encoded.headers["content-encoding"] == coding and encoded.headers["vary"] == "Accept-Encoding"
    assert int(encoded.headers["content-length"]) == len(encoded_bytes) < len(plain_bytes) // 5
    assert decode(encoded_bytes, coding) == plain_bytes
    assert orjson.loads(plain_bytes)["error"] is None
    assert encoded.headers["etag"] == plain.headers["etag"][:-1] + f'-{coding}"'


def test_a_kept_answer_is_never_encoded_again(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for module in (pipeline, service):
        real = module.encode

        def counting(data: bytes, coding: str, real: Any = real) -> bytes:
            calls.append(coding)
            return real(data, coding)  # type: ignore[no-any-return]

        monkeypatch.setattr(module, "encode", counting)
    body = {"source": CELL3, "seed": 12}
    sent = [raw(client, "POST", "/api/v1/run", coding, json=body)[1] for coding in ("br", "br", "gzip", "gzip", "br")]
    assert calls == ["br", "gzip"]  # the worker's, then one re-encoding of the kept answer
    assert sent[0] == sent[1] == sent[4] and sent[2] == sent[3]
    assert decode(sent[0], "br") == decode(sent[2], "gzip")
    assert raw(client, "POST", "/api/v1/run", None, json=body)[1] == decode(sent[0], "br")


def test_graph_get_revalidates_per_coding(client: TestClient) -> None:
    params = {"source": CELL3, "seed": "13"}
    first, _ = raw(client, "GET", "/api/v1/graph.svg", "gzip, deflate, br", params=params)
    tag = first.headers["etag"]
    assert first.headers["content-encoding"] == "br" and tag.endswith('-br"')
    for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        again, body = raw(client, "GET", "/api/v1/graph.svg", "br", params=params, headers={"if-none-match": sent})
        assert again.status_code == 304 and body == b""
        assert again.headers["etag"] == tag and again.headers["vary"] == "Accept-Encoding"
    plain, body = raw(client, "GET", "/api/v1/graph.svg", "identity", params=params, headers={"if-none-match": tag})
    assert plain.status_code == 200 and body.startswith(b"<svg") and plain.headers["etag"] != tag


def test_pngs_and_small_answers_are_sent_as_they_are(client: TestClient) -> None:
    png, png_bytes = raw(client, "GET", "/api/v1/graph.png", "br", params={"source": CELL3})
    assert png.status_code == 200 and png_bytes.startswith(b"\x89PNG") and "content-encoding" not in png.headers
    small, small_bytes = raw(client, "GET", "/healthz", "br")
    assert small.status_code == 200 and "content-encoding" not in small.headers and len(small_bytes) < 1024
    assert small.headers["vary"] == "Accept-Encoding"
    refused, refused_bytes = raw(client, "POST", "/api/v1/run", "br", json={"source": "import os\n"})
    assert refused.status_code == 400 and "content-encoding" not in refused.headers
    assert orjson.loads(refused_bytes)["error"]["code"] == "unsupported"


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_the_page_and_static_files_are_encoded(client: TestClient, coding: str) -> None:
    page, page_bytes = raw(client, "GET", "/", coding)
    assert page.status_code == 200 and page.headers["content-encoding"] == coding
    assert page.headers["vary"] == "Accept-Encoding" and int(page.headers["content-length"]) == len(page_bytes)
    assert b"<!doctype html>" in decode(page_bytes, coding).lower()
    assert "content-security-policy" in page.headers  # the security headers still reach it

    url = f"/static/js/{STATIC_JS.name}"
    script, script_bytes = raw(client, "GET", url, coding)
    assert script.headers["content-encoding"] == coding and decode(script_bytes, coding) == STATIC_JS.read_bytes()
    assert script.headers["etag"].startswith('W/"')  # the strong tag names the identity bytes
    unchanged, _ = raw(client, "GET", url, coding, headers={"if-none-match": script.headers["etag"]})
    assert unchanged.status_code == 304
    head, head_bytes = raw(client, "HEAD", url, coding)
    assert head_bytes == b"" and "content-encoding" not in head.headers
    assert int(head.headers["content-length"]) == STATIC_JS.stat().st_size
    plain, plain_bytes = raw(client, "GET", url, "identity")
    assert plain_bytes == STATIC_JS.read_bytes() and plain.headers["vary"] == "Accept-Encoding"


def test_a_file_sent_in_parts_is_encoded_part_by_part(client: TestClient) -> None:
    big = max((STATIC_JS.parents[1] / "vendor").glob("*.js"), key=lambda p: p.stat().st_size)
    assert big.stat().st_size > 4 * 64 * 1024  # more than one part of a FileResponse
    response, body = raw(client, "GET", f"/static/vendor/{big.name}", "br")
    assert response.headers["content-encoding"] == "br" and "content-length" not in response.headers
    assert decode(body, "br") == big.read_bytes() and len(body) < big.stat().st_size // 2
