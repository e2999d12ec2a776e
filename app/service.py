"""Use cases shared by the API and the page: run a program, render its graph, list the catalogue.

The work itself happens in `execute_job`, which a worker process runs; this module's Service sends jobs,
caches answers (a run is a pure function of program + seed + options) and turns them into results.
Imports the engine, the renderer and the settings; never FastAPI routes or templates.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from app.engine import BackwardRequest, EngineError, Limits, ProgramError, RunOptions, parse_program, run_program
from app.engine.chain import chain_to_source
from app.engine.graph import build_graph
from app.engine.language import parse_expression
from app.engine.warmup import warm_up
from app.render import render
from app.settings import Settings
from app.workers import PoolError

FORMATS = {"svg": "image/svg+xml", "png": "image/png", "dot": "text/vnd.graphviz", "json": "application/json"}


@dataclass(frozen=True)
class Answer:
    """A finished job: body bytes and media type, or the error that refused the program."""

    body: bytes
    media_type: str
    error: dict[str, Any] | None = None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


class Runner(Protocol):
    async def run(self, payload: dict[str, Any]) -> dict[str, Any]: ...


# --- the job: runs inside a worker process --------------------------------------------------------------


def execute_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Run one request's work; returns {"body", "media_type", "error"}. Never raises for bad input."""
    limits = Limits(**payload["limits"])
    try:
        body, media_type = _work(payload["request"], payload["format"], limits, payload["graph_max_nodes"])
        return {"body": body, "media_type": media_type, "error": None}
    except EngineError as e:
        return {"body": b"", "media_type": FORMATS["json"], "error": e.to_dict()}


# A checked program is immutable: a new seed or option reruns it without parsing it again, in either process.
_checked = functools.lru_cache(maxsize=32)(parse_program)


def _source(request: dict[str, Any]) -> str:
    """The program's source: as sent, or compiled from a chain (which the same checker then reads)."""
    source = request.get("source")
    return chain_to_source(request["chain"]) if source is None else str(source)


def _work(request: dict[str, Any], fmt: str, limits: Limits, max_nodes: int) -> tuple[bytes, str]:
    program = _checked(_source(request), limits)
    spec = request.get("backward")
    options = RunOptions(
        seed=request.get("seed", 0),
        zero_grad=request.get("zero_grad", False),
        backward=BackwardRequest(**spec) if spec else None,
    )
    result = run_program(program, options, limits)
    graph = build_graph(result, show_saved=request.get("show_saved", False), max_nodes=max_nodes)
    if fmt in ("svg", "png", "dot"):
        return render(graph, fmt), FORMATS[fmt]
    body = result.to_dict()
    for step in body["steps"]:
        step["nodes"] = graph.nodes_after_step(step["index"])
    body["graph"] = graph.to_dict()
    if fmt == "run":
        body["svg"] = render(graph, "svg").decode("utf-8")
    return dumps(body), FORMATS["json"]


def dumps(value: Any, *, sort_keys: bool = False) -> bytes:
    """JSON bytes by orjson; the standard library's, all ASCII, where orjson refuses (an integer past 64 bits,
    a lone surrogate in a string).

    Non-finite floats never get here (snapshots send them as strings), so orjson's null for NaN cannot occur.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else None)
    except TypeError:
        return json.dumps(value, sort_keys=sort_keys, allow_nan=False).encode()


# --- the service: runs in the web process -----------------------------------------------------------------


class Service:
    """Sends jobs to the runner, with a small cache of finished answers keyed by the whole request."""

    def __init__(self, settings: Settings, runner: Runner) -> None:
        self.settings = settings
        self.runner = runner
        self._limits = settings.limits()
        self._cache: OrderedDict[str, Answer] = OrderedDict()
        self._cache_bytes = 0
        self._pending: dict[str, asyncio.Future[Answer]] = {}

    async def run(self, request: dict[str, Any], fmt: str = "run") -> Answer:
        """The answer for one request: `fmt` is "run" (JSON with SVG), or a graph format."""
        key = hashlib.sha256(dumps([request, fmt], sort_keys=True)).hexdigest()
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        pending = self._pending.get(key)
        if pending is not None:  # the same request is already running: share its answer
            return await asyncio.shield(pending)
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            answer = await self._execute(request, fmt)
            future.set_result(answer)
            self._remember(key, answer)
            return answer
        except BaseException as e:
            future.set_exception(e)
            future.exception()  # mark retrieved: nobody else may be waiting
            raise
        finally:
            del self._pending[key]

    async def run_for_page(
        self, source: str, seed: int, zero_grad: bool, backward: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The run as a dict for the HTML page: the API's JSON answer, or {"error": {...}}."""
        if backward is not None and not 1 <= backward.get("times", 1) <= self.settings.max_backward_times:
            return {
                "error": {
                    "code": "invalid_request",
                    "line": None,
                    "col": None,
                    "message": f"times must be 1 to {self.settings.max_backward_times}",
                }
            }
        request: dict[str, Any] = {"source": source, "seed": seed, "zero_grad": zero_grad}
        if backward is not None:
            request["backward"] = backward
        try:
            answer = await self.run(request, "run")
        except PoolError as e:
            return {"error": e.to_dict()}
        if answer.error is not None:
            return {"error": answer.error}
        return orjson.loads(answer.body)  # type: ignore[no-any-return]

    async def _execute(self, request: dict[str, Any], fmt: str) -> Answer:
        refusal = self._refusal(request)
        if refusal is not None:  # refused programs never take a worker's time
            return Answer(b"", FORMATS["json"], refusal)
        payload = {
            "request": request,
            "format": fmt,
            "limits": self._limits.describe(),
            "graph_max_nodes": self.settings.graph_max_nodes,
        }
        reply = await self.runner.run(payload)
        return Answer(reply["body"], reply["media_type"], reply["error"])

    def _refusal(self, request: dict[str, Any]) -> dict[str, Any] | None:
        """The checker's verdict, in this process: parsing is bounded by the source-size limit."""
        try:
            program = _checked(_source(request), self._limits)
            gradient = (request.get("backward") or {}).get("gradient")
            if gradient:
                parse_expression(gradient, self._limits, program.names)
        except ProgramError as e:
            return e.to_dict()
        return None

    def _remember(self, key: str, answer: Answer) -> None:
        """Keep the answer, within both the entry and the byte budget, dropping the least recently used."""
        size = len(answer.body)
        if self.settings.cache_entries <= 0 or size > self.settings.cache_bytes // 4 or key in self._cache:
            return
        self._cache[key] = answer
        self._cache_bytes += size
        while len(self._cache) > self.settings.cache_entries or self._cache_bytes > self.settings.cache_bytes:
            _, dropped = self._cache.popitem(last=False)
            self._cache_bytes -= len(dropped.body)


class InlineRunner:
    """Runs jobs in a thread of this process: for tools and tests that do not need isolation."""

    def __init__(self) -> None:
        warm_up()

    async def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        return await asyncio.to_thread(execute_job, payload)
