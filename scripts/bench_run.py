"""Benchmark: median latency of POST /api/v1/run for the notebook's first cell, against today's pipeline.

    python scripts/bench_run.py [--requests 200]

Prints, from one run on this machine:
  - the pipeline a notebook user has today: the cell as plain Python (its prints included), then
    torchviz.make_dot + graphviz Digraph.pipe(format="svg") (spawns Graphviz's `dot`);
  - our engine alone (parse, run, graph, SVG, JSON), in this process;
  - a real server over HTTP (uvicorn on 127.0.0.1 with its worker pool, the answer cache off), with a
    keep-alive http.client connection:
      * a new seed for every request, so no answer comes from a cache (the benchmark's target);
      * a new program for every request (the cell plus `e<i> = d * 2`, a new variable name each time): every
        request also parses, checks and lays out its graph afresh;
and the ratio of our full HTTP response to the notebook pipeline.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import io
import json
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
    """One job as a worker does it: the pipeline alone, no pool, no HTTP."""
    from app import pipeline
    from app.run_request import RunRequest

    return pipeline.answer(pipeline.Job(RunRequest(source=CELL, seed=seed), CELL, *_job_bounds()))


@functools.cache
def _job_bounds() -> tuple[object, int, int]:
    from app.settings import Settings

    settings = Settings()
    return settings.limits(), settings.graph_max_nodes, settings.graph_max_edges


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """One keep-alive connection; post() returns the body and fails loudly on anything but 200."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, body: dict[str, object]) -> bytes:
        self.conn.request("POST", "/api/v1/run", json.dumps(body), {"content-type": "application/json"})
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:300]!r}")
        return data


@contextlib.contextmanager
def server() -> Client:  # type: ignore[misc]
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "AGX_CACHE_ENTRIES": "0"},
    )
    try:
        for _ in range(600):
            with contextlib.suppress(OSError):
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            time.sleep(0.1)
        yield Client(port)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    n = parser.parse_args().requests
    print(f"notebook cell In [3] (with import torch), {n} requests each, median latency")
    reference = None
    if shutil.which("dot"):
        reference = median_ms(notebook_pipeline, n)
        print(f"  notebook pipeline (plain Python + make_dot + dot -Tsvg):   {reference:8.2f} ms")
    else:
        print("  notebook pipeline: skipped, Graphviz's `dot` is not installed (apt-get install graphviz)")
    print(f"  engine alone, in process (new seeds):                     {median_ms(engine_only, n):8.2f} ms")
    with server() as client:
        seeds = median_ms(lambda i: client.post({"source": CELL, "seed": 20_000 + i}), n, warmup=20)
        print(f"  POST /api/v1/run over HTTP, a new seed each request:      {seeds:8.2f} ms")
        programs = median_ms(lambda i: client.post({"source": CELL + f"e{i} = d * 2\n"}), n)
        print(f"  POST /api/v1/run over HTTP, a new program each request:   {programs:8.2f} ms")
    if reference:
        print(
            f"  ratio, new seeds / notebook pipeline:                     {seeds / reference:8.2f}x  (target <= 0.25x)"
        )
        print(f"  ratio, new programs / notebook pipeline:                  {programs / reference:8.2f}x")


if __name__ == "__main__":
    main()
