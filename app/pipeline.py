"""One job, start to finish, as a worker runs it: request + limits -> checked program -> run -> graph -> bytes.

The answer is bounded by max_answer_bytes as it is built: the run stops before its own records pass their share
(app/engine/budget.py), and the exact bytes are checked again once the graph, then the drawing, are added, each
before the next, costlier, part is made.

The pool is handed `answer` itself. Imports the engine, the renderer, the plain request, the content codings and
the bounded LRU only: never the settings, pydantic, FastAPI or the pool, so a worker loads no web code.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import orjson

from app.compression import IDENTITY, MIN_BYTES, compressible, encode
from app.engine import EngineError, ExtraBackward, Limits, Program, RunOptions, parse_program, run_program
from app.engine.chain import chain_to_source
from app.engine.errors import AnswerTooLarge, RunError
from app.engine.gradcheck import gradient_check
from app.engine.graph import build_graph
from app.engine.graph_data import collapsed
from app.engine.language import parse_expression
from app.errors import AppError
from app.lru import BoundedLRU
from app.render import render
from app.run_request import RunRequest


@dataclass(frozen=True)
class Job:
    """What a worker is sent: the request whole, its program's source (a chain is compiled once, in the web
    process), and the bounds in force. The worker checks the source: parsing and checking are CPU work, and the
    web process's one event loop serves every client while the workers share the cores."""

    request: RunRequest
    source: str
    limits: Limits
    max_graph_nodes: int
    max_graph_edges: int
    # The content coding the asking client prefers: encoding here spreads the work over the workers, off the
    # web process's event loop. Not part of the request: the same answer is kept in every coding asked for.
    coding: str = IDENTITY


@dataclass(frozen=True)
class Reply:
    """A finished job: the body in `coding` and its media type, or the error that refused or ended it (then no
    body). `tag` is the ETag of the body's identity bytes, worked out once here."""

    body: bytes
    media_type: str
    error: dict[str, Any] | None = None
    coding: str = IDENTITY
    tag: str = ""


# A checked program is immutable, so a new seed or option reruns it without parsing again: at most once per process.
_programs: BoundedLRU[tuple[str, Limits], Program] = BoundedLRU(
    32 * Limits.max_source_bytes, lambda program: len(program.source), max_entries=32
)


def checked_program(source: str, limits: Limits) -> Program:
    """The checked program of `source` (a ProgramError if refused), kept or checked now."""
    found, program = _programs.get((source, limits))
    if found and program is not None:
        return program
    program = parse_program(source, limits)
    _programs.put((source, limits), program)
    return program


@functools.lru_cache(maxsize=32)
def _checked_gradient(gradient: str, source: str, limits: Limits) -> None:
    parse_expression(gradient, limits, checked_program(source, limits).names)


def program_source(request: RunRequest) -> str:
    """The program's source: as sent, or compiled from the chain (which the same checker then reads)."""
    if request.source is not None:
        return request.source
    return chain_to_source(list(request.chain or ()))


def check(request: RunRequest, source: str, limits: Limits) -> Program:
    """The checker's verdict on a request whose program is `source`: its checked program, or a ProgramError."""
    program = checked_program(source, limits)
    if request.backward is not None and request.backward.gradient:
        _checked_gradient(request.backward.gradient, source, limits)
    return program


class StepOutOfRange(AppError):
    """The request asked for the graph at a step the run does not have."""

    code = "step_not_found"


def answer(job: Job) -> Reply:
    """Run one job; an engine error becomes the reply's error, never an exception."""
    try:
        body = _body(job)
    except (EngineError, StepOutOfRange) as e:
        return Reply(b"", "application/json", e.to_dict())
    return encoded_reply(body, job.request.media_type, job.coding)


def encoded_reply(body: bytes, media_type: str, coding: str) -> Reply:
    """The reply carrying `body` in `coding`, or as it is when encoding would not pay (small, or a PNG)."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if coding == IDENTITY or len(body) < MIN_BYTES or not compressible(media_type):
        return Reply(body, media_type, tag=tag)
    return Reply(encode(body, coding), media_type, coding=coding, tag=tag)


def _body(job: Job) -> bytes:
    request = job.request
    program = check(request, job.source, job.limits)
    passes = request.backward
    options = RunOptions(
        seed=request.seed,
        zero_grad=request.zero_grad,
        backward=ExtraBackward(passes.target, passes.gradient, passes.times) if passes else None,
    )
    if request.format == "gradcheck":
        assert request.check_leaf is not None  # the edge requires it
        try:
            verdict = gradient_check(program, options, job.limits, request.check_leaf, request.expected)
        except RunError as e:  # a well-formed request whose check cannot be made: the answer says why, as /run does
            verdict = {"leaf": request.check_leaf, "error": e.to_dict()}
        return dumps(verdict)
    result = run_program(program, options, job.limits)
    graph = build_graph(
        result, show_saved=request.show_saved, max_nodes=job.max_graph_nodes, max_edges=job.max_graph_edges
    )
    if request.step is not None:
        count = len(result.steps)
        if request.step >= count:
            has = f"{count} steps, 0 to {count - 1}" if count > 1 else "one step, 0" if count else "no steps"
            raise StepOutOfRange(f"step {request.step} does not exist: this run has {has}")
        graph = graph.at_step(request.step)
    if request.collapse:
        graph = collapsed(graph, request.collapse)
    most = job.limits.max_answer_bytes
    if request.format in ("svg", "png", "dot"):
        return within(render(graph, request.format), most)
    body = result.to_dict()
    body["graph"] = graph.to_dict()
    head = within(dumps_run(body), most)
    if request.format != "run":
        return head
    # The drawing goes last, after everything else is known to fit: spliced in, not serialised again.
    svg = dumps(render(graph, "svg").decode("utf-8"))
    return within(head[:-1] + b',"svg":' + svg + b"}", most)


def within(answer: bytes, most: int) -> bytes:
    """The answer, if it is at most `most` bytes (max_answer_bytes); else AnswerTooLarge refuses it whole."""
    if len(answer) > most:
        raise AnswerTooLarge(
            f"the answer would take more than max_answer_bytes={most:,} bytes (at least {len(answer):,}): its "
            "steps, variables, graph and drawing together are too large to send"
        )
    return answer


def dumps_run(body: dict[str, Any]) -> bytes:
    """dumps(body), each variable snapshot serialised once. A step holds the very snapshot object of the step
    before while its tensor is unchanged (RunState.snapshot), so most steps repeat most snapshots: each is made
    JSON once and spliced in again (orjson.Fragment), the bytes the same."""
    made: dict[int, orjson.Fragment] = {}

    def once(snapshots: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, snapshot in snapshots.items():
            fragment = made.get(id(snapshot))
            if fragment is None:
                fragment = made[id(snapshot)] = orjson.Fragment(orjson.dumps(snapshot))
            out[name] = fragment
        return out

    try:
        steps = [{**step, "variables": once(step["variables"])} for step in body["steps"]]
        return orjson.dumps({**body, "steps": steps, "variables": once(body["variables"])})
    except TypeError:  # something orjson does not write: the standard library writes the whole answer
        return dumps(body)


def dumps(value: Any) -> bytes:
    """JSON bytes by orjson; the standard library's, all ASCII, where orjson refuses (an integer past 64 bits,
    a lone surrogate in a string).

    Non-finite floats never get here (snapshots send them as strings), so orjson's null for NaN cannot occur.
    """
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, allow_nan=False).encode()
