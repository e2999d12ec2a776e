"""Use cases shared by the API and the page: answer a run request, list the limits in force.

The work happens in a worker process (`app.pipeline.answer`, handed to the runner); this side refuses what the
checker refuses before any worker is busy, applies the settings' bounds, shares one job among identical requests
and keeps finished answers (a run is a pure function of its request). Never imports FastAPI routes or templates.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from app import pipeline
from app.engine.errors import ProgramError
from app.engine.warmup import warm_up
from app.errors import AppError
from app.lru import BoundedLRU
from app.run_request import RunRequest
from app.settings import Settings


class RequestRefused(AppError):
    """A request outside the bounds in force (the settings), refused before any work."""

    code = "invalid_request"


@dataclass(frozen=True)
class Answer:
    """A finished request: body bytes and media type, or the error that refused the program."""

    body: bytes
    media_type: str
    error: dict[str, Any] | None = None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


class Runner(Protocol):
    """Runs a job somewhere and gives back its reply: the worker pool, or a thread in tests and tools."""

    async def run(self, job: pipeline.Job) -> pipeline.Reply: ...


class Service:
    """Answers run requests: refusal in this process, the work in the runner, a bounded cache of answers."""

    def __init__(self, settings: Settings, runner: Runner) -> None:
        self.settings = settings
        self.runner = runner
        self.limits = settings.limits()
        # Any answer the budget allows can be kept (the cache's total permitting): a request whose answer is
        # too large to keep would be worked out again every time it is sent.
        self._cache: BoundedLRU[str, Answer] = BoundedLRU(
            settings.cache_bytes,
            lambda answer: len(answer.body),
            max_entries=settings.cache_entries,
            max_entry_bytes=max(settings.cache_bytes // 4, settings.max_answer_bytes),
        )
        self._pending: dict[str, asyncio.Future[Answer]] = {}

    async def answer(self, request: RunRequest) -> Answer:
        """The answer to one request, from the cache, from an identical request in flight, or worked out now."""
        self._check_bounds(request)
        key = request.cache_key()
        found, cached = self._cache.get(key)
        if found and cached is not None:
            return cached
        pending = self._pending.get(key)
        if pending is not None:  # the same request is already running: share its answer
            return await asyncio.shield(pending)
        return await self._share(key, lambda: self._work_out(request))

    async def answer_for_page(self, request: RunRequest) -> dict[str, Any]:
        """The run as a dict for the HTML page: the API's JSON answer, or {"error": {...}}."""
        try:
            answer = await self.answer(request)
        except AppError as e:
            return {"error": e.to_dict()}
        if answer.error is not None:
            return {"error": answer.error}
        try:  # a worker never sends more than the budget; the page never decodes more either
            body = pipeline.within(answer.body, self.limits.max_answer_bytes)
        except AppError as e:
            return {"error": e.to_dict()}
        # Decoded off the event loop's own turn, so it serves other requests before and after.
        return await asyncio.to_thread(_decode, body)

    async def _share(self, key: str, work: Callable[[], Awaitable[Answer]]) -> Answer:
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            answer = await work()
            future.set_result(answer)
            self._cache.put(key, answer)
            return answer
        except BaseException as e:
            future.set_exception(e)
            future.exception()  # mark retrieved: nobody else may be waiting
            raise
        finally:
            del self._pending[key]

    async def _work_out(self, request: RunRequest) -> Answer:
        try:
            _program, source = pipeline.check(request, self.limits)
        except ProgramError as e:  # refused programs never take a worker's time
            return Answer(b"", "application/json", e.to_dict())
        bounds = self.settings.graph_max_nodes, self.settings.graph_max_edges
        reply = await self.runner.run(pipeline.Job(request, source, self.limits, *bounds))
        return Answer(reply.body, reply.media_type, reply.error)

    def _check_bounds(self, request: RunRequest) -> None:
        """The settings' bounds on a request's options; the schema checks only their types and shapes."""
        passes = request.backward
        most = self.settings.max_backward_times
        if passes is not None and not 1 <= passes.times <= most:
            raise RequestRefused(f"backward.times must be 1 to {most} (the limit max_backward_times)")


def _decode(body: bytes) -> dict[str, Any]:
    return orjson.loads(body)  # type: ignore[no-any-return]


class InlineRunner:
    """Runs jobs in a thread of this process: for tools and tests that do not need isolation."""

    def __init__(self) -> None:
        warm_up()

    async def run(self, job: pipeline.Job) -> pipeline.Reply:
        return await asyncio.to_thread(pipeline.answer, job)
