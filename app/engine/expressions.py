"""Evaluation of expressions: names, operators, calls, attributes and subscripts, each through the catalogue.

There is no getattr on a name a program wrote: every attribute and call is looked up in the catalogue's table.
Imports torch, the standard library and the engine's own modules only.
"""

from __future__ import annotations

import ast
import difflib
import operator
from collections import ChainMap
from collections.abc import Callable, Iterable, MutableMapping, Sized
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import torch
from torch.utils.data import DataLoader

from app.engine import catalogue, classes, datalib, functransforms, guards, nnlib, nplib, pycalls
from app.engine.errors import Located, ProgramRuntimeError, RunLimitExceeded
from app.engine.functions import FrameScope, UserFunction, local_names
from app.engine.result import Binding
from app.engine.tensor_text import tensor_repr

if TYPE_CHECKING:
    from app.engine.state import RunState


@dataclass(frozen=True)
class Namespace:
    """A module the program imported (torch, F) or reached from one (torch.optim)."""

    key: str


@dataclass(frozen=True)
class Imported:
    """An operation imported by name (`from torch import tensor`): called like `torch.tensor(...)`."""

    where: str
    name: str


@dataclass(frozen=True)
class Unavailable:
    """A name imported from a torch module the language does not cover: importing it is harmless, using it
    is refused with its name."""

    name: str


@dataclass(frozen=True)
class Method:
    """A catalogue method read without a call (`key=scores.get`, `f = xs.append`): called later, by the program
    or by what it was handed to (sorted, min, max...), it runs as the call written out would, checks included."""

    evaluator: ExpressionEvaluator
    entry: catalogue.Entry
    kind: str
    receiver: Any

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        for a in (*args, *kwargs.values()):
            guards.check_value(a, f"{self.entry.name}()")
        return self.evaluator.call_entry(self.entry, self.kind, self.receiver, args, kwargs)


_OPERATOR_SIGNS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "** or pow()",
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
}
TAKES_FUNCTIONS = frozenset({"map", "filter", "sorted", "min", "max"})  # builtins that take a function


def _contains(item: Any, container: Any) -> bool:
    return bool(item in container)


def _not_contains(item: Any, container: Any) -> bool:
    return bool(item not in container)


_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: _contains,
    ast.NotIn: _not_contains,
}
_NUMBER = (bool, int, float)
# What operators take: numbers, tensors, and NumPy's arrays and numbers (a.sum() is an np.float64).
_OPERANDS = (*_NUMBER, torch.Tensor, np.ndarray, np.number, np.bool_)
# Tuples of types, not `list | tuple` unions: a union is built anew at each call, and these run at every step.
_SEQUENCES = (list, tuple)
_TRUTHFUL = (*_OPERANDS, str, list, tuple)  # what `if` and `while` take
_SUBSCRIPTABLE = (list, tuple, str, dict, range)
_LOOPED = (range, list, tuple)  # what a `for` goes over as it is
_IDENTITY = (ast.Is, ast.IsNot)
_MEMBERSHIP = (ast.In, ast.NotIn)
_HASHED = (set, frozenset, dict)
# Python's TypeError for `*value` of a value it cannot iterate, by where it is spread (a list or tuple display,
# or an index, words it as "list" does).
_NOT_SPREAD = {
    "list": "Value after * must be an iterable, not {}",
    "set": "'{}' object is not iterable",
    "call": "argument after * must be an iterable, not {}",
}


def iterable_items(value: Any, limit: int) -> list[Any] | tuple[Any, ...] | range | datalib.LoaderIterator:
    """What a `for` goes over: a range, list, tuple, dict (its keys), set, string, a tensor's rows, or a
    DataLoader's batches (made one per pass); at most `limit` of them (max_loop_iterations), counted before any
    is made."""
    if isinstance(value, _LOOPED):
        if len(value) > limit:
            raise RunLimitExceeded(f"a loop of {len(value)} iterations is over max_loop_iterations={limit}")
        return value
    if isinstance(value, torch.Tensor):
        if not value.dim():
            iter(value)  # torch's own error for a 0-d tensor
        if value.shape[0] > limit:
            raise RunLimitExceeded(f"a loop over {value.shape[0]} rows is over max_loop_iterations={limit}")
        return value.unbind(0)
    if isinstance(value, DataLoader):
        return datalib.Batches(value).counted(limit, "a loop")
    if isinstance(value, datalib.LoaderIterator):  # enumerate(loader), zip(loader, xs)
        return value.counted(limit, "a loop")
    if datalib.reads_program_code(value):  # read one item per pass
        return datalib.Items(value).counted(limit, "a loop")
    torch_items = nnlib.items_of(value, limit, "a loop")  # model.parameters(), a Sequential
    if torch_items is not None:
        return torch_items
    array_rows = nplib.rows(value, limit, "a loop")
    array_rows = array_rows if array_rows is not None else functransforms.remaining(value, limit, "a loop")
    if array_rows is not None:
        return array_rows
    if not isinstance(value, str | dict | set) and not isinstance(value, guards.DICT_VIEWS):
        raise ProgramRuntimeError(f"TypeError: '{type(value).__name__}' object is not iterable")
    count = len(cast(Sized, value))
    if count > limit:
        raise RunLimitExceeded(f"a loop of {count} iterations is over max_loop_iterations={limit}")
    return list(cast(Iterable[Any], value))


def bind_target(target: ast.expr, value: Any, names: MutableMapping[str, Any]) -> None:
    """Assign `value` to a target of names: `x`, `(i, (x, y))`, `first, *rest`, as Python unpacks."""
    if isinstance(target, ast.Name):
        names[target.id] = value
        return
    assert isinstance(target, ast.Tuple | ast.List)  # checked
    for name, item in unpack(target, value):
        bind_target(name, item, names)


def unpack(target: ast.Tuple | ast.List, value: Any) -> list[tuple[ast.expr, Any]]:
    """The (sub-target, value) pairs of unpacking `value` into `target`, or Python's ValueError."""
    if isinstance(value, torch.Tensor):
        value = value.unbind(0) if value.dim() else iter(value)
    if not isinstance(value, list | tuple | range | str | dict | set):
        raise ProgramRuntimeError(f"TypeError: cannot unpack non-iterable {type(value).__name__} object")
    items = list(value)
    starred = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
    if not starred:
        if len(items) != len(target.elts):
            few = len(items) < len(target.elts)
            detail = f"expected {len(target.elts)}, got {len(items)}" if few else f"expected {len(target.elts)}"
            raise ValueError(f"{'not enough' if few else 'too many'} values to unpack ({detail})")
        return list(zip(target.elts, items, strict=True))
    at = starred[0]
    after = len(target.elts) - at - 1
    if len(items) < len(target.elts) - 1:
        raise ValueError(f"not enough values to unpack (expected at least {len(target.elts) - 1}, got {len(items)})")
    rest = target.elts[at]
    assert isinstance(rest, ast.Starred)
    pairs = list(zip(target.elts[:at], items[:at], strict=True))
    pairs.append((rest.value, items[at : len(items) - after]))
    pairs += list(zip(target.elts[at + 1 :], items[len(items) - after :], strict=True))
    return pairs


def _failing_line(node: ast.expr) -> int:
    """The line Python 3.11 names for an error in `node`: for `obj.method(...)` and `obj.attr` spread over
    lines, the line of the attribute's name; otherwise where the expression starts."""
    target = node.func if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else node
    if isinstance(target, ast.Attribute):
        return target.end_lineno or target.lineno
    return node.lineno


def _python_type(kind: str) -> str:
    return {"tensor": "Tensor", "optimizer": "Optimizer", "node": "Node", "result": "tuple"}.get(kind, kind)


def receiver_kind(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return "tensor"
    if isinstance(value, torch.nn.Module):
        return "module"
    if isinstance(value, torch.autograd.function.FunctionCtx):
        return "ctx"
    if isinstance(value, torch.utils.hooks.RemovableHandle):
        return "handle"
    if isinstance(value, torch.optim.Optimizer):
        return "optimizer"
    if isinstance(value, torch.autograd.graph.Node):
        return "node"
    if type(value).__module__ == "torch.return_types":
        return "result"
    return catalogue.receiver_of(value)  # a schedule, a data loader, a dataset; or the type's own name


class ExpressionEvaluator:
    """Evaluates expressions over one scope (the names visible to them) and the run's shared state.

    The statement runner holds one and calls only evaluate, truth, subscript_key and call_entry. Another scope
    (a function's frame) is another evaluator over the same RunState.
    """

    def __init__(
        self,
        scope: MutableMapping[str, Any],
        state: RunState,
        call_function: Callable[[UserFunction, tuple[Any, ...], dict[str, Any]], Any] | None = None,
    ) -> None:
        self.scope = scope
        self.state = state
        self.guard = state.guard
        # Runs a function the program defined, statement by statement (the statement runner does that).
        self.call_function = call_function
        # Where `name := value` binds: this scope, or a comprehension's enclosing one, as in Python.
        self.named_scope = scope

    def evaluate(self, node: ast.expr) -> Any:
        try:
            return _EVALUATE[type(node)](self, node)  # a dict lookup: the hottest line of every run
        except Located:
            raise
        except Exception as e:  # the innermost expression that failed names the line, as Python reports it
            raise Located(e, _failing_line(node), node.col_offset) from e

    def _eval_Constant(self, node: ast.Constant) -> Any:
        return node.value

    def _eval_Name(self, node: ast.Name) -> Any:
        if node.id in self.scope:
            return self.scope[node.id]
        if node.id in catalogue.EXCEPTIONS:
            return catalogue.EXCEPTIONS[node.id]
        if node.id == "__name__":  # the checker lets it be read only
            return "__main__"
        if isinstance(self.scope, FrameScope) and self.scope.unbound_local(node.id):
            raise UnboundLocalError(f"cannot access local variable '{node.id}' where it is not associated with a value")
        entry = catalogue.lookup("builtin", node.id)
        if entry is not None:  # `key=len`, `map(str, xs)`: called later as the call written out would be
            return Method(self, entry, "builtin", None)
        close = difflib.get_close_matches(node.id, [*self.scope, *catalogue.names_at("builtin")], n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise ProgramRuntimeError(f"NameError: name '{node.id}' is not defined{hint}")

    def _eval_Tuple(self, node: ast.Tuple) -> tuple[Any, ...]:
        return tuple(self._displayed(node.elts, "tuple"))

    def _eval_List(self, node: ast.List) -> list[Any]:
        return self._displayed(node.elts, "list")

    def _eval_Set(self, node: ast.Set) -> set[Any]:
        return {self.hashable(v) for v in self._displayed(node.elts, "set")}

    def _displayed(self, elements: list[ast.expr], kind: str) -> list[Any]:
        """The items of a list, tuple or set display, each `*value` among them spread as Python spreads it."""
        items: list[Any] = []
        for e in elements:
            if isinstance(e, ast.Starred):
                items += self._spread(self.evaluate(e.value), kind, len(items))
            else:
                items.append(self._kept(self.evaluate(e)))
        most = self.state.limits.max_loop_iterations
        # `[*xs, y]`: the items after the last spread count too (a display without one is as long as its source)
        if len(items) > most and any(isinstance(e, ast.Starred) for e in elements):
            raise RunLimitExceeded(f"a {kind} of {len(items):,} items is over max_loop_iterations={most:,}")
        return items

    def _spread(self, value: Any, kind: str, held: int) -> list[Any]:
        """The items `*value` adds to a `kind` ("list", "tuple", "set" or "call") already holding `held`: read as
        list() reads them (a set display does not ask a length first), at most max_loop_iterations of them, and
        at most that many in the whole display or call."""
        most = self.state.limits.max_loop_iterations
        refusal = _NOT_SPREAD.get(kind, _NOT_SPREAD["list"])
        new = pycalls.bounded_items(self.state, value, "unpacking with *", asked=kind != "set", refusal=refusal)
        if held + len(new) > most:
            what = "the arguments of a call" if kind == "call" else f"a {kind}"
            raise RunLimitExceeded(f"{what} of {held + len(new):,} items is over max_loop_iterations={most:,}")
        if kind != "call":  # a display keeps its tensors alive as a variable does; a call's are passed on
            for v in new:
                self._kept(v)
        return new

    def hashable(self, key: Any) -> Any:
        """A set item or dict key: hashing a tuple walks all it holds, again for every time it holds the same
        tuple (`a = (a, a)` sixty times is 2**60 of work), so it is sized first, repeats counted."""
        if isinstance(key, tuple):
            cap = self.state.limits.max_loop_iterations
            if guards.data_size(key, cap)[0] > cap:
                raise RunLimitExceeded(f"a key holding more than max_loop_iterations={cap:,} items, repeats counted")
        return key

    def _eval_Dict(self, node: ast.Dict) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:  # `{**defaults, "lr": 0.1}`
                spread = self.evaluate(value)
                if not isinstance(spread, dict):
                    raise ProgramRuntimeError(f"TypeError: '{type(spread).__name__}' object is not a mapping")
                out.update(spread)
                most = self.state.limits.max_loop_iterations
                if len(out) > most:  # each mapping is bounded; `{**a, **b, ...}` together too
                    raise RunLimitExceeded(f"a dict of {len(out):,} items is over max_loop_iterations={most:,}")
            else:
                out[self.hashable(self.evaluate(key))] = self._kept(self.evaluate(value))
        return out

    # --- comprehensions: their names are their own, like a function's ------------------------------------
    def _eval_NamedExpr(self, node: ast.NamedExpr) -> Any:
        """`(n := len(xs))`: the value, bound to the name where it stands (a comprehension's in its enclosing
        scope); a tensor bound at the program's top level is named in the graph, as by `=`."""
        value = self._kept(self.evaluate(node.value))
        self.named_scope[node.target.id] = value
        if isinstance(value, torch.Tensor) and not isinstance(self.named_scope, FrameScope | ChainMap):
            self.state.bind(Binding(self.state.step_index, self.state.line, node.target.id, value))
        return value

    def _eval_ListComp(self, node: ast.ListComp) -> list[Any]:
        return [value for value, _ in self._comprehension(node.generators, node.elt)]

    def _eval_SetComp(self, node: ast.SetComp) -> set[Any]:
        return {self.hashable(value) for value, _ in self._comprehension(node.generators, node.elt)}

    def _eval_GeneratorExp(self, node: ast.GeneratorExp) -> list[Any]:
        # Worked out at once: what programs do with one (sum, any, all, list, a for loop) gives the same.
        return [value for value, _ in self._comprehension(node.generators, node.elt)]

    def _eval_DictComp(self, node: ast.DictComp) -> dict[Any, Any]:
        return {self.hashable(k): v for k, v in self._comprehension(node.generators, node.key, node.value)}

    def _comprehension(
        self, generators: list[ast.comprehension], element: ast.expr, second: ast.expr | None = None
    ) -> list[tuple[Any, Any]]:
        inner = ExpressionEvaluator(ChainMap({}, self.scope), self.state, self.call_function)
        inner.named_scope = self.named_scope
        local = inner.scope.maps[0]  # type: ignore[attr-defined]
        limit = self.state.limits.max_loop_iterations
        budget = [self.state.limits.max_comprehension_items]
        out: list[tuple[Any, Any]] = []

        def walk(level: int) -> None:
            if level == len(generators):
                budget[0] -= 1
                if budget[0] < 0:
                    raise RunLimitExceeded(
                        f"a comprehension made more than max_comprehension_items="
                        f"{self.state.limits.max_comprehension_items} items"
                    )
                first = inner._kept(inner.evaluate(element))
                out.append((first, inner._kept(inner.evaluate(second)) if second is not None else None))
                return
            clause = generators[level]
            items = iterable_items(inner.evaluate(clause.iter), limit)
            for item in items:
                bind_target(clause.target, item, local)
                if all(inner.truth(inner.evaluate(test)) for test in clause.ifs):
                    walk(level + 1)

        walk(0)
        return out

    def _kept(self, value: Any) -> Any:
        if isinstance(value, torch.Tensor):  # a list can keep tensors alive as a variable does
            self.state.account(value)
        return value

    def _eval_JoinedStr(self, node: ast.JoinedStr) -> str:
        text = "".join(self.evaluate(v) if isinstance(v, ast.Constant) else self._formatted(v) for v in node.values)
        self.guard.text_length(len(text))  # `s = f"{s}{s}"` in a loop would double without end
        return text

    def _formatted(self, node: ast.expr) -> str:
        assert isinstance(node, ast.FormattedValue)
        value = shown = self.evaluate(node.value)
        guards.check_value(value, "an f-string", printable=True)
        self.guard.printed(value, self.state.limits.max_output_chars, "an f-string")
        if isinstance(value, torch.Tensor) and node.conversion in (ord("r"), ord("s")):
            value = tensor_repr(value)  # what repr() and str() give, without torch's slow formatter
        elif node.conversion == ord("r"):
            value = repr(value)
        elif node.conversion == ord("s"):
            value = str(value)
        elif node.conversion == ord("a"):
            value = ascii(value)
        spec = self.evaluate(node.format_spec) if node.format_spec is not None else ""
        guards.check_format_spec(spec)
        if not spec and isinstance(value, torch.Tensor) and value.dim():  # 0-dim ones format their item()
            return tensor_repr(value)
        return self.state.addresses.hide(format(value, spec), (shown,))  # no memory address is shown

    def _eval_BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.evaluate(node.left), self.evaluate(node.right)
        if isinstance(left, str) or isinstance(right, str):
            guards.check_value(right, "%-formatting", printable=True)
            return self.state.addresses.hide(self.guard.text(type(node.op).__name__, left, right), (right,))
        if classes.is_program_class(type(left)) or classes.is_program_class(type(right)):
            # the program's own operator methods (`__add__`, `__rmul__`...) run, or Python's TypeError
            return guards.BINARY[type(node.op).__name__](left, right)
        if isinstance(left, _SEQUENCES) or isinstance(right, _SEQUENCES):
            return self.sequence_op(node.op, left, right)
        for v in (left, right):
            if not isinstance(v, _OPERANDS):
                raise ProgramRuntimeError(f"operators work on tensors and numbers, not {type(v).__name__}")
        self.guard.binary(type(node.op), left, right)
        self.state.did("forward")
        result = guards.BINARY[type(node.op).__name__](left, right)
        self.guard.result_size(result, "the result")
        return self.guard.int_result(nplib.held(self.state, result))

    def sequence_op(self, op: ast.operator, left: Any, right: Any) -> Any:
        """`xs + [y]`, `(a,) + (b,)`, `[0] * n`: new lists and tuples, their length checked before they are made."""
        most = self.state.limits.max_loop_iterations
        if isinstance(op, ast.Add) and type(left) is type(right) and isinstance(left, list | tuple):
            length = len(left) + len(right)
        elif (
            isinstance(op, ast.Mult)
            and {type(left), type(right)} & {list, tuple}
            and (isinstance(left, int) or isinstance(right, int))
        ):
            items, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(times, bool) or not isinstance(items, list | tuple):
                raise ProgramRuntimeError("TypeError: can't multiply sequence by non-int")
            length = len(items) * max(times, 0)
        else:
            raise ProgramRuntimeError(
                f"TypeError: unsupported operand type(s) for {_OPERATOR_SIGNS.get(type(op), '?')}: "
                f"'{type(left).__name__}' and '{type(right).__name__}'"
            )
        if length > most:
            raise RunLimitExceeded(f"a list of {length:,} items is over max_loop_iterations={most:,}")
        return guards.BINARY[type(op).__name__](left, right)

    def _eval_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.evaluate(node.operand)
        if isinstance(node.op, ast.Not):
            return not self.truth(value)
        if classes.is_program_class(type(value)) and isinstance(node.op, ast.USub):
            return -value  # the program's own __neg__, or Python's TypeError
        if not isinstance(value, _OPERANDS):
            raise ProgramRuntimeError(f"unary operators work on tensors and numbers, not {type(value).__name__}")
        self.state.did("forward")
        operand: Any = value
        if isinstance(node.op, ast.Invert):  # ~mask: a bool tensor's negation, an int's bitwise inverse
            return nplib.held(self.state, ~operand)
        return nplib.held(self.state, -operand if isinstance(node.op, ast.USub) else +operand)

    def _eval_Compare(self, node: ast.Compare) -> Any:
        left = self.evaluate(node.left)
        result: Any = True
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.evaluate(right_node)
            if not isinstance(op, _IDENTITY):
                self.guard.compare(left, right)
            if isinstance(op, _MEMBERSHIP) and isinstance(right, _HASHED):
                self.hashable(left)
            result = _COMPARE[type(op)](left, right)
            if len(node.ops) > 1 and not self.truth(result):
                return False
            left = right
        return result

    def _eval_BoolOp(self, node: ast.BoolOp) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.evaluate(operand)
            if self.truth(value) == isinstance(node.op, ast.Or):
                return value
        return value

    def _eval_IfExp(self, node: ast.IfExp) -> Any:
        return self.evaluate(node.body) if self.truth(self.evaluate(node.test)) else self.evaluate(node.orelse)

    def truth(self, value: Any) -> bool:
        if isinstance(value, _TRUTHFUL) or value is None:
            return bool(value)  # an array of more than one value: NumPy's own error
        raise ProgramRuntimeError(f"a {type(value).__name__} has no truth value here")

    def _eval_Subscript(self, node: ast.Subscript) -> Any:
        obj = self.evaluate(node.value)
        key = self.subscript_key(node.slice)
        if isinstance(obj, torch.Tensor):
            self.guard.index(obj, key)
            self.state.did("forward")
            result = obj[key]
            self.guard.result_size(result, "the indexed tensor")
            return result
        if isinstance(obj, _SUBSCRIPTABLE):  # includes torch.Size and (values, indices) results
            return obj[self.hashable(key) if isinstance(obj, dict) else key]
        if isinstance(obj, np.ndarray):
            return nplib.index(self.state, obj, key)
        if classes.is_program_object(obj) and hasattr(type(obj), "__getitem__"):  # model[0], dataset[i]
            return obj[key]
        if isinstance(obj, torch.utils.data.Dataset):  # a TensorDataset's or a random_split part's item
            return nnlib.dataset_item(obj, key)
        raise ProgramRuntimeError(f"TypeError: '{type(obj).__name__}' object is not subscriptable")

    def subscript_key(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Slice):
            parts = [self.evaluate(p) if p is not None else None for p in (node.lower, node.upper, node.step)]
            return slice(*parts)
        if isinstance(node, ast.Tuple):  # `t[i, :]`; `t[*i]` spreads i as a tuple display does
            key: list[Any] = []
            for e in node.elts:
                if isinstance(e, ast.Starred):
                    spread = self._spread(self.evaluate(e.value), "tuple", len(key))
                    key += [guards.check_value(v, "an index") for v in spread]
                else:
                    key.append(self.subscript_key(e))
            return tuple(key)
        return guards.check_value(self.evaluate(node), "an index")

    def _eval_Attribute(self, node: ast.Attribute) -> Any:
        return self._read_attribute(self.evaluate(node.value), node.attr)

    def _read_attribute(self, obj: Any, name: str) -> Any:
        if isinstance(obj, Namespace):
            sub = catalogue.SUBMODULES.get((obj.key, name))
            if sub is not None:
                return Namespace(sub)
            if obj.key == "torch" and name in catalogue.DTYPES:
                return catalogue.DTYPES[name]
            if (obj.key, name) in catalogue.CONSTANTS:
                return catalogue.CONSTANTS[(obj.key, name)]
            if (obj.key, name) in catalogue.BASE_CLASSES:  # nn.Module, torch.autograd.Function, Dataset
                return catalogue.BASE_CLASSES[(obj.key, name)]
            entry = catalogue.lookup(obj.key, name)
            where = catalogue.NAMESPACES.get(obj.key, obj.key)
            if entry is None:
                raise self._unknown(name, obj.key, f"{where}.{name}")
            raise ProgramRuntimeError(f"{where}.{name} must be called: {where}.{name}(...)")
        if classes.is_program_object(obj) or classes.is_program_class(obj):
            value = classes.read(obj, name)
            if value is not classes.MISSING:
                return value
        kind = receiver_kind(obj)
        entry = catalogue.lookup(kind, name)
        if entry is None:
            if classes.is_program_object(obj) or classes.is_program_class(obj):
                what = obj.__name__ if isinstance(obj, type) else type(obj).__name__
                article = "type object" if isinstance(obj, type) else "object"
                raise ProgramRuntimeError(f"AttributeError: '{what}' {article} has no attribute '{name}'")
            raise self._unknown(name, kind, f"a {kind}'s .{name}")
        if not entry.attribute:
            return Method(self, entry, kind, obj)
        value = entry.impl[kind](obj)
        if entry.cuts:
            self.state.note_cut(obj, value, f".{name}")
        return value

    def _unknown(self, name: str, where: str, what: str, call: bool = False) -> ProgramRuntimeError:
        """A name the language knows, used on a value that lacks it: Python's AttributeError, with a hint."""
        close = difflib.get_close_matches(name, catalogue.names_at(where), n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}{'()' if call else ''}`?" if close else ""
        if where in catalogue.NAMESPACES:
            return ProgramRuntimeError(f"AttributeError: {what} is not supported{hint}")
        return ProgramRuntimeError(f"AttributeError: '{_python_type(where)}' object has no attribute '{name}'{hint}")

    def _eval_Lambda(self, node: ast.Lambda) -> UserFunction:
        return UserFunction("<lambda>", node, self.scope, *self.defaults(node.args), local_names=local_names(node))

    def defaults(self, spec: ast.arguments) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """A function's default values, evaluated once where it is defined, as Python does."""
        positional = tuple(self.evaluate(d) for d in spec.defaults)
        keyword = {a.arg: self.evaluate(d) for a, d in zip(spec.kwonlyargs, spec.kw_defaults, strict=True) if d}
        return positional, keyword

    def _isinstance(self, node: ast.Call) -> bool:
        """isinstance(value, kind): kind a type the language names (int, float, str, bool, list, tuple, dict,
        set, torch.Tensor, an exception class) or a tuple of them."""
        if len(node.args) != 2 or node.keywords:
            raise ProgramRuntimeError(f"TypeError: isinstance expected 2 arguments, got {len(node.args)}")
        value = self.evaluate(node.args[0])
        kinds = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
        return isinstance(value, tuple(self._type(k) for k in kinds))

    def _type(self, node: ast.expr) -> type:
        if isinstance(node, ast.Name) and node.id not in self.scope and node.id in catalogue.TYPES:
            return catalogue.TYPES[node.id]
        if isinstance(node, ast.Attribute) and node.attr == "Tensor" and isinstance(node.value, ast.Name):
            base = self.evaluate(node.value)
            if isinstance(base, Namespace) and base.key == "torch":
                return torch.Tensor
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):  # isinstance(m, nn.Linear)
            base = self.evaluate(node.value)
            layer = getattr(torch.nn, node.attr, None) if isinstance(base, Namespace) and base.key == "nn" else None
            if catalogue.lookup("nn", node.attr) and isinstance(layer, type) and issubclass(layer, torch.nn.Module):
                return layer
        value = self.evaluate(node)
        if isinstance(value, type) and issubclass(value, BaseException):
            return value
        if classes.is_program_class(value) or value in catalogue.BASE_CLASSES.values():  # its classes, nn.Module
            return value  # type: ignore[no-any-return]
        raise ProgramRuntimeError("TypeError: isinstance() arg 2 must be a type the language names, or a tuple of them")

    def call_arguments(self, node: ast.Call) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The call's arguments, `*items` and `**mapping` spread as Python spreads them."""
        args: list[Any] = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args += self._spread(self.evaluate(a.value), "call", len(args))
            else:
                args.append(self.evaluate(a))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is not None:
                kwargs[kw.arg] = self.evaluate(kw.value)
                continue
            mapping = self.evaluate(kw.value)
            if not isinstance(mapping, dict) or not all(isinstance(k, str) for k in mapping):
                raise ProgramRuntimeError("TypeError: argument after ** must be a mapping with string keys")
            kwargs.update(mapping)
        return tuple(args), kwargs

    def _eval_Call(self, node: ast.Call) -> Any:
        func = node.func
        receiver: Any = None
        if isinstance(func, ast.Name):
            value = self.scope[func.id] if func.id in self.scope else None
            if isinstance(value, Imported):  # `from torch import tensor` ... `tensor([1.0])`
                where, name = value.where, value.name
            elif func.id == "isinstance" and func.id not in self.scope:
                return self._isinstance(node)
            elif func.id not in self.scope and func.id in catalogue.EXCEPTIONS:  # `raise ValueError("...")`
                args, kwargs = self.call_arguments(node)
                if kwargs or not all(isinstance(a, str | int | float) for a in args):
                    raise ProgramRuntimeError(f"{func.id}() takes a message (text or numbers) here")
                return catalogue.EXCEPTIONS[func.id](*args)
            elif func.id == "super" and func.id not in self.scope:
                return self._super(node)
            elif func.id == "dir" and func.id not in self.scope:
                return self._dir(node)
            elif func.id in self.scope:  # a function the program defined, a model, or a builtin's name it rebound
                if isinstance(value, Unavailable):
                    raise ProgramRuntimeError(f"{value.name} is not supported by the language yet")
                return self.call_value(value, *self.call_arguments(node))
            else:
                where, name = "builtin", func.id
        elif not isinstance(func, ast.Attribute):  # `(lambda x: x)(1)`, `fns[0](x)`, `make()(x)`
            value = self.evaluate(func)
            return self.call_value(value, *self.call_arguments(node))
        else:
            base = self.evaluate(func.value)
            name = func.attr
            if isinstance(base, classes.Super):
                return self._call_super(base, name, *self.call_arguments(node))
            if classes.is_program_object(base) or classes.is_program_class(base):
                value = classes.read(base, name)  # `self.fc1(x)`, `model.predict(x)`, `Clamp.apply(x)`
                if value is not classes.MISSING:
                    return self.call_value(value, *self.call_arguments(node))
            if isinstance(base, Namespace):
                if catalogue.SUBMODULES.get((base.key, name)) or (base.key == "torch" and name in catalogue.DTYPES):
                    raise ProgramRuntimeError(f"torch.{name} cannot be called")
                where = base.key
            else:
                where, receiver = receiver_kind(base), base
        entry = catalogue.lookup(where, name)
        if entry is None or entry.attribute:
            if entry is not None:
                raise ProgramRuntimeError(f".{name} is an attribute, not a method: write .{name}")
            owner = catalogue.NAMESPACES.get(where, f"a {where}'s" if receiver is not None else where)
            raise self._unknown(
                name, where, f"{owner} .{name}()" if receiver is not None else f"{owner}.{name}()", call=True
            )
        printable = where == "builtin" and name in ("print", "str")
        given, named = self.call_arguments(node)
        takes_functions = (
            entry.takes_functions or (where == "builtin" and name in TAKES_FUNCTIONS) or where == "autograd.functional"
        )
        args = tuple(self._argument(a, f"{name}()", printable, takes_functions) for a in given)
        kwargs = {key: self._argument(v, f"{name}()", False, takes_functions) for key, v in named.items()}
        return self.call_entry(entry, where, receiver, args, kwargs)

    def call_value(self, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Call a value the program holds: its own function or method, its class (making an object), a model
        (through nn.Module's own __call__), or a Function's apply."""
        run = self.call_function
        if isinstance(value, UserFunction) and run is not None:
            return run(value, args, kwargs)
        if isinstance(value, classes.BoundMethod) and run is not None:
            return run(value.function, (value.receiver, *args), kwargs)
        if isinstance(value, Method):
            return value(*args, **kwargs)
        if isinstance(value, functransforms.Transformed):  # `torch.func.grad(f)(x)`
            for a in (*args, *kwargs.values()):
                guards.check_value(a, "a call")
            result = value(*args, **kwargs)
            self.guard.result_size(result, "the call's result")
            return result
        if classes.is_program_class(value) or isinstance(value, torch.nn.Module | classes.Apply):
            for a in (*args, *kwargs.values()):
                guards.check_value(a, "a call")
            self.state.did("forward")
            call: Callable[..., Any] = value.cls.apply if isinstance(value, classes.Apply) else value  # type: ignore[attr-defined]
            result = call(*args, **kwargs)
            self.state.changed()  # its steps saw the tensors before autograd attached its node (apply)
            if classes.is_program_class(value) and issubclass(value, torch.autograd.Function):
                self.state.did("other")
            self.guard.result_size(result, "the call's result")
            return result
        raise ProgramRuntimeError(f"TypeError: '{type(value).__name__}' object is not callable")

    def _super(self, node: ast.Call) -> classes.Super:
        """`super()` in a method of the program's class, or `super(Net, self)` as older tutorials write it."""
        args, kwargs = self.call_arguments(node)
        if kwargs:
            raise ProgramRuntimeError("TypeError: super() takes no keyword arguments")
        if len(args) == 2:
            owner, receiver = args
            if not classes.is_program_class(owner) or not isinstance(receiver, owner):
                raise ProgramRuntimeError("TypeError: super(type, obj): obj must be an instance of the program's type")
            return classes.Super(owner, receiver)
        if args:
            raise ProgramRuntimeError("super() takes no arguments here, or a class and its object")
        scope = self.scope
        if not isinstance(scope, FrameScope):
            raise ProgramRuntimeError("RuntimeError: super(): no arguments")
        fn = scope.function
        if fn is None or fn.owner is None or isinstance(fn.node, ast.Lambda) or not fn.node.args.args:
            raise ProgramRuntimeError("RuntimeError: super(): no arguments")
        first = fn.node.args.args[0].arg
        if first not in scope.local:
            raise ProgramRuntimeError("RuntimeError: super(): arg[0] deleted")
        return classes.Super(fn.owner, scope.local[first])

    def _call_super(self, sup: classes.Super, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """`super().__init__()`, `super().forward(x)`: the program's method after the class in the object's
        order, or the torch base's own __init__."""
        cls = type(sup.receiver)
        found = classes.class_attribute(cls, name, start_after=sup.owner)
        fn = classes.program_function(found)
        if fn is not None and self.call_function is not None:
            receiver = () if isinstance(found, staticmethod) else (sup.receiver,)
            return self.call_function(fn, (*receiver, *args), kwargs)
        if name == "__init__":
            order = cls.__mro__
            base = next(k for k in order[order.index(sup.owner) + 1 :] if not classes.is_program_class(k))
            for a in (*args, *kwargs.values()):
                guards.check_value(a, "super().__init__()")
            initialise: Callable[..., None] = base.__init__  # type: ignore[misc]
            initialise(sup.receiver, *args, **kwargs)
            return None
        raise ProgramRuntimeError(f"AttributeError: 'super' object has no attribute '{name}'")

    def _argument(self, value: Any, where: str, printable: bool, takes_functions: bool) -> Any:
        """A checked argument for a catalogue call; map(), filter(), sorted(key=...) get the program's own
        functions as callables that run them statement by statement."""
        if takes_functions and isinstance(value, UserFunction) and self.call_function is not None:
            fn, run = value, self.call_function
            return lambda *args: run(fn, args, {})
        if takes_functions and isinstance(value, classes.BoundMethod) and self.call_function is not None:
            method, run = value, self.call_function
            return lambda *args: run(method.function, (method.receiver, *args), {})
        if takes_functions and isinstance(value, functransforms.Transformed | Method):  # `vmap(grad(f))`, `d.get`
            return value
        return guards.check_value(value, where, printable)

    def _dir(self, node: ast.Call) -> list[str]:
        """dir(module): the names the language offers there, sorted (not every name Python's module holds)."""
        args, kwargs = self.call_arguments(node)
        if len(args) != 1 or kwargs or not isinstance(args[0], Namespace):
            raise ProgramRuntimeError("dir() here lists what a module offers: dir(torch), dir(math), ...")
        return catalogue.offered(args[0].key)

    def call_entry(
        self, entry: catalogue.Entry, where: str, receiver: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        for key in kwargs:
            if key not in entry.kwargs and "*" not in entry.kwargs:
                accepted = ", ".join(entry.kwargs) or "no keyword arguments"
                raise ProgramRuntimeError(f"{entry.name}() does not take `{key}=` here (it takes: {accepted})")
        positional = (receiver,) + args if receiver is not None else args
        self.guard.before_call(entry.check, entry.name, positional, kwargs)
        self.state.did(entry.kind)
        if entry.mutates:
            self.state.changed()
        impl = entry.impl[where]
        if entry.kind == "backward":  # a backward may start inside a backward: its nesting is bounded
            with self.state.autograd_call():
                result = impl(self.state, *positional, **kwargs) if entry.needs_ctx else impl(*positional, **kwargs)
        else:
            result = impl(self.state, *positional, **kwargs) if entry.needs_ctx else impl(*positional, **kwargs)
        if entry.mutates:  # steps the call ran (a hook, a Function's backward) saw the tensors before it wrote
            self.state.changed()
        self.guard.result_size(result, f"{entry.name}(...)")
        if entry.cuts:
            self.state.note_cut(receiver, result, f"{entry.name}()")
        return self.guard.int_result(result)


# Each expression node's method, by the node's type (`ast.BinOp` -> _eval_BinOp); the checker let no other through.
_EVALUATE: dict[type, Callable[[ExpressionEvaluator, Any], Any]] = {
    getattr(ast, name.removeprefix("_eval_")): method
    for name, method in vars(ExpressionEvaluator).items()
    if name.startswith("_eval_")
}
