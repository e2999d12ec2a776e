"""Functions a program defines (`def`, `lambda`): the function value, its frame's scope, and argument binding
with Python's rules and Python's error messages.

A function is never a Python function: it is its checked syntax tree, the scope it was defined in (closures
read that scope by reference, as Python's do) and its evaluated defaults. Calling one runs its body in the
statement runner, statement by statement. Imports the standard library and the engine's errors only.
"""

from __future__ import annotations

import ast
from collections import ChainMap
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from app.engine.errors import ProgramRuntimeError

# Decorators a function may carry: the grad mode its body runs in.
GRAD_MODE_DECORATORS = ("no_grad", "enable_grad", "inference_mode")
# Decorators a method may carry by name: @staticmethod, and torch.autograd.function's @once_differentiable on a
# Function's backward (the real decorator wraps the method torch calls).
METHOD_DECORATORS = ("staticmethod", "classmethod", "property", "once_differentiable")


@dataclass(eq=False)
class UserFunction:
    """A function the program defined: `def name(...)` or a lambda."""

    name: str
    node: ast.FunctionDef | ast.Lambda
    closure: MutableMapping[str, Any]
    defaults: tuple[Any, ...] = ()
    kw_defaults: dict[str, Any] = field(default_factory=dict)
    grad_mode: str | None = None  # one of GRAD_MODE_DECORATORS, from a decorator
    local_names: frozenset[str] = frozenset()
    owner: type | None = None  # the program's class whose body defined it (a method), set when the class is made
    # Names its body declares `global` or `nonlocal` (-> which): they are bound where they live, not locally.
    declared: dict[str, str] = field(default_factory=dict)

    @property
    def qualname(self) -> str:
        return f"{self.owner.__name__}.{self.name}" if self.owner is not None else self.name

    def __repr__(self) -> str:
        return f"<function {self.name}>"


def declared_names(node: ast.FunctionDef | ast.Lambda) -> dict[str, str]:
    """The names a function's own body declares `global` or `nonlocal` (-> "global" / "nonlocal")."""
    if isinstance(node, ast.Lambda):
        return {}
    declared: dict[str, str] = {}
    stack: list[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, ast.FunctionDef | ast.Lambda | ast.ClassDef):
            continue  # their bodies are their own scopes
        if isinstance(item, ast.Global | ast.Nonlocal):
            declared.update(dict.fromkeys(item.names, "global" if isinstance(item, ast.Global) else "nonlocal"))
        stack.extend(ast.iter_child_nodes(item))
    return declared


def local_names(node: ast.FunctionDef | ast.Lambda) -> frozenset[str]:
    """The names a function's body binds: its parameters and every name it assigns (Python makes each of them
    local for the whole body), but those it declares global or nonlocal. Nested functions' own names stay
    theirs."""
    names = {a.arg for a in _all_args(node.args)}
    if isinstance(node, ast.Lambda):
        return frozenset(names)
    stack: list[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, ast.FunctionDef):
            names.add(item.name)
            stack.extend(item.decorator_list)
            stack.extend(d for d in item.args.defaults)
            stack.extend(d for d in item.args.kw_defaults if d is not None)
            continue  # its body is its own scope
        if isinstance(item, ast.Lambda):
            stack.extend(item.args.defaults)
            continue
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store | ast.Del):
            names.add(item.id)
        if isinstance(item, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            continue  # a comprehension's variables are its own
        stack.extend(ast.iter_child_nodes(item))
    return frozenset(names - declared_names(node).keys())


def _all_args(args: ast.arguments) -> list[ast.arg]:
    out = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    out += [a for a in (args.vararg, args.kwarg) if a is not None]
    return out


class FrameScope(ChainMap[str, Any]):
    """The names a running function sees: its locals first, then the scope it was defined in (and that scope's
    own enclosing scopes). A local name not bound yet is not found, even where an outer scope has it."""

    def __init__(
        self,
        local: dict[str, Any],
        outer: MutableMapping[str, Any],
        names: frozenset[str],
        function: UserFunction | None = None,
    ) -> None:
        super().__init__(local, outer)
        self.names = names
        self.function = function  # the function whose call this is (a method's `super()` needs its class)

    @property
    def local(self) -> dict[str, Any]:
        local = self.maps[0]
        assert isinstance(local, dict)
        return local

    def __getitem__(self, key: str) -> Any:
        if key in self.names:
            return self.local[key]
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if key in self.names:
            return key in self.local
        return super().__contains__(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default

    def __setitem__(self, key: str, value: Any) -> None:
        self._home(key)[key] = value

    def __delitem__(self, key: str) -> None:
        del self._home(key)[key]

    def _home(self, key: str) -> MutableMapping[str, Any]:
        """Where `key` is bound from this function: its locals, or, declared global, the program's top-level
        scope, or, declared nonlocal, the nearest enclosing function's locals that has it."""
        kind = self.function.declared.get(key) if self.function is not None else None
        if kind is None:
            return self.local
        scope = self.maps[1]
        while isinstance(scope, FrameScope):
            if kind == "nonlocal" and key in scope.names:
                return scope.local
            scope = scope.maps[1]
        if kind == "nonlocal":
            raise ProgramRuntimeError(f"SyntaxError: no binding for nonlocal '{key}' found")
        return scope

    def unbound_local(self, key: str) -> bool:
        """Whether `key` is a local of this function that has no value yet (Python's UnboundLocalError)."""
        return key in self.names and key not in self.local

    def __iter__(self) -> Iterator[str]:
        return iter(self.local)


def bind_arguments(fn: UserFunction, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The function's locals for a call, bound as Python binds them, or Python's TypeError."""
    spec = fn.node.args
    positional = [a.arg for a in (*spec.posonlyargs, *spec.args)]
    where = f"{fn.name}()"
    bound: dict[str, Any] = {}
    if len(args) > len(positional) and spec.vararg is None:
        given, most = len(args), len(positional)
        least = most - len(fn.defaults)
        takes = f"from {least} to {most}" if least != most else str(most)
        plural = "" if takes == "1" else "s"
        was = "was" if given == 1 else "were"
        raise ProgramRuntimeError(
            f"TypeError: {where} takes {takes} positional argument{plural} but {given} {was} given"
        )
    for name, value in zip(positional, args, strict=False):
        bound[name] = value
    if spec.vararg is not None:
        bound[spec.vararg.arg] = tuple(args[len(positional) :])
    extra: dict[str, Any] = {}
    keyword_names = {a.arg for a in spec.args} | {a.arg for a in spec.kwonlyargs}
    for key, value in kwargs.items():
        if key in keyword_names:
            if key in bound:
                raise ProgramRuntimeError(f"TypeError: {where} got multiple values for argument '{key}'")
            bound[key] = value
        elif spec.kwarg is not None:
            extra[key] = value
        else:
            raise ProgramRuntimeError(f"TypeError: {where} got an unexpected keyword argument '{key}'")
    first_default = len(positional) - len(fn.defaults)
    missing = []
    for i, name in enumerate(positional):
        if name not in bound:
            if i >= first_default:
                bound[name] = fn.defaults[i - first_default]
            else:
                missing.append(name)
    if missing:
        raise ProgramRuntimeError(f"TypeError: {where} missing {_count(missing, 'required positional')}")
    missing_kw = []
    for arg in spec.kwonlyargs:
        if arg.arg not in bound:
            if arg.arg in fn.kw_defaults:
                bound[arg.arg] = fn.kw_defaults[arg.arg]
            else:
                missing_kw.append(arg.arg)
    if missing_kw:
        raise ProgramRuntimeError(f"TypeError: {where} missing {_count(missing_kw, 'required keyword-only')}")
    if spec.kwarg is not None:
        bound[spec.kwarg.arg] = extra
    return bound


def _count(names: list[str], what: str) -> str:
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    return f"{len(names)} {what} argument{'s' if len(names) > 1 else ''}: {listed}"
