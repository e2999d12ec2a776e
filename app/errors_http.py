"""The one place where errors become HTTP answers: one envelope, {"error": {code, message, line, col}}.

Routes return error_response(); the exception handlers installed here cover engine, pool and API errors
(AppError), validation errors, HTTP errors and anything unexpected; the pure ASGI middleware sends the same
bytes through send_error(). The status always comes from app.errors.STATUS. No traceback or echo of the input
ever reaches a client. Imports FastAPI/Starlette and app.errors; nothing of the engine, the pool or the service.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from app.errors import AppError, status_of

ErrorLike = AppError | Mapping[str, Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

FIELDS = ("code", "message", "line", "col")
# The methods a route is asked about when a 405 must name every method its path answers to.
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
# Statuses Starlette raises on its own (routing, static files), and the code each one is reported under.
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 415: "unsupported_media_type"}


class ApiError(AppError):
    """A request refused at the edge; its code (a key of STATUS) is chosen where it is raised."""

    code = "invalid_request"

    def __init__(self, code: str, message: str, line: int | None = None, col: int | None = None) -> None:
        super().__init__(message, line, col)
        self.code = code


def envelope_bytes(error: ErrorLike) -> bytes:
    """The envelope as the bytes every error answer carries, whichever layer sends it."""
    fields = error.to_dict() if isinstance(error, AppError) else error
    body = {"error": {key: fields.get(key) for key in FIELDS}}
    # All ASCII: a lone surrogate from a submitted program is escaped, never an encoding error.
    return json.dumps(body, separators=(",", ":"), allow_nan=False).encode("ascii")


def error_headers(error: ErrorLike, status: int) -> dict[str, str]:
    """Retry-After on 503: the pool was busy or restarting, and the same request will succeed later."""
    if status != 503:
        return {}
    retry_after = getattr(error, "retry_after", None) or 1
    return {"Retry-After": str(retry_after)}


def error_response(error: ErrorLike, headers: Mapping[str, str] | None = None, status: int | None = None) -> Response:
    """The JSON answer for an error; `status` only for the few statuses Starlette chose itself."""
    code = str(error.code if isinstance(error, AppError) else error.get("code"))
    status = status or status_of(code)
    return Response(
        envelope_bytes(error),
        status_code=status,
        media_type="application/json",
        headers={**error_headers(error, status), **(headers or {})},
    )


async def send_error(send: Send, error: ErrorLike, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    """The same answer as error_response(), sent on raw ASGI messages (for middleware outside the app)."""
    response = error_response(error)
    raw = [*response.raw_headers, *headers]
    await send({"type": "http.response.start", "status": response.status_code, "headers": raw})
    await send({"type": "http.response.body", "body": response.body})


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:  # location and reason only: never the submitted value
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _allowed_methods(request: Request, raised: Mapping[str, str]) -> str:
    """Every method the path answers to, as RFC 9110 wants in Allow.

    Starlette names only the methods of the first route whose path matched, so of two routes on one path
    (GET and POST /graph.svg) each would hide the other. Each route is asked through its public matches();
    a mounted app is left out: it raised the 405 itself and named its own methods.
    """
    methods = {m.strip().upper() for m in raised.get("Allow", "").split(",") if m.strip()}
    for route in request.app.router.routes:
        if isinstance(route, Mount):
            continue
        for method in _METHODS:
            if route.matches({**request.scope, "method": method})[0] is Match.FULL:
                methods.add(method)
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(ApiError("invalid_request", _validation_message(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            # FastAPI's 400 for a body json.loads refused without a JSONDecodeError (an integer past Python's
            # int max str digits, bytes that are not UTF-8): refused as any other body that is not JSON.
            return error_response(ApiError("invalid_request", "invalid request: body: JSON decode error"))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request, headers)
        code = _HTTP_CODES.get(exc.status_code, "invalid_request")
        return error_response(ApiError(code, str(exc.detail)), headers, status=exc.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return error_response(ApiError("internal_error", "the server failed to answer this request"))
