"""Classes a program defines: `class Net(nn.Module)`, `class Clamp(torch.autograd.Function)`, `class
Points(Dataset)`, and the objects they make.

A program's class is a real Python class over a real torch base, so PyTorch treats it as it treats any other:
`model(x)` goes through nn.Module's own `__call__`, parameters register themselves, `print(model)` prints what
PyTorch prints, autograd calls a Function's `backward` and DataLoader a Dataset's `__getitem__`. Each method of the
class is the program's function (its syntax tree), run statement by statement by the statement runner whenever
anything calls it. What a program may read or set on these objects is decided here, never by a name it wrote
reaching Python's attribute machinery: no dunders, no private names, only what the object holds or its class
defines. Imports torch, the standard library and the engine's own modules only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import torch
from torch.utils.data import Dataset

from app.engine.errors import ProgramRuntimeError
from app.engine.functions import UserFunction

# The bases a program's class may have (besides another class of the program): name -> class.
BASES: dict[str, type] = {
    "nn.Module": torch.nn.Module,
    "autograd.Function": torch.autograd.Function,
    "utils.data.Dataset": Dataset,
}
# The dunder methods a class body may define, each called by Python or torch, never by the program's own `.name`.
SPECIAL_METHODS = (
    "__init__",
    "__len__",
    "__getitem__",
    # what print() and f-strings call, and the arithmetic operators (a scalar autograd engine of the program's)
    "__repr__",
    "__str__",
    "__neg__",
    *(f"__{side}{op}__" for op in ("add", "sub", "mul", "truediv", "pow", "matmul") for side in ("", "r")),
)
# Marks the classes a program made (a class attribute torch never reads).
_MARK = "_program_class"
# Runs one of the program's functions with these arguments (the statement runner's call_function).
Runner = Callable[[UserFunction, tuple[Any, ...], dict[str, Any]], Any]


@dataclass(frozen=True)
class StaticMethod:
    """`@staticmethod def forward(ctx, x)` in a class body, before the class is made."""

    function: UserFunction
    once_differentiable: bool = False  # @once_differentiable under it: torch's own decorator wraps the method


@dataclass(frozen=True)
class Described:
    """`@classmethod` or `@property` on a method in a class body, before the class is made (Python's own
    descriptor is made over the function that runs the program's)."""

    function: UserFunction
    descriptor: type[classmethod[Any, Any, Any]] | type[property]


@dataclass(frozen=True)
class BoundMethod:
    """`model.predict`: a method of the program's class with its object, called like a function."""

    function: UserFunction
    receiver: Any

    def __repr__(self) -> str:
        return f"<bound method {self.function.name}>"


@dataclass(frozen=True)
class Super:
    """`super()` in a method: the classes after `owner` in the object's order of resolution."""

    owner: type
    receiver: Any


@dataclass(frozen=True)
class Apply:
    """`Clamp.apply`: runs a program's autograd Function through torch, which records its backward node."""

    cls: type

    def __repr__(self) -> str:
        return f"<built-in method apply of FunctionMeta object at {self.cls.__name__}>"


def is_program_class(value: Any) -> bool:
    return isinstance(value, type) and bool(value.__dict__.get(_MARK, False))


def is_program_object(value: Any) -> bool:
    """An object whose attributes a program may read and set by name: an instance of a program's class, any
    nn.Module, or the `ctx` torch hands a Function's forward and backward."""
    return (
        is_program_class(type(value))
        or isinstance(value, torch.nn.Module)
        or isinstance(value, torch.autograd.function.FunctionCtx)
    )


def make_class(name: str, bases: tuple[type, ...], body: dict[str, Any], run: Runner) -> type:
    """The real class for `class name(bases): body`; its methods run the program's functions through `run`."""
    if not all(is_program_class(b) or b in BASES.values() or _builtin_exception(b) for b in bases):
        allowed = ", ".join(BASES)
        raise ProgramRuntimeError(
            f"TypeError: a class may derive from {allowed}, a built-in exception (RuntimeError...) or another "
            "class of the program"
        )
    if sum(issubclass(b, torch.autograd.Function) for b in bases) and len(bases) > 1:
        raise ProgramRuntimeError("TypeError: an autograd Function derives from torch.autograd.Function alone")
    namespace: dict[str, Any] = {"__module__": "__main__", "__qualname__": name, _MARK: True}
    for key, value in body.items():
        if isinstance(value, StaticMethod):
            method = _function(value.function, run)
            if value.once_differentiable:
                method = torch.autograd.function.once_differentiable(method)
            namespace[key] = staticmethod(method)
        elif isinstance(value, Described):
            namespace[key] = value.descriptor(_function(value.function, run))
        elif isinstance(value, UserFunction):
            namespace[key] = _length(value, run) if key == "__len__" else _function(value, run)
        else:
            namespace[key] = value
    try:
        cls = type(name, bases, namespace)
    except TypeError as e:  # e.g. a layout conflict between two bases
        raise ProgramRuntimeError(f"TypeError: {e}") from e
    for value in body.values():
        function = value.function if isinstance(value, StaticMethod | Described) else value
        if isinstance(function, UserFunction):
            function.owner = cls
    return cls


def _builtin_exception(base: Any) -> bool:
    """One of Python's own exception classes (the program names them from its table of exceptions): a class of
    the program's derived from one is raised and caught as Python's are."""
    return isinstance(base, type) and issubclass(base, Exception) and base.__module__ == "builtins"


def _function(fn: UserFunction, run: Runner) -> Callable[..., Any]:
    """A Python function that runs the program's function: what Python and torch call."""

    def method(*args: Any, **kwargs: Any) -> Any:
        return run(fn, args, kwargs)

    method.__name__ = method.__qualname__ = fn.name
    method.__program_function__ = fn  # type: ignore[attr-defined]
    return method


@dataclass
class KnownLength:
    """The length of one of the program's objects (a Dataset), noted the first time `answering` sees it asked
    for: a loop that must count a DataLoader's batches before it starts asks for it where Python asks only as
    the first batch is made, and that later ask is answered with it instead of running the program's __len__
    a second time."""

    obj: Any
    value: Any = None  # what the program's __len__ returned; None until it ran


# The KnownLength that the next len() of its object answers (set by `answering`, for one ask only).
_ANSWERING: ContextVar[KnownLength | None] = ContextVar("answering", default=None)


@contextlib.contextmanager
def answering(known: KnownLength) -> Iterator[None]:
    """Inside, the first len() of known.obj returns known.value, or runs the program's __len__ and notes what
    it returned; any other len() runs the program's __len__ as usual."""
    token = _ANSWERING.set(known)
    try:
        yield
    finally:
        _ANSWERING.reset(token)


def _length(fn: UserFunction, run: Runner) -> Callable[..., Any]:
    """The program's __len__, as Python and torch call it: answered from a KnownLength inside `answering`."""
    method = _function(fn, run)

    def length(*args: Any, **kwargs: Any) -> Any:
        known = _ANSWERING.get()
        if known is None or not args or known.obj is not args[0]:
            return method(*args, **kwargs)
        _ANSWERING.set(None)  # one ask answered: a len() inside the program's __len__ runs as it does in Python
        if known.value is None:
            known.value = method(*args, **kwargs)
        return known.value

    length.__name__ = length.__qualname__ = fn.name
    length.__program_function__ = fn  # type: ignore[attr-defined]
    return length


def program_function(value: Any) -> UserFunction | None:
    """The program's function behind a class's method, if `value` is one."""
    if isinstance(value, staticmethod | classmethod):
        value = value.__func__
    fn = getattr(value, "__program_function__", None) if callable(value) else None
    return fn if isinstance(fn, UserFunction) else None


def class_attribute(cls: type, name: str, start_after: type | None = None) -> Any:
    """What `name` is in the program's classes of `cls`'s resolution order (after `start_after`), or
    _MISSING: a method of the program, or a plain value its class body assigned."""
    order = cls.__mro__
    if start_after is not None:
        order = order[order.index(start_after) + 1 :]
    for klass in order:
        if not is_program_class(klass):
            continue
        if name in klass.__dict__:
            return klass.__dict__[name]
    return _MISSING


_MISSING = object()


def read(obj: Any, name: str) -> Any:
    """`obj.name` for an object of the program (is_program_object), or _MISSING when the object has no such
    attribute of its own (the catalogue's methods, such as `parameters()`, are looked up after this)."""
    if name.startswith("_"):
        return _MISSING
    if isinstance(obj, type):  # `Clamp.apply`, `Net.scale` (a class attribute), `Net.helper`
        if not is_program_class(obj):
            return _MISSING
        if name == "apply" and issubclass(obj, torch.autograd.Function):
            return Apply(obj)
        found = class_attribute(obj, name)
        fn = program_function(found)
        if fn is not None and isinstance(found, classmethod):  # `Net.from_config(...)`: called with the class
            return BoundMethod(fn, obj)
        return fn if fn is not None else found
    own = obj.__dict__
    # A built-in layer's own attributes are read through the catalogue's rows (its documented ones); a program's
    # objects and a Function's ctx hold what the program put there.
    if name in own and (is_program_class(type(obj)) or not isinstance(obj, torch.nn.Module)):
        return own[name]
    if isinstance(obj, torch.nn.Module):
        for registry in ("_parameters", "_buffers", "_modules"):
            held = own.get(registry, {})
            if name in held:
                return held[name]
    found = class_attribute(type(obj), name)
    if found is _MISSING:
        return _MISSING
    if isinstance(found, staticmethod):
        return program_function(found) or _MISSING
    if isinstance(found, property):  # its getter, the program's function, runs now
        return found.__get__(obj, type(obj))
    fn = program_function(found)
    if fn is not None and isinstance(found, classmethod):
        return BoundMethod(fn, type(obj))
    return BoundMethod(fn, obj) if fn is not None else found


def write(obj: Any, name: str, value: Any) -> None:
    """`obj.name = value` on an object of the program: through the object's own __setattr__, so an
    nn.Module registers a Parameter or a submodule as it does in PyTorch."""
    if name.startswith("_") or not is_program_object(obj):
        what = type(obj).__name__
        raise ProgramRuntimeError(f"AttributeError: '{what}' object attribute '{name}' cannot be set here")
    if isinstance(obj, torch.nn.Module) and not is_program_class(type(obj)):
        # A built-in layer's sizes and settings are read by its own forward (an LSTM makes its hidden state from
        # hidden_size): only its parameters, buffers and submodules may be replaced, and `training`.
        if name not in obj._parameters and name not in obj._buffers and name not in obj._modules and name != "training":
            raise ProgramRuntimeError(
                f"AttributeError: '{type(obj).__name__}' attribute '{name}' cannot be set here (its parameters, "
                "buffers and submodules can)"
            )
    setattr(obj, name, value)  # a name the program wrote, but never private: the object's own rules apply


MISSING = _MISSING
