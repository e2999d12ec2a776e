"""The service and the page under the answer budget: any answer the budget allows is cached, so a request whose
answer was too large is answered from the cache the next time; the page never decodes more than the budget."""

from __future__ import annotations

import asyncio

import orjson

from app import pipeline
from app.run_request import RunRequest
from app.service import Service
from app.settings import Settings
from tests.test_service import CountingRunner

# 450 variables, each sent at every step: the run stops at the statement that would pass the budget.
MANY_VARIABLES = "".join(f"v{i} = torch.zeros(1)\n" for i in range(450)) + "for i in range(1000):\n    v0 = v0 + 1\n"


def test_a_run_stopped_by_the_budget_is_cached_and_not_worked_out_again() -> None:
    runner = CountingRunner()
    settings = Settings(workers=0, cache_entries=8, cache_bytes=4_000_000, max_answer_bytes=2_000_000)
    service = Service(settings, runner)
    request = RunRequest(source=MANY_VARIABLES)
    first = asyncio.run(service.answer(request))
    assert first.error is None and len(first.body) <= settings.max_answer_bytes
    assert len(first.body) > settings.cache_bytes // 4  # over the cache's usual entry size, yet kept
    assert orjson.loads(first.body)["error"]["code"] == "answer_too_large"
    for _ in range(3):
        assert asyncio.run(service.answer(request)).body == first.body
    assert runner.calls == 1


def test_an_answer_refused_whole_is_small_and_cached() -> None:
    runner = CountingRunner()
    source = "x = torch.rand(1, requires_grad=True)\nfor i in range(600):\n    x = x * 1.0\n"
    service = Service(Settings(workers=0, cache_entries=8, max_answer_bytes=100_000), runner)
    refused = asyncio.run(service.answer(RunRequest(source=source)))
    assert refused.error is not None and refused.error["code"] == "answer_too_large" and refused.body == b""
    assert asyncio.run(service.answer(RunRequest(source=source))) == refused
    assert runner.calls == 1


class OversizedRunner:
    """A runner whose worker answers more than the budget allows (none does): the page must not decode it."""

    async def run(self, job: pipeline.Job) -> pipeline.Reply:
        return pipeline.Reply(b'{"steps": [' + b"0," * job.limits.max_answer_bytes + b"0]}", "application/json")


def test_the_page_never_decodes_more_than_the_budget() -> None:
    service = Service(Settings(workers=0, max_answer_bytes=10_000), OversizedRunner())
    result = asyncio.run(service.answer_for_page(RunRequest(source="x = 1\n")))
    assert result["error"]["code"] == "answer_too_large" and "max_answer_bytes=10,000" in result["error"]["message"]


def test_the_page_decodes_an_answer_within_the_budget() -> None:
    service = Service(Settings(workers=0), CountingRunner())
    result = asyncio.run(service.answer_for_page(RunRequest(source="x = torch.ones(2)\nprint(x)\n")))
    assert result["output"] == "tensor([1., 1.])\n" and result["variables"]["x"]["value"] == [1.0, 1.0]
