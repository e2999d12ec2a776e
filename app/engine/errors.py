"""The engine's exception tree. Every error carries a code, a message and the line/col it concerns.

    AppError (app/errors.py)            code, message, line, col; codes map to HTTP statuses there
    └── EngineError                     base of the engine's errors; never raised itself
        ├── ProgramError                the program will not be run (answered 4xx)
        │   ├── SyntaxProblem           Python cannot parse it              code "syntax_error"
        │   ├── UnsupportedConstruct    valid Python, outside the language  code "unsupported"
        │   ├── UnknownName             a name/attribute not in catalogue   code "unknown_name"
        │   └── LimitExceeded           a static limit (size, statements…)  code "limit_exceeded"
        └── RunError                    raised while running; the run keeps its steps so far
            ├── ProgramRuntimeError     torch or Python refused an operation code "runtime_error"
            ├── RunLimitExceeded        a run-time limit (elements, steps…)  code "limit_exceeded"
            ├── AnswerTooLarge          an answer over max_answer_bytes      code "answer_too_large"
            ├── RunTimeout              wall time per request ran out         code "timeout"
            └── CheckRefused            a gradient check this run cannot have code "check_refused"

    MemoryError (builtin)
    └── RunOutOfMemory                  an allocation failed: not an EngineError, so no answer is made of the run;
                                        the worker running it answers "memory_exceeded" and is replaced

    Located                             internal, never reported: any exception raised in an expression, with
                                        the line Python names for it; the statement runner turns it into one of
                                        the errors above

This module imports nothing but the standard library and app.errors.
"""

from __future__ import annotations

from app.errors import AppError


class EngineError(AppError):
    """Base of every engine error: code, message, line, col."""

    code = "engine_error"

    def at(self, line: int | None, col: int | None) -> EngineError:
        """Fill in the position if it is not known yet; returns self."""
        if self.line is None:
            self.line, self.col = line, col
        return self


class ProgramError(EngineError):
    """The program is refused before it runs."""

    code = "program_error"


class SyntaxProblem(ProgramError):
    """Python cannot parse the source."""

    code = "syntax_error"


class UnsupportedConstruct(ProgramError):
    """Valid Python that the language does not support."""

    code = "unsupported"


class UnknownName(ProgramError):
    """A name, function, method or attribute that is not in the catalogue."""

    code = "unknown_name"


class LimitExceeded(ProgramError):
    """A limit checked before running: source size, statements, nesting, literal size."""

    code = "limit_exceeded"


class RunError(EngineError):
    """Raised while running; the steps so far are kept."""

    code = "run_error"


class ProgramRuntimeError(RunError):
    """torch or Python refused an operation (shape mismatch, backward twice, ...). `original` is the exception
    torch or Python raised, when there was one: a program's `except RuntimeError as e:` catches by it."""

    code = "runtime_error"

    def __init__(
        self, message: str, line: int | None = None, col: int | None = None, original: BaseException | None = None
    ) -> None:
        super().__init__(message, line, col)
        self.original = original


class RunLimitExceeded(RunError):
    """A limit checked while running: elements, steps, loop iterations, output."""

    code = "limit_exceeded"


class AnswerTooLarge(RunError):
    """The answer would pass max_answer_bytes: the run stops at the step that would pass it (keeping the steps
    before), or, when the graph and its drawing would, the whole answer is refused."""

    code = "answer_too_large"


class RunTimeout(RunError):
    """The run used up its wall-time budget."""

    code = "timeout"


class CheckRefused(RunError):
    """A gradient check this run cannot have: no backward on a scalar, a leaf too large or changed in place."""

    code = "check_refused"


class RunOutOfMemory(MemoryError):
    """torch's allocator or Python could not allocate memory (a worker runs under a memory cap). The process that
    failed an allocation is not trusted with another run, so this ends the job instead of the program."""


_ALLOCATOR_FAILURE = "DefaultCPUAllocator: can't allocate memory"


def is_allocation_failure(error: BaseException) -> bool:
    """An allocation that failed, as Python (MemoryError) or torch's CPU allocator (a RuntimeError) reports it."""
    return isinstance(error, MemoryError) or (isinstance(error, RuntimeError) and _ALLOCATOR_FAILURE in str(error))


class Located(Exception):
    """An exception raised while evaluating an expression, wrapped with the position of the innermost expression
    that failed (the line Python's traceback names). The original is kept whole in `error`, never modified."""

    def __init__(self, error: Exception, line: int, col: int) -> None:
        super().__init__(error, line, col)
        self.error = error
        self.line = line
        self.col = col
