"""Refreshes the README's picture, docs/screenshot.png: the first example just after its backward call, walked
backward to its third node, a node open.

    python scripts/screenshot.py [--url URL] [--out PATH]        (or: make screenshot)

Starts its own uvicorn (app.main:app) on a free 127.0.0.1 port unless --url is given, and drives Debian's
Chromium through Playwright. tests/web/test_page.py stages the same view with `stage` and checks what it shows,
but saves its picture in a temporary folder: only this command rewrites the README's.
Imports httpx, playwright and the standard library only.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshot.png"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
EXAMPLE = "gradient"
OPEN_NODE = "b"  # the node whose panel is open, named by its variable
WALKED = 2  # nodes of the backward walk stepped past: the picture shows MulBackward0's local derivative


def stage(page: Any, base: str) -> dict[str, Any]:
    """Brings the page to the pictured view; returns the API's answer for the example, which the page shows."""
    with httpx.Client(base_url=base, timeout=30) as client:
        examples = client.get("/api/v1/examples").json()["examples"]
        source = next(e["source"] for e in examples if e["id"] == EXAMPLE)
        answer: dict[str, Any] = client.post("/api/v1/run", json={"source": source}).json()
    page.goto(f"{base}/?example={EXAMPLE}")
    page.wait_for_selector("body[data-run-state=ready]")
    if page.is_visible("#guide"):  # a first visit's guide floats over the graph: the picture shows the page
        page.click("#guide-close")
    backward_step = next(i for i, step in enumerate(answer["steps"]) if step["kind"] == "backward")
    page.fill("#step-slider", str(backward_step))
    node = next(n for n in answer["graph"]["nodes"] if n["variables"] == [OPEN_NODE])
    page.click(f'#graph g.node[id="{node["id"]}"]')
    for _ in range(WALKED):
        page.click("#walk-next")
    return answer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(url: str | None, timeout_s: float = 120) -> Iterator[str]:
    """The base URL of a server: `url` itself, or a uvicorn started here and stopped on exit."""
    if url is not None:
        yield url.rstrip("/")
        return
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with status {server.returncode}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"{base}/healthz did not answer within {timeout_s:g} s")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", help="a running server to picture (default: start one on 127.0.0.1)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to save the picture (default: {OUT})")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with served(args.url) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # The page tests' viewport: the picture shows what they check.
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.set_default_timeout(30_000)
            stage(page, base)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=True)
        finally:
            browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
