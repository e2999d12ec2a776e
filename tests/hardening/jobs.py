"""Small job functions for the worker-pool tests: each misbehaves in one well-defined way."""

from __future__ import annotations

import ctypes
import gc
import os
import time
import weakref
from typing import Any

import torch


def echo(payload: dict[str, Any]) -> dict[str, Any]:
    """Answer the payload with the worker's pid and torch thread settings."""
    return {
        "payload": payload,
        "pid": os.getpid(),
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
    }


def grad(payload: dict[str, Any]) -> dict[str, Any]:
    """A real autograd run: d/dx sum(x**2) = 2x."""
    x = torch.tensor(payload["x"], requires_grad=True)
    (x**2).sum().backward()
    assert x.grad is not None
    return {"grad": x.grad.tolist(), "pid": os.getpid()}


def sleep(payload: dict[str, Any]) -> dict[str, Any]:
    """Sleep for payload["s"] seconds, the stand-in for a program that runs too long.

    Also answers when it started and ended by time.monotonic(), a clock every process on the machine shares.
    """
    started = time.monotonic()
    time.sleep(payload["s"])
    return {"slept": payload["s"], "pid": os.getpid(), "started": started, "ended": time.monotonic()}


def spin(payload: dict[str, Any]) -> dict[str, Any]:
    """Burn CPU without ever yielding: only a kill stops it."""
    while True:
        pass


def exit_now(payload: dict[str, Any]) -> dict[str, Any]:
    """Die mid-job without a word, as an out-of-memory kill would (unless payload["die"] is false)."""
    if payload.get("die", True):
        os._exit(3)
    return {"pid": os.getpid()}


def segfault(payload: dict[str, Any]) -> dict[str, Any]:
    """Crash the interpreter with a segmentation fault (unless payload["die"] is false)."""
    if payload.get("die", True):
        ctypes.string_at(0)
    return {"pid": os.getpid()}


def allocate(payload: dict[str, Any]) -> dict[str, Any]:
    """Allocate payload["mb"] MiB as a float32 tensor and touch it."""
    t = torch.ones(payload["mb"] * 1024 * 1024 // 4)
    return {"sum": float(t.sum()), "pid": os.getpid()}


def python_memory(payload: dict[str, Any]) -> dict[str, Any]:
    """Grow a Python list until it fails: MemoryError, not a torch RuntimeError."""
    block = [0] * (payload["mb"] * 1024 * 1024 // 8)
    return {"len": len(block)}


def fail(payload: dict[str, Any]) -> dict[str, Any]:
    """Raise an ordinary exception."""
    raise ValueError("secret internal detail")


def unpicklable(payload: dict[str, Any]) -> dict[str, Any]:
    """Return something that cannot cross the pipe."""
    return {"fn": lambda: None}


def optimizer_step(payload: dict[str, Any]) -> dict[str, Any]:
    """One SGD step, timed: the first one in a process imports torch._dynamo unless it was preloaded."""
    started = time.monotonic()
    w = torch.ones(3, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.5)
    (w * w).sum().backward()
    optimizer.step()
    return {"w": w.tolist(), "seconds": time.monotonic() - started}


_hoard: list[bytes] = []


def hoard(payload: dict[str, Any]) -> dict[str, Any]:
    """Leak payload["mb"] MiB per call, as a job with a slow leak would."""
    _hoard.append(b"\x01" * (payload["mb"] * 1024 * 1024))  # filled, so every page is resident
    return {"pid": os.getpid(), "held_mb": len(_hoard) * payload["mb"]}


def big(payload: dict[str, Any]) -> dict[str, Any]:
    """Answer payload["mb"] MiB of bytes, each the low byte of its offset's MiB count plus one."""
    return {"data": b"".join(bytes([(i + 1) % 256]) * 2**20 for i in range(payload["mb"]))}


class _Linked:
    """An object that can refer to itself."""

    def __init__(self) -> None:
        self.me = self
        self.data = bytearray(2**20)


_left: list[weakref.ref[_Linked]] = []


def leave_a_cycle(payload: dict[str, Any]) -> dict[str, Any]:
    """Leave a reference cycle behind, as a run's records do, and say whether the one the call before left is
    gone: reference counting cannot free it, only a collection."""
    gone = all(ref() is None for ref in _left)
    _left[:] = [weakref.ref(_Linked())]
    return {"gone": gone}


def heap(payload: dict[str, Any]) -> dict[str, Any]:
    """How many objects the collector has frozen, how many it still walks in its oldest generation, and how many
    new objects set it off."""
    return {
        "frozen": gc.get_freeze_count(),
        "oldest": len(gc.get_objects(generation=2)),
        "threshold": gc.get_threshold()[0],
    }
