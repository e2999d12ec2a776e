"""deploy/nginx/agx.conf on loopback: two replicas behind nginx, one killed under load, and no request fails;
a repeated graph GET is served from nginx's cache.

Everything runs on 127.0.0.1 and is stopped at the end, whatever happens.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.deploy import nginxkit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(nginxkit.NGINX is None, reason="nginx is missing: `make test` installs Debian's package"),
]

THREADS = 4  # each sends its next request when its last is answered: about two in flight on every replica
KILL_AFTER = 100  # answers received before one replica is killed
MAX_REQUESTS = 1000  # the stream's bound, far above what the time below allows on this machine
DEADLINE_S = 30.0
# A few tens of milliseconds of work in the worker: requests are in flight on the victim when it dies.
PROGRAM = "\n".join(
    ["a = torch.rand(400, 400, requires_grad=True)", "for i in range(10):", "    b = a @ a", "b.sum().backward()"]
)
FAIL_TIMEOUT_S = nginxkit.seconds(nginxkit.upstream_parameters()["fail_timeout"])
# The stream goes on this long after the kill: past fail_timeout, when nginx tries the dead replica again.
AFTER_KILL_S = FAIL_TIMEOUT_S + 2


@dataclass
class Stack:
    folder: Path
    url: str
    replicas: list[nginxkit.Replica]


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """nginx with the deploy config in front of two replicas, one worker each (the machine has few cores)."""
    with nginxkit.replicas(tmp_path, count=2, workers=1) as replicas:
        with nginxkit.nginx(tmp_path, [r.port for r in replicas]) as url:
            yield Stack(tmp_path, url, replicas)


@dataclass
class Outcome:
    started: float
    finished: float
    status: int  # 0: no HTTP answer at all


def _load(url: str, seeds: Iterator[int], lock: threading.Lock, outcomes: list[Outcome], stop: threading.Event) -> None:
    with httpx.Client(base_url=url, timeout=DEADLINE_S) as client:
        while not stop.is_set():
            with lock:
                seed = next(seeds, None)
            if seed is None:
                return
            started = time.monotonic()
            try:
                status = client.post("/api/v1/run", json={"source": PROGRAM, "seed": seed}).status_code
            except httpx.HTTPError:
                status = 0
            with lock:
                outcomes.append(Outcome(started, time.monotonic(), status))


def test_killing_a_replica_under_load_fails_no_request(stack: Stack) -> None:
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    seeds = iter(range(MAX_REQUESTS))  # a new seed each time: every request is a real run, no cache answers it
    stop = threading.Event()
    began = time.monotonic()
    threads = [threading.Thread(target=_load, args=(stack.url, seeds, lock, outcomes, stop)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    victim = stack.replicas[0]
    while len(outcomes) < KILL_AFTER and time.monotonic() < began + DEADLINE_S:
        time.sleep(0.005)
    served_before = {entry["upstreams"] for entry in nginxkit.access_log(stack.folder)}
    os.killpg(victim.proc.pid, signal.SIGKILL)  # the replica and its worker pool, as a container dies
    killed_at, killed_at_unix = time.monotonic(), time.time()
    stop.wait(min(AFTER_KILL_S, began + DEADLINE_S - killed_at))
    stop.set()
    for thread in threads:
        thread.join(DEADLINE_S)
    elapsed = time.monotonic() - began

    failures = [o for o in outcomes if o.status != 200]
    after = [o for o in outcomes if o.finished > killed_at]
    in_flight = [o for o in after if o.started <= killed_at]
    log = nginxkit.access_log(stack.folder, "/api/v1/run", at_least=len(outcomes))
    victim_address = f"127.0.0.1:{victim.port}"
    retried = [e for e in log if "," in e["upstreams"]]
    # After fail_timeout nginx gives the dead replica one request again: that one must be moved on too.
    probed_again = [e for e in retried if float(e["time"]) > killed_at_unix + FAIL_TIMEOUT_S]
    recover_s = max((o.finished - killed_at for o in in_flight), default=0.0)
    worst_after_s = max((o.finished - o.started for o in after), default=0.0)
    print(
        f"\nfailover: {len(outcomes)} requests, {len(failures)} failed, {elapsed:.1f} s in all; "
        f"{len(in_flight)} in flight at the kill, all answered within {recover_s:.2f} s of it; "
        f"slowest answer after the kill {worst_after_s:.2f} s; nginx moved {len(retried)} to the other replica, "
        f"{len(probed_again)} of them after fail_timeout"
    )

    assert not any(thread.is_alive() for thread in threads)
    assert KILL_AFTER < len(outcomes) < MAX_REQUESTS and elapsed < DEADLINE_S
    assert Counter(o.status for o in failures) == Counter()
    # The kill really hit traffic: both replicas served before it, and nginx moved requests off the dead one.
    assert {f"127.0.0.1:{r.port}" for r in stack.replicas} <= served_before
    assert retried and all(e["upstreams"].startswith(victim_address) for e in retried)
    assert in_flight, "no request was in flight at the kill"
    assert probed_again
    assert recover_s < 5


def test_a_repeated_graph_get_is_served_from_the_cache(stack: Stack) -> None:
    query = {"source": PROGRAM, "seed": "7"}
    with httpx.Client(base_url=stack.url, timeout=30) as client:
        first = client.get("/api/v1/graph.svg", params=query)
        second = client.get("/api/v1/graph.svg", params=query)
        revalidated = client.get("/api/v1/graph.svg", params=query, headers={"if-none-match": first.headers["etag"]})
        posted = [client.post("/api/v1/graph.svg", json={"source": PROGRAM, "seed": 7}) for _ in range(2)]
        pages = [client.get("/") for _ in range(2)]
        # With every replica gone, the cached graph is still served; anything else is the app's 503 envelope.
        for replica in stack.replicas:
            nginxkit.stop(replica.proc, signal.SIGKILL)
        survived = client.get("/api/v1/graph.svg", params=query)
        down = client.post("/api/v1/run", json={"source": PROGRAM, "seed": 1})

    assert (first.status_code, first.headers["x-cache-status"]) == (200, "MISS")
    assert (second.status_code, second.headers["x-cache-status"]) == (200, "HIT")
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert (revalidated.status_code, revalidated.headers["x-cache-status"]) == (304, "HIT")
    assert [p.status_code for p in posted] == [200, 200]
    assert all("x-cache-status" not in p.headers for p in posted + pages)  # POSTs and the page: never cached
    assert (survived.status_code, survived.headers["x-cache-status"]) == (200, "HIT")
    assert survived.content == first.content
    assert down.status_code == 503 and down.headers["retry-after"] == "1"
    assert down.json()["error"]["code"] == "unavailable"
    graph_requests = nginxkit.access_log(stack.folder, "/api/v1/graph.svg", at_least=6)
    reached = [(e["method"], e["cache"], e["upstreams"] != "-") for e in graph_requests]
    assert reached == [("GET", "MISS", True), ("GET", "HIT", False), ("GET", "HIT", False)] + [
        ("POST", "-", True),
        ("POST", "-", True),
        ("GET", "HIT", False),
    ]
