"""Shared fixtures: the app with its real worker pool, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.engine.warmup import warm_up
from app.examples import example_by_id
from app.main import create_app
from app.settings import Settings

# The notebook's first cell (In [3]), verbatim, as the page's first example holds it.
CELL3: str = example_by_id("gradient")["source"]  # type: ignore[index]


@pytest.fixture(scope="session", autouse=True)
def _warm_engine() -> None:
    """torch's one-time lazy imports happen here, not inside the first test's wall-time budget."""
    warm_up()


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """A client for the app as deployed: two pre-started worker processes."""
    with TestClient(create_app(Settings(workers=2, cache_entries=0))) as c:
        yield c


def make_client(**overrides: object) -> TestClient:
    """A client for an app with other settings; jobs run in-process (no pool) unless workers is given."""
    settings = Settings(**{"workers": 0, "cache_entries": 0, **overrides})  # type: ignore[arg-type]
    return TestClient(create_app(settings))
