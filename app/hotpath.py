"""POST /api/v1/run answered without FastAPI's per-request machinery: the same route, its own model and function.

A request the route would accept (a JSON body its model validates) is answered here, by the route's own function;
anything else (another path, method or media type, a body that is not JSON or does not validate) goes on to
FastAPI untouched, with the body already read handed back, so every refusal is the one the route and the error
handlers give. Routing and dependency solving cost more than the rest of the web side's work on a run
(`scripts/bench_run.py`). Imports the route's module and the errors' one place, nothing of the engine.
"""

from __future__ import annotations

import orjson
from fastapi import Request
from pydantic import ValidationError

from app.api import answer_run, is_json
from app.errors import AppError
from app.errors_http import error_response
from app.middleware import ASGIApp, Message, Receive, Scope, Send
from app.schemas import RunBody

PATH = "/api/v1/run"


class RunHotPath:
    """Answers the run route's valid requests itself; passes every other request to `app` as it came."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST" or not _json(scope):
            await self.app(scope, receive, send)
            return
        body, ended = await _read(receive)
        body_model = _validated(body) if ended is None else None
        if body_model is None:
            await self.app(scope, _replay(body, ended, receive), send)
            return
        request = Request(scope, receive)
        try:
            response = await answer_run(body_model, scope["app"].state.service, request)
        except AppError as exc:  # what the app's handler for AppError answers
            response = error_response(exc)
        await response(scope, receive, send)


def _json(scope: Scope) -> bool:
    """The route's own test (api.require_json), on the first Content-Type header as Starlette reads it."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return is_json(value.decode("latin-1"))
    return False


async def _read(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body, and the message that ended it early (a disconnect), if one did."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts), message
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts), None


def _validated(body: bytes) -> RunBody | None:
    """The body as the route's model, or None where FastAPI would answer otherwise (it parses JSON with the
    standard library, which reads what orjson refuses: NaN, huge integers; those take the route's path)."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return RunBody.model_validate(data)
    except ValidationError:
        return None


def _replay(body: bytes, ended: Message | None, receive: Receive) -> Receive:
    """A receive() that gives the body already read, then the message that ended it, then the client's own."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
    if ended is not None:
        pending = [{"type": "http.request", "body": body, "more_body": True}, ended]

    async def again() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return again
