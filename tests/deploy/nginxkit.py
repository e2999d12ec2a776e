"""Loopback stand-ins for deploy/: deploy/nginx/agx.conf rendered for 127.0.0.1, nginx and app replicas as processes.

Everything lives in one temporary folder and listens on 127.0.0.1 only; every process started here is stopped
by the context manager that started it. Imports nothing of the app.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
AGX_CONF = DEPLOY / "nginx" / "agx.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)

COMPOSE_UPSTREAM = "server app:8000 "  # the one upstream line; Compose's DNS gives it every replica
COMPOSE_LISTEN = "listen 8080;"
COMPOSE_CACHE = "/var/cache/nginx/agx "
LOG_FIELDS = {
    "time": "$msec",
    "status": "$status",
    "method": "$request_method",
    "uri": "$uri",
    "upstreams": "$upstream_addr",
    "upstream_statuses": "$upstream_status",
    "cache": "$upstream_cache_status",
}


@dataclass(frozen=True)
class Directive:
    """One nginx directive: its name, its arguments (quotes removed) and, for a block, what the block holds."""

    name: str
    args: tuple[str, ...]
    block: tuple[Directive, ...] = ()

    def find(self, name: str) -> list[Directive]:
        return [d for d in self.block if d.name == name]

    def one(self, name: str) -> Directive:
        found = self.find(name)
        assert len(found) == 1, f"{name}: {len(found)} in {self.name} {' '.join(self.args)}"
        return found[0]

    def walk(self) -> Iterator[tuple[Directive, ...]]:
        """Every directive below this one, each with the blocks that enclose it (outermost first)."""
        for child in self.block:
            yield (child,)
            for path in child.walk():
                yield (child, *path)


def _tokens(text: str) -> Iterator[str]:
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif char in "{};":
            yield char
            i += 1
        elif char in "'\"":
            end = i + 1
            while text[end] != char:
                end += 2 if text[end] == "\\" else 1
            yield "\0" + text[i + 1 : end]  # marked, so a quoted ";" or "{" stays an argument
            i = end + 1
        else:
            end = i
            while end < len(text) and not text[end].isspace() and text[end] not in "{};":
                end += 1
            yield text[i:end]
            i = end


def parse(text: str) -> Directive:
    """The whole file as the block of a root directive named "main"."""
    stack: list[tuple[str, tuple[str, ...], list[Directive]]] = [("main", (), [])]
    words: list[str] = []
    for token in _tokens(text):
        if token == ";":
            stack[-1][2].append(Directive(words[0], tuple(w.lstrip("\0") for w in words[1:])))
            words = []
        elif token == "{":
            stack.append((words[0], tuple(w.lstrip("\0") for w in words[1:]), []))
            words = []
        elif token == "}":
            name, args, children = stack.pop()
            stack[-1][2].append(Directive(name, args, tuple(children)))
        else:
            words.append(token)
    assert len(stack) == 1 and not words, "unbalanced braces"
    return Directive("main", (), tuple(stack[0][2]))


def site() -> Directive:
    return parse(AGX_CONF.read_text())


def upstream_parameters() -> dict[str, str]:
    """The key=value parameters of the upstream's server line (max_fails, fail_timeout)."""
    server = site().one("upstream").one("server")
    return dict(arg.split("=", 1) for arg in server.args[1:] if "=" in arg)


def seconds(value: str) -> float:
    """An nginx time ("10s", "500ms", "1m", "30") in seconds."""
    for suffix, scale in (("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)):
        if value.endswith(suffix):
            return float(value[: -len(suffix)]) * scale
    return float(value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _replace_once(text: str, old: str, new: str) -> str:
    # The file is the one Compose runs: if its shape changes, rendering must fail loudly, not test something else.
    if text.count(old) != 1:
        raise AssertionError(f"deploy/nginx/agx.conf should hold {old!r} exactly once")
    return text.replace(old, new)


def render_site(port: int, replicas: list[int], cache_dir: Path) -> str:
    """deploy/nginx/agx.conf with its listen address, upstream servers and cache folder moved to loopback."""
    text = AGX_CONF.read_text()
    line = next(line for line in text.splitlines() if COMPOSE_UPSTREAM in line)
    servers = "\n".join(line.replace("app:8000", f"127.0.0.1:{replica}") for replica in replicas)
    text = _replace_once(text, line, servers)
    text = _replace_once(text, COMPOSE_LISTEN, f"listen 127.0.0.1:{port};")
    return _replace_once(text, COMPOSE_CACHE, f"{cache_dir} ")


def render_main(folder: Path, site: Path) -> str:
    """The top level the nginx image would give: one worker, in the foreground, every path inside `folder`."""
    temp = {name: folder / "temp" / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    # As root, nginx would hand its workers to `nobody`, who cannot enter a private temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        # Which replicas each request reached, retries included: the failover test reads it.
        f"    log_format agx '{'|'.join(LOG_FIELDS.values())}';\n"
        f"    access_log {folder / 'access.log'} agx;\n"
        f"    client_body_temp_path {temp['client_body']};\n"
        f"    proxy_temp_path {temp['proxy']};\n"
        f"    fastcgi_temp_path {temp['fastcgi']};\n"
        f"    uwsgi_temp_path {temp['uwsgi']};\n"
        f"    scgi_temp_path {temp['scgi']};\n"
        f"    include {site};\n"
        "}\n"
    )


def access_log(folder: Path, uri: str | None = None, at_least: int = 0) -> list[dict[str, str]]:
    """nginx's log, one dict per request (time: Unix seconds at its end), only those for `uri` if given; a retried
    request lists every replica it reached, in order. nginx writes a line after the answer has gone out, so this
    waits a moment for `at_least` lines."""
    deadline = time.monotonic() + 5
    while True:
        lines = (folder / "access.log").read_text().splitlines()
        entries = [dict(zip(LOG_FIELDS, line.split("|"), strict=True)) for line in lines]
        entries = [e for e in entries if uri is None or e["uri"] == uri]
        if len(entries) >= at_least or time.monotonic() > deadline:
            return entries
        time.sleep(0.05)


def write_config(folder: Path, port: int, replicas: list[int]) -> Path:
    """The rendered configuration in `folder`; returns the top-level file."""
    cache = folder / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    site = folder / "agx.conf"
    site.write_text(render_site(port, replicas, cache))
    main = folder / "nginx.conf"
    main.write_text(render_main(folder, site))
    return main


def nginx_command(folder: Path, config: Path, *extra: str) -> list[str]:
    assert NGINX is not None
    return [NGINX, "-p", f"{folder}/", "-e", str(folder / "error.log"), "-c", str(config), *extra]


def wait_for(url: str, proc: subprocess.Popen[bytes], what: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer {url} within {timeout_s} s")
        time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Stops the process and its session (a replica's worker pool; nginx's workers)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # whatever of the session is left, now that its leader is gone
    except ProcessLookupError:
        pass


@dataclass
class Replica:
    port: int
    proc: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def replicas(folder: Path, count: int, workers: int = 1) -> Iterator[list[Replica]]:
    """`count` uvicorn processes serving app.main:app on free loopback ports, each with its own worker pool."""
    started: list[Replica] = []
    env = {**os.environ, "AGX_WORKERS": str(workers)}
    try:
        for index in range(count):
            port = free_port()
            log = (folder / f"replica{index}.log").open("wb")
            proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # one process group per replica: its pool goes with it
            )
            log.close()
            started.append(Replica(port, proc))
        for replica in started:
            wait_for(f"{replica.url}/healthz", replica.proc, f"replica on port {replica.port}", timeout_s=120)
        yield started
    finally:
        for replica in started:
            stop(replica.proc)


@contextmanager
def nginx(folder: Path, replica_ports: list[int]) -> Iterator[str]:
    """nginx with the rendered deploy/nginx/agx.conf in front of the given ports; yields its base URL."""
    port = free_port()
    config = write_config(folder, port, replica_ports)
    with (folder / "nginx.stderr").open("wb") as log:
        proc = subprocess.Popen(
            nginx_command(folder, config), stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", proc, "nginx", timeout_s=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc, signal.SIGQUIT)  # nginx's graceful stop
