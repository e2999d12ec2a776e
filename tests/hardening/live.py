"""A real server for hostile tests: uvicorn serving app.main:app in its own process (with its worker pool) on a free
loopback port, and a watcher that asks its /healthz over and over while a hostile request is in flight.

Every process started here is stopped by the context manager that started it. Imports nothing of the app.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(log: Path, **settings: str) -> Iterator[str]:
    """uvicorn serving the app, its settings given as AGX_* variables (`workers="2"`); yields its base URL."""
    port = free_port()
    env = {**os.environ, **{f"AGX_{name.upper()}": value for name, value in settings.items()}}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the worker pool goes with it
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"the server exited with {proc.returncode}: {log.read_text()[-2000:]}"
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not answer /healthz"
            time.sleep(0.1)
        yield url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever of the group is left
        except ProcessLookupError:
            pass
        proc.wait()


def rss_mb(url: str) -> float:
    """Resident memory of the server process listening at `url`'s port, in MB (read from /proc)."""
    port = int(url.rsplit(":", 1)[1])
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    pid = int(out.split("pid=", 1)[1].split(",", 1)[0])
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@dataclass
class HealthWatch:
    """Asks `url`/healthz every `every` seconds on its own thread while in use; `slowest` is the longest wait for
    an answer (a request that failed or timed out counts as `timeout`), `answers` how many came."""

    url: str
    every: float = 0.1
    timeout: float = 10.0
    slowest: float = 0.0
    answers: int = 0
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> HealthWatch:
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join()

    def _watch(self) -> None:
        with httpx.Client(timeout=self.timeout) as client:
            while True:  # at least once, however soon the watch ends
                start = time.monotonic()
                try:
                    ok = client.get(f"{self.url}/healthz").status_code == 200
                except httpx.HTTPError as e:
                    ok = False
                    self.failures.append(repr(e))
                waited = time.monotonic() - start if ok else self.timeout
                self.slowest = max(self.slowest, waited)
                self.answers += ok
                if self._stop.wait(self.every):
                    return
