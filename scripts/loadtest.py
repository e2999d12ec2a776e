"""Load test: ramp a local server to twice its capacity with valid and hostile programs, then soak.

    python scripts/loadtest.py [--ramp-s 30] [--soak-s 30] [--workers 2] [--max-queue 8] [--url URL]

Talks to 127.0.0.1 only. Starts its own uvicorn (app.main:app) on a free port unless --url is given, and
stops by itself. Exit status 1 on any 5xx other than the deliberate 503, a transport error, a valid program not
answered, or a hostile one not refused.
Imports httpx and the standard library only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.examples import example_by_id  # noqa: E402

NOTEBOOK_CELL = "import torch\n" + example_by_id("gradient")["source"]  # type: ignore[index]  # In [3], verbatim
LARGEST = """import torch
import torch.nn.functional as F

inputs = torch.rand(64, 32)
labels = torch.randint(0, 4, (64,))
W1 = torch.randn(32, 64, requires_grad=True)
b1 = torch.zeros(64, requires_grad=True)
W2 = torch.randn(64, 4, requires_grad=True)
b2 = torch.zeros(4, requires_grad=True)
optimizer = torch.optim.SGD([W1, b1, W2, b2], lr=0.1)

for epoch in range(20):
    hidden = F.relu(inputs @ W1 + b1)
    logits = hidden @ W2 + b2
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.5f}")
"""
# name -> (program, weight, expected): "ok" must succeed, "refused" must be a 4xx or a run error; any
# of them may also get the deliberate 503 when the server is full.
MIX: dict[str, tuple[str, int, str]] = {
    "small": (NOTEBOOK_CELL, 40, "ok"),
    "largest": (LARGEST, 8, "ok"),
    "cpu_heavy": (
        "import torch\na = torch.randn(250, 3900)\nb = torch.randn(3900, 250)\nfor i in range(40):\n    c = a @ b\n",
        4,
        "ok",
    ),
    "huge_loop": ("import torch\nx = torch.ones(2)\nfor i in range(10**9):\n    x = x + 1\n", 6, "refused"),
    "huge_tensor": ("import torch\nx = torch.ones(100000, 100000)\n", 6, "refused"),
    "many_tensors": ("import torch\na = torch.randn(600, 600)\nfor i in range(1000):\n    b = a @ a\n", 4, "refused"),
    "escape": ("x = ().__class__.__bases__[0].__subclasses__()\n", 6, "refused"),
    "import_os": ("import os\nos.system('id')\n", 6, "refused"),
    "syntax": ("x = = 1\n", 6, "refused"),
    "deep_nesting": ("x = " + "(" * 300 + "1" + ")" * 300 + "\n", 6, "refused"),
    "huge_body": ("# " + "x" * 100_000 + "\n", 4, "refused"),
    "many_prints": ("import torch\nx = torch.ones(1000)\nfor i in range(1000):\n    print(x)\n", 6, "refused"),
}


SAME_SEED = False


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def add(self, kind: str, outcome: str, seconds: float) -> None:
        self.latencies.append(seconds)
        by_kind = self.outcomes.setdefault(kind, {})
        by_kind[outcome] = by_kind.get(outcome, 0) + 1

    def count(self, outcome: str) -> int:
        return sum(o.get(outcome, 0) for o in self.outcomes.values())

    def line(self, label: str) -> str:
        n, elapsed = len(self.latencies), time.monotonic() - self.started
        q = statistics.quantiles(self.latencies, n=100) if n >= 2 else [0.0] * 99
        return (
            f"{label:<22} {n:>6} req {n / elapsed:>7.1f} req/s  p50 {q[49] * 1e3:>7.0f} ms  "
            f"p95 {q[94] * 1e3:>7.0f} ms  p99 {q[98] * 1e3:>7.0f} ms  503 {self.count('busy'):>5}  "
            f"other 5xx {self.count('server_error'):>3}"
        )


def classify(response: httpx.Response) -> str:
    """ "ok", "busy", "server_error", or "refused:<code>" / "run_error:<code>" naming the error."""
    if response.status_code == 503:
        return "busy"
    if response.status_code >= 500:
        return "server_error"
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):  # not the JSON envelope
        error = None
    if response.status_code == 200:
        return f"run_error:{error['code']}" if error else "ok"
    return f"refused:{error['code'] if isinstance(error, dict) else response.status_code}"


def unexpected(kind: str, outcome: str) -> bool:
    allowed = {"ok", "busy"} if MIX[kind][2] == "ok" else {"refused", "run_error", "busy"}
    return outcome.split(":")[0] not in allowed


async def user(client: httpx.AsyncClient, rng: random.Random, until: float, stats: list[Stats]) -> None:
    kinds, weights = list(MIX), [weight for _, weight, _ in MIX.values()]
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        # New seeds defeat the cache; --same-seed measures what a cacheable request costs.
        body = {"source": MIX[kind][0], "seed": 0 if SAME_SEED else rng.randrange(1_000_000)}
        started = time.monotonic()
        try:
            outcome = classify(await client.post("/api/v1/run", json=body))
        except httpx.HTTPError:
            outcome = "transport_error"
        for s in stats:
            s.add(kind, outcome, time.monotonic() - started)
        if outcome == "busy":
            await asyncio.sleep(0.2)  # what a polite client does with Retry-After


async def load(url: str, levels: list[int], phase_s: float, soak: tuple[int, float], seed: int) -> Stats:
    total, rng = Stats(), random.Random(seed)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=1000)) as client:
        for users, seconds, label in [*((n, phase_s, "ramp") for n in levels), (*soak, "soak")]:
            phase, until = Stats(), time.monotonic() + seconds
            await asyncio.gather(
                *(user(client, random.Random(rng.random()), until, [phase, total]) for _ in range(users))
            )
            print(phase.line(f"{label} x{users}"), flush=True)
    return total


def rss_table(server_pid: int) -> dict[int, tuple[str, int]]:
    """pid -> (role, resident KiB) for the server and every process under it."""
    procs: dict[int, tuple[int, str, int]] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{entry}/status").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        procs[int(entry)] = (int(fields["PPid"]), cmdline, rss)
    table, frontier = {server_pid: ("server", procs.get(server_pid, (0, "", 0))[2])}, [server_pid]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, cmdline, rss) in procs.items():
            if ppid == parent:
                role = (
                    "resource tracker"
                    if "resource_tracker" in cmdline
                    else "fork server"
                    if parent == server_pid and "forkserver" in cmdline
                    else "worker"
                )
                table[pid] = (role, rss)
                frontier.append(pid)
    return table


def print_rss(label: str, table: dict[int, tuple[str, int]]) -> None:
    workers = [rss for role, rss in table.values() if role == "worker"]
    parts = [f"{role} {pid}: {rss / 1024:.0f} MiB" for pid, (role, rss) in sorted(table.items())]
    print(f"RSS {label}: " + "; ".join(parts))
    if workers:
        print(f"    workers: {len(workers)}, total {sum(workers) / 1024:.0f} MiB, max {max(workers) / 1024:.0f} MiB")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(args: argparse.Namespace, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = dict(os.environ)
    for name, value in (("AGX_WORKERS", args.workers), ("AGX_MAX_QUEUE", args.max_queue)):
        if value is not None:
            env[name] = str(value)
    command = [
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
        "--no-access-log",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    return server, f"http://127.0.0.1:{port}"


def wait_healthy(url: str, server: subprocess.Popen[bytes] | None, timeout_s: float = 180) -> dict[str, int]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"server exited with status {server.returncode}")
        try:
            response = httpx.get(f"{url}/healthz", timeout=2)
            if response.status_code == 200:
                return response.json()  # type: ignore[no-any-return]
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url}/healthz did not answer 200 within {timeout_s:g} s")


def stop_server(server: subprocess.Popen[bytes], pids: set[int]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    deadline = time.monotonic() + 10  # the fork server and resource tracker exit on their own, promptly
    while (leftover := [pid for pid in pids if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.1)
    print(f"server stopped (status {server.returncode}); processes left behind: {len(leftover)} {leftover or ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an already running server on 127.0.0.1 (default: start one)")
    parser.add_argument("--server-pid", type=int, help="with --url: its pid, to read worker memory")
    parser.add_argument("--ramp-s", type=float, default=30.0, help="seconds of ramping, over 5 levels")
    parser.add_argument("--soak-s", type=float, default=30.0, help="seconds at full capacity afterwards")
    parser.add_argument("--workers", type=int, help="AGX_WORKERS for the server started here")
    parser.add_argument("--max-queue", type=int, help="AGX_MAX_QUEUE for the server started here")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=sorted(MIX), help="send only this kind of request (e.g. small)")
    parser.add_argument("--same-seed", action="store_true", help="one seed for every request (cacheable)")
    args = parser.parse_args()
    if args.only:
        kept = MIX[args.only]
        MIX.clear()
        MIX[args.only] = kept
    global SAME_SEED
    SAME_SEED = args.same_seed
    if args.url and urlsplit(args.url).hostname != "127.0.0.1":
        parser.error("refusing to load-test anything but 127.0.0.1")

    server, log = None, Path(tempfile.mkstemp(prefix="agx-loadtest-", suffix=".log")[1])
    if args.url:
        url, server_pid = args.url.rstrip("/"), args.server_pid
    else:
        server, url = start_server(args, log)
        server_pid = server.pid
    try:
        health = wait_healthy(url, server)
        workers = int(health.get("workers") or os.cpu_count() or 1)
        queue = args.max_queue if args.max_queue is not None else int(os.environ.get("AGX_MAX_QUEUE", 8))
        capacity = workers + queue  # running plus waiting: one more is answered 503
        levels = sorted({max(1, round(capacity * f)) for f in (0.25, 0.5, 1.0, 1.5, 2.0)})
        print(
            f"{url}: {workers} workers + {queue} waiting = capacity {capacity}; ramp {levels}; "
            f"machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        httpx.post(f"{url}/api/v1/run", json={"source": NOTEBOOK_CELL}, timeout=60)  # warm-up
        before = rss_table(server_pid) if server_pid else {}
        if before:
            print_rss("before", before)
        total = asyncio.run(load(url, levels, args.ramp_s / len(levels), (capacity, args.soak_s), args.seed))
        print(total.line("all") + f"  (machine load {os.getloadavg()[0]:.1f})")
        after = rss_table(server_pid) if server_pid else {}
        if after:
            print_rss("after soak", after)
        bad = 0
        for kind, outcomes in sorted(total.outcomes.items()):
            wrong = sum(n for outcome, n in outcomes.items() if unexpected(kind, outcome))
            bad += wrong
            print(f"  {kind:<14} {dict(sorted(outcomes.items()))}{'  <-- UNEXPECTED' if wrong else ''}")
        print(
            f"5xx other than 503: {total.count('server_error')}; transport errors: "
            f"{total.count('transport_error')}; unexpected outcomes: {bad}"
        )
    finally:
        if server is not None:
            stop_server(server, set(rss_table(server.pid)) - {server.pid} if server.poll() is None else set())
            print(f"server log: {log}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
