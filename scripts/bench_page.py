"""The page's weight and its time to graph, in Debian's Chromium: the bytes a first visit loads, then the time
from pressing Run to the graph drawn, for the notebook's first cell and for a 1,000-op program.

    python scripts/bench_page.py [--url URL] [--runs N]

Starts its own uvicorn on a free 127.0.0.1 port unless --url is given (as scripts/screenshot.py does). Each run
uses a new seed, so neither the server's cache nor the page's answers it. Imports playwright and the standard
library only (and screenshot.py's `served`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from screenshot import CHROMIUM, CHROMIUM_ARGS, served

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = (ROOT / "tests" / "programs" / "02_notebook_in3_mean_backward.py").read_text()
THOUSAND = "x = torch.rand(3, requires_grad=True)\ny = x\nfor i in range(1000):\n    y = y * 1.001\nz = y.sum()\n"


def weight(page: Any, base: str) -> tuple[int, int, int]:
    """(requests, bytes as sent, bytes decoded) of a first visit to the page opened on `NOTEBOOK`."""
    sizes: list[tuple[int, int]] = []

    def finished(request: Any) -> None:
        response = request.response()
        if response is not None:
            sizes.append((request.sizes()["responseBodySize"], len(response.body())))

    page.on("requestfinished", finished)
    page.goto(f"{base}/?{urlencode({'source': NOTEBOOK})}")
    page.wait_for_selector("body[data-run-state=ready]")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", finished)
    return len(sizes), sum(s for s, _ in sizes), sum(d for _, d in sizes)


def time_to_graph(page: Any, source: str, runs: int) -> list[float]:
    """Milliseconds from pressing Run to the page ready with the new graph, once per seed."""
    page.fill("#source", source)
    times = []
    for seed in range(1, runs + 1):
        page.fill("#seed", str(seed))
        start = time.perf_counter()
        page.click("#run-button")
        page.wait_for_selector("body[data-run-state=busy]", state="detached", timeout=60_000)
        page.wait_for_selector("body[data-run-state=ready] #graph svg g.node")
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", help="a running server (default: start one on 127.0.0.1)")
    parser.add_argument("--runs", type=int, default=5, help="runs per program (default 5)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with served(args.url) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.add_init_script("localStorage.setItem('agx-guide-dismissed', '1')")
            page = context.new_page()
            count, sent, decoded = weight(page, base)
            print(f"page weight, first visit: {count} requests, {sent / 1024:.1f} KiB sent ({decoded / 1024:.1f} KiB)")
            for name, source in (("notebook cell", NOTEBOOK), ("1,000-op loop", THOUSAND)):
                times = time_to_graph(page, source, args.runs)
                print(f"Run to graph, {name}: median {statistics.median(times):.0f} ms, best {min(times):.0f} ms")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
