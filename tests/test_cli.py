"""The command line in a subprocess, against the API's own answers: the output it prints, the graph files it
writes, the error it reports on a refused or failed program, the options, and `serve`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_client

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = """x = torch.rand(2, 3, requires_grad=True)
a = x + 2
d = (a * a).mean()
d.backward()
print(x.grad)
"""


def cli(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, args)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_run_prints_the_output_and_writes_the_graph_as_the_api_does(tmp_path: Path) -> None:
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    outs = {fmt: tmp_path / f"out.{fmt}" for fmt in ("svg", "png", "dot", "json")}
    flags = [item for fmt, path in outs.items() for item in (f"--{fmt}", path)]
    done = cli("run", program, "--seed", "1", "--step", "2", *flags)
    assert done.returncode == 0, done.stderr
    with make_client() as client:
        expected = client.post("/api/v1/run", json={"source": PROGRAM, "seed": 1}).json()
        assert done.stdout == expected["output"]
        for fmt, path in outs.items():
            # --step counts as the page does (1 is the first step); the API's step counts from 0.
            drawn = client.get(f"/api/v1/graph.{fmt}", params={"source": PROGRAM, "seed": 1, "step": 1})
            assert drawn.status_code == 200
            assert path.read_bytes() == drawn.content, fmt
        last = client.get("/api/v1/graph.dot", params={"source": PROGRAM, "seed": 1}).content
    assert outs["dot"].read_bytes() != last  # step 2, not the last step


def test_the_options_reach_the_run(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    done = cli("run", "-", "--zero-grad", "--backward", "d", "--times", "2", "--json", out, stdin=PROGRAM)
    assert done.returncode == 0, done.stderr
    with make_client() as client:
        params = {"source": PROGRAM, "zero_grad": True, "target": "d", "times": 2}
        assert out.read_bytes() == client.get("/api/v1/graph.json", params=params).content


def test_a_refused_program_exits_non_zero_with_its_code_line_and_column(tmp_path: Path) -> None:
    program = tmp_path / "bad.py"
    program.write_text("x = torch.ones(2)\ny = x.nope()\n")
    done = cli("run", program, "--svg", tmp_path / "never.svg")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().endswith(f"{program}:2:5: unknown_name: `.nope()` is not supported")
    assert not (tmp_path / "never.svg").exists()


def test_a_failed_run_prints_its_output_first(tmp_path: Path) -> None:
    program = tmp_path / "fails.py"
    program.write_text('print("before")\nx = torch.ones(2) @ torch.ones(3)\n')
    done = cli("run", program)
    assert done.returncode == 1
    assert done.stdout == "before\n"
    assert f"{program}:2:1: runtime_error: " in done.stderr


def test_a_step_past_the_end_is_an_error(tmp_path: Path) -> None:
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    done = cli("run", program, "--step", "99", "--dot", tmp_path / "out.dot")
    assert done.returncode == 1 and "step_not_found" in done.stderr
    assert cli("run", program, "--step", "0").returncode == 2  # a usage error, as argparse reports them


def test_installed_as_a_console_script() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"autograd-explorer": "app.cli:main"}
    installed = shutil.which("autograd-explorer")
    if installed is None:
        pytest.skip("the project is not installed here (pip install -e .)")
    done = subprocess.run([installed, "run", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "--svg" in done.stdout and "--step" in done.stdout


def test_serve_serves_the_page_and_the_api() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "AGX_WORKERS": "1"}
    command = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.3)
        run = httpx.post(f"http://127.0.0.1:{port}/api/v1/run", json={"source": PROGRAM}, timeout=60)
        assert run.status_code == 200 and run.json()["error"] is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
