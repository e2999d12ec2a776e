"""The API reference: /docs works offline and every request field is described."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_docs_page_uses_only_local_assets(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(sources) == 3
    for url in sources:
        assert url.startswith("/static/"), url  # root-relative: nothing from another host, nothing from Host
        assert client.get(url).status_code == 200


def test_docs_page_ignores_the_host_header(client: TestClient) -> None:
    page = client.get("/docs", headers={"host": "evil.example"})
    assert page.status_code == 200
    assert "evil.example" not in page.text
    assert re.findall(r'(?:src|href)="([^"]+)"', page.text) == re.findall(
        r'(?:src|href)="([^"]+)"', client.get("/docs").text
    )


def test_every_request_field_is_described(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for model in ("RunBody", "BackwardBody", "ChainStep"):
        properties = schemas[model]["properties"]
        assert properties and all(p.get("description") for p in properties.values()), model
