"""What runs inside a worker process: import torch and the preloaded modules, cap memory, then serve jobs
over a pipe.

Imports only the standard library at module level, and the pool's framing (channel.py, standard library only);
torch is imported in the worker itself. The job function arrives pickled by reference, so its module is imported
by the worker, never named here.
"""

from __future__ import annotations

import gc
import importlib
import os
import resource
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from app.workers.channel import frame

_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
# While a job runs, the cyclic collector runs once this many more container objects were made than freed
# (Python's default: 700). A run makes tens of thousands that reference counting frees, and keeps what its steps
# hold to the end: at the default, the 1,000-op program's run collected some thirty times, each walking what the
# run held, a tenth of its time. What a job leaves in cycles (a run's records refer to each other, its tensors
# with them) is collected once its reply is sent: see collect_after().
GC_THRESHOLD = 100_000
# Messages torch and OpenBLAS use when an allocation is refused under the address-space cap.
_ALLOC_FAILURES = ("can't allocate", "DefaultCPUAllocator", "out of memory", "Memory allocation")


def _die_with_parent() -> None:
    """Linux only: get SIGKILL when our parent (the fork server) goes, so no worker outlives the app."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def cap_memory(memory_mb: int | None) -> None:
    """Cap the address space. torch imports and runs under ~0.8 GiB of it, and an allocation past the
    cap comes back as a RuntimeError/MemoryError inside the job rather than an out-of-memory kill."""
    if not memory_mb:
        return
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # hard too: the job cannot raise it again


def failure(exc: BaseException) -> tuple[str, str, str]:
    """An exception from the job -> the error reply the pool turns into a PoolError."""
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, MemoryError) or any(s in str(exc) for s in _ALLOC_FAILURES):
        return ("error", "memory_exceeded", text)
    return ("error", "internal_error", text)


def open_statm() -> int | None:
    """This process's /proc/self/statm, kept open: read again at every job for a microsecond, where opening it
    costs fifteen. Opened by the process that reads it (/proc/self names the opener). None where /proc is missing."""
    try:
        return os.open("/proc/self/statm", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None


def resident_mb(statm: int | None) -> int:
    """This process's resident memory in MiB, read from open_statm()'s file (0 without one)."""
    if statm is None:
        return 0
    try:
        pages = int(os.pread(statm, 128, 0).split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * _PAGE_BYTES // 2**20


def collections() -> int:
    """How many collections this process has run so far, in every generation."""
    return sum(generation["collections"] for generation in gc.get_stats())


def collect_after(collections_before: int) -> None:
    """Free what the job just done left in cycles, off its answer's time: all of it is in the youngest generation,
    unless the job set off collections of its own (then every generation is collected). A worker's memory is then
    what it holds, never the garbage of the jobs before, which a job near the memory cap could not afford."""
    gc.collect(0 if collections() == collections_before else 2)


def send_whole(conn: Connection, message: Any) -> None:
    """conn.send(message) in one write. Connection writes a large message's length and its bytes apart, and each
    write wakes the pool's event loop, which finds only the length the first time: one reply, two wake-ups, each
    costing this process a few tens of microseconds in the write. Pickling errors are raised before any byte."""
    view = memoryview(frame(message))
    fd = conn.fileno()
    while view:
        view = view[os.write(fd, view) :]


def worker_main(
    job: Callable[[Any], Any], conn: Connection, memory_mb: int | None, preload: tuple[str, ...] = ()
) -> None:
    """Entry point of a worker: set up, say ("ready", pid), then answer each payload until None or EOF.

    Each answer is ("ok", result, rss_mb) or ("error", code, detail, rss_mb); the pool recycles a worker
    whose resident memory has grown past its threshold.

    `preload` modules are imported before the job; under the fork server they already are (no cost).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the parent, which reaps us
    _die_with_parent()
    try:
        import torch

        # One thread each: the pool is the parallelism; more threads would fight over the same cores.
        torch.set_num_threads(1)
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:  # already fixed by earlier parallel work in this process
            pass
        for module in preload:
            importlib.import_module(module)
        # Everything imported so far lives as long as the process: out of the collector's sight, a collection
        # walks only what the jobs make, and never writes to the pages shared with the fork server.
        gc.freeze()
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        cap_memory(memory_mb)
    except BaseException as exc:  # say why we cannot start instead of dying silently
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    statm = open_statm()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            payload = conn.recv()
        except (EOFError, OSError):
            return
        if payload is None:
            return
        before = collections()
        try:
            reply: tuple[Any, ...] = ("ok", job(payload))
        except Exception as exc:
            reply = failure(exc)
        try:
            send_whole(conn, (*reply, resident_mb(statm)))
        except Exception as exc:  # an unpicklable result, or no memory left to pickle it
            send_whole(conn, (*failure(exc), resident_mb(statm)))
        del reply
        collect_after(before)
