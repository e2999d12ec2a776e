"""Reference side of the differential test: runs corpus programs in real CPython + torch and dumps JSON.

Reads a JSON list of jobs on stdin: {"path", "seed"} and optionally the engine's run options "zero_grad" and
"backward" ({"target", "gradient", "times"}), a "key", and "torch_imported" (a notebook cell run after
`import torch`, as the page's examples are: torch is bound before the first line, as the engine binds it).
Writes a JSON list of results on stdout: printed text, the final tensors, the error, and a trace of the tensors
before each executed line.
Run as a child process by test_differential.py; imports only torch, numpy and the standard library (never `app`).
Executing the source directly is deliberate: this is the reference run of our own corpus, not user input.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import math
import random
import sys
import traceback
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy
import torch


def encode(value: Any) -> Any:
    """Nested lists of plain numbers, with non-finite floats spelled the way the engine spells them."""
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


class Flows:
    """The gradient that flowed through each named non-leaf in the latest backward: a hook on every non-leaf
    the program names, emptied when a backward starts, ignored during torch.autograd.grad (which returns
    gradients instead of passing them on)."""

    def __init__(self) -> None:
        self.flows: dict[int, torch.Tensor] = {}
        self.hooked: dict[int, torch.Tensor] = {}  # kept alive, so an id is never reused
        self.ignoring = False

    def watch(self, namespace: dict[str, Any]) -> None:
        for value in list(namespace.values()):
            if isinstance(value, torch.Tensor) and value.requires_grad and not value.is_leaf:
                if id(value) not in self.hooked:
                    self.hooked[id(value)] = value
                    value.register_hook(self.catcher(id(value)))

    def catcher(self, key: int) -> Any:
        return lambda grad: self.caught(key, grad)

    def caught(self, key: int, grad: torch.Tensor) -> None:
        if not self.ignoring:
            previous = self.flows.get(key)
            self.flows[key] = grad.detach().clone() if previous is None else previous + grad.detach()

    def of(self, tensor: torch.Tensor) -> torch.Tensor | None:
        if tensor.is_leaf or tensor.retains_grad:
            return None
        return self.flows.get(id(tensor))


FLOWS = Flows()


def tensor_fields(tensor: torch.Tensor) -> dict[str, Any]:
    """The snapshot fields the engine must agree on, read from a real tensor."""
    # `.grad` of a non-leaf is None (and reading it warns) unless retain_grad() was called on it.
    grad_known = tensor.is_leaf or tensor.retains_grad
    grad = tensor.grad if grad_known else None
    flow = FLOWS.of(tensor)
    return {
        "shape": list(tensor.shape),
        "dtype": str(tensor.dtype).removeprefix("torch."),
        "requires_grad": tensor.requires_grad,
        "is_leaf": tensor.is_leaf,
        "grad_fn": type(tensor.grad_fn).__name__ if tensor.grad_fn is not None else None,
        "value": encode(tensor.detach().tolist()),
        "grad_known": grad_known,
        "grad": encode(grad.tolist()) if grad is not None else None,
        "grad_flow": encode(flow.tolist()) if flow is not None else None,
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


COMPREHENSION_FRAMES = ("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>")
MAX_TRACE = 30_000  # line events kept: a long loop is recorded by sample in the engine, so compared at its end


def statement_lines(source: str) -> dict[int, int]:
    """Each line of a statement written over several lines -> the statement's first line: for a simple
    statement all its lines, for a compound one its header's (up to its body)."""
    first: dict[int, int] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.stmt) or node.end_lineno is None:
            continue
        body = getattr(node, "body", None)
        last = node.end_lineno if not body else body[0].lineno - 1
        for line in range(node.lineno + 1, last + 1):
            first.setdefault(line, node.lineno)
    return first


def line_tracer(path: str, source: str, trace: list[Any], done: list[Any]) -> Any:
    """A sys.settrace hook recording, before each line of the program runs, its line and its tensors; and, in
    `done`, each statement as it completes (the next statement's line or the return of its own frame, so a
    statement that calls the program's functions completes after theirs): its line, its frame's depth (0: the
    module; 1: a function it called...) and the tensors then. A statement that raises completes as it raises.
    Python also reports the lines of a statement written over several lines as they run (its arguments', then
    its first line again for the call itself): those are the same statement, still running."""
    pending: dict[int, int] = {}  # id(frame) -> the line running in it
    statement_of = statement_lines(source)
    spread = set(statement_of.values())  # the first lines of statements written over several lines

    def depth(frame: Any) -> int:
        """The program's function frames above this one: a decorator's wrapper in between is torch's, and a
        comprehension's own frame (Python 3.11 makes one) is no call of the program's, so neither counts."""
        count, up = 0, frame.f_back
        while up is not None:
            count += up.f_code.co_filename == path and up.f_code.co_name not in COMPREHENSION_FRAMES
            up = up.f_back
        return count

    def local(frame: Any, event: str, arg: Any) -> Any:
        running = pending.get(id(frame))
        statement = statement_of.get(frame.f_lineno, frame.f_lineno)
        # A line of the statement running, or its first line again: it has not completed.
        going_on = event == "line" and running in spread and running == statement
        # A statement that raises ends there too: the engine records it as a step when a `try` catches it.
        if event in ("line", "return", "exception") and id(frame) in pending and not going_on:
            line = pending.pop(id(frame))
            if len(done) < MAX_TRACE:
                done.append([line, depth(frame), tensors_of(frame.f_globals)])
        if event == "line":
            if len(trace) < MAX_TRACE:
                trace.append([frame.f_lineno, tensors_of(frame.f_globals)])
            FLOWS.watch(frame.f_globals)
            pending[id(frame)] = statement
        return local

    def hook(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == path else None

    return hook


@contextlib.contextmanager
def backward_options(
    namespace: dict[str, Any], zero_grad: bool, retain_at: int | None, calls: list[tuple[torch.Tensor, bool]]
) -> Iterator[None]:
    """The engine's run options in Python terms, and a record of every backward call of the program.

    zero_grad: every leaf's .grad is zeroed before each backward call. retain_at: the ordinal of the one backward
    call that keeps its graph for the extra passes (the program's last backward on their target).
    """
    original_backward, original_grad = torch.Tensor.backward, torch.autograd.grad
    original_autograd_backward = torch.autograd.backward
    inside = []  # a Tensor.backward running now: torch.autograd.backward, which it calls, is that same call

    def starting(roots: list[torch.Tensor], keeps_graph: bool) -> bool:
        if zero_grad:
            for value in namespace.values():
                if isinstance(value, torch.Tensor) and value.is_leaf and value.grad is not None:
                    value.grad.zero_()
        FLOWS.watch(namespace)
        FLOWS.flows.clear()
        retain = False
        for root in roots:
            retain = retain or len(calls) == retain_at
            calls.append((root, keeps_graph or len(calls) == retain_at))
        return retain

    def backward(
        self: torch.Tensor,
        gradient: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        if starting([self], bool(create_graph if retain_graph is None else retain_graph)):
            retain_graph = True
        inside.append(self)
        try:
            original_backward(self, gradient, retain_graph, create_graph, inputs)
        finally:
            inside.pop()

    def autograd_backward(
        tensors: Any,
        grad_tensors: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        grad_variables: Any = None,
        inputs: Any = None,
    ) -> None:
        if not inside:
            roots = [tensors] if isinstance(tensors, torch.Tensor) else list(tensors)
            if starting(roots, bool(create_graph if retain_graph is None else retain_graph)):
                retain_graph = True
        original_autograd_backward(tensors, grad_tensors, retain_graph, create_graph, grad_variables, inputs)

    def grad(*args: Any, **kwargs: Any) -> Any:
        FLOWS.ignoring = True
        try:
            return original_grad(*args, **kwargs)
        finally:
            FLOWS.ignoring = False

    torch.Tensor.backward, torch.autograd.grad = backward, grad  # type: ignore[method-assign,assignment]
    torch.autograd.backward = autograd_backward
    try:
        yield
    finally:
        torch.Tensor.backward, torch.autograd.grad = original_backward, original_grad  # type: ignore[method-assign]
        torch.autograd.backward = original_autograd_backward


def run_program(job: dict[str, Any], source: str, retain_at: int | None) -> dict[str, Any]:
    """One run of the program as written (but for the run options), from a fresh state."""
    path = job["path"]
    torch.manual_seed(job["seed"])
    random.seed(job["seed"])  # the engine seeds a program's `import random` with the run's seed too
    numpy.random.seed(job["seed"])  # and its np.random
    torch.set_grad_enabled(True)
    torch.set_default_dtype(torch.float32)
    torch.set_printoptions(profile="default")  # the process's print options, as the engine starts every run
    FLOWS.__init__()  # type: ignore[misc]
    namespace: dict[str, Any] = {"__name__": "__main__"}
    if job.get("torch_imported"):
        namespace["torch"] = torch
    stdout = io.StringIO()
    error = None
    trace: list[Any] = []
    done: list[Any] = []
    calls: list[tuple[torch.Tensor, bool]] = []
    with (
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stdout(stdout),
        backward_options(namespace, job.get("zero_grad", False), retain_at, calls),
    ):
        warnings.simplefilter("always")
        sys.settrace(line_tracer(path, source, trace, done))
        try:
            exec(compile(source, path, "exec"), namespace)
        except Exception as exc:  # the corpus has programs that end in an error on purpose
            error = {"type": type(exc).__name__, "message": str(exc), "line": error_line(exc, path)}
        finally:
            sys.settrace(None)
        torch.set_grad_enabled(True)  # an error inside `with torch.no_grad()` must not leak
    return {
        "namespace": namespace,
        "stdout": stdout,
        "error": error,
        "trace": trace,
        "done": done,
        "calls": calls,
        "warnings": caught,
    }


def run_one(job: dict[str, Any]) -> dict[str, Any]:
    path, seed = job["path"], job["seed"]
    extra = job.get("backward")  # {"target", "gradient", "times"}: backward passes after the program
    with open(path, newline="") as file:  # keep \r\n as written: the engine sees the bytes a browser sends
        source = file.read()
    run = run_program(job, source, None)
    extra_error = None
    if extra is not None and run["error"] is None:
        # The passes act as if the program's last backward on their target had kept its graph: when it did not,
        # the program runs again with that one call keeping it.
        target = run["namespace"].get(extra["target"])
        last = max((i for i, (t, _kept) in enumerate(run["calls"]) if t is target), default=None)
        if last is not None and not run["calls"][last][1]:
            run = run_program(job, source, last)
        namespace = run["namespace"]
        with warnings.catch_warnings(), contextlib.redirect_stdout(run["stdout"]):
            warnings.simplefilter("ignore")
            for number in range(1, extra["times"] + 1):
                try:
                    gradient = eval(extra["gradient"], namespace) if extra.get("gradient") else None
                    FLOWS.watch(namespace)
                    FLOWS.flows.clear()
                    if job.get("zero_grad", False):
                        for value in namespace.values():
                            if isinstance(value, torch.Tensor) and value.is_leaf and value.grad is not None:
                                value.grad.zero_()
                    torch.Tensor.backward(namespace[extra["target"]], gradient, retain_graph=True)
                except Exception as exc:
                    extra_error = {"type": type(exc).__name__, "message": str(exc), "pass": number}
                    break
    namespace = run["namespace"]
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
        "stdout": run["stdout"].getvalue(),
        "tensors": tensors,
        "trace": run["trace"],
        "done": run["done"],
        "kinds": kinds,
        "error": run["error"],
        "extra_error": extra_error,
        "warnings": [w.category.__name__ for w in run["warnings"]],
    }


def main() -> None:
    jobs = json.load(sys.stdin)
    results = [run_one(job) for job in jobs]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
