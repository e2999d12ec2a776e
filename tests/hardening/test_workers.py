"""WorkerPool: results, timeouts, crashes, memory caps, back-pressure, parallelism and reaping."""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import pytest
import torch

from app.workers import (
    JobFailed,
    PoolBusy,
    PoolClosed,
    PoolError,
    WorkerCrashed,
    WorkerPool,
    WorkMemoryExceeded,
    WorkTimeout,
    child,
)
from tests.hardening import jobs
from tests.hardening.procs import descendants, tree_without_forkserver

# Every test starts worker processes, and several wait out real time limits.
pytestmark = pytest.mark.slow


@asynccontextmanager
async def pool_of(fn: str, **options: Any) -> AsyncIterator[WorkerPool]:
    settings: dict[str, Any] = {"size": 1, "max_queue": 4, "timeout_s": 5.0, "memory_mb": 2048} | options
    pool = WorkerPool(getattr(jobs, fn), **settings)
    await pool.start()
    try:
        yield pool
    finally:
        await pool.close()


def drive(test: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(test())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return descendants(os.getpid()).get(pid) != "Z"


async def wait_for_replacement(pool: WorkerPool, old: int, size: int = 1) -> list[int]:
    for _ in range(200):
        pids = pool.pids
        if old not in pids and len(pids) == size:
            return pids
        await asyncio.sleep(0.05)
    raise AssertionError(f"worker {old} was not replaced: {pool.pids}")


def test_a_job_returns_its_result_from_a_single_threaded_worker() -> None:
    async def test() -> None:
        async with pool_of("echo") as pool:
            answer = await pool.run({"source": "x = 1", "seed": 3})
            assert answer == {
                "payload": {"source": "x = 1", "seed": 3},
                "pid": pool.pids[0],
                "threads": 1,
                "interop_threads": 1,
            }
            assert answer["pid"] != os.getpid()

    drive(test)


def test_gradients_computed_in_a_worker_match_torch_here() -> None:
    async def test() -> None:
        async with pool_of("grad") as pool:
            answer = await pool.run({"x": [1.0, -2.0, 0.5]})
        x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
        (x**2).sum().backward()
        assert x.grad is not None and answer["grad"] == x.grad.tolist()

    drive(test)


@pytest.mark.parametrize("job", ["sleep", "spin"])
def test_a_job_past_its_time_is_killed_and_the_worker_replaced(job: str) -> None:
    async def test() -> None:
        async with pool_of(job, timeout_s=0.5) as pool:
            (old,) = pool.pids
            started = time.monotonic()
            with pytest.raises(WorkTimeout) as caught:
                await pool.run({"s": 30})
            assert time.monotonic() - started < 2.0
            assert caught.value.to_dict() == {
                "code": "timeout",
                "message": "the run took longer than 0.5 s and was stopped",
                "line": None,
                "col": None,
            }
            await wait_for_replacement(pool, old)
            assert not alive(old)
            if job == "sleep":  # the fresh worker serves the next request
                assert (await pool.run({"s": 0}))["slept"] == 0

    drive(test)


@pytest.mark.parametrize("job", ["exit_now", "segfault"])
def test_a_crash_costs_one_request_and_the_pool_keeps_serving(job: str) -> None:
    async def test() -> None:
        async with pool_of(job, size=2, max_queue=8) as pool:
            first = pool.pids
            others = asyncio.gather(*(pool.run({"die": False}) for _ in range(6)))
            with pytest.raises(WorkerCrashed) as caught:
                await pool.run({"die": True})
            assert caught.value.code == "worker_crashed"
            assert len(await others) == 6  # the requests around it were all served
            after = [(await pool.run({"die": False}))["pid"] for _ in range(4)]
            for _ in range(200):  # the replacement comes up in the background
                if len(pool.pids) == 2 and len(set(first) & set(pool.pids)) == 1:
                    break
                await asyncio.sleep(0.05)
            assert len(pool.pids) == 2 and len(set(first) & set(pool.pids)) == 1  # one worker replaced
        assert not any(alive(pid) for pid in first + after)

    drive(test)


def test_a_run_cancelled_mid_job_kills_its_worker_and_a_fresh_one_serves_the_next() -> None:
    async def test() -> None:
        async with pool_of("sleep", max_queue=1) as pool:
            (old,) = pool.pids
            running = asyncio.create_task(pool.run({"s": 30}))
            waiting = asyncio.create_task(pool.run({"s": 30}))  # cancelled while in line: it holds nothing
            await asyncio.sleep(0.2)
            waiting.cancel()
            running.cancel()
            for task in (running, waiting):
                with pytest.raises(asyncio.CancelledError):
                    await task
            (fresh,) = await wait_for_replacement(pool, old)
            assert not alive(old)
            assert (await pool.run({"s": 0}))["pid"] == fresh

    drive(test)


def test_workers_killed_while_idle_cost_no_request() -> None:
    async def test() -> None:
        async with pool_of("echo", size=2) as pool:
            victims = pool.pids
            for victim in victims:
                os.kill(victim, 9)
            while any(alive(victim) for victim in victims):
                await asyncio.sleep(0.01)
            answers = [await pool.run({"n": n}) for n in range(4)]
            assert [a["payload"]["n"] for a in answers] == [0, 1, 2, 3]
            assert not {a["pid"] for a in answers} & set(victims)

    drive(test)


def test_an_unpicklable_payload_fails_alone_and_the_worker_stays_available() -> None:
    async def test() -> None:
        async with pool_of("echo", max_queue=0) as pool:
            (pid,) = pool.pids
            with pytest.raises(AttributeError):  # pickle cannot find a local lambda by name
                await pool.run({"f": lambda: 0})
            answer = await pool.run({"n": 1})  # max_queue=0: PoolBusy had the worker not come back
            assert answer["pid"] == pid

    drive(test)


def test_all_workers_busy_and_queue_full_fails_at_once_with_pool_busy() -> None:
    async def test() -> None:
        async with pool_of("sleep", max_queue=1) as pool:
            running = asyncio.create_task(pool.run({"s": 2.0}))
            queued = asyncio.create_task(pool.run({"s": 0}))
            await asyncio.sleep(0.1)
            started = time.monotonic()
            with pytest.raises(PoolBusy) as caught:
                await pool.run({"s": 0})
            # At once: well before the worker frees, which a pool that waited for it would have to await.
            assert time.monotonic() - started < 1.0
            assert caught.value.code == "busy" and caught.value.retry_after >= 1
            assert (await running)["slept"] == 2.0
            assert (await queued)["slept"] == 0  # the one in line was served when the worker freed

    drive(test)


def test_a_request_in_line_is_served_as_soon_as_the_worker_frees() -> None:
    async def test() -> None:
        async with pool_of("sleep", timeout_s=3.0) as pool:
            # Tasks start in the order they are made: the first takes the idle worker, the second waits.
            running = asyncio.create_task(pool.run({"s": 1.0}))
            waiting = asyncio.create_task(pool.run({"s": 0}))
            first, second = await running, await waiting
            assert first["pid"] == second["pid"]
            assert second["started"] >= first["ended"]  # it really waited in line, then took that worker

    drive(test)


def test_a_request_waits_in_line_no_longer_than_the_time_limit() -> None:
    async def test() -> None:
        async with pool_of("sleep", timeout_s=1.0) as pool:
            # Both clocks start in the same turn of the loop: the waiting request gives up as the hog is
            # stopped, long before the hog's replacement (a new process) could come up and serve it.
            hog = asyncio.create_task(pool.run({"s": 30}))
            waiting = asyncio.create_task(pool.run({"s": 0}))
            started = time.monotonic()
            with pytest.raises(PoolBusy) as caught:
                await waiting
            waited = time.monotonic() - started
            assert caught.value.code == "busy"
            assert 0.9 <= waited < 3.0, waited  # the time limit, not the hog's 30 s
            with pytest.raises(WorkTimeout):
                await hog

    drive(test)


def test_concurrent_calls_run_in_parallel() -> None:
    async def test() -> None:
        async with pool_of("sleep", size=2) as pool:
            answers = await asyncio.gather(pool.run({"s": 1.0}), pool.run({"s": 1.0}))
        assert len({a["pid"] for a in answers}) == 2
        # Each started before the other ended: the two runs overlapped in time.
        assert max(a["started"] for a in answers) < min(a["ended"] for a in answers)

    drive(test)


def test_torch_allocation_past_the_memory_cap_is_an_error_not_a_crash() -> None:
    async def test() -> None:
        async with pool_of("allocate", memory_mb=1024) as pool:
            assert (await pool.run({"mb": 64}))["sum"] == 64 * 1024 * 1024 / 4
            with pytest.raises(WorkMemoryExceeded) as caught:
                await pool.run({"mb": 4096})
            assert caught.value.to_dict()["message"] == "the program needed more than the 1024 MiB allowed"
            assert (await pool.run({"mb": 1}))["sum"] == 1024 * 1024 / 4

    drive(test)


def test_python_memory_error_under_the_cap_is_an_error_not_a_crash() -> None:
    async def test() -> None:
        async with pool_of("python_memory", memory_mb=1024) as pool:
            with pytest.raises(WorkMemoryExceeded):
                await pool.run({"mb": 4096})
            assert (await pool.run({"mb": 1}))["len"] == 1024 * 1024 // 8

    drive(test)


@pytest.mark.parametrize("job", ["fail", "unpicklable"])
def test_an_exception_in_the_job_becomes_job_failed_without_leaking_details(job: str) -> None:
    async def test() -> None:
        async with pool_of(job) as pool:
            (pid,) = pool.pids
            for _ in range(2):  # the worker survives and answers again
                with pytest.raises(JobFailed) as caught:
                    await pool.run({})
                assert caught.value.to_dict()["message"] == "the run failed unexpectedly"
            assert "secret" not in caught.value.message
            assert pool.pids == [pid]
        if job == "fail":
            assert caught.value.detail == "ValueError: secret internal detail"

    drive(test)


def test_workers_are_recycled_after_max_tasks() -> None:
    async def test() -> None:
        async with pool_of("echo", max_tasks=2) as pool:
            (first,) = pool.pids
            pids = [(await pool.run({}))["pid"] for _ in range(2)]
            assert pids == [first, first]
            await wait_for_replacement(pool, first)
            assert (await pool.run({}))["pid"] != first

    drive(test)


def test_a_worker_that_cannot_import_what_it_needs_fails_start_and_leaves_no_process(
    process_tree: dict[int, str],
) -> None:
    async def test() -> None:
        pool = WorkerPool(jobs.echo, size=2, max_queue=1, timeout_s=1, memory_mb=None, preload=("no_such_module_xyz",))
        with pytest.raises(PoolError) as caught:
            await pool.start()
        assert caught.value.code == "pool_error" and "failed to start" in caught.value.message
        assert pool.pids == []

    drive(test)
    assert tree_without_forkserver() == process_tree


def test_a_job_must_be_a_module_level_function() -> None:
    """Workers look the job up by module and name: anything else is refused when the pool is made."""

    def nested(payload: Any) -> Any:
        return payload

    with pytest.raises(TypeError):
        WorkerPool(nested, size=1)
    with pytest.raises(TypeError):
        WorkerPool(lambda payload: payload, size=1)


def test_close_reaps_every_worker_even_busy_ones(process_tree: dict[int, str]) -> None:
    async def test() -> None:
        pool = WorkerPool(jobs.sleep, size=2, max_queue=2, timeout_s=30, memory_mb=None)
        with pytest.raises(PoolClosed):
            await pool.run({"s": 0})  # not started yet
        await pool.start()
        workers = pool.pids
        assert len(workers) == 2 and all(alive(p) for p in workers)
        running = [asyncio.create_task(pool.run({"s": 30})) for _ in range(3)]
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await pool.close()
        assert time.monotonic() - started < 3.0
        for task in running:  # two were running, one was waiting in line
            with pytest.raises(PoolClosed):
                await task
        assert not any(alive(p) for p in workers)
        with pytest.raises(PoolClosed):
            await pool.run({"s": 0})

    drive(test)
    assert tree_without_forkserver() == process_tree  # nothing leaked, nothing left as a zombie


def test_the_event_loop_stays_responsive_while_workers_run() -> None:
    async def test() -> None:
        async with pool_of("spin", size=2, timeout_s=2.0) as pool:
            jobs = [asyncio.create_task(pool.run({})) for _ in range(2)]
            ticks = [time.monotonic()]
            while ticks[-1] - ticks[0] < 1.0:
                await asyncio.sleep(0.01)
                ticks.append(time.monotonic())
            # A loop blocked by the running jobs would not tick again until they were stopped, seconds later.
            assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.5
            for job in jobs:
                with pytest.raises(WorkTimeout):
                    await job

    drive(test)


def test_a_reply_of_tens_of_mb_arrives_whole_while_the_loop_keeps_ticking() -> None:
    async def test() -> None:
        async with pool_of("big", timeout_s=30.0) as pool:
            for _ in range(2):  # the worker is still fine after the first
                running = asyncio.create_task(pool.run({"mb": 40}))
                ticks = [time.monotonic()]
                while not running.done():
                    await asyncio.sleep(0.005)
                    ticks.append(time.monotonic())
                data = (await running)["data"]
                assert len(data) == 40 * 2**20
                assert all(data[i * 2**20 : (i + 1) * 2**20] == bytes([i + 1]) * 2**20 for i in range(40))
                # The loop went on serving meanwhile (test_channel.py paces a slow writer to show it never waits).
                assert len(ticks) > 5 and max(b - a for a, b in itertools.pairwise(ticks)) < 0.5

    drive(test)


def test_workers_keep_what_they_imported_out_of_the_collectors_sight() -> None:
    """Frozen: a collection walks only what the jobs made, never the ~300k objects of torch."""

    async def test() -> None:
        for context in ("forkserver", "spawn"):
            async with pool_of("heap", context=context, preload=("torch",)) as pool:
                heap = await pool.run({})
                assert heap["frozen"] > 100_000 and heap["oldest"] < heap["frozen"] // 10, (context, heap)

    drive(test)


def test_what_a_job_leaves_in_cycles_is_collected_before_the_next_job() -> None:
    async def test() -> None:
        async with pool_of("leave_a_cycle", size=1, preload=("torch",)) as pool:
            await pool.run({})
            for _ in range(3):
                assert (await pool.run({}))["gone"]

    drive(test)


def test_workers_collect_cycles_less_often_than_python_does() -> None:
    """A job's objects are mostly freed by reference counting: the collector waits for GC_THRESHOLD of them."""

    async def test() -> None:
        async with pool_of("heap", preload=("torch",)) as pool:
            assert (await pool.run({}))["threshold"] == child.GC_THRESHOLD > 700
        assert gc.get_threshold()[0] == 700  # this process, which serves requests, keeps Python's own

    drive(test)


def test_the_first_optimizer_step_in_a_fresh_worker_is_fast() -> None:
    async def test() -> None:
        async with pool_of("optimizer_step", max_tasks=1) as pool:
            for _ in range(2):  # max_tasks=1: each call lands in a freshly forked worker
                answer = await pool.run({})
                assert answer["w"] == [0.0, 0.0, 0.0]  # w - 0.5 * 2w
                assert answer["seconds"] < 1.0, answer  # importing torch._dynamo here takes seconds

    drive(test)


def test_the_spawn_context_works_too() -> None:
    async def test() -> None:
        async with pool_of("echo", context="spawn", preload=("torch",)) as pool:
            answer = await pool.run({"n": 1})
            assert answer["payload"] == {"n": 1} and answer["threads"] == 1

    drive(test)


def test_a_worker_whose_memory_keeps_growing_is_recycled() -> None:
    async def test() -> None:
        async with pool_of("hoard", max_rss_mb=700) as pool:
            (first,) = pool.pids
            answers = [await pool.run({"mb": 100}) for _ in range(2)]
            assert {a["pid"] for a in answers} == {first}  # about 300 + 200 MiB: under the threshold
            for _ in range(8):  # a few more hundred MiB cross it
                answer = await pool.run({"mb": 100})
                if answer["pid"] != first:
                    break
            assert answer["pid"] != first and answer["held_mb"] == 100  # a fresh process, nothing held
            assert not alive(first)

    drive(test)
