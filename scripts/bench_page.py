"""The page's weight and its time to graph, in Debian's Chromium: the bytes a first visit loads, then the time
from pressing Run to the graph drawn, for the notebook's first cell and for a 1,000-op program (its loop collapsed,
as the page opens it, and drawn whole), then where that time goes in the page: the answer (server and transfer),
the page's script (split by the marks static/js/main.js sets: reading the answer, drawing it, the rest up to
ready), and the frame that paints the graph.

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
# Watches the page from outside its scripts: when Run is pressed, when the run's answer arrived (its resource
# timing), when the page turned ready, and when the frame after that was painted (a task queued from the next
# animation frame runs once that frame is done).
TIMES = """
window.__bench = {runs: []};
addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("#run-button")) __bench.runs.push({click: performance.now()});
}, true);
new PerformanceObserver((list) => {
  const run = __bench.runs[__bench.runs.length - 1];
  list.getEntries().forEach((e) => { if (run && e.name.endsWith("/api/v1/run")) run.answered = e.responseEnd; });
}).observe({type: "resource", buffered: false});
new PerformanceObserver((list) => {
  const run = __bench.runs[__bench.runs.length - 1];
  list.getEntries().forEach((e) => { if (run && e.name.startsWith("run:")) run[e.name.slice(4)] = e.startTime; });
}).observe({type: "mark", buffered: false});
addEventListener("DOMContentLoaded", () => new MutationObserver(() => {
  const run = __bench.runs[__bench.runs.length - 1];
  if (!run || run.ready !== undefined || document.body.dataset.runState !== "ready") return;
  run.ready = performance.now();
  requestAnimationFrame(() => setTimeout(() => { run.painted = performance.now(); }));
}).observe(document.body, {attributes: true, attributeFilter: ["data-run-state"]}));
"""


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


def time_to_graph(page: Any, source: str, seeds: range, lean: bool) -> tuple[list[float], list[dict[str, float]]]:
    """Milliseconds from pressing Run to the page ready with the new graph, once per seed, as this script's clock
    sees it, and each run's times in the page, up to the frame that paints it.

    Not lean: Playwright's own click (it first waits for the button to be stable over two animation frames) and
    its selector polls. Lean: the click event dispatched at once and one wait for the painted frame, so the
    clock adds only the driver's round trips to the page's own time."""
    page.fill("#source", source)
    times = []
    for seed in seeds:
        page.fill("#seed", str(seed))
        start = time.perf_counter()
        if lean:
            page.dispatch_event("#run-button", "click")
            page.wait_for_function("() => __bench.runs.at(-1).painted !== undefined", polling="raf", timeout=60_000)
        else:
            page.click("#run-button")
            page.wait_for_selector("body[data-run-state=busy]", state="detached", timeout=60_000)
            # Attached, not visible: a big graph's view renders only the nodes near it, rarely the first.
            page.wait_for_selector("body[data-run-state=ready] #graph svg g.node", state="attached")
        times.append((time.perf_counter() - start) * 1000)
        page.wait_for_function("() => __bench.runs.at(-1).painted !== undefined")
        if lean:  # the graph is there, as the other clock's last wait says
            page.wait_for_selector("body[data-run-state=ready] #graph svg g.node", state="attached")
    marks: list[dict[str, float]] = page.evaluate(f"__bench.runs.slice(-{len(seeds)})")
    return times, marks


RUN_PARTS = {
    "answer": ("click", "answered"),
    "script": ("answered", "ready"),
    "paint": ("ready", "painted"),
    "Run to painted": ("click", "painted"),
}
# The page's script by the marks main.js sets: reading the answer (its body and JSON), drawing it (the graph, the
# panels), and the rest up to ready (the link written, which makes the browser style the new graph).
SCRIPT_PARTS = {
    "read": ("answered", "read"),
    "draw": ("read", "drawn"),
    "link and ready": ("drawn", "ready"),
}


def breakdown(marks: list[dict[str, float]], parts: dict[str, tuple[str, str]] = RUN_PARTS) -> str:
    """Median milliseconds of each part of a run, as the page saw it, and from Run to the graph painted."""
    found = []
    for name, (begin, end) in parts.items():
        spans = [m[end] - m[begin] for m in marks if begin in m and end in m]
        if spans:
            found.append(f"{name} {statistics.median(spans):.0f}")
    return ", ".join(found)


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
            context.add_init_script(TIMES)
            page = context.new_page()
            count, sent, decoded = weight(page, base)
            print(f"page weight, first visit: {count} requests, {sent / 1024:.1f} KiB sent ({decoded / 1024:.1f} KiB)")
            # The page opens a long loop collapsed into one node: the 1,000-op program is timed so, and with
            # its box open (`collapse=`, every node drawn), the heavier drawing the target was set for.
            cases = (
                ("notebook cell", NOTEBOOK, {}),
                ("1,000-op loop, its loop collapsed (as the page opens it)", THOUSAND, {}),
                ("1,000-op loop, every node drawn (collapse=)", THOUSAND, {"collapse": ""}),
            )
            for name, source, query in cases:
                page.goto(f"{base}/?{urlencode({'source': NOTEBOOK, **query})}")
                page.wait_for_selector("body[data-run-state=ready]")
                times, marks = time_to_graph(page, source, range(1, args.runs + 1), lean=False)
                lean, lean_marks = time_to_graph(page, source, range(101, args.runs + 101), lean=True)
                print(f"Run to graph, {name}: median {statistics.median(times):.0f} ms, best {min(times):.0f} ms")
                print(
                    f"    the click dispatched, one wait for the painted frame: median {statistics.median(lean):.0f}"
                    f" ms, best {min(lean):.0f} ms"
                )
                print(f"    in the page (median ms): {breakdown(marks + lean_marks)}")
                script = breakdown(marks + lean_marks, SCRIPT_PARTS)
                if script:
                    print(f"    script (median ms): {script}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
