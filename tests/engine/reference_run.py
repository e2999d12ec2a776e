"""Reference side of the differential test: runs corpus programs in real CPython + torch and dumps JSON.

Reads a JSON list of jobs on stdin: {"path", "seed"} and optionally the engine's run options "zero_grad" and
"backward" ({"target", "gradient", "times"}), a "key", and "torch_imported" (a notebook cell run after
`import torch`, as the page's examples are: torch is bound before the first line, as the engine binds it).
Writes a JSON list of results on stdout: printed text, the final tensors, the error, and a trace of the tensors
before each executed line.
Run as a child process by test_differential.py; imports only torch and the standard library (never `app`).
Executing the source directly is deliberate: this is the reference run of our own corpus, not user input.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import sys
import traceback
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch


def encode(value: Any) -> Any:
    """Nested lists of plain numbers, with non-finite floats spelled the way the engine spells them."""
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def tensor_fields(tensor: torch.Tensor) -> dict[str, Any]:
    """The snapshot fields the engine must agree on, read from a real tensor."""
    # `.grad` of a non-leaf is only meaningful (and only silent) when retain_grad() was called on it.
    grad_known = tensor.is_leaf or tensor.retains_grad
    grad = tensor.grad if grad_known else None
    return {
        "shape": list(tensor.shape),
        "dtype": str(tensor.dtype).removeprefix("torch."),
        "requires_grad": tensor.requires_grad,
        "is_leaf": tensor.is_leaf,
        "grad_fn": type(tensor.grad_fn).__name__ if tensor.grad_fn is not None else None,
        "value": encode(tensor.detach().tolist()),
        "grad_known": grad_known,
        "grad": encode(grad.tolist()) if grad is not None else None,
    }


def error_line(exc: BaseException, filename: str) -> int | None:
    """Line of the innermost traceback frame that belongs to the program itself."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line


def tensors_of(namespace: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: tensor_fields(v) for name, v in namespace.items() if isinstance(v, torch.Tensor)}


def line_tracer(path: str, trace: list[Any]) -> Any:
    """A sys.settrace hook recording, before each line of the program runs, its line and its tensors."""

    def local(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            trace.append([frame.f_lineno, tensors_of(frame.f_globals)])
        return local

    def hook(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == path else None

    return hook


@contextlib.contextmanager
def backward_options(namespace: dict[str, Any], zero_grad: bool, keep_graphs: bool) -> Iterator[None]:
    """The engine's run options in Python terms.

    zero_grad: every leaf's .grad is zeroed before each backward call. keep_graphs (an extra backward pass was
    requested): every backward and autograd.grad call of the program retains its graph.
    """
    original_backward, original_grad = torch.Tensor.backward, torch.autograd.grad

    def backward(
        self: torch.Tensor,
        gradient: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        if zero_grad:
            for value in namespace.values():
                if isinstance(value, torch.Tensor) and value.is_leaf and value.grad is not None:
                    value.grad.zero_()
        original_backward(self, gradient, True if keep_graphs else retain_graph, create_graph, inputs)

    def grad(*args: Any, **kwargs: Any) -> Any:
        if keep_graphs:
            kwargs["retain_graph"] = True
        return original_grad(*args, **kwargs)

    torch.Tensor.backward, torch.autograd.grad = backward, grad  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        torch.Tensor.backward, torch.autograd.grad = original_backward, original_grad  # type: ignore[method-assign]


def run_one(job: dict[str, Any]) -> dict[str, Any]:
    path, seed = job["path"], job["seed"]
    extra = job.get("backward")  # {"target", "gradient", "times"}: backward passes after the program
    with open(path, newline="") as file:  # keep \r\n as written: the engine sees the bytes a browser sends
        source = file.read()
    # Each program starts from the state a fresh interpreter would have.
    torch.manual_seed(seed)
    torch.set_grad_enabled(True)
    torch.set_default_dtype(torch.float32)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    if job.get("torch_imported"):
        namespace["torch"] = torch
    stdout = io.StringIO()
    error = None
    trace: list[Any] = []
    with (
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stdout(stdout),
        backward_options(namespace, job.get("zero_grad", False), extra is not None),
    ):
        warnings.simplefilter("always")
        sys.settrace(line_tracer(path, trace))
        try:
            exec(compile(source, path, "exec"), namespace)
        except Exception as exc:  # the corpus has programs that end in an error on purpose
            error = {"type": type(exc).__name__, "message": str(exc), "line": error_line(exc, path)}
        finally:
            sys.settrace(None)
        torch.set_grad_enabled(True)  # an error inside `with torch.no_grad()` must not leak
        if extra is not None and error is None:
            for _ in range(extra["times"]):
                gradient = eval(extra["gradient"], namespace) if extra.get("gradient") else None
                namespace[extra["target"]].backward(gradient)
    tensors = tensors_of(namespace)
    kinds = {
        name: type(v).__name__
        for name, v in namespace.items()
        if not name.startswith("__") and not isinstance(v, types.ModuleType)
    }
    return {
        "key": job.get("key", Path(path).name),
        "name": Path(path).name,
        "seed": seed,
        "stdout": stdout.getvalue(),
        "tensors": tensors,
        "trace": trace,
        "kinds": kinds,
        "error": error,
        "warnings": [w.category.__name__ for w in caught],
    }


def main() -> None:
    jobs = json.load(sys.stdin)
    results = [run_one(job) for job in jobs]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
