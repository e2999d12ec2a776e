"""The app runs on a read-only root file system with only /tmp writable, as deploy/k8s and deploy/compose.yaml
run it: a replica started in a private mount namespace where every other mount is read-only serves runs, graphs
and pages. Needs root (to mount); skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.deploy import nginxkit

pytestmark = pytest.mark.slow

# Inside a private mount namespace: the project seen at /run/agx-root (it may itself live under /tmp, which the
# replica gets fresh), a fresh /tmp, then every other mount but the kernel's read-only.
SCRIPT = """
set -e
mkdir -p /run/agx-root
mount --bind "$AGX_ROOT" /run/agx-root
mount -t tmpfs -o mode=1777 tmpfs /tmp
for target in $(findmnt -rn -o TARGET | grep -v -E '^/(proc|sys|dev|tmp)(/|$)'); do
    mount -o remount,bind,ro "$target"
done
cd /run/agx-root
if touch .read-only-probe 2>/dev/null; then echo "the root file system is still writable" >&2; exit 3; fi
exec "$@"
"""  # The optimizer step: its first use imports torch._dynamo, the one part of torch that wants a cache folder.
PROGRAM = "\n".join(
    ["x = torch.rand(3, requires_grad=True)", "(x * x).sum().backward()", "torch.optim.SGD([x], lr=0.1).step()"]
)


def _can_isolate() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("findmnt") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.fixture
def read_only_replica(tmp_path: Path) -> Iterator[str]:
    if not _can_isolate():
        pytest.skip("needs root and unshare(1) to mount a read-only root")
    port = nginxkit.free_port()
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "AGX_WORKERS": "1", "AGX_ROOT": str(nginxkit.ROOT), "PYTHONPATH": "/run/agx-root"}
    log = tmp_path / "replica.log"  # opened here: the replica's own /tmp is another one
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", SCRIPT, "sh", *command],
            cwd=nginxkit.ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        nginxkit.wait_for(f"http://127.0.0.1:{port}/healthz", proc, "read-only replica", timeout_s=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        nginxkit.stop(proc)
        text = log.read_text(errors="replace")
        assert "Read-only file system" not in text and "Traceback" not in text, text[-3000:]


def test_the_app_writes_nothing_outside_tmp(read_only_replica: str) -> None:
    graph = {"source": PROGRAM, "seed": "1"}
    with httpx.Client(base_url=read_only_replica, timeout=30) as client:
        answers = [
            client.post("/api/v1/run", json={"source": PROGRAM, "seed": 0}),
            client.get("/api/v1/graph.svg", params=graph),
            client.get("/api/v1/graph.png", params=graph),
            client.get("/", params={"example": "gradient"}),
            client.get("/docs"),
        ]
    assert [a.status_code for a in answers] == [200] * len(answers)
    assert not (nginxkit.ROOT / ".read-only-probe").exists()
