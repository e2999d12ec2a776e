"""The one place where errors become HTTP responses: one envelope, {"error": {code, message, line, col}}.

Engine errors, pool errors, validation errors and HTTP errors all pass through here; no traceback or echo
of the input ever reaches a client.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.engine.errors import EngineError
from app.errors import AppError, status_of
from app.workers import PoolBusy, PoolError

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 415: "unsupported_media_type"}


class ApiError(Exception):
    """An error raised by a route: code, message, optional line/col."""

    def __init__(self, code: str, message: str, line: int | None = None, col: int | None = None) -> None:
        super().__init__(message)
        self.body = {"code": code, "message": message, "line": line, "col": col}


def error_response(error: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    body = {key: error.get(key) for key in ("code", "message", "line", "col")}
    return JSONResponse({"error": body}, status_code=status_of(str(body["code"])), headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:  # location and reason only: never the submitted value
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"Retry-After": "1"} if exc.body["code"] == "busy" else None
        return error_response(exc.body, headers)

    @app.exception_handler(AppError)
    async def _app(request: Request, exc: AppError) -> JSONResponse:
        return error_response(exc.to_dict())

    @app.exception_handler(EngineError)
    async def _engine(request: Request, exc: EngineError) -> JSONResponse:
        return error_response(exc.to_dict())

    @app.exception_handler(PoolError)
    async def _pool(request: Request, exc: PoolError) -> JSONResponse:
        retry = exc.retry_after if isinstance(exc, PoolBusy) else 1
        headers = {"Retry-After": str(retry)} if status_of(exc.code) == 503 else None
        return error_response(exc.to_dict(), headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response({"code": "invalid_request", "message": _validation_message(exc)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "invalid_request")
        response = error_response({"code": code, "message": str(exc.detail)})
        response.status_code = exc.status_code
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return error_response({"code": "internal_error", "message": "the server failed to answer this request"})
