"""The worker pool's exception tree; each error carries a code and a message like the engine errors.

    AppError (app/errors.py)   code, message, line, col; codes map to HTTP statuses there
    └── PoolError              base; also raised when a worker cannot start      code "pool_error"
        ├── PoolBusy               every worker busy and the waiting line full       code "busy"  (HTTP 503)
        ├── PoolClosed             the pool is not running / shutting down           code "unavailable" (503)
        ├── WorkTimeout            the job outran timeout_s; its worker was killed   code "timeout"
        ├── WorkerCrashed          the worker died mid-job (signal, OOM kill, exit)  code "worker_crashed"
        ├── WorkMemoryExceeded     an allocation failed under the memory cap         code "memory_exceeded"
        └── JobFailed              the job raised something unexpected               code "internal_error"

Imports nothing but the standard library and app.errors, and nothing of the web layer or the engine.
"""

from __future__ import annotations

from app.errors import AppError


class PoolError(AppError):
    """Base of the pool's errors: code and message; line/col are always None (no source position)."""

    code = "pool_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class PoolBusy(PoolError):
    """Every worker is busy and the waiting line is full; retry after `retry_after` seconds."""

    code = "busy"

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PoolClosed(PoolError):
    """The pool is not running (not started yet, or shutting down)."""

    code = "unavailable"


class WorkTimeout(PoolError):
    """The job ran past the pool's time limit; its worker was killed and is being replaced."""

    code = "timeout"


class WorkerCrashed(PoolError):
    """The worker died while running the job (signal, out-of-memory kill, exit)."""

    code = "worker_crashed"


class WorkMemoryExceeded(PoolError):
    """The job could not allocate memory under the worker's memory cap."""

    code = "memory_exceeded"


class JobFailed(PoolError):
    """The job raised an unexpected exception; `detail` is for the log, never for clients."""

    code = "internal_error"

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail
