"""Fixtures for the page tests: a real server in a subprocess, a headless Chromium, and a page that fails
the test on any console error or any request leaving 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


GUIDE_DISMISSED = "try { localStorage.setItem('agx-guide-dismissed', '1') } catch (e) {}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Base URL of a uvicorn serving app.main:app on a free port, started once per session."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: the browser tests need Debian's chromium")
    port = _free_port()
    env = {**os.environ, "AGX_WORKERS": os.environ.get("AGX_WORKERS", "2")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer /healthz within 60 s")
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


@pytest.fixture(scope="session")
def browser(server: str) -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def api(server: str) -> Iterator[Any]:
    """Calls POST /api/v1/run directly, as the reference the page must agree with."""
    with httpx.Client(base_url=server, timeout=30) as client:

        def run(source: str, **options: Any) -> dict[str, Any]:
            response = client.post("/api/v1/run", json={"source": source, **options})
            return response.json()  # type: ignore[no-any-return]

        yield run


class PageWatch:
    """Console errors, page errors and off-host requests seen by a page."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.allowed: list[str] = []  # substrings of console errors a test expects

    def console(self, msg: Any) -> None:
        if msg.type == "error":
            text = f"{msg.text} @ {msg.location.get('url', '')}"
            if not any(a in text for a in self.allowed):
                self.errors.append(text)

    def request(self, req: Any) -> None:
        host = urlsplit(req.url).hostname
        if req.url.startswith(("data:", "blob:", "about:")):
            return
        if host != "127.0.0.1":
            self.foreign.append(req.url)


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


def _open(browser: Any, watch: PageWatch, **context_options: Any) -> Any:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, **context_options)
    # The first-minute guide floats over the page; tests of anything else see it already dismissed.
    context.add_init_script(GUIDE_DISMISSED)
    page = context.new_page()
    page.on("console", watch.console)
    page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
    page.on("request", watch.request)
    page.set_default_timeout(20_000)
    return context, page


@pytest.fixture
def page(browser: Any, watch: PageWatch) -> Iterator[Any]:
    """A fresh page; the test fails if it logged a console error or asked for anything off 127.0.0.1."""
    context, pg = _open(browser, watch)
    yield pg
    context.close()
    assert watch.errors == []
    assert watch.foreign == []


@pytest.fixture
def nojs_page(browser: Any, watch: PageWatch) -> Iterator[Any]:
    """A page with JavaScript disabled: only the plain form and the server's rendering."""
    context, pg = _open(browser, watch, java_script_enabled=False)
    yield pg
    context.close()
    assert watch.errors == []
    assert watch.foreign == []
