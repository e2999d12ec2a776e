"""Fixtures for the hardening tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Workers import tests.hardening.jobs by name, so the repository root must be importable for them.
ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture
def process_tree() -> dict[int, str]:
    """Descendants of this test process (fork server aside) before the test ran."""
    from tests.hardening.procs import tree_without_forkserver

    return tree_without_forkserver()
