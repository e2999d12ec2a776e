"""Benchmark: median latency of POST /api/v1/run for the notebook's first cell, against today's pipeline.

    python scripts/bench_run.py [--requests 200]

Prints, from one run on this machine:
  - the pipeline a notebook user has today: the cell as plain Python (its prints included), then
    torchviz.make_dot + graphviz Digraph.pipe(format="svg") (spawns Graphviz's `dot`);
  - our engine alone (parse, run, graph, SVG, JSON), in this process;
  - the ASGI app in this process (httpx ASGITransport, jobs in a thread);
  - a real server over HTTP (uvicorn on 127.0.0.1 with its worker pool), a new seed for every request so
    that no answer comes from the cache;
and the ratio of our full HTTP response to the notebook pipeline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.examples import example_by_id  # noqa: E402

CELL = "import torch\n" + example_by_id("gradient")["source"]  # type: ignore[index]


def median_ms(fn: Callable[[int], object], n: int, warmup: int = 5) -> float:
    for i in range(warmup):
        fn(10_000 + i)
    times = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def notebook_pipeline(seed: int) -> bytes:
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torchviz imports distutils
        from torchviz import make_dot
    torch.manual_seed(seed)
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(CELL, "cell", "exec"), namespace)  # the reference: the learner's own notebook
    return make_dot(namespace["d"], params={"x": namespace["x"]}).pipe(format="svg")  # type: ignore[no-any-return]


def engine_only(seed: int) -> object:
    from app.service import execute_job
    from app.settings import Settings

    settings = Settings()
    return execute_job({"request": {"source": CELL, "seed": seed}, "format": "run",
                        "limits": settings.limits().describe(), "graph_max_nodes": settings.graph_max_nodes})


async def asgi_in_process(n: int) -> float:
    from app.main import create_app
    from app.settings import Settings

    app = create_app(Settings(workers=0, cache_entries=0))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        return await _median_posts(client, n)


async def _median_posts(client: httpx.AsyncClient, n: int) -> float:
    for i in range(5):
        (await client.post("/api/v1/run", json={"source": CELL, "seed": 10_000 + i})).raise_for_status()
    times = []
    for i in range(n):
        start = time.perf_counter()
        response = await client.post("/api/v1/run", json={"source": CELL, "seed": 20_000 + i})
        times.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def over_http(n: int) -> float:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1",
                               "--port", str(port), "--log-level", "warning"], cwd=ROOT,
                              env={**os.environ, "AGX_CACHE_ENTRIES": "0"})
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(600):
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get("/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            return await _median_posts(client, n)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    n = parser.parse_args().requests
    print(f"notebook cell In [3] (with import torch), {n} requests each, median latency")
    reference = None
    if shutil.which("dot"):
        reference = median_ms(notebook_pipeline, n)
        print(f"  notebook pipeline (plain Python + make_dot + dot -Tsvg): {reference:8.2f} ms")
    else:
        print("  notebook pipeline: skipped, Graphviz's `dot` is not installed (apt-get install graphviz)")
    print(f"  engine alone, in process:                              {median_ms(engine_only, n):8.2f} ms")
    print(f"  ASGI app, in process:                                  {asyncio.run(asgi_in_process(n)):8.2f} ms")
    http = asyncio.run(over_http(n))
    print(f"  POST /api/v1/run over HTTP (worker pool, new seeds):   {http:8.2f} ms")
    if reference:
        print(f"  ratio, ours over HTTP / notebook pipeline:              {http / reference:8.2f}x  (target <= 0.25x)")


if __name__ == "__main__":
    main()
