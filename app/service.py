"""Use cases shared by the API and the page: answer a run request, list the limits in force.

The work happens in a worker process (`app.pipeline.answer`, handed to the runner), the check of the program
included: this side's one event loop serves every client, so it does no CPU work a worker can do. It applies the
settings' bounds, shares one job among identical requests and keeps finished answers, refusals too (a run is a
pure function of its request). Never imports FastAPI routes or templates.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import orjson

from app import pipeline
from app.compression import CODINGS, IDENTITY, MIN_BYTES, compressible, decode, encode, etag_for
from app.engine.errors import ProgramError
from app.engine.warmup import warm_up
from app.errors import AppError
from app.lru import BoundedLRU
from app.run_request import RunRequest
from app.settings import Settings


class RequestRefused(AppError):
    """A request outside the bounds in force (the settings), refused before any work."""

    code = "invalid_request"


# Answers this large are re-encoded in a thread, so the event loop keeps serving others meanwhile.
_RECODE_IN_THREAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answer:
    """A finished request: body bytes in `coding` and media type, or the error that refused the program.
    `tag` is the ETag of the identity bytes."""

    body: bytes
    media_type: str
    error: dict[str, Any] | None = None
    coding: str = IDENTITY
    tag: str = ""

    @property
    def etag(self) -> str:
        """This representation's ETag: each coding of the same answer has its own."""
        return etag_for(self.tag, self.coding)


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
        # Keyed by (request, coding): the bytes kept are the bytes sent, never encoded twice.
        self._cache: BoundedLRU[tuple[str, str], Answer] = BoundedLRU(
            settings.cache_bytes,
            lambda answer: len(answer.body),
            max_entries=settings.cache_entries,
            max_entry_bytes=max(settings.cache_bytes // 4, settings.max_answer_bytes),
        )
        self._pending: dict[str, asyncio.Future[Answer]] = {}

    async def answer(self, request: RunRequest, coding: str = IDENTITY) -> Answer:
        """The answer to one request in `coding` (where encoding pays), from the cache, from an identical request
        in flight, or worked out now."""
        self._check_bounds(request)
        key = request.cache_key()
        answer = self._kept(key, coding)
        if answer is None:
            pending = self._pending.get(key)
            if pending is not None:  # the same request is already running: share its answer
                answer = await asyncio.shield(pending)
            else:
                answer = await self._share(key, lambda: self._work_out(request, coding))
        return await self._in_coding(key, answer, coding)

    def _kept(self, key: str, coding: str) -> Answer | None:
        """The kept answer in `coding`, else in identity (the cheapest to encode), else in any coding."""
        for kept_coding in dict.fromkeys((coding, IDENTITY, *CODINGS)):
            found, answer = self._cache.get((key, kept_coding))
            if found and answer is not None:
                return answer
        return None

    async def _in_coding(self, key: str, answer: Answer, coding: str) -> Answer:
        """`answer` in `coding`, re-encoded (and kept) if it came in another; as it is where encoding would not pay."""
        if answer.coding == coding or answer.error is not None:
            return answer
        if answer.coding == IDENTITY and (len(answer.body) < MIN_BYTES or not compressible(answer.media_type)):
            return answer

        def recode() -> Answer:
            return replace(answer, body=encode(decode(answer.body, answer.coding), coding), coding=coding)

        big = len(answer.body) >= _RECODE_IN_THREAD_BYTES
        recoded = await asyncio.to_thread(recode) if big else recode()
        self._cache.put((key, coding), recoded)
        return recoded

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
            self._cache.put((key, answer.coding), answer)
            return answer
        except BaseException as e:
            future.set_exception(e)
            future.exception()  # mark retrieved: nobody else may be waiting
            raise
        finally:
            del self._pending[key]

    async def _work_out(self, request: RunRequest, coding: str) -> Answer:
        try:
            source = pipeline.program_source(request)
        except ProgramError as e:  # a chain that is no program never takes a worker's time
            return Answer(b"", "application/json", e.to_dict())
        bounds = self.settings.graph_max_nodes, self.settings.graph_max_edges
        reply = await self.runner.run(pipeline.Job(request, source, self.limits, *bounds, coding=coding))
        return Answer(reply.body, reply.media_type, reply.error, reply.coding, reply.tag)

    def _check_bounds(self, request: RunRequest) -> None:
        """The settings' bounds on a request's options; the schema checks only their types and shapes."""
        if request.backward is not None:
            self.check_times(request.backward.times, "backward.times")

    def check_times(self, times: int, name: str = "times") -> None:
        """The bound on extra backward passes, for an edge that takes `times` whether or not it is used."""
        most = self.settings.max_backward_times
        if not 1 <= times <= most:
            raise RequestRefused(f"{name} must be 1 to {most} (the limit max_backward_times)")


def _decode(body: bytes) -> dict[str, Any]:
    return orjson.loads(body)  # type: ignore[no-any-return]


class InlineRunner:
    """Runs jobs in a thread of this process: for tools and tests that do not need isolation."""

    def __init__(self) -> None:
        warm_up()

    async def run(self, job: pipeline.Job) -> pipeline.Reply:
        return await asyncio.to_thread(pipeline.answer, job)
