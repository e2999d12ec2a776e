"""The app builds no URL from the Host header, so no cache in front of it can hand one client's host to another."""

from __future__ import annotations

import re

import pytest

from tests.conftest import make_client

HOSTILE_HOST = "evil.example"
URL_ATTRIBUTE = re.compile(r'(?:src|href|action)="([^"]*)"')


@pytest.mark.parametrize("path", ["/", "/docs", "/?example=gradient"])
def test_pages_link_by_root_relative_paths_whatever_the_host(path: str) -> None:
    with make_client() as client:
        page = client.get(path, headers={"host": HOSTILE_HOST})
        plain = client.get(path)
    assert page.status_code == 200
    assert HOSTILE_HOST not in page.text
    urls = URL_ATTRIBUTE.findall(page.text)
    assert any(url.startswith("/static/") for url in urls)
    local = [url for url in urls if not url.startswith(("https://", "#"))]  # links out to documentation are fine
    assert all(url.startswith("/") and not url.startswith("//") for url in local), local
    assert page.text == plain.text  # the same bytes for every Host: safe to cache


@pytest.mark.parametrize("path", ["/healthz/", "/docs/", "/api/v1/ops/", "/static"])
def test_no_redirect_names_the_host(path: str) -> None:
    with make_client() as client:
        answer = client.get(path, headers={"host": HOSTILE_HOST}, follow_redirects=False)
    assert answer.status_code == 404
    assert "location" not in answer.headers
    assert HOSTILE_HOST not in answer.text
