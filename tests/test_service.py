"""The service: refusals are answers too, identical requests share one job, answers are cached and bounded."""

from __future__ import annotations

import asyncio

import pytest

from app import pipeline
from app.errors import AppError
from app.run_request import BackwardPasses, RunRequest
from app.service import Service
from app.settings import Settings


class CountingRunner:
    """Runs jobs in-process, counting them."""

    def __init__(self) -> None:
        self.calls = 0

    async def run(self, job: pipeline.Job) -> pipeline.Reply:
        self.calls += 1
        await asyncio.sleep(0.05)  # long enough for concurrent requests to overlap
        return pipeline.answer(job)


def test_a_refused_program_is_answered_with_its_error_once_and_kept() -> None:
    """The worker's checker refuses it; the refusal is an answer like any other, kept for the next asker."""
    runner = CountingRunner()
    service = Service(Settings(workers=0, cache_entries=4), runner)
    answer = asyncio.run(service.answer(RunRequest(source="x = (1,\n")))
    assert answer.error is not None and answer.error["code"] == "syntax_error"
    assert answer.error["line"] == 1 and runner.calls == 1
    assert asyncio.run(service.answer(RunRequest(source="x = (1,\n"))).error == answer.error
    assert runner.calls == 1
    bad_gradient = RunRequest(
        source="y = torch.ones(2, requires_grad=True) * 2\n",
        backward=BackwardPasses("y", "__import__('os')"),
    )
    assert asyncio.run(service.answer(bad_gradient)).error["code"] == "unsupported"  # type: ignore[index]
    assert runner.calls == 2


def test_a_chain_that_is_no_program_never_reaches_a_worker() -> None:
    runner = CountingRunner()
    service = Service(Settings(workers=0), runner)
    answer = asyncio.run(service.answer(RunRequest(chain=({"name": "x", "op": "no_such_op", "args": [2]},))))
    assert answer.error is not None and answer.error["code"] == "unknown_name" and runner.calls == 0


def test_backward_times_is_bounded_by_the_settings() -> None:
    runner = CountingRunner()
    service = Service(Settings(workers=0, max_backward_times=3), runner)
    source = "x = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\n"
    with pytest.raises(AppError) as refused:
        asyncio.run(service.answer(RunRequest(source=source, backward=BackwardPasses("y", times=4))))
    assert refused.value.code == "invalid_request" and "max_backward_times" in refused.value.message
    assert refused.value.status == 422 and runner.calls == 0
    answer = asyncio.run(service.answer(RunRequest(source=source, backward=BackwardPasses("y", times=3))))
    assert answer.error is None and runner.calls == 1


def test_identical_requests_share_one_job_and_the_cache() -> None:
    runner = CountingRunner()
    service = Service(Settings(workers=0, cache_entries=4), runner)
    request = RunRequest(source="x = torch.rand(2, requires_grad=True)\ny = (x * 3).sum()\ny.backward()\n", seed=3)

    async def burst() -> list[bytes]:
        answers = await asyncio.gather(*(service.answer(request) for _ in range(5)))
        return [a.body for a in answers]

    bodies = asyncio.run(burst())
    assert runner.calls == 1 and len(set(bodies)) == 1
    assert asyncio.run(service.answer(request)).body == bodies[0]
    assert runner.calls == 1
    asyncio.run(service.answer(RunRequest(source=request.source, seed=4)))
    assert runner.calls == 2  # another seed is another answer
    asyncio.run(service.answer(RunRequest(source=request.source, seed=3, format="dot")))
    assert runner.calls == 3  # another format too


def test_cache_is_bounded_by_bytes() -> None:
    runner = CountingRunner()
    source = "x = torch.rand(3)\n"
    size = len(asyncio.run(Service(Settings(workers=0), runner).answer(RunRequest(source=source))).body)
    budget = 5 * size + size // 2  # room for five answers of this size, not six
    service = Service(Settings(workers=0, cache_entries=100, cache_bytes=budget), runner)
    for seed in range(6):
        asyncio.run(service.answer(RunRequest(source=source, seed=seed)))
    assert 0 < service._cache.bytes <= budget
    assert len(service._cache) == 5


def test_a_chain_with_an_integer_past_64_bits_is_answered_not_crashed() -> None:
    """orjson refuses such integers; the request's cache key is written exactly all the same."""
    runner = CountingRunner()
    service = Service(Settings(workers=0), runner)
    chain = ({"name": "x", "op": "ones", "args": [2]}, {"name": "y", "op": "add", "args": ["x", 2**70]})
    answer = asyncio.run(service.answer(RunRequest(chain=chain)))
    assert answer.error is not None and answer.error["code"] == "limit_exceeded" and runner.calls == 1
    assert pipeline.dumps({"b": [2**70]}) == b'{"b": [1180591620717411303424]}'
    assert pipeline.dumps(["\ud800"]) == b'["\\ud800"]'  # a lone surrogate: escaped, never an encoding error


def test_cache_keys_tell_nan_and_null_apart() -> None:
    """NaN, infinities and null are different requests: none may be answered from another's cache entry."""
    keys = {
        RunRequest(chain=({"op": "ones", "args": [2], "kwargs": {"dim": value}},)).cache_key()
        for value in (float("nan"), float("inf"), float("-inf"), None, 2**70, "\ud800")
    }
    assert len(keys) == 6


def test_a_worker_checks_a_program_once_and_keeps_it_for_other_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The web process sends the source; the worker parses and checks it once, then reruns it for a new seed."""
    jobs: list[pipeline.Job] = []

    class Recording:
        async def run(self, job: pipeline.Job) -> pipeline.Reply:
            jobs.append(job)
            return pipeline.Reply(b"{}", "application/json")

    monkeypatch.setattr(pipeline, "parse_program", lambda *args: pytest.fail("parsed in the web process"))
    service = Service(Settings(workers=0), Recording())
    source = "x = torch.ones(2, requires_grad=True)\ny_parsed_once = (x * 3).sum()\n"
    for seed in (1, 2):
        asyncio.run(service.answer(RunRequest(source=source, seed=seed)))
    assert [job.source for job in jobs] == [source, source]
    monkeypatch.undo()

    parses = []
    real_parse = pipeline.parse_program
    monkeypatch.setattr(pipeline, "parse_program", lambda *args: parses.append(1) or real_parse(*args))
    pipeline._programs.clear()  # the worker is another process: nothing kept
    first, second = (pipeline.answer(job) for job in jobs)
    assert first.error is None and b'"y_parsed_once"' in first.body and second.error is None
    assert len(parses) == 1
