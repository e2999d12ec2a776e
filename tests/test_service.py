"""The service: refusals never reach a worker, identical requests share one job, answers are cached."""

from __future__ import annotations

import asyncio
from typing import Any

from app.service import Service, dumps, execute_job
from app.settings import Settings


class CountingRunner:
    """Runs jobs in-process, counting them."""

    def __init__(self) -> None:
        self.calls = 0

    async def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        await asyncio.sleep(0.05)  # long enough for concurrent requests to overlap
        return execute_job(payload)


def test_refused_programs_never_reach_a_worker() -> None:
    runner = CountingRunner()
    service = Service(Settings(workers=0), runner)
    answer = asyncio.run(service.run({"source": "x = (1,\n"}))
    assert answer.error is not None and answer.error["code"] == "syntax_error"
    bad_gradient = {
        "source": "y = torch.ones(2, requires_grad=True) * 2\n",
        "backward": {"target": "y", "gradient": "__import__('os')"},
    }
    assert asyncio.run(service.run(bad_gradient)).error["code"] == "unsupported"  # type: ignore[index]
    assert runner.calls == 0


def test_identical_requests_share_one_job_and_the_cache() -> None:
    runner = CountingRunner()
    service = Service(Settings(workers=0, cache_entries=4), runner)
    request = {"source": "x = torch.rand(2, requires_grad=True)\ny = (x * 3).sum()\ny.backward()\n", "seed": 3}

    async def burst() -> list[bytes]:
        answers = await asyncio.gather(*(service.run(dict(request)) for _ in range(5)))
        return [a.body for a in answers]

    bodies = asyncio.run(burst())
    assert runner.calls == 1 and len(set(bodies)) == 1
    assert asyncio.run(service.run(dict(request))).body == bodies[0]
    assert runner.calls == 1
    asyncio.run(service.run({**request, "seed": 4}))
    assert runner.calls == 2  # another seed is another answer


def test_cache_is_bounded_by_bytes() -> None:
    runner = CountingRunner()
    size = len(asyncio.run(Service(Settings(workers=0), runner).run({"source": "x = torch.rand(3)\n"})).body)
    budget = 5 * size + size // 2  # room for five answers of this size, not six
    service = Service(Settings(workers=0, cache_entries=100, cache_bytes=budget), runner)
    for seed in range(6):
        asyncio.run(service.run({"source": "x = torch.rand(3)\n", "seed": seed}))
    assert 0 < service._cache_bytes <= budget
    assert len(service._cache) == 5


def test_a_chain_with_an_integer_past_64_bits_is_answered_not_crashed() -> None:
    """orjson refuses such integers; the request's cache key falls back to the standard library's JSON."""
    runner = CountingRunner()
    service = Service(Settings(workers=0), runner)
    request = {"chain": [{"name": "x", "op": "ones", "args": [2]}, {"name": "y", "op": "add", "args": ["x", 2**70]}]}
    answer = asyncio.run(service.run(request))
    assert answer.error is not None and answer.error["code"] == "limit_exceeded" and runner.calls == 0
    assert dumps({"b": [2**70], "a": 1}, sort_keys=True) == b'{"a": 1, "b": [1180591620717411303424]}'
    assert dumps({"b": 1, "a": 2.5}, sort_keys=True) == b'{"a":2.5,"b":1}'
    assert dumps(["\ud800"]) == b'["\\ud800"]'  # a lone surrogate: escaped, never an encoding error
