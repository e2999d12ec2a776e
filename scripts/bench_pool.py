"""Benchmark: what the worker pool costs the web process per job, and the latency of pool.run.

    python scripts/bench_pool.py [--jobs 200] [--tree PATH]
    python scripts/bench_pool.py --against /tmp/other-tree [--rounds 3]

Prints, for pools of 1 and 2 workers (fork server, uvloop as the web process runs it), with 1 caller at a time and
with 8 callers at once:
  - the median and 90th-percentile latency of `await pool.run(...)`;
  - the web process's CPU per job (time.process_time of this process, every thread of it, over the batch), and
    the workers' (their time on a CPU as the scheduler counts it, /proc/<pid>/schedstat);
  - jobs per second;
for three jobs: a trivial one (copy.copy of a small dict: the pool's own cost), the notebook cell as the service
sends it (app.pipeline.answer, a new seed each job), and a reply of 20 MB (bytes(20_000_000)).

--tree measures the app in another checkout (its app/ on sys.path). --against runs this script on this tree and on
the other one alternately, `rounds` times each, and prints both side by side (the median over rounds).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
CALLERS = (1, 8)
SIZES = (1, 2)
BIG_BYTES = 20_000_000


def _tree_from_argv() -> Path:
    # Read before anything of the app is imported, here and in the fork server (which runs this file again).
    if "--tree" in sys.argv:
        return Path(sys.argv[sys.argv.index("--tree") + 1]).resolve()
    return Path(os.environ.get("AGX_BENCH_TREE", HERE))


TREE = _tree_from_argv()
os.environ["AGX_BENCH_TREE"] = str(TREE)  # the fork server re-runs this file without our arguments
sys.path.insert(0, str(TREE))


def cases() -> list[tuple[str, Callable[[Any], Any], Callable[[int], Any], int]]:
    """(name, job, payload for job i, share of --jobs): the cases, in the order printed."""
    from app import pipeline
    from app.examples import example_by_id
    from app.run_request import RunRequest
    from app.settings import Settings

    cell = "import torch\n" + example_by_id("gradient")["source"]  # type: ignore[index]
    settings = Settings()
    bounds = (settings.limits(), settings.graph_max_nodes, settings.graph_max_edges)

    def notebook(i: int) -> Any:
        return pipeline.Job(RunRequest(source=cell, seed=i), cell, *bounds)

    return [
        ("trivial (copy.copy of a small dict)", copy.copy, lambda i: {"n": i, "source": "x = 1"}, 1),
        ("notebook cell (pipeline.answer, new seed)", pipeline.answer, notebook, 1),
        (f"a {BIG_BYTES // 1_000_000} MB reply (bytes(n))", bytes, lambda i: BIG_BYTES, 8),
    ]


def worker_memory(pids: list[int]) -> dict[str, float]:
    """Mean MiB per worker: proportional set size, and the pages the worker wrote to (copied from the fork server)."""
    totals = {"pss_mb": 0.0, "private_mb": 0.0}
    for pid in pids:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
        kib = {key: int(value.split()[0]) for key, value in fields.items()}
        totals["pss_mb"] += kib["Pss"] / 1024 / len(pids)
        totals["private_mb"] += (kib["Private_Clean"] + kib["Private_Dirty"]) / 1024 / len(pids)
    return totals


async def measure(
    job: Callable[[Any], Any], payload: Callable[[int], Any], size: int, n: int
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """A row per number of callers for a pool of `size` workers, and the workers' memory after them."""
    from app.workers import WorkerPool

    # Preloading what the app's pool does: the fork server starts once, with the first pool's preload.
    preload = ("torch", "app.engine.warmed")
    pool = WorkerPool(job, size=size, max_queue=16, timeout_s=30.0, max_tasks=None, preload=preload)
    await pool.start()
    rows = []
    try:
        for i in range(3 * size):  # every worker has run the job once: its imports and caches are warm
            await pool.run(payload(1_000_000 + i))
        for callers in CALLERS:
            rows.append(await batch(pool, payload, callers, max(1, n // callers)))
        return rows, worker_memory(pool.pids)
    finally:
        await pool.close()


async def batch(pool: Any, payload: Callable[[int], Any], callers: int, per: int) -> dict[str, Any]:
    """`callers` callers at once, each running `per` jobs one after the other."""
    latencies: list[float] = []

    async def caller(first: int) -> None:
        for i in range(first, first + per):
            started = time.perf_counter()
            await pool.run(payload(i))
            latencies.append(time.perf_counter() - started)

    pids = pool.pids
    cpu, wall, workers_cpu = time.process_time(), time.perf_counter(), on_cpu_s(pids)
    await asyncio.gather(*(caller(c * per) for c in range(callers)))
    cpu, wall, workers_cpu = time.process_time() - cpu, time.perf_counter() - wall, on_cpu_s(pids) - workers_cpu
    return {
        "workers": pool.size,
        "callers": callers,
        "median_ms": statistics.median(latencies) * 1000,
        "p90_ms": statistics.quantiles(latencies, n=10)[-1] * 1000,
        "cpu_ms": cpu / len(latencies) * 1000,
        "per_s": len(latencies) / wall,
        "worker_cpu_ms": workers_cpu / len(latencies) * 1000,
    }


def on_cpu_s(pids: list[int]) -> float:
    """Seconds the processes have run on a CPU, all told (the scheduler's own count, in ns)."""
    return sum(int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) for pid in pids) / 1e9


Figures = dict[str, Any]  # {"cases": {case: [row, ...]}, "memory": {"pss_mb": ..., "private_mb": ...}}


def run_all(n: int) -> Figures:
    import uvloop

    figures: Figures = {"cases": {}, "memory": {}}
    for name, job, payload, share in cases():
        figures["cases"][name] = []
        for size in SIZES:
            rows, memory = uvloop.run(measure(job, payload, size, max(16, n // share)))
            figures["cases"][name] += rows
            if job.__module__ == "app.pipeline" and size == max(SIZES):
                figures["memory"] = memory
    return figures


def table(columns: dict[str, Figures]) -> None:
    """One column group per tree: median and p90 latency, CPU per job of the web process and of the workers
    (all told), jobs per second."""
    width = 51
    print(f"  {'':<22}" + "".join(f"  {label[-width:]:>{width}}" for label in columns))
    heads = f"{'median':>9}{'p90 ms':>8}{'web CPU':>10}{'workers CPU':>13}{'jobs/s':>9}"
    print(f"  {'':<22}" + f"  {heads:>{width}}" * len(columns))
    print(f"  {'':<22}" + f"  {'ms per job':>{width - 9}}{'':9}" * len(columns))
    first = next(iter(columns.values()))
    for name, rows in first["cases"].items():
        print(name)
        for i, row in enumerate(rows):
            label = f"{row['workers']} worker(s), {row['callers']} caller(s)"
            cells = ""
            for figures in columns.values():
                r = figures["cases"][name][i]
                cells += f"  {r['median_ms']:9.2f}{r['p90_ms']:8.2f}{r['cpu_ms']:10.3f}"
                cells += f"{r['worker_cpu_ms']:13.3f}{r['per_s']:9.0f}"
            print(f"  {label:<22}{cells}")
    print(f"each of {max(SIZES)} workers after the notebook cell, MiB")
    cells = "".join(
        f"  {'Pss':>{width - 25}} {f['memory']['pss_mb']:6.1f}  {'private':>9} {f['memory']['private_mb']:6.1f}"
        for f in columns.values()
    )
    print(f"  {'':<22}{cells}")


def median_of(runs: list[Figures]) -> Figures:
    """Each figure's median over rounds."""
    merged: Figures = {"cases": {}, "memory": {}}
    for name, rows in runs[0]["cases"].items():
        merged["cases"][name] = [
            {key: statistics.median(run["cases"][name][i][key] for run in runs) for key in row}
            for i, row in enumerate(rows)
        ]
    merged["memory"] = {key: statistics.median(run["memory"][key] for run in runs) for key in runs[0]["memory"]}
    return merged


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200, help="jobs per figure (an eighth for the 20 MB reply)")
    parser.add_argument("--tree", help="the checkout whose app is measured (default: this one)")
    parser.add_argument("--against", help="another checkout, measured alternately with this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.against:
        trees = [str(TREE), str(Path(args.against).resolve())]
        runs: dict[str, list[Figures]] = {tree: [] for tree in trees}
        print(f"pool benchmark, {args.rounds} rounds alternating, {args.jobs} jobs per figure; load {load()}")
        for _ in range(args.rounds):
            for tree in trees:
                command = [sys.executable, __file__, "--tree", tree, "--jobs", str(args.jobs), "--json"]
                out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=tree).stdout
                runs[tree].append(json.loads(out))
        print(f"median over rounds (load {load()}):")
        table({tree: median_of(figures) for tree, figures in runs.items()})
        return
    figures = run_all(args.jobs)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"pool benchmark: {TREE}, {args.jobs} jobs per figure; load {load()}")
    table({str(TREE): figures})


if __name__ == "__main__":
    main()
