"""The root of every error the service reports, and the one table from error code to HTTP status.

    AppError                          code, message, line, col; to_dict() is the envelope's body
    ├── app.engine.errors.EngineError     the program was refused, or failed while running
    ├── app.workers.errors.PoolError      the worker pool could not run the job
    └── app.errors_http.ApiError          a request refused at the edge

Imports the standard library only, so the engine and the pool can share it without importing each other.
"""

from __future__ import annotations

from typing import Any

# Error code -> HTTP status. Anything a program can cause is 4xx; 503 only means "busy, retry".
STATUS: dict[str, int] = {
    # bases, never raised themselves
    "engine_error": 422,
    "program_error": 400,
    "run_error": 422,
    # refused before running (app.engine.errors.ProgramError)
    "syntax_error": 400,
    "unsupported": 400,
    "unknown_name": 400,
    "limit_exceeded": 422,
    # failed while running (app.engine.errors.RunError), or stopped by the pool on its behalf
    "runtime_error": 422,
    "timeout": 422,
    "worker_crashed": 422,
    "memory_exceeded": 422,
    "answer_too_large": 422,
    "check_refused": 422,
    # the pool could not take the job: retry later
    "busy": 503,
    "unavailable": 503,
    "pool_error": 503,
    # refused at the edge
    "invalid_request": 422,
    "body_too_large": 413,
    "unsupported_media_type": 415,
    "not_found": 404,
    "step_not_found": 404,
    "method_not_allowed": 405,
    # a bug of ours; never a traceback
    "internal_error": 500,
}
DEFAULT_STATUS = 422


class AppError(Exception):
    """Base of every reported error: a code (a key of STATUS), a message, and the line/col it concerns."""

    code = "internal_error"

    def __init__(self, message: str, line: int | None = None, col: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col

    @property
    def status(self) -> int:
        return status_of(self.code)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "line": self.line, "col": self.col}


def status_of(code: str) -> int:
    """The HTTP status for an error code."""
    return STATUS.get(code, DEFAULT_STATUS)
