"""Bounded execution: a pool of pre-started worker processes, each job capped in time and memory.

    from app.workers import WorkerPool, PoolError
    pool = WorkerPool(app.pipeline.answer, size=2, max_queue=8, timeout_s=10, memory_mb=2048)
    await pool.start(); reply = await pool.run(job); await pool.close()

Imports only the standard library; torch is imported inside the worker processes.
"""

from __future__ import annotations

from app.workers.errors import (
    JobFailed,
    PoolBusy,
    PoolClosed,
    PoolError,
    WorkerCrashed,
    WorkMemoryExceeded,
    WorkTimeout,
)
from app.workers.pool import WorkerPool

__all__ = [
    "JobFailed",
    "PoolBusy",
    "PoolClosed",
    "PoolError",
    "WorkMemoryExceeded",
    "WorkTimeout",
    "WorkerCrashed",
    "WorkerPool",
]
