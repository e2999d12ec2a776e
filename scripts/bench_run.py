"""Benchmark: every figure of the performance table, measured in one run on this machine.

    python scripts/bench_run.py [--requests 200] [--load-s 10]

Prints:
  - the pipeline a notebook user has today for the notebook's first cell: the cell as plain Python (its prints
    included), then torchviz.make_dot + graphviz Digraph.pipe(format="svg") (spawns Graphviz's `dot`);
  - our engine alone (parse, run, graph, SVG, JSON), in this process;
  - where a never-seen program's time goes, stage by stage, in this process;
  - a real server over HTTP (uvicorn on 127.0.0.1 with 2 workers, the answer cache off), with a keep-alive
    http.client connection (no Accept-Encoding, as a script sends):
      * a new seed for every request, so no answer comes from a cache;
      * a new program for every request (the cell plus `e<i> = d * 2`, a new variable name each time): every
        request also parses and checks it afresh, and draws a node no layout held before;
    and the ratio of each to the notebook pipeline. The pipeline and the two requests are timed in turns, in
    rounds of a few each (--rounds), so slow drift on the machine touches all three alike: the ratios are of
    medians over the same minutes;
  - the 1,000-op program's answer on the wire, identity and encoded;
  - new-seed requests per second on the same server (scripts/loadtest.py's clients, the notebook cell only);
  - the command of the page's benchmark (scripts/bench_page.py, Chromium: Run -> graph, and the page's weight).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import http.client
import io
import json
import os
import pickle
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.examples import example_by_id  # noqa: E402

CELL = "import torch\n" + example_by_id("gradient")["source"]  # type: ignore[index]
# The 1,000-op program (1,000 multiplications in a loop): the one scripts/bench_page.py times on the page.
sys.path.insert(0, str(ROOT / "scripts"))
from bench_page import THOUSAND as THOUSAND_OPS  # noqa: E402


def median_ms(fn: Callable[[int], object], n: int, warmup: int = 5) -> float:
    return statistics.median(timed_ms(fn, range(n), warmup))


def timed_ms(fn: Callable[[int], object], calls: range, warmup: int = 5) -> list[float]:
    """Milliseconds of fn(i) for each i of `calls`, after `warmup` untimed calls."""
    for i in range(warmup):
        fn(10_000_000 + calls.start + i)
    times = []
    for i in calls:
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def in_turns(fns: dict[str, Callable[[int], object]], n: int, rounds: int) -> dict[str, float]:
    """Median milliseconds of each function over n calls, timed in turns: `rounds` rounds, in each a block of
    n/rounds calls of every function in order (a few untimed calls first, so each block starts warm)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    block = max(n // rounds, 1)
    for r in range(rounds):
        for name, fn in fns.items():
            times[name] += timed_ms(fn, range(r * block, (r + 1) * block), warmup=3)
    return {name: statistics.median(values) for name, values in times.items()}


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
    """One keep-alive connection; post() returns the body as sent and fails loudly on anything but 200."""

    def __init__(self, port: int, pid: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.pid = pid
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, body: dict[str, object], coding: str | None = None) -> bytes:
        headers = {"content-type": "application/json", **({"accept-encoding": coding} if coding else {})}
        self.conn.request("POST", "/api/v1/run", json.dumps(body), headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:300]!r}")
        if response.getheader("content-encoding", "identity") != (coding or "identity"):
            raise RuntimeError(f"asked for {coding}, got {response.getheader('content-encoding')}")
        return data


def cold_breakdown(n: int) -> dict[str, float]:
    """Median ms of each stage of a never-seen program's request (the cell plus a new `e<i> = d * 2`), as the
    web process and a worker do them, in this process: nothing of the program is kept between requests; the
    layouts are (a worker keeps them)."""
    from app import pipeline
    from app.engine import RunOptions, run_program
    from app.engine.graph import build_graph
    from app.render import render
    from app.run_request import RunRequest

    limits, nodes, edges = _job_bounds()
    times: dict[str, list[float]] = {}

    @contextlib.contextmanager
    def stage(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        times.setdefault(name, []).append((time.perf_counter() - start) * 1000)

    for i in range(n + 5):
        source = CELL + f"e{i} = d * 2\n"
        request = RunRequest(source=source, seed=i)
        with stage("job to the worker (pickled and unpickled)"):
            job = pipeline.Job(request, source, limits, nodes, edges, coding="br")  # type: ignore[arg-type]
            job = pickle.loads(pickle.dumps(job))
        pipeline._programs.clear()  # never seen
        with stage("worker: parse and check"):
            program = pipeline.check(job.request, job.source, limits)  # type: ignore[arg-type]
        with stage("worker: run"):
            result = run_program(program, RunOptions(seed=i), limits)  # type: ignore[arg-type]
        with stage("worker: graph walk"):
            graph = build_graph(result, max_nodes=nodes, max_edges=edges)
        with stage("worker: drawing (DOT, kept layout, names and values filled)"):
            svg = render(graph, "svg")
        with stage("worker: JSON"):
            body = result.to_dict()
            body["graph"] = graph.to_dict()
            answer = pipeline.dumps_run(body)[:-1] + b',"svg":' + pipeline.dumps(svg.decode()) + b"}"
        with stage("worker: ETag and brotli"):
            reply = pipeline.encoded_reply(answer, "application/json", "br")
        with stage("reply to the web process (pickled and unpickled)"):
            pickle.loads(pickle.dumps(reply))
    return {name: statistics.median(values[5:]) for name, values in times.items()}


def throughput(client: Client, seconds: float) -> float:
    """New-seed requests per second for the notebook cell: scripts/loadtest.py's clients, as many as the server
    runs and queues (2 workers + 8 waiting), for `seconds`. Prints the CPU each process spent per request: the
    clients share the two cores with the server."""
    import loadtest

    kept = loadtest.MIX["small"]
    loadtest.MIX.clear()
    loadtest.MIX["small"] = kept
    stats: list[loadtest.Stats] = []

    def load() -> int:
        stats.append(asyncio.run(loadtest.load(client.url, [], 0.0, (10, seconds), seed=0)))
        return len(stats[0].latencies)

    n = under_load(client, "load clients", load)
    return n / (time.monotonic() - stats[0].started)


def under_load(client: Client, clients: str, load: Callable[[], int]) -> int:
    """Run `load` (it returns how many requests were answered) and print the CPU each process spent per request,
    this one's (the clients, `clients`) included."""
    before, mine_before = cpu_by_process(client.pid), os.times()
    n = max(load(), 1)
    after, mine_after = cpu_by_process(client.pid), os.times()
    spent = {role: (after[role] - before.get(role, 0.0)) * 1000 / n for role in after}
    spent[clients] = (mine_after.user + mine_after.system - mine_before.user - mine_before.system) * 1000 / n
    print("  CPU per request under load: " + ", ".join(f"{role} {ms:.2f} ms" for role, ms in spent.items()))
    return n


def throughput_lean(client: Client, seconds: float, users: int = 10) -> float:
    """The same load (10 users, keep-alive, a new seed per request, the notebook cell) from a lean client: raw
    HTTP/1.1 on asyncio streams, a few microseconds per request where an httpx request costs milliseconds, so the
    figure is the server's, not the load generator's. Prints the CPU per request as throughput() does."""
    host, port = client.url.removeprefix("http://").split(":")
    rng = random.Random(0)
    done: list[int] = []

    async def user(until: float) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.monotonic() < until:
                body = json.dumps({"source": CELL, "seed": rng.randrange(1_000_000)}).encode()
                head = f"POST /api/v1/run HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
                writer.write(head.encode() + f"content-length: {len(body)}\r\n\r\n".encode() + body)
                status = (await reader.readline()).split(b" ", 2)[1]
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                if status == b"503":
                    await asyncio.sleep(0.2)  # what a polite client does with Retry-After
                elif status != b"200":
                    raise RuntimeError(f"HTTP {status.decode()}")
                else:
                    done.append(1)
        finally:
            writer.close()

    async def everyone(until: float) -> None:
        await asyncio.gather(*(user(until) for _ in range(users)))

    def load() -> int:
        asyncio.run(everyone(time.monotonic() + seconds))
        return len(done)

    started = time.monotonic()
    under_load(client, "lean clients", load)
    elapsed = time.monotonic() - started
    print(f"  lean clients x{users}: {len(done)} requests, {len(done) / elapsed:.1f} req/s")
    return len(done) / elapsed


def cpu_by_process(server_pid: int) -> dict[str, float]:
    """CPU seconds (user + system) so far of the web process, and of its workers together (every process under
    it, with the workers they reaped)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        # Its own time, and its children's that it has reaped: a recycled worker's time stays in the sum.
        own, reaped = int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
        spent[int(entry)] = (own + (reaped if int(entry) != server_pid else 0)) / ticks

    def under(pid: int) -> bool:
        while pid in parents and pid != server_pid:
            pid = parents[pid]
        return pid == server_pid

    workers = sum(seconds for pid, seconds in spent.items() if pid != server_pid and under(pid))
    return {"web process": spent.get(server_pid, 0.0), "workers": workers}


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
        env={**os.environ, "AGX_CACHE_ENTRIES": "0", "AGX_WORKERS": "2"},
    )
    try:
        for _ in range(600):
            with contextlib.suppress(OSError):
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            time.sleep(0.1)
        yield Client(port, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20, help="turns of the pipeline and the two requests")
    parser.add_argument("--load-s", type=float, default=10.0, help="seconds of the throughput measurement")
    args = parser.parse_args()
    n = args.requests
    print(f"notebook cell In [3] (with import torch), {n} requests each, median latency; machine load {load()}")
    dot = shutil.which("dot") is not None
    print(f"  engine alone, in process (new seeds):                     {median_ms(engine_only, n):8.2f} ms")
    stages = cold_breakdown(n)
    print(f"  a never-seen program, stage by stage in process (median, total {sum(stages.values()):.2f} ms):")
    for stage, ms in stages.items():
        print(f"    {stage:<55} {ms:7.3f} ms")
    with server() as client:
        for i in range(20):  # the server's first requests start its workers' caches
            client.post({"source": CELL, "seed": 30_000 + i})
        turns: dict[str, Callable[[int], object]] = {
            "seeds": lambda i: client.post({"source": CELL, "seed": 20_000 + i}),
            "programs": lambda i: client.post({"source": CELL + f"e{i} = d * 2\n"}),
        }
        if dot:
            turns = {"reference": notebook_pipeline, **turns}
        medians = in_turns(turns, n, args.rounds)
        reference, seeds, programs = medians.get("reference"), medians["seeds"], medians["programs"]
        if reference is not None:
            print(f"  notebook pipeline (plain Python + make_dot + dot -Tsvg):   {reference:8.2f} ms")
        else:
            print("  notebook pipeline: skipped, Graphviz's `dot` is not installed (apt-get install graphviz)")
        print(f"  POST /api/v1/run over HTTP, a new seed each request:      {seeds:8.2f} ms")
        print(f"  POST /api/v1/run over HTTP, a new program each request:   {programs:8.2f} ms")
        sizes = {c: len(client.post({"source": THOUSAND_OPS}, c)) / 1000 for c in ("identity", "gzip", "br")}
        rps = throughput(client, args.load_s)
        rps_lean = throughput_lean(client, args.load_s)
    figures = [
        ("new seed, same program: HTTP answer / notebook pipeline", seeds / reference if reference else None, "x"),
        ("a never-seen program / notebook pipeline", programs / reference if reference else None, "x"),
        ("the 1,000-op program's answer on the wire, KB (br)", sizes["br"], " KB"),
        ("new-seed requests per second, 2 workers (loadtest.py's httpx clients)", rps, " req/s"),
        ("the same, from lean clients (the server's own capacity)", rps_lean, " req/s"),
    ]
    targets = ["<= 0.20x", "<= 0.25x", "<= 150 KB", ">= 250 req/s", ">= 250 req/s"]
    print(
        f"  the 1,000-op program's answer: {sizes['identity']:,.0f} KB identity, {sizes['gzip']:,.0f} KB gzip, "
        f"{sizes['br']:,.0f} KB br"
    )
    print(f"figures, one run (machine load {load()}):")
    for (label, value, unit), target in zip(figures, targets, strict=True):
        shown = (
            "skipped (no `dot`)" if value is None else f"{value:.2f}{unit}" if unit == "x" else f"{value:,.0f}{unit}"
        )
        print(f"  {label:<72} {shown:>12}  (target {target})")
    print(
        "  page, Run -> graph painted, 1,000-op program (Chromium):  python scripts/bench_page.py  (target <= 250 ms)"
    )


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
