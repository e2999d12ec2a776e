"""Runs a checked program statement by statement, under the limits, recording a step after each statement.

Expressions are handed to an ExpressionEvaluator (expressions.py) over the same scope; both share the run's
RunState (state.py). Only the catalogue's operations are reachable; values are plain data, tensors, and a few
torch objects. Imports torch, the standard library and the engine's own modules only.
"""

from __future__ import annotations

import ast
import contextlib
import sys
import time
import warnings
from collections import ChainMap
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from app.engine import catalogue, classes, datalib, functransforms, guards, nnguard, nplib, pycalls, rundefaults
from app.engine.errors import (
    AnswerTooLarge,
    EngineError,
    Located,
    ProgramRuntimeError,
    RunLimitExceeded,
    RunOutOfMemory,
    RunTimeout,
    is_allocation_failure,
)
from app.engine.expressions import ExpressionEvaluator, Imported, Namespace, Unavailable, iterable_items, unpack
from app.engine.functions import FrameScope, UserFunction, bind_arguments, declared_names, local_names
from app.engine.language import Program, grad_mode_decorator, parse_expression
from app.engine.limits import Limits
from app.engine.result import Binding, Inserted, RunResult, Step
from app.engine.snapshot import encode_number
from app.engine.state import RunState


@dataclass(frozen=True)
class ExtraBackward:
    """Run `target.backward(gradient)` `times` more times after the program."""

    target: str
    gradient: str | None = None
    times: int = 1


@dataclass(frozen=True)
class RunOptions:
    """Everything besides the source that decides a run."""

    seed: int = 0
    zero_grad: bool = False
    backward: ExtraBackward | None = None
    # A gradient check (see gradcheck.py): the leaf followed by name, and a nudge to one of its elements made
    # where the program makes it.
    check_leaf: str | None = None
    nudge: tuple[int, int, float] | None = None  # (which assignment of the leaf, flat index, amount)


@dataclass
class Frame:
    """A call of one of the program's functions: its name, the line that called it, and its names."""

    function: str
    call_line: int
    scope: FrameScope


class _Return(Exception):  # noqa: N818 - a signal, not an error
    def __init__(self, value: Any) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def run_program(program: Program, options: RunOptions, limits: Limits) -> RunResult:
    """Run `program` after torch.manual_seed(options.seed); runtime errors end the run, keeping its steps.

    The program runs exactly as written. Extra backward passes (options.backward) behave as if the program's
    last backward on their target had kept its graph (retain_graph=True) and the learner then called backward
    again: when that call did not keep it, the program is run once more with that one call keeping it (the
    answer lists the change as inserted code), then the passes run.
    """
    extra = options.backward
    gradient = parse_expression(extra.gradient, limits, program.names) if extra and extra.gradient else None
    recursion_room(limits)
    with rundefaults.isolated():  # print options and default dtype are the process's: each run starts from the defaults
        runner = StatementRunner(program, options, limits)
        runner.run_program_body()
        if extra is not None and runner.result.error is None:
            target = runner.scope.get(extra.target)
            last = runner.state.last_backward_on(target) if isinstance(target, torch.Tensor) else None
            if last is not None and not last[1]:
                runner = StatementRunner(program, options, limits, retain_at=last[0], deadline=runner.deadline)
                with rundefaults.isolated():
                    runner.run_program_body()
            if runner.result.error is None:
                runner.run_extra_passes(extra, gradient)
        return runner.finish()


def recursion_room(limits: Limits) -> None:
    """Each call of the program's own functions takes about 15 of Python's frames (more through nn.Module's
    __call__): max_call_depth must be what stops a recursion, with Python's own limit well behind it."""
    room = FRAMES_PER_CALL * limits.max_call_depth + 1_000
    if sys.getrecursionlimit() < room:
        sys.setrecursionlimit(room)


class StatementRunner:
    """One run: executes statements over its scope, records a step after each, and hands every expression to
    its ExpressionEvaluator (which shares the scope and the RunState, and is told nothing else)."""

    def __init__(
        self,
        program: Program,
        options: RunOptions,
        limits: Limits,
        *,
        retain_at: int | None = None,
        deadline: float | None = None,
    ) -> None:
        self.program = program
        self.options = options
        self.limits = limits
        # torch is there from the start, as in a notebook whose first cell imported it, so cells paste verbatim.
        self.globals: dict[str, Any] = {"torch": Namespace("torch")}
        self.scope: MutableMapping[str, Any] = self.globals  # the running frame's names
        self.frames: list[Frame] = []  # the calls of the program's own functions running now, outermost first
        self.loops: list[list[Any]] = []  # [iteration, iterations or None] of each loop running now, outermost first
        self.executed = 0  # statements executed, recorded as steps or not
        self.unrecorded = 0  # statements that ran without being recorded as steps (long loops are sampled)
        self.unrecorded_since = 0  # of those, the ones since the last recorded step
        self.mark_after_record = 0
        self.series: list[dict[str, Any]] = []  # the numbers after each pass of a top-level loop
        self._handling: list[BaseException] = []  # exceptions whose `except` block is running (for `raise`)
        self._trying = 0  # `try` bodies running now: a statement failing in one is recorded as a step
        self.state = RunState(limits, zero_grad=options.zero_grad, retain_at=retain_at, seed=options.seed)
        self.expressions = ExpressionEvaluator(self.scope, self.state, self.call_function)
        self.state.walk_wanted = self._sampled  # a backward is walked when its statement is kept as a step
        self.result = RunResult(source=program.source, grad_of=self.state.grad_of, grad_flow_of=self.state.grad_flow_of)
        # CPU time of this process: a busy machine slows a run down but does not make it fail; the worker
        # pool's wall-clock kill stays the backstop. A second run of the same request shares the first's budget.
        used = time.process_time()
        self.deadline = used + limits.wall_time_s if deadline is None else deadline
        # CPU time grows at most `threads` times as fast as the clock, whose reading is far cheaper: CPU time
        # is only read once the clock says the budget could be spent (here, from the reading just made).
        self._threads = max(torch.get_num_threads(), 1)
        self.check_from = time.perf_counter() + max(self.deadline - used, 0.0) / self._threads
        self.line = 0

    # --- driving ----------------------------------------------------------------------------------------
    def run_program_body(self) -> None:
        """The program from its first statement; the first error ends it and is kept in the result."""
        torch.default_generator.manual_seed(self.options.seed)  # what torch.manual_seed sets on a CPU
        with self._guarded():
            self.block(self.program.tree.body)

    def run_extra_passes(self, request: ExtraBackward, gradient: ast.expr | None) -> None:
        """The extra backward passes, each keeping its graph for the next; a failing one ends the run."""
        with self._guarded():
            self.extra_backward(request, gradient)

    def finish(self) -> RunResult:
        # The run's end was not recorded: one step shows it, unless the answer has no room left for one.
        if self.unrecorded_since and not isinstance(self.result.error, AnswerTooLarge):
            with self._guarded():
                self.state.start_step(len(self.result.steps))
                text = f"... {self.unrecorded_since:,} more statements ran; this is the state at the end of the run"
                self.record(self.line, 0, text, self.mark_after_record)
        self.result.executed = self.executed
        self.result.unrecorded = self.unrecorded
        self.result.series = _columns(self.series)
        self.result.output = self.state.output_text()
        self.result.variables = self.snapshot_variables(final=True)
        self.result.bindings = self.state.bindings
        self.result.flow_target = self.state.flow_target
        self.result.timeline = self.state.timeline
        self.result.cuts = self.state.cuts
        self.result.freed_at = self.state.freed_at
        self.result.module_groups = self.state.module_groups
        self.result.parameter_group = self.state.parameter_group
        self.result.walks = self.state.walks
        self.result.inserted = self._inserted()
        return self.result

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        with torch.enable_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                yield
            except Located as e:
                self.result.error = _reported(e.error, e.line, 0)
            except Exception as e:  # never a crash: whatever went wrong is reported at its line
                self.result.error = _reported(e, self.line, 0)

    def _inserted(self) -> list[Inserted]:
        """What the options added to the program, as code at the lines where it changed something."""
        inserted = [
            Inserted("zero_grad", line, "; ".join(f"{name}.grad.zero_()" for name in names))
            for line, names in sorted(self.state.zeroed.items())
        ]
        retain_at = self.state.retain_at
        if retain_at is not None and retain_at < len(self.state.backward_calls):
            line = self.state.backward_calls[retain_at][1]
            inserted.append(Inserted("backward", line, "retain_graph=True"))
        return inserted

    def block(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        self.tick(node)
        if isinstance(node, ast.Try):
            self.try_statement(node)
        elif isinstance(node, _COMPOUND):
            try:
                self.compound(node)
            except (_Break, _Continue, _Return):
                raise
            except Located as e:  # raised by the statement's own header (`if t:`, `for i in x:`)
                raise _reported(e.error, e.line, node.col_offset) from None
            except Exception as e:  # the header too; errors of the body's statements already carry their line
                raise _reported(e, node.lineno, node.col_offset) from None
        elif isinstance(node, ast.Break):
            raise _Break
        elif isinstance(node, ast.Continue):
            raise _Continue
        elif not isinstance(node, ast.Pass | ast.Global | ast.Nonlocal):  # declarations: nothing runs
            self.simple(node)

    def compound(self, node: ast.For | ast.While | ast.With | ast.If) -> None:
        if isinstance(node, ast.For):
            self.for_loop(node)
        elif isinstance(node, ast.While):
            self.while_loop(node)
        elif isinstance(node, ast.With):
            with self.grad_mode(node.items[0].context_expr):
                self.block(node.body)
        else:
            self.block(node.body if self.expressions.truth(self.expressions.evaluate(node.test)) else node.orelse)

    def grad_mode(self, call: ast.expr) -> Any:
        """The context manager of a checked `with` statement: torch.no_grad(), enable_grad() or
        set_grad_enabled(flag)."""
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        name = call.func.attr
        if name == "set_grad_enabled":
            return torch.set_grad_enabled(self.expressions.truth(self.expressions.evaluate(call.args[0])))
        if name == "inference_mode":
            return torch.inference_mode()
        return torch.no_grad() if name == "no_grad" else torch.enable_grad()

    def tick(self, node: ast.AST | None) -> None:
        self.line = self.state.line = getattr(node, "lineno", self.line)
        if time.perf_counter() > self.check_from and self._next_check():
            raise RunTimeout(
                f"the run used more than wall_time_s={self.limits.wall_time_s} s of CPU time", self.line, 0
            )

    def _next_check(self) -> bool:
        """Whether the CPU-time budget is spent; if not, when the clock next says it could be. (Reading CPU time
        can cost a millisecond on a busy machine: read at every statement once a slow run passed its first
        estimate, it made the run slower still.)"""
        remaining = self.deadline - time.process_time()
        self.check_from = time.perf_counter() + max(remaining, 0.0) / self._threads
        return remaining < 0

    def simple(self, node: ast.stmt) -> None:
        self.executed += 1
        if self.executed > self.limits.max_steps:
            raise RunLimitExceeded(
                f"more than max_steps={self.limits.max_steps} statements were executed", node.lineno, node.col_offset
            )
        self.state.start_step(len(self.result.steps))
        mark = self.state.output_mark()
        try:
            self.execute_simple(node)
        except Located as e:
            raise self._failed(node, _reported(e.error, e.line, node.col_offset), mark) from None
        except Exception as e:  # torch or Python refused the operation, as it would in a notebook
            raise self._failed(node, _reported(e, node.lineno, node.col_offset), mark) from None
        if self._sampled():
            text = self.program.line_text(node.lineno) if isinstance(node, ast.FunctionDef) else None
            self.record(node.lineno, node.col_offset, text or self.program.step_text(node), mark)
            self.unrecorded_since = 0
            self.mark_after_record = self.state.output_mark()
        else:
            self.unrecorded += 1
            self.unrecorded_since += 1
        if isinstance(node, ast.Return):
            raise _Return(self._returning)

    def _failed(self, node: ast.stmt, error: EngineError, mark: int) -> EngineError:
        """A statement that failed inside a `try` body is a step too, as Python ran its line: the learner sees
        the line that raised, then the handler. (An error no `try` surrounds ends the run and is shown as such.)"""
        if self._trying and isinstance(error, ProgramRuntimeError):
            if self._sampled():
                self.record(node.lineno, node.col_offset, self.program.step_text(node), mark)
                self.unrecorded_since = 0
                self.mark_after_record = self.state.output_mark()
            else:
                self.unrecorded += 1
                self.unrecorded_since += 1
        return error

    def _sampled(self) -> bool:
        """Whether the statement that just ran is recorded as a step: every statement outside loops; in loops,
        those of the first and last iterations and of every k-th in between (see _iteration_sampled); none once
        max_recorded_steps steps are kept. The others still run, and the final state is always whole."""
        if len(self.result.steps) >= self.limits.max_recorded_steps:
            return False
        for i, n in self.loops:  # a plain loop, no generator: this runs after every statement
            if i >= 2 and not _iteration_sampled(i, n):
                return False
        return True

    def record(self, line: int, col: int, source: str, mark: int) -> None:
        if self.state.autograd_running:
            # A step of the program's own code inside a backward (a Function's backward, a hook): autograd wrote
            # gradients since the last step without a call of the program's to say so.
            self.state.changed()
        kind = self.state.step_kind()
        step = Step(
            index=len(self.result.steps),
            line=line,
            col=col,
            source=source,
            kind=kind,
            # Not what the statement's calls printed in steps of their own (a function's, a hook's): those have it.
            output=self.state.output_since(max(mark, self.mark_after_record)),
            variables=self.snapshot_variables(final=False),
            values=plain_values(self.globals),
            frame=self._frame_record() if self.frames else None,
        )
        self.state.count_step(step)  # a step that would pass the answer's budget ends the run instead
        self.result.steps.append(step)

    def execute_simple(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname is None:  # `import torch.nn` binds torch, `import math` binds math
                    top = alias.name.split(".")[0]
                    self.scope[top] = Namespace(catalogue.MODULES.get(top, top))
                else:
                    self.scope[alias.asname] = Namespace(catalogue.MODULES.get(alias.name, alias.name))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                self.scope[alias.asname or alias.name] = imported(node.module or "", alias.name)
        elif isinstance(node, ast.Expr):
            self.expressions.evaluate(node.value)
        elif isinstance(node, ast.Assign | ast.AnnAssign):  # an annotation is not run: `x: int` alone does nothing
            if node.value is not None:
                value = self.expressions.evaluate(node.value)
                if isinstance(value, torch.Tensor) and not torch.is_grad_enabled():
                    self._note_no_grad_cuts(node.value, value)
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    self.assign(target, value)
        elif isinstance(node, ast.AugAssign):
            self.augmented(node)
        elif isinstance(node, ast.FunctionDef):
            self.define(node)
        elif isinstance(node, ast.ClassDef):
            self.define_class(node)
        elif isinstance(node, ast.Return):
            self._returning = self.expressions.evaluate(node.value) if node.value is not None else None
        elif isinstance(node, ast.Raise):
            self.raise_statement(node)
        elif isinstance(node, ast.Assert):
            if not self.expressions.truth(self.expressions.evaluate(node.test)):
                message = self.expressions.evaluate(node.msg) if node.msg is not None else None
                raise AssertionError(*(() if message is None else (message,)))
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                assert isinstance(target, ast.Name)  # checked
                if target.id not in self.scope:
                    raise NameError(f"name '{target.id}' is not defined")
                del self.scope[target.id]

    # --- exceptions -------------------------------------------------------------------------------------
    def try_statement(self, node: ast.Try) -> None:
        """try/except/else/finally. Only errors of the program's own making are caught (torch's and Python's,
        and its own raise); a limit, the time budget or an exhausted answer budget always end the run."""
        try:
            try:
                self._try_body(node.body)
            except ProgramRuntimeError as error:
                handler, exception = self._handler_for(node.handlers, error)
                if handler is None:
                    raise
                if handler.name is not None:
                    self.scope[handler.name] = exception
                self._handling.append(exception)
                try:
                    self.block(handler.body)
                finally:
                    self._handling.pop()
                    if handler.name is not None:
                        self.scope.pop(handler.name, None)  # Python deletes the name after the handler
            else:
                self.block(node.orelse)
        except (ProgramRuntimeError, _Break, _Continue, _Return):
            self.block(node.finalbody)  # Python runs `finally` on the way out of the program's own errors too
            raise
        # A limit, the time budget, the answer budget or a failed allocation end the run at once: the program's
        # `finally` does not run after them, since it could start the same work again.
        self.block(node.finalbody)

    def _try_body(self, body: list[ast.stmt]) -> None:
        self._trying += 1
        try:
            self.block(body)
        finally:
            self._trying -= 1

    def _handler_for(
        self, handlers: list[ast.ExceptHandler], error: ProgramRuntimeError
    ) -> tuple[ast.ExceptHandler | None, BaseException]:
        exception = error.original if error.original is not None else _as_exception(error.message)
        for handler in handlers:
            if handler.type is None:
                return handler, exception
            self.tick(handler)
            kinds = self.expressions.evaluate(handler.type)
            kinds = kinds if isinstance(kinds, tuple) else (kinds,)
            if not all(isinstance(k, type) and issubclass(k, BaseException) for k in kinds):
                raise ProgramRuntimeError(
                    "TypeError: catching classes that do not inherit from BaseException is not allowed",
                    handler.lineno,
                    handler.col_offset,
                )
            if isinstance(exception, kinds):
                return handler, exception
        return None, exception

    def raise_statement(self, node: ast.Raise) -> None:
        if node.exc is None:
            if not self._handling:
                raise RuntimeError("No active exception to reraise")
            raise self._handling[-1]
        value = self.expressions.evaluate(node.exc)
        if isinstance(value, type) and issubclass(value, BaseException):
            value = value()
        if not isinstance(value, BaseException):
            raise TypeError("exceptions must derive from BaseException")
        raise value

    # --- functions --------------------------------------------------------------------------------------
    def define(self, node: ast.FunctionDef) -> None:
        """`def name(...)`: the function value, bound to its name."""
        self.state.did("other")
        self.scope[node.name] = self._function(node, self.expressions)

    def _function(self, node: ast.FunctionDef, evaluator: ExpressionEvaluator) -> UserFunction:
        """A `def`'s function value over the running scope: its defaults evaluated now by `evaluator` (a class
        body's sees the class's names), and the grad mode its (checked) decorator gives its body."""
        modes = [mode for d in node.decorator_list if (mode := grad_mode_decorator(d)) is not None]
        defaults, kw_defaults = evaluator.defaults(node.args)
        grad_mode = modes[-1] if modes else None
        return UserFunction(
            node.name,
            node,
            self.scope,
            defaults,
            kw_defaults,
            grad_mode,
            local_names(node),
            declared=declared_names(node),
        )

    def define_class(self, node: ast.ClassDef) -> None:
        """`class Net(nn.Module): ...`: its methods (the program's functions, over the scope the class is defined
        in, as Python's methods are) and plain class attributes, made into a real class over a torch base."""
        # `class Value(object):` is `class Value:`, as in Python 3
        bases = tuple(
            self.expressions.evaluate(b) for b in node.bases if not (isinstance(b, ast.Name) and b.id == "object")
        )
        for base in bases:
            if not isinstance(base, type):
                raise ProgramRuntimeError(f"TypeError: a class derives from classes, not from a {type(base).__name__}")
        body: dict[str, Any] = {}
        class_scope: MutableMapping[str, Any] = ChainMap(body, self.scope)
        evaluator = ExpressionEvaluator(class_scope, self.state, self.call_function)
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in item.decorator_list)
                once = [d for d in item.decorator_list if isinstance(d, ast.Name) and d.id == "once_differentiable"]
                for decorator in once:
                    _check_once_differentiable(evaluator.evaluate(decorator), static)
                fn = self._function(item, evaluator)
                described = [d.id for d in item.decorator_list if isinstance(d, ast.Name) and d.id in _DESCRIBED]
                if static:
                    body[item.name] = classes.StaticMethod(fn, bool(once))
                elif described:
                    body[item.name] = classes.Described(fn, _DESCRIBED[described[-1]])
                else:
                    body[item.name] = fn
            elif isinstance(item, ast.Assign):
                value = evaluator.evaluate(item.value)
                for target in item.targets:
                    assert isinstance(target, ast.Name)  # checked
                    body[target.id] = value
        self.state.did("other")
        self.scope[node.name] = classes.make_class(node.name, bases, body, self.call_function)

    def call_function(self, fn: UserFunction, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Run a function the program defined: a new frame over the scope it was defined in; each statement
        of its body is a step of its own."""
        if len(self.frames) >= self.limits.max_call_depth:
            raise RunLimitExceeded(
                f"calls nested deeper than max_call_depth={self.limits.max_call_depth} (a recursion without end?)"
            )
        scope = FrameScope(bind_arguments(fn, args, kwargs), fn.closure, fn.local_names, fn)
        saved = (self.scope, self.expressions, self.line)
        kinds = self.state.kinds_so_far()
        self.frames.append(Frame(fn.qualname, self.line, scope))
        self.scope, self.expressions = scope, ExpressionEvaluator(scope, self.state, self.call_function)
        try:
            with _grad_mode(fn.grad_mode):
                if isinstance(fn.node, ast.Lambda):
                    return self.expressions.evaluate(fn.node.body)
                self.block(fn.node.body)
            return None
        except _Return as done:
            return done.value
        finally:
            self.frames.pop()
            self.scope, self.expressions, self.line = saved
            self.state.line = self.line
            self.state.resume_step(len(self.result.steps), kinds)

    def _frame_record(self) -> dict[str, Any]:
        """Where a step inside a function is: the function, the line that called it, and its local tensors."""
        frame = self.frames[-1]
        local = frame.scope.local
        return {
            "function": frame.function,
            "call_line": frame.call_line,
            "depth": len(self.frames),
            "variables": {
                n: self.state.snapshot(v, False)
                for n, v in local.items()
                if isinstance(v, torch.Tensor) and not functransforms.wrapped(v)  # not inside torch.func's transforms
            },
            "values": plain_values(local),
        }

    def _note_no_grad_cuts(self, expression: ast.expr, value: torch.Tensor) -> None:
        """A tensor computed under torch.no_grad() from tensors that require grad: the graph draws the cut."""
        names = dict.fromkeys(n.id for n in ast.walk(expression) if isinstance(n, ast.Name))
        for name in names:
            origin = self.scope.get(name)
            if isinstance(origin, torch.Tensor) and origin is not value:
                self.state.note_cut(origin, value, "torch.no_grad()")

    def for_loop(self, node: ast.For) -> None:
        try:  # what it goes over is counted before any item is made (a tensor's rows too)
            iterable = iterable_items(self.expressions.evaluate(node.iter), self.limits.max_loop_iterations)
        except RunLimitExceeded as e:
            raise e.at(node.lineno, node.col_offset) from None
        position = [0, iterable.count if isinstance(iterable, datalib.LoaderIterator) else len(iterable)]
        self.loops.append(position)
        try:
            for number, item in enumerate(iterable):
                position[0] = number
                self.assign(node.target, item)
                if self._loop_pass(node.body):
                    break
                self.tick(node)  # the next item is made and named on the loop's own line, as Python says
            else:
                self.block(node.orelse)
        finally:
            self.loops.pop()

    def while_loop(self, node: ast.While) -> None:
        """`while test:` — each pass re-reads the test; the loop is bounded like a for loop, by its passes."""
        position: list[int | None] = [0, None]
        self.loops.append(position)
        try:
            passes = 0
            while self.expressions.truth(self.expressions.evaluate(node.test)):
                position[0] = passes
                passes += 1
                if passes > self.limits.max_loop_iterations:
                    raise RunLimitExceeded(
                        f"a while loop ran more than max_loop_iterations={self.limits.max_loop_iterations} times",
                        node.lineno,
                        node.col_offset,
                    )
                if self._loop_pass(node.body):
                    break
                self.tick(node)  # the test is read again on the loop's own line
            else:
                self.block(node.orelse)
        finally:
            self.loops.pop()

    def _loop_pass(self, body: list[ast.stmt]) -> bool:
        """One pass of a loop's body; whether it ended in `break`. Its numbers join the series either way."""
        try:
            self.block(body)
        except _Break:
            return True
        except _Continue:
            pass
        finally:
            self._note_series()
        return False

    def _note_series(self) -> None:
        """After each pass of a loop at the top of the program: its numbers (a loss, counters, lr), for a plot."""
        if len(self.loops) != 1 or self.frames or len(self.series) >= self.limits.max_loop_iterations:
            return
        row = series_values(self.globals)
        self.state.count_series(row)  # a row that would pass the answer's budget ends the run at the loop
        self.series.append(row)

    def extra_backward(self, request: ExtraBackward, gradient: ast.expr | None) -> None:
        target = self.scope.get(request.target)
        if not isinstance(target, torch.Tensor):
            raise ProgramRuntimeError(
                f"backward target `{request.target}` is not a tensor variable of the program", None, None
            )
        entry = catalogue.lookup("tensor", "backward")
        assert entry is not None
        given = f"{ast.unparse(gradient)}, " if gradient is not None else ""
        text = f"{request.target}.backward({given}retain_graph=True)"
        self.state.extra_passes = True
        self.state.line = 0
        for n in range(request.times):
            self.executed += 1
            if self.executed > self.limits.max_steps:
                raise RunLimitExceeded(f"more than max_steps={self.limits.max_steps} statements were executed")
            self.line = 0
            mark = self.state.output_mark()
            self.state.start_step(len(self.result.steps))
            self.state.did("backward")
            try:
                self.tick(None)  # the CPU-time budget covers the passes too, each checked before it runs
                grad_value = self.expressions.evaluate(gradient) if gradient is not None else None
                self.expressions.call_entry(
                    entry, "tensor", target, (grad_value,) if grad_value is not None else (), {}
                )
            except Located as e:  # its line is the gradient expression's own, not the program's
                raise _failed_pass(_reported(e.error, 0, 0), n + 1) from None
            except Exception as e:
                raise _failed_pass(_reported(e, 0, 0), n + 1) from None
            self.record(0, 0, f'{text}  # pass {n + 1}, from "Run backward"', mark)

    # --- variables --------------------------------------------------------------------------------------
    def assign(self, target: ast.expr, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.scope[target.id] = value
            if isinstance(value, torch.Tensor) and not functransforms.wrapped(value):
                # A tensor named inside a function is shown with the function's name: `loss_fn.y`.
                name = f"{self.frames[-1].function}.{target.id}" if self.frames else target.id
                self.state.bind(Binding(len(self.result.steps), self.line, name, value))
            if isinstance(value, torch.Tensor) and target.id == self.options.check_leaf and not self.frames:
                self.state.follow_leaf(value, self.options.nudge)
            elif isinstance(value, torch.nn.Module) and not self.frames:  # `model = Net()`: named by its paths
                self.state.name_module(target.id, value)
        elif isinstance(target, _SEQUENCE_TARGETS):
            for t, v in unpack(target, value):  # nested and starred targets, as Python unpacks them
                self.assign(t, v)
        elif isinstance(target, ast.Attribute):
            obj = self.expressions.evaluate(target.value)
            if not isinstance(obj, torch.Tensor):
                classes.write(obj, target.attr, value)  # `self.fc1 = nn.Linear(3, 4)`, `ctx.scale = 2.0`
                if isinstance(value, torch.nn.Module):  # a model may not come to hold itself, or too much
                    nnguard.check_tree(self.limits, obj, f".{target.attr} = ...")
                self.state.did("other")
                self.state.changed()
                return
            if target.attr not in catalogue.SETTABLE_ATTRIBUTES:
                settable = ", ".join(catalogue.SETTABLE_ATTRIBUTES)
                raise ProgramRuntimeError(f"a tensor's .{target.attr} cannot be set (settable: {settable})")
            guards.check_value(value, f".{target.attr}")
            self.state.did("grad-change")
            self.state.changed()
            setattr(obj, target.attr, value)  # attr is one of catalogue.SETTABLE_ATTRIBUTES (checked)
        elif isinstance(target, ast.Subscript):
            obj = self.expressions.evaluate(target.value)
            key = self.expressions.subscript_key(target.slice)
            if isinstance(obj, dict):
                key = self.expressions.hashable(key)  # sized before `key in obj` hashes it
            if isinstance(obj, list | dict):  # `config["lr"] = 0.1`, `losses[-1] = ...`
                if isinstance(obj, dict) and key not in obj and len(obj) >= self.limits.max_loop_iterations:
                    raise RunLimitExceeded(
                        f"a dict may hold at most max_loop_iterations={self.limits.max_loop_iterations} items"
                    )
                if isinstance(value, torch.Tensor):
                    self.state.account(value)
                obj[key] = value
                return
            if isinstance(obj, np.ndarray):  # `X[:, 0] = 1.0`
                nplib.check_index(self.state, obj, key)
                obj[key] = guards.check_value(value, "item assignment")
                self.state.changed()  # the array may share its memory with a tensor
                return
            if not isinstance(obj, torch.Tensor):
                raise ProgramRuntimeError(f"TypeError: '{type(obj).__name__}' object does not support item assignment")
            self.state.guard.index(obj, key)
            obj[key] = guards.check_value(value, "item assignment")
            self.state.did("forward")
            self.state.changed()

    def augmented(self, node: ast.AugAssign) -> None:
        op = type(node.op)
        current = self.expressions.evaluate(
            node.target
            if not isinstance(node.target, ast.Name)
            else ast.Name(node.target.id, ast.Load(), lineno=node.lineno, col_offset=node.col_offset)
        )
        value = self.expressions.evaluate(node.value)
        guard = self.state.guard
        new: Any
        if isinstance(current, list | tuple) and op in (ast.Add, ast.Mult):
            new = self._sequence_augmented(node.op, current, value)
        elif isinstance(current, str) or isinstance(value, str):
            new = guard.text(op.__name__, current, value)  # `s += "-"`: bounded like s + "-"
            new = self.state.addresses.hide(new, (value,))  # `s %= (fn,)` shows no memory address
        else:
            for v in (current, value):  # `xs += xs` would double a list every pass
                if not isinstance(v, bool | int | float | torch.Tensor | np.ndarray | np.number):
                    raise ProgramRuntimeError(f"operators work on tensors and numbers, not {type(v).__name__}")
            guard.binary(op, current, value)
            new = guard.int_result(guards.INPLACE[op.__name__](current, value))
        self.state.did("forward")
        self.state.changed()
        if isinstance(node.target, ast.Name):
            if new is not current or not isinstance(new, torch.Tensor):
                self.assign(node.target, new)
        else:  # `t[mask] += v`: Python sets the item (or attribute) back, even when the value changed in place
            self.assign(node.target, new)

    def _sequence_augmented(self, op: ast.operator, current: list[Any] | tuple[Any, ...], value: Any) -> Any:
        """`xs += [y]` extends the list in place (any iterable, bounded like extend()), `xs *= n` repeats it in
        place; a tuple gets a new tuple, as Python does. Sizes are checked before anything grows."""
        if isinstance(current, list) and isinstance(op, ast.Add):
            pycalls.extend(self.state, current, value)
            return current
        new = self.expressions.sequence_op(op, current, value)
        if isinstance(current, list):
            current[:] = new  # the same list: other names holding it see it grow
            return current
        return new

    def snapshot_variables(self, final: bool) -> dict[str, dict[str, Any]]:
        snapshot = self.state.snapshot
        snaps = {name: snapshot(v, final) for name, v in self.globals.items() if isinstance(v, torch.Tensor)}
        if not final:
            self.state.note_unnamed(self.globals)
        return snaps


SHORT_LIST = 10  # a list of up to this many numbers is shown with the numbers
# Tuples of types, not `int | float` unions: a union is built anew at each call, and these run at every step.
_PLAIN = (bool, int, float)
_NUMBERS = (int, float)
_SEQUENCES = (list, tuple)
_COMPOUND = (ast.For, ast.While, ast.With, ast.If)
_SEQUENCE_TARGETS = (ast.Tuple, ast.List)


def imported(module: str, name: str) -> Any:
    """What `from module import name` binds: a module, an operation, a constant, or a harmless placeholder for
    what the language does not cover (a torch module's name; the checker refused anything else)."""
    full = f"{module}.{name}"
    if full in catalogue.MODULES:
        return Namespace(catalogue.MODULES[full])
    where = catalogue.MODULES.get(module)
    if where is not None and (where, name) in catalogue.CONSTANTS:
        return catalogue.CONSTANTS[(where, name)]
    if where is not None and (where, name) in catalogue.BASE_CLASSES:  # `from torch.nn import Module`
        return catalogue.BASE_CLASSES[(where, name)]
    if where is not None and catalogue.lookup(where, name) is not None:
        return Imported(where, name)
    return Unavailable(full)


FRAMES_PER_CALL = 30  # Python frames one call of a program's function may take, with room to spare
SAMPLED_ITERATIONS = 200  # iterations of one loop recorded as steps, spread over the whole loop


def _iteration_sampled(i: int, n: int | None) -> bool:
    """Whether iteration i of a loop of n iterations (None: a while loop) is recorded: the first two, the last,
    and every k-th, so that about SAMPLED_ITERATIONS are; a loop no longer than that is recorded whole."""
    if i < 2:
        return True
    if n is not None:
        return i >= n - 1 or i % -(-n // SAMPLED_ITERATIONS) == 0
    return i < SAMPLED_ITERATIONS or i % (10 if i < 10 * SAMPLED_ITERATIONS else 100) == 0


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Rows of numbers -> one list per name, with null where a pass had no such number."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    return {name: [row.get(name) for row in rows] for name in names}


def series_values(scope: dict[str, Any]) -> dict[str, Any]:
    """The numbers of the program after a loop pass: plain numbers and one-number tensors (a loss)."""
    row: dict[str, Any] = {}
    for name, value in scope.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, _NUMBERS) and not (isinstance(value, int) and abs(value) >= 2**63):
            row[name] = encode_number(value)
        elif isinstance(value, torch.Tensor) and value.numel() == 1 and not value.is_complex():
            row[name] = encode_number(value.detach().reshape(()).item())
    return row


def plain_values(scope: dict[str, Any]) -> dict[str, Any]:
    """The program's numbers, booleans and short lists of them (loop counters, a learning rate, losses so far),
    as JSON-ready data; tensors and everything else are shown elsewhere or not at all."""
    out: dict[str, Any] = {}
    for name, value in scope.items():
        if _is_plain(value):
            out[name] = _plain(value)
        elif isinstance(value, _SEQUENCES) and len(value) <= SHORT_LIST and all(map(_is_plain, value)):
            out[name] = [_plain(v) for v in value]
    return out


def _is_plain(value: Any) -> bool:
    return isinstance(value, _PLAIN) and not (isinstance(value, int) and abs(value) >= 2**63)


# The decorators that make a method a class's (called with the class) or a computed attribute.
_DESCRIBED: dict[str, Any] = {"classmethod": classmethod, "property": property}


def _plain(value: bool | int | float) -> Any:
    return encode_number(value)


def _check_once_differentiable(value: Any, static: bool) -> None:
    """`@once_differentiable` is torch's, imported from torch.autograd.function, on a static method (a
    Function's backward) under @staticmethod."""
    if not (isinstance(value, Unavailable) and value.name == "torch.autograd.function.once_differentiable"):
        raise ProgramRuntimeError(
            "@once_differentiable must be torch's: `from torch.autograd.function import once_differentiable`"
        )
    if not static:
        raise ProgramRuntimeError("@once_differentiable goes on a Function's backward, under @staticmethod")


def _grad_mode(name: str | None) -> contextlib.AbstractContextManager[Any]:
    """The grad mode a decorated function's body runs in."""
    if name == "no_grad":
        return torch.no_grad()
    if name == "enable_grad":
        return torch.enable_grad()
    if name == "inference_mode":
        return torch.inference_mode()
    return contextlib.nullcontext()


def _failed_pass(error: EngineError, number: int) -> EngineError:
    """An extra pass that failed says which one: the passes before it happened, it did not."""
    error.message = f"Run backward, pass {number}: {error.message}"
    return error


def _reported(error: Exception, line: int, col: int) -> EngineError:
    """What the learner is told about `error`, raised at (line, col): an engine error keeps a position it already
    has; anything torch or Python raised becomes a runtime error in its own words."""
    if isinstance(error, EngineError):
        return error.at(line, col)
    if isinstance(error, RunOutOfMemory):
        raise error
    if is_allocation_failure(error):  # not the program's error: the job ends, and its worker with it
        raise RunOutOfMemory(str(error)) from error
    return ProgramRuntimeError(_exception_message(error), line, col, original=error)


def _as_exception(message: str) -> BaseException:
    """The Python exception an engine message stands for ("NameError: name 'x' is not defined")."""
    name, _, rest = message.partition(": ")
    kind = catalogue.EXCEPTIONS.get(name)
    return kind(rest) if kind is not None else RuntimeError(message)


def _exception_message(e: Exception) -> str:
    text = str(e).strip()
    if not text:  # `assert x` and the like: Python shows the exception's name alone
        return type(e).__name__
    first = text.split("\n\n")[0]
    if len(first) > 600:
        first = first[:597] + "..."
    return f"{type(e).__name__}: {first}"
