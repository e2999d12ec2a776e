"""Source text -> checked program: Python's own parser, then an allow-list over the syntax tree.

Everything outside the language is refused here, with its line and column, before anything runs.
Imports the standard library and the engine's catalogue/errors only (no web code).
"""

from __future__ import annotations

import ast
import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import cast

from app.engine import catalogue
from app.engine.classes import BASES, SPECIAL_METHODS
from app.engine.errors import LimitExceeded, ProgramRuntimeError, SyntaxProblem, UnknownName, UnsupportedConstruct
from app.engine.functions import GRAD_MODE_DECORATORS, METHOD_DECORATORS
from app.engine.limits import Limits
from app.engine.pycalls import check_format_fields

_STATEMENTS = (
    ast.Expr,
    ast.Assign,
    ast.AnnAssign,
    ast.Global,
    ast.Nonlocal,
    ast.AugAssign,
    ast.For,
    ast.While,
    ast.Assert,
    ast.Delete,
    ast.FunctionDef,
    ast.ClassDef,
    ast.Return,
    ast.Try,
    ast.Raise,
    ast.ExceptHandler,
    ast.With,
    ast.If,
    ast.Pass,
    ast.Break,
    ast.Continue,
    ast.Import,
    ast.ImportFrom,
)
_EXPRESSIONS = (
    ast.Name,
    ast.Constant,
    ast.BinOp,
    ast.UnaryOp,
    ast.Compare,
    ast.BoolOp,
    ast.IfExp,
    ast.Call,
    ast.Attribute,
    ast.Subscript,
    ast.Slice,
    ast.Tuple,
    ast.List,
    ast.JoinedStr,
    ast.FormattedValue,
    ast.keyword,
    ast.alias,
    ast.withitem,
    ast.Lambda,
    ast.arguments,
    ast.arg,
    ast.Starred,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.comprehension,
    ast.NamedExpr,
)
_CONTEXTS = (ast.Load, ast.Store, ast.Del, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult, ast.Mod, ast.FloorDiv)
_CMP = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn)
RESERVED = frozenset({"torch", "F"})  # names a program may not rebind; builtins it may shadow, as in Python
BASES_SHOWN = tuple(BASES)
PREDEFINED = RESERVED | frozenset(catalogue.builtin_names()) | frozenset(catalogue.EXCEPTIONS) | {"super"}

_WHY = {
    ast.AsyncFunctionDef: "async functions",
    ast.Yield: "generators",
    ast.YieldFrom: "generators",
    ast.Await: "await",
    ast.Match: "match",
}


@dataclass(frozen=True)
class Program:
    """A checked program: its source, tree, and source lines for step records."""

    source: str
    tree: ast.Module

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """Every name the program assigns or imports."""
        return frozenset(_Checker._assigned_names(_by_type(ast.walk(self.tree))))

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.source.splitlines()

    @functools.cached_property
    def _step_texts(self) -> dict[int, str]:
        return {}  # id() of a statement of `tree` (alive as long as this program) -> its step_text()

    def step_text(self, node: ast.stmt) -> str:
        """The statement's source as a step shows it (at most 300 characters); worked out once per program."""
        text = self._step_texts.get(id(node))
        if text is None:
            text = self.segment(node) or self.line_text(node.lineno)
            text = self._step_texts[id(node)] = text if len(text) <= 300 else text[:297] + "..."
        return text

    def line_text(self, line: int) -> str:
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""

    def segment(self, node: ast.stmt) -> str:
        """The statement's source text (what ast.get_source_segment gives, without re-splitting the source)."""
        end = node.end_lineno or node.lineno
        if end == node.lineno:
            return self.lines[node.lineno - 1][node.col_offset : node.end_col_offset]
        first = self.lines[node.lineno - 1][node.col_offset :]
        middle = self.lines[node.lineno : end - 1]
        return "\n".join([first, *middle, self.lines[end - 1][: node.end_col_offset]])


def parse_program(source: str, limits: Limits) -> Program:
    """Parse and check `source`; raise a ProgramError naming the line and column of the first problem."""
    size = len(source.encode("utf-8", "surrogatepass"))
    if size > limits.max_source_bytes:
        raise LimitExceeded(f"program is {size} bytes; the limit max_source_bytes is {limits.max_source_bytes}", 1, 0)
    if "\x00" in source:
        raise SyntaxProblem("the program contains a NUL character", 1, 0)
    tree = _parse(source, "exec")
    _Checker(limits).check(tree)
    assert isinstance(tree, ast.Module)
    return Program(source, tree)


def parse_expression(source: str, limits: Limits, names: frozenset[str] = frozenset()) -> ast.expr:
    """Parse one expression of the language (e.g. a gradient for backward) that may use `names`."""
    if len(source) > limits.max_source_bytes:
        raise LimitExceeded(f"expression longer than max_source_bytes={limits.max_source_bytes}", 1, 0)
    tree = _parse(source, "eval")
    _Checker(limits).check(tree, names)
    assert isinstance(tree, ast.Expression)
    return tree.body


def grad_mode_decorator(node: ast.expr) -> str | None:
    """`torch.no_grad()`-style decorators: the grad mode a function's body runs in, or None for any other."""
    if (
        isinstance(node, ast.Call)
        and not node.args
        and not node.keywords
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "torch"
        and node.func.attr in GRAD_MODE_DECORATORS
    ):
        return node.func.attr
    return None


def _parse(source: str, mode: str) -> ast.AST:
    try:
        return ast.parse(source, mode=mode)
    except SyntaxError as e:
        raise SyntaxProblem(f"syntax error: {e.msg}", e.lineno or 1, max((e.offset or 1) - 1, 0)) from None
    except (RecursionError, MemoryError):
        raise LimitExceeded("the program is nested too deeply to parse", 1, 0) from None
    except ValueError as e:  # e.g. int literal too long for the parser
        raise SyntaxProblem(f"syntax error: {e}", 1, 0) from None


def _by_type(nodes: Iterable[ast.AST]) -> defaultdict[type, list[ast.AST]]:
    """The nodes grouped by their exact type (as the parser makes them), each group in the order given."""
    kinds: defaultdict[type, list[ast.AST]] = defaultdict(list)
    for node in nodes:
        kinds[type(node)].append(node)
    return kinds


class _Checker:
    """Walks the tree iteratively (no recursion, so depth is no risk) and refuses what is not allowed."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.known_after_dot = catalogue.all_names()

    def check(self, tree: ast.AST, names: frozenset[str] = frozenset()) -> None:
        order = self._in_program_order(tree)
        kinds = _by_type(node for node, _depth, _inside in order)  # each pass below reads only the kinds it needs
        assigned = self._assigned_names(kinds) | names
        # `return` at module level parses, but Python refuses it when compiling: so does the checker.
        # Methods (functions directly in a class body) may be named __init__, __len__ or __getitem__ and carry
        # @staticmethod; the attribute names a program sets (`self.fc1 = ...`) and its classes define may be read.
        classes = cast(list[ast.ClassDef], kinds[ast.ClassDef])
        self._methods = {id(item) for c in classes for item in c.body if _is_def(item)}
        self._program_attributes = self._attribute_names(kinds)
        self._in_functions = (
            {id(n) for n, _depth, inside in order if inside and type(n) in _FUNCTION_ONLY}
            if kinds[ast.Return] or kinds[ast.Nonlocal]
            else set()
        )
        self._spread_places = self._starred_in_place(kinds) if kinds[ast.Starred] else set()
        statements = nodes = 0
        for node, depth, _inside in order:
            nodes += 1
            if depth > self.limits.max_nesting:
                self._fail(LimitExceeded, node, f"nesting deeper than max_nesting={self.limits.max_nesting}")
            if nodes > self.limits.max_expression_nodes:
                self._fail(
                    LimitExceeded,
                    node,
                    f"more than max_expression_nodes={self.limits.max_expression_nodes} syntax nodes",
                )
            if isinstance(node, ast.stmt):
                statements += 1
                if statements > self.limits.max_statements:
                    self._fail(LimitExceeded, node, f"more than max_statements={self.limits.max_statements} statements")
            self._check_node(node, assigned)

    def _in_program_order(self, tree: ast.AST) -> list[tuple[ast.AST, int, bool]]:
        """Every node once, in program order (the first problem found is the one reported), with its depth and
        whether it lies inside a `def`. Nodes without a position (keywords, aliases...) take their parent's.
        One walk serves every pass of the check: walking the tree is most of a check's time. Iterative, so depth
        is no risk, and the parser's own bound (max_source_bytes) bounds the walk.
        """
        order: list[tuple[ast.AST, int, bool]] = []
        stack: list[tuple[ast.AST, int, tuple[int, int], bool]] = [(tree, 0, (1, 0), False)]
        # What ast.iter_child_nodes would give, read inline: this loop runs once per node of every program.
        node_type, function = ast.AST, ast.FunctionDef
        while stack:
            node, depth, where, inside = stack.pop()
            if hasattr(node, "lineno"):
                here = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
            elif isinstance(node, _CONTEXTS):  # shared by the whole tree, and without children
                order.append((node, depth, inside))
                continue
            else:
                node.lineno, node.col_offset = here = where  # type: ignore[attr-defined]
            order.append((node, depth, inside))
            below = (depth + 1, here, inside or isinstance(node, function))
            children: list[tuple[ast.AST, int, tuple[int, int], bool]] = []
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, node_type):
                    children.append((value, *below))
                elif isinstance(value, list):
                    children.extend((item, *below) for item in value if isinstance(item, node_type))
            # Children in reverse onto the stack, so they come out in program order.
            children.reverse()
            stack.extend(children)
        return order

    def _check_node(self, node: ast.AST, assigned: set[str]) -> None:
        kind = type(node)
        if kind in _ALLOWED:
            method = _CHECKS.get(kind)
            if method is not None:
                method(self, node, assigned)
            return
        if kind is ast.Module or kind is ast.Expression:
            return
        if isinstance(node, _CONTEXTS):
            if isinstance(node, ast.operator) and not isinstance(node, _OPERATORS):
                self._unsupported(node, f"the operator {kind.__name__}")
            if isinstance(node, ast.cmpop) and not isinstance(node, _CMP):
                self._unsupported(node, "`in` comparisons")
            return
        self._unsupported(node, _WHY.get(kind, f"`{kind.__name__}`"))

    # --- statements -------------------------------------------------------------------------------------
    def _check_Import(self, node: ast.Import, assigned: set[str]) -> None:
        for alias in node.names:
            self._importable(node, alias.name)
            if alias.asname is not None:
                self._import_binding(node, alias.asname, alias.name)
            else:  # `import torch.nn` binds torch itself
                top = alias.name.split(".")[0]
                self._import_binding(node, top, top)

    def _check_ImportFrom(self, node: ast.ImportFrom, assigned: set[str]) -> None:
        module = node.module or ""
        if node.level or not module:
            self._unsupported(node, "relative imports")
        self._importable(node, module)
        for alias in node.names:
            if alias.name == "*":
                self._unsupported(node, f"`from {module} import *` (import the names you use)")
            self._no_dunder(node, alias.name)
            if alias.name.startswith("_"):
                self._unsupported(node, f"importing {alias.name}: private names are not part of the language")
            full = f"{module}.{alias.name}"
            where = catalogue.MODULES.get(module)
            known = full in catalogue.MODULES or (
                where is not None
                and (catalogue.lookup(where, alias.name) or (where, alias.name) in catalogue.CONSTANTS)
            )
            if not known and not module.startswith("torch"):
                self._fail(UnknownName, node, f"`{alias.name}` from {module} is not supported")
            self._import_binding(node, alias.asname or alias.name, full)

    def _importable(self, node: ast.AST, module: str) -> None:
        if any(part.startswith("_") for part in module.split(".")):
            self._unsupported(node, f"importing {module}: private modules are not part of the language")
        if module not in catalogue.MODULES and not module.startswith("torch."):
            self._unsupported(
                node, f"importing {module} (importable: torch and its modules, math, random, copy, collections, numpy)"
            )

    def _import_binding(self, node: ast.AST, name: str, what: str) -> None:
        expected = {"torch": "torch", "F": "torch.nn.functional"}.get(name)
        if name in RESERVED and what != expected:
            self._unsupported(node, f"binding `{name}`, a name the language reserves, to {what}")

    def _check_For(self, node: ast.For, assigned: set[str]) -> None:
        self._check_targets([node.target], names_only=True)

    def _check_ClassDef(self, node: ast.ClassDef, assigned: set[str]) -> None:
        if node.name in RESERVED:
            self._unsupported(node, f"defining `{node.name}`, a name the language reserves")
        self._no_dunder(node, node.name)
        if node.keywords:
            self._unsupported(node.keywords[0], "class keywords (metaclass=...)")
        if node.decorator_list:
            self._unsupported(node.decorator_list[0], "class decorators")
        for base in node.bases:
            if not isinstance(base, ast.Name | ast.Attribute):
                self._unsupported(base, "this base class (name one, e.g. nn.Module)")
        for item in node.body:
            docstring = isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant)
            plain = isinstance(item, ast.Assign) and all(isinstance(t, ast.Name) for t in item.targets)
            if not (_is_def(item) or docstring or plain or isinstance(item, ast.Pass)):
                self._unsupported(item, "this in a class body (methods, `name = value` and a docstring are)")
        if hasattr(node, "type_params") and node.type_params:
            self._unsupported(node, "type parameters")

    def _check_FunctionDef(self, node: ast.FunctionDef, assigned: set[str]) -> None:
        if node.name in RESERVED:
            self._unsupported(node, f"defining `{node.name}`, a name the language reserves")
        method = id(node) in self._methods
        if not (method and node.name in SPECIAL_METHODS):
            self._no_dunder(node, node.name)
        for decorator in node.decorator_list:
            if method and isinstance(decorator, ast.Name) and decorator.id in METHOD_DECORATORS:
                continue  # @once_differentiable: checked at run time to be torch's, imported
            if grad_mode_decorator(decorator) is None:
                self._unsupported(
                    decorator,
                    "this decorator (supported: @torch.no_grad(), @torch.enable_grad(), @torch.inference_mode(); "
                    "on a method, @staticmethod and @once_differentiable)",
                )
        if node.type_params if hasattr(node, "type_params") else False:
            self._unsupported(node, "type parameters")

    def _check_arg(self, node: ast.arg, assigned: set[str]) -> None:
        self._no_dunder(node, node.arg)
        if node.arg in RESERVED:
            self._unsupported(node, f"a parameter named `{node.arg}`, a name the language reserves")

    @staticmethod
    def _starred_in_place(kinds: Mapping[type, list[ast.AST]]) -> set[int]:
        """The `*value`s where Python takes them: items of a list, tuple or set (an index's tuple too) and a
        call's arguments; anywhere else (`x = *a`, `return *a`) Python refuses to compile the program."""
        displays = [*kinds[ast.List], *kinds[ast.Tuple], *kinds[ast.Set]]
        places = [e for d in cast(list[ast.List | ast.Tuple | ast.Set], displays) for e in d.elts]
        places += [a for c in cast(list[ast.Call], kinds[ast.Call]) for a in c.args]
        return {id(e) for e in places if isinstance(e, ast.Starred)}

    def _check_Starred(self, node: ast.Starred, assigned: set[str]) -> None:
        if id(node) not in self._spread_places:
            self._fail(SyntaxProblem, node, "syntax error: can't use starred expression here")

    def _check_Return(self, node: ast.Return, assigned: set[str]) -> None:
        if id(node) not in self._in_functions:
            self._fail(SyntaxProblem, node, "syntax error: 'return' outside function")

    def _check_comprehension(self, node: ast.comprehension, assigned: set[str]) -> None:
        if node.is_async:
            self._unsupported(node, "async comprehensions")
        self._check_targets([node.target], names_only=True)

    def _check_Raise(self, node: ast.Raise, assigned: set[str]) -> None:
        if node.cause is not None:
            self._unsupported(node, "raise ... from ...")

    def _check_ExceptHandler(self, node: ast.ExceptHandler, assigned: set[str]) -> None:
        if node.name is not None:
            self._no_dunder(node, node.name)
            if node.name in RESERVED:
                self._unsupported(node, f"binding `{node.name}`, a name the language reserves")

    def _check_Delete(self, node: ast.Delete, assigned: set[str]) -> None:
        for target in node.targets:
            if not isinstance(target, ast.Name):
                self._unsupported(target, "deleting this (`del name` is supported)")
            elif target.id in RESERVED:
                self._unsupported(target, f"deleting `{target.id}`, a name the language reserves")

    def _check_With(self, node: ast.With, assigned: set[str]) -> None:
        ok = len(node.items) == 1 and node.items[0].optional_vars is None
        call = node.items[0].context_expr if ok else None
        arity = (
            1
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and (call.func.attr == "set_grad_enabled")
            else 0
        )
        ok = (
            ok
            and isinstance(call, ast.Call)
            and len(call.args) == arity
            and not call.keywords
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in catalogue.CONTEXT_MANAGERS
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "torch"
        )
        if not ok:
            self._unsupported(
                node,
                "this with statement (supported: `with torch.no_grad():`, "
                "`with torch.enable_grad():` and `with torch.set_grad_enabled(flag):`)",
            )

    def _check_Assign(self, node: ast.Assign, assigned: set[str]) -> None:
        self._check_targets(node.targets, names_only=False)

    def _check_AnnAssign(self, node: ast.AnnAssign, assigned: set[str]) -> None:
        # `history: list[float] = []`: an assignment; its annotation is checked like any expression, never run
        self._check_targets([node.target], names_only=False)

    def _check_Global(self, node: ast.Global, assigned: set[str]) -> None:
        for name in node.names:
            self._no_dunder(node, name)
            if name in RESERVED:
                self._unsupported(node, f"binding `{name}`, a name the language reserves")

    def _check_Nonlocal(self, node: ast.Nonlocal, assigned: set[str]) -> None:
        if id(node) not in self._in_functions:
            self._fail(SyntaxProblem, node, "syntax error: nonlocal declaration not allowed at module level")
        self._check_Global(node, assigned)  # type: ignore[arg-type]

    def _check_NamedExpr(self, node: ast.NamedExpr, assigned: set[str]) -> None:
        self._check_targets([node.target], names_only=True)

    def _check_AugAssign(self, node: ast.AugAssign, assigned: set[str]) -> None:
        self._check_targets([node.target], names_only=False)

    def _check_targets(self, targets: list[ast.expr], names_only: bool) -> None:
        pending = list(targets)
        while pending:  # nested tuples of targets: `for i, (x, y) in ...`, `a, *rest = ...`
            target = pending.pop()
            if isinstance(target, ast.Tuple | ast.List):
                if sum(isinstance(t, ast.Starred) for t in target.elts) > 1:
                    self._fail(SyntaxProblem, target, "syntax error: multiple starred expressions in assignment")
                pending.extend(t.value if isinstance(t, ast.Starred) else t for t in target.elts)
                continue
            if isinstance(target, ast.Starred):  # `*rest = xs`, `for *x in xs:`
                self._fail(SyntaxProblem, target, "syntax error: starred assignment target must be in a list or tuple")
            for t in [target]:
                if isinstance(t, ast.Name):
                    if t.id in RESERVED:
                        self._unsupported(t, f"assigning to `{t.id}`, a name the language reserves")
                elif names_only or not isinstance(t, ast.Attribute | ast.Subscript):
                    self._unsupported(t, "this assignment target (assign to names, t[i] or t.grad)")
                elif isinstance(t, ast.Attribute):  # a tensor's settable ones, or an object's of the program
                    self._no_dunder(t, t.attr)
                    if t.attr.startswith("_"):
                        self._unsupported(t, f"setting .{t.attr}: private attributes are not part of the language")

    # --- expressions ------------------------------------------------------------------------------------
    def _check_Name(self, node: ast.Name, assigned: set[str]) -> None:
        # A name used before it is assigned is Python's NameError at run time, after the steps before it.
        if node.id == "__name__" and isinstance(node.ctx, ast.Load):
            return  # `if __name__ == "__main__":`, the one dunder name read: a program runs as a script
        self._no_dunder(node, node.id)

    def _check_Attribute(self, node: ast.Attribute, assigned: set[str]) -> None:
        if node.attr == "__init__" and _is_super_call(node.value):  # `super().__init__()`
            return
        if node.attr == "__version__" and isinstance(node.value, ast.Name) and isinstance(node.ctx, ast.Load):
            return  # `torch.__version__`, the one dunder read: the evaluator finds it for torch alone
        self._no_dunder(node, node.attr)
        if node.attr.startswith("_") and node.attr not in self.known_after_dot:
            self._fail(UnknownName, node, f"`.{node.attr}`: private attributes are not part of the language")
        if node.attr in self._program_attributes:
            return
        if node.attr not in self.known_after_dot:
            self._fail(
                UnknownName,
                node,
                f"`.{node.attr}` is not supported" + _suggest(node.attr, sorted(self.known_after_dot)),
            )

    def _check_Constant(self, node: ast.Constant, assigned: set[str]) -> None:
        value = node.value
        if isinstance(value, bytes | complex):
            self._unsupported(node, f"{type(value).__name__} literals")
        if isinstance(value, int) and not isinstance(value, bool) and (value.bit_length() > self.limits.max_int_bits):
            self._fail(LimitExceeded, node, f"integer literal over max_int_bits={self.limits.max_int_bits} bits")

    def _check_Call(self, node: ast.Call, assigned: set[str]) -> None:
        if isinstance(node.func, ast.Name) and node.func.id not in PREDEFINED and node.func.id not in assigned:
            self._no_dunder(node.func, node.func.id)
            self._fail(
                UnknownName,
                node,
                f"`{node.func.id}(...)` is not a supported function"
                + _suggest(node.func.id, list(catalogue.builtin_names())),
            )
        self._check_format_template(node)
        attribute = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if attribute == "__init__" and isinstance(node.func, ast.Attribute) and _is_super_call(node.func.value):
            return
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr not in self.known_after_dot
            and node.func.attr not in self._program_attributes
        ):
            self._no_dunder(node.func, node.func.attr)
            self._fail(
                UnknownName,
                node.func,
                f"`.{node.func.attr}()` is not supported"
                + _suggest(node.func.attr, sorted(self.known_after_dot), call=True),
            )

    def _check_format_template(self, node: ast.Call) -> None:
        """`"...".format(...)` with a literal template: fields that reach into objects are refused up front."""
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant):
            template = func.value.value
            if isinstance(template, str):
                try:
                    check_format_fields(template)
                except ProgramRuntimeError as e:
                    self._unsupported(node, e.message)

    def _check_FormattedValue(self, node: ast.FormattedValue, assigned: set[str]) -> None:
        if node.conversion not in (-1, ord("s"), ord("r"), ord("a")):
            self._unsupported(node, "this f-string conversion")

    # --- helpers ----------------------------------------------------------------------------------------
    @staticmethod
    def _assigned_names(kinds: Mapping[type, list[ast.AST]]) -> set[str]:
        """The names the program binds anywhere. `kinds`: its nodes by their exact type, as the parser makes them."""
        names = {n.id for n in cast(list[ast.Name], kinds[ast.Name]) if type(n.ctx) is ast.Store}
        names.update(a.asname or a.name.split(".")[0] for a in cast(list[ast.alias], kinds[ast.alias]))
        names.update(d.name for d in cast(list[ast.FunctionDef], kinds[ast.FunctionDef]))
        names.update(c.name for c in cast(list[ast.ClassDef], kinds[ast.ClassDef]))
        names.update(a.arg for a in cast(list[ast.arg], kinds[ast.arg]))
        names.update(h.name for h in cast(list[ast.ExceptHandler], kinds[ast.ExceptHandler]) if h.name)
        return names

    @staticmethod
    def _attribute_names(kinds: Mapping[type, list[ast.AST]]) -> frozenset[str]:
        """Names the program gives its objects' attributes: those it sets (`self.fc1 = ...`, `ctx.k = ...`),
        and the methods and class attributes of its classes."""
        names = {
            a.attr
            for a in cast(list[ast.Attribute], kinds[ast.Attribute])
            if type(a.ctx) is ast.Store and not a.attr.startswith("_")
        }
        for call in cast(list[ast.Call], kinds[ast.Call]):  # `self.register_buffer("scale", t)`: `self.scale`
            func, args = call.func, call.args
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in _NAMING_CALLS and args:
                if isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    names.add(args[0].value)
            elif called in _NAMING_MAPS and args:  # `OrderedDict([("fc1", layer)])`, `nn.ModuleDict({"fc": ...})`
                names.update(_string_keys(args[0]))
        for node in cast(list[ast.ClassDef], kinds[ast.ClassDef]):
            names.add("apply")  # `Clamp.apply(x)`, of a torch.autograd.Function
            for item in node.body:
                if _is_def(item):
                    names.add(item.name)  # type: ignore[attr-defined]
                elif isinstance(item, ast.Assign):
                    names.update(t.id for t in item.targets if isinstance(t, ast.Name))
        return frozenset(n for n in names if not n.startswith("_"))

    def _no_dunder(self, node: ast.AST, name: str) -> None:
        if name.startswith("__"):
            self._fail(UnsupportedConstruct, node, f"`{name}`: names starting with __ are not allowed")

    def _unsupported(self, node: ast.AST, what: str) -> None:
        self._fail(
            UnsupportedConstruct,
            node,
            f"{what} not supported; the language is simple statements, "
            "for and while loops, `with torch.no_grad():`, if, assert, del, and the catalogue's operations",
        )

    @staticmethod
    def _fail(cls: type[Exception], node: ast.AST, message: str) -> None:
        raise cls(message, getattr(node, "lineno", 1), getattr(node, "col_offset", 0))


_ALLOWED = frozenset(_STATEMENTS + _EXPRESSIONS)
# Statements Python allows only inside a function (the checker finds them there as it walks).
_FUNCTION_ONLY = (ast.Return, ast.Nonlocal)
# Module methods that give a module an attribute by name: the program may then read `module.name`.
_NAMING_CALLS = frozenset({"register_buffer", "register_parameter", "add_module"})
# Mappings that name the modules of the module made from them (`nn.Sequential(OrderedDict(...))`).
_NAMING_MAPS = frozenset({"OrderedDict", "ModuleDict", "ParameterDict"})


def _string_keys(node: ast.expr) -> list[str]:
    """The string keys written in a dict display or a list of (key, value) tuples."""
    if isinstance(node, ast.Dict):
        keys: list[ast.expr | None] = list(node.keys)
    elif isinstance(node, ast.List | ast.Tuple):
        keys = [e.elts[0] for e in node.elts if isinstance(e, ast.Tuple | ast.List) and e.elts]
    else:
        return []
    return [k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]


# Per-node-type checks, looked up once here rather than by name for every node.
_CHECKS = {
    kind: getattr(_Checker, "_check_" + kind.__name__)
    for kind in _ALLOWED
    if hasattr(_Checker, "_check_" + kind.__name__)
}


def _is_def(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef)


def _is_super_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"


def _suggest(word: str, candidates: list[str], call: bool = False) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}{'()' if call else ''}`?" if close else ""
