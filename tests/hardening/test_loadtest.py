"""The load-test command: it refuses any host but 127.0.0.1 and judges outcomes by program kind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "loadtest.py"


@pytest.mark.parametrize(
    "url", ["http://example.com", "http://localhost:8000", "http://10.0.0.1:8000", "http://[::1]:8000"]
)
def test_it_refuses_to_load_anything_but_127_0_0_1(url: str) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--url", url], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "refusing to load-test anything but 127.0.0.1" in done.stderr
    assert done.stdout == ""


def test_valid_programs_must_run_and_hostile_ones_must_be_refused() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import loadtest
    finally:
        sys.path.remove(str(SCRIPT.parent))
    assert loadtest.MIX["small"][2] == "ok" and loadtest.MIX["escape"][2] == "refused"
    assert not loadtest.unexpected("small", "ok") and not loadtest.unexpected("small", "busy")
    assert loadtest.unexpected("small", "refused") and loadtest.unexpected("small", "server_error")
    assert not loadtest.unexpected("escape", "refused") and not loadtest.unexpected("huge_loop", "run_error")
    assert loadtest.unexpected("escape", "ok") and loadtest.unexpected("escape", "transport_error")
