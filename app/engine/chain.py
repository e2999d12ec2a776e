"""A chain of steps sent as JSON -> program source, which then goes through the one checker.

`{"name": "a", "op": "add", "args": ["x", 2]}` becomes `a = torch.add(x, 2)`. Strings in args are variable
names; `{"str": "mean"}` is a string literal. Imports the standard library and the catalogue only.
"""

from __future__ import annotations

import json
from typing import Any

from app.engine import catalogue
from app.engine.errors import UnknownName, UnsupportedConstruct

_FUNCTION_PLACES = ("torch", "F", "optim", "autograd", "builtin")


def chain_to_source(chain: list[dict[str, Any]]) -> str:
    """Source text for a chain; every line still goes through parse_program's checks afterwards."""
    lines = ["import torch", "import torch.nn.functional as F"]
    for number, step in enumerate(chain, start=1):
        lines.append(_line(step, number))
    return "\n".join(lines) + "\n"


def _line(step: dict[str, Any], number: int) -> str:
    op = step.get("op")
    if not isinstance(op, str) or not op.isidentifier():
        raise UnsupportedConstruct(f"chain step {number}: `op` must be an operation name", number + 2, 0)
    args = [_literal(a, number) for a in step.get("args", [])]
    kwargs = [
        f"{k}={_literal(v, number, as_name=False)}"
        for k, v in (step.get("kwargs") or {}).items()
        if _keyword(k, number)
    ]
    name = step.get("name")
    call = _call(op, args, kwargs, number)
    if name is None:
        return call
    if not isinstance(name, str) or not name.isidentifier():
        raise UnsupportedConstruct(f"chain step {number}: `name` must be a variable name", number + 2, 0)
    return f"{name} = {call}"


def _call(op: str, args: list[str], kwargs: list[str], number: int) -> str:
    for place in _FUNCTION_PLACES:
        if catalogue.lookup(place, op) is not None:
            prefix = "" if place == "builtin" else catalogue.NAMESPACES[place].replace("torch.nn.functional", "F")
            return f"{prefix}{'.' if prefix else ''}{op}({', '.join(args + kwargs)})"
    for receiver in ("tensor", "optimizer"):
        if catalogue.lookup(receiver, op) is not None and args:
            return f"{args[0]}.{op}({', '.join(args[1:] + kwargs)})"
    raise UnknownName(f"chain step {number}: `{op}` is not in the catalogue (GET /api/v1/ops lists it)", number + 2, 0)


def _keyword(key: Any, number: int) -> bool:
    if not isinstance(key, str) or not key.isidentifier():
        raise UnsupportedConstruct(f"chain step {number}: keyword names must be identifiers", number + 2, 0)
    return True


def _literal(value: Any, number: int, as_name: bool = True) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if value.startswith("torch.") and value.removeprefix("torch.") in catalogue.DTYPES:
            return value
        if as_name and value.isidentifier():
            return value
        return json.dumps(value)  # a string literal; the checker decides what it may be used for
    if isinstance(value, dict) and set(value) == {"str"} and isinstance(value["str"], str):
        return json.dumps(value["str"])
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v, number) for v in value) + "]"
    raise UnsupportedConstruct(f"chain step {number}: unsupported argument {type(value).__name__}", number + 2, 0)
