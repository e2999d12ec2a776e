"""Shared fixtures: the app with its real worker pool, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.engine.warmup import warm_up
from app.main import create_app
from app.settings import Settings

CELL3 = """\
x = torch.rand((2,3,4),requires_grad=True)


a = x + 2

b = a*2

c = b**2

d = c.mean()

print(f"x: {x}")
print(f"a: {a}")
print(f"b: {b}")
print(f"c: {c}")
print(f"d: {d}")

back_ward=d.backward() # d(d)/d(x)

grad = x.grad

print(f"back_ward: {back_ward}")
print(f"grad: {grad}")
"""


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
