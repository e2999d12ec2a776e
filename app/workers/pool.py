"""WorkerPool: hands each job to a free pre-started worker process; kills and replaces a worker whose job
overruns or dies, so one bad program costs one request while the others keep being served.

Imports only the standard library. Replies are read by the event loop itself (see channel.py); threads only
start and reap processes, which block.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any

from app.workers.channel import Channel, frame
from app.workers.child import worker_main
from app.workers.errors import (
    JobFailed,
    PoolBusy,
    PoolClosed,
    PoolError,
    WorkerCrashed,
    WorkMemoryExceeded,
    WorkTimeout,
)

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    channel: Channel
    pid: int
    jobs: int = 0

    def kill(self) -> None:
        if self.process.exitcode is not None:
            return  # already reaped: its pid may belong to someone else by now
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class WorkerPool:
    """Runs `job`, a module-level function of one picklable argument, in worker processes."""

    def __init__(
        self,
        job: Callable[[Any], Any],
        size: int | None = None,
        max_queue: int = 8,
        timeout_s: float = 10.0,
        memory_mb: int | None = 2048,
        *,
        max_tasks: int | None = 500,
        max_rss_mb: int | None = None,
        start_timeout_s: float = 120.0,
        context: str = "forkserver",
        preload: tuple[str, ...] = ("torch", "torch._dynamo"),
    ) -> None:
        if getattr(sys.modules.get(job.__module__), job.__qualname__, None) is not job:
            # Workers find the job by its module and name, so it must be a module-level function.
            raise TypeError(f"{job!r} is not a module-level function")
        self.job = job
        self.size = size or len(os.sched_getaffinity(0))
        self.max_queue = max_queue
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.max_tasks = max_tasks
        # Recycle a worker whose resident memory grew past this (default: half the address-space cap),
        # so a slow leak in a job can never walk a worker into its memory cap.
        self.max_rss_mb = max_rss_mb if max_rss_mb is not None else (memory_mb // 2 if memory_mb else None)
        self.start_timeout_s = start_timeout_s
        # torch._dynamo by default: the first optimizer step imports it lazily (some 800 modules, seconds),
        # which would land inside the first request of every fresh worker and eat its time budget.
        # A function crosses to the workers by reference (module and name): its module is preloaded like torch.
        self.preload = (*preload, job.__module__)
        self._ctx = multiprocessing.get_context(context)
        if context == "forkserver":
            # Workers fork from a server that already imported torch and the job, so a replacement is
            # ready in tens of milliseconds instead of the seconds a fresh interpreter needs.
            self._ctx.set_forkserver_preload(["app.workers.child", *self.preload, "app.workers.frozen"])
        # Only for the blocking steps of a process's life: starting it and collecting its exit status.
        self._threads = concurrent.futures.ThreadPoolExecutor(self.size * 2 + 2, "agx-pool")
        self._all: set[_Worker] = set()
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[asyncio.Future[_Worker]] = deque()
        self._background: set[asyncio.Task[None]] = set()
        self._open = False
        self._closing = asyncio.Event()

    @property
    def pids(self) -> list[int]:
        """Process ids of the current workers (for monitoring and tests)."""
        return sorted(w.pid for w in self._all)

    async def start(self) -> None:
        """Start every worker and wait until each has imported its job; raises PoolError if one cannot."""
        self._open = True
        started = await asyncio.gather(*(self._start_worker() for _ in range(self.size)), return_exceptions=True)
        failures = [r for r in started if isinstance(r, BaseException)]
        if failures:
            await self.close()
            raise failures[0]
        self._idle.extend(w for w in started if isinstance(w, _Worker))

    async def close(self) -> None:
        """Stop every worker and reap every process; waiting and running calls get PoolClosed."""
        self._open = False
        self._closing.set()
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(PoolClosed("the server is shutting down"))
        # Replacements in flight see the pool closed and stop; any worker they started is in _all.
        await asyncio.gather(*self._background, return_exceptions=True)
        idle = set(self._idle)
        self._idle.clear()
        goodbye = frame(None)
        for worker in idle:  # idle workers may exit cleanly; busy ones are killed outright
            worker.channel.send_nowait(goodbye)
        loop = asyncio.get_running_loop()
        reaps = [loop.run_in_executor(self._threads, _reap, w, 2.0 if w in idle else 0.0) for w in self._all]
        await asyncio.gather(*reaps)
        for worker in self._all:  # a run still waiting on its worker's reply gets EOF, hence PoolClosed
            worker.channel.close()
        self._all.clear()
        self._threads.shutdown(wait=False)

    async def run(self, payload: Any) -> Any:
        """Run the job on `payload` in a free worker; raises a PoolError subclass on any failure."""
        # Pickled before a worker is taken: a payload that cannot be pickled fails alone and holds no worker.
        worker = await self._dispatch(frame(payload))
        try:
            reply = await worker.channel.recv(self.timeout_s)
        except TimeoutError:
            worker.kill()
            self._replace(worker)
            raise WorkTimeout(f"the run took longer than {self.timeout_s:g} s and was stopped") from None
        except (EOFError, OSError):
            self._replace(worker)
            if not self._open:
                raise PoolClosed("the server is shutting down") from None
            raise WorkerCrashed("the process running this program stopped unexpectedly") from None
        except BaseException:  # cancelled mid-job: its answer can no longer be collected
            worker.kill()
            self._replace(worker)
            raise
        worker.jobs += 1
        failed_alloc = reply[0] == "error" and reply[1] == "memory_exceeded"
        worn = bool(self.max_tasks and worker.jobs >= self.max_tasks)
        bloated = bool(self.max_rss_mb and reply[-1] > self.max_rss_mb)
        if failed_alloc or worn or bloated:
            # Recycle: keeps resident memory flat, and never trusts a process after a failed allocation.
            self._replace(worker, graceful=True)
        else:
            self._release(worker)
        if reply[0] == "ok":
            return reply[1]
        if failed_alloc:
            raise WorkMemoryExceeded(f"the program needed more than the {self.memory_mb} MiB allowed")
        log.error("job %s failed: %s", self.job.__qualname__, reply[2])
        raise JobFailed("the run failed unexpectedly", reply[2])

    # -- internals -------------------------------------------------------------------------------------

    async def _dispatch(self, data: bytes) -> _Worker:
        """A worker that has received the framed payload. One found dead is replaced and the next one tried."""
        for _attempt in range(self.size + 2):
            worker = await self._acquire()
            try:
                await worker.channel.send(data)
                return worker
            except OSError:  # it died while idle: the job never reached it whole, so another may take it
                self._replace(worker)
            except BaseException:  # cancelled with the payload half written: the worker cannot be trusted
                worker.kill()
                self._replace(worker)
                raise
        raise WorkerCrashed("no worker could take the job")

    async def _acquire(self) -> _Worker:
        if not self._open:
            raise PoolClosed("the worker pool is not running")
        while self._idle:
            # Last in, first out: under light load one worker takes every job and its CPU caches stay warm,
            # where alternating between workers would start each job cold.
            worker = self._idle.pop()
            if worker.channel.silent():
                return worker
            self._replace(worker)  # died while idle (killed from outside): replace it, try the next
        if len(self._waiters) >= self.max_queue:
            raise PoolBusy("all workers are busy; try again shortly")
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[_Worker] = loop.create_future()
        self._waiters.append(waiter)
        # A request waits no longer than one run may take; then it is told to come back later.
        timer = loop.call_later(self.timeout_s, _give_up, waiter)
        try:
            return await waiter
        except BaseException:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())  # a worker was handed over just as we were cancelled
            raise
        finally:
            timer.cancel()

    def _release(self, worker: _Worker) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _replace(self, worker: _Worker, *, graceful: bool = False) -> None:
        if not self._open:
            return  # close() reaps every worker itself
        task = asyncio.get_running_loop().create_task(self._replace_task(worker, graceful))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _replace_task(self, worker: _Worker, graceful: bool) -> None:
        loop = asyncio.get_running_loop()
        if graceful:
            worker.channel.send_nowait(frame(None))
        await loop.run_in_executor(self._threads, _reap, worker, 2.0 if graceful else 0.0)
        worker.channel.close()
        self._all.discard(worker)
        delay = 0.1
        while self._open:
            try:
                fresh = await self._start_worker()
            except PoolError as exc:  # keep the pool at strength; back off while the cause persists
                log.error("could not start a replacement worker: %s", exc.message)
                try:
                    await asyncio.wait_for(self._closing.wait(), delay)
                except TimeoutError:
                    pass
                delay = min(delay * 2, 10.0)
                continue
            if self._open:
                self._release(fresh)
            return

    async def _start_worker(self) -> _Worker:
        loop = asyncio.get_running_loop()
        channel, child = Channel.pair(loop)
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=worker_main,
            args=(self.job, child, self.memory_mb, self.preload),
            name="agx-worker",
            daemon=True,
        )
        # Shielded: once asked for, the process must be registered even if this coroutine is cancelled.
        try:
            await asyncio.shield(loop.run_in_executor(self._threads, process.start))
        except Exception:  # no process: nothing will ever arrive on this channel
            channel.close()
            child.close()
            raise
        child.close()  # only the worker holds its end now, so its death reads as EOF here
        worker = _Worker(process, channel, process.pid or -1)
        self._all.add(worker)
        try:
            hello = await channel.recv(self.start_timeout_s)
        except (TimeoutError, EOFError, OSError):
            hello = ("failed", "the worker did not come up in time")
        if hello[0] != "ready":
            await loop.run_in_executor(self._threads, _reap, worker, 0.0)
            channel.close()
            self._all.discard(worker)
            raise PoolError(f"worker for {self.job.__qualname__} failed to start: {hello[1]}")
        return worker


def _reap(worker: _Worker, grace_s: float) -> None:
    """Blocking: wait up to grace_s for a clean exit, then SIGKILL; always collect the exit status."""
    if grace_s:
        worker.process.join(grace_s)
    worker.kill()
    worker.process.join(10)


def _give_up(waiter: asyncio.Future[_Worker]) -> None:
    if not waiter.done():
        waiter.set_exception(PoolBusy("all workers stayed busy; try again shortly"))
