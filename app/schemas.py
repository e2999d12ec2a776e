"""The HTTP contract (pydantic models), used at the edge only. Every field is described for /docs."""

from __future__ import annotations

import dataclasses
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from app.engine.loop_groups import EVERY_LOOP
from app.run_request import SEED_MAX, BackwardPasses, Format, RunRequest

IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"
MODULE_PATH = r"^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z0-9_]{1,64}){0,15}$"  # a module's path, e.g. model.fc1
# What `collapse` may list: a module's (or a loop's) path, or EVERY_LOOP for every loop's box.
COLLAPSIBLE = rf"^({re.escape(EVERY_LOOP)}|{MODULE_PATH[1:-1]})$"
COLLAPSE_DESCRIPTION = (
    "Modules to draw as one node each, by their path in graph.groups (e.g. `model.fc1`): their nodes and their "
    "submodules' are folded into it. A long loop's box (`loop3`, the loop whose header is line 3) folds the same "
    f"way, and `{EVERY_LOOP}` folds every loop's. Unknown paths are ignored."
)
MAX_COLLAPSED = 64
# Lists and objects nested in a chain step's arguments, theirs included; a tensor literal deeper than this is no lesson.
MAX_ARG_DEPTH = 32


def _whole_number(value: Any) -> Any:
    """JSON Schema counts 2.0 as an integer, strict validation would not: a whole float becomes an int."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# An integer as JSON Schema means it: 2 or 2.0, never "2" or true.
JsonInt = Annotated[int, BeforeValidator(_whole_number)]


class Strict(BaseModel):
    # strict: a JSON body's types are the schema's exactly; 0 is not false and "1" is not 1.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)


class BackwardBody(Strict):
    """Extra backward passes after the program: the page's "Run backward" button."""

    target: str = Field(pattern=IDENTIFIER, description="Variable whose backward() is called, e.g. `d`.")
    gradient: str | None = Field(
        None,
        max_length=2_000,
        description="Optional gradient expression in the language, e.g. `torch.ones(2, 3)`, for a non-scalar target.",
    )
    times: JsonInt = Field(
        1, ge=1, description="How many more backward passes to run (each is a step); at most max_backward_times."
    )

    def to_passes(self) -> BackwardPasses:
        return BackwardPasses(self.target, self.gradient, self.times)


def _within_depth(value: Any) -> Any:
    """Refuse JSON nested deeper than MAX_ARG_DEPTH, walking it without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > MAX_ARG_DEPTH:
            raise ValueError(f"nested deeper than {MAX_ARG_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children)
    return value


class ChainStep(Strict):
    """One step of a programmatic chain: `name = op(*args, **kwargs)`."""

    _args_depth = field_validator("args", "kwargs", mode="before")(_within_depth)

    name: str | None = Field(None, pattern=IDENTIFIER, description="Variable the result is bound to.")
    op: str = Field(pattern=IDENTIFIER, description="Catalogue name, e.g. `add`, `rand`, `mean`, `backward`.")
    args: list[Any] = Field(
        default_factory=list,
        max_length=32,
        description='Positional arguments: numbers, lists, variable names as strings, {"str": text} for a string.',
    )
    kwargs: dict[str, Any] = Field(default_factory=dict, max_length=16, description="Keyword arguments.")


class RunOptionsBody(Strict):
    """The options that, with the program, are the whole state of a run."""

    seed: JsonInt = Field(0, ge=0, le=SEED_MAX, description="torch.manual_seed(seed) before the run.")
    zero_grad: bool = Field(False, description="Zero every leaf's .grad before each backward call.")
    show_saved: bool = Field(False, description="Show the tensors each backward node saved, in the graph.")


class RunBody(RunOptionsBody):
    """A program (or chain) and its options. Send exactly one of `source` and `chain`."""

    # The rule _one_program enforces, published so clients and fuzzers see it: one of the two, not null.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["source"], "properties": {"source": {"type": "string"}}},
                {"required": ["chain"], "properties": {"chain": {"type": "array"}}},
            ]
        }
    )

    source: str | None = Field(None, description="The program: Python source in the language (see /api/v1/ops).")
    chain: list[ChainStep] | None = Field(None, max_length=500, description="Alternative to `source`.")
    backward: BackwardBody | None = Field(None, description="Extra backward passes after the program.")
    collapse: list[Annotated[str, Field(pattern=COLLAPSIBLE)]] = Field(
        default_factory=list, max_length=MAX_COLLAPSED, description=COLLAPSE_DESCRIPTION
    )

    @model_validator(mode="after")
    def _one_program(self) -> RunBody:
        if (self.source is None) == (self.chain is None):
            raise ValueError("send exactly one of `source` and `chain`")
        return self

    def to_request(self, fmt: Format) -> RunRequest:
        chain = None if self.chain is None else tuple(step.model_dump() for step in self.chain)
        return RunRequest(
            source=self.source,
            chain=chain,
            seed=self.seed,
            zero_grad=self.zero_grad,
            backward=self.backward.to_passes() if self.backward else None,
            show_saved=self.show_saved,
            collapse=tuple(dict.fromkeys(self.collapse)),
            format=fmt,
        )


STEP_DESCRIPTION = (
    "Draw the graph as it stands right after this step (an index into the run's `steps`; default: the last): "
    "only the nodes that exist by then, each with its value, `.grad` and kind at that step."
)


class GraphBody(RunBody):
    """`POST /api/v1/graph.*`: a program and its options, and the step to draw the graph at."""

    step: Annotated[int, Field(ge=0), BeforeValidator(_whole_number)] | None = Field(None, description=STEP_DESCRIPTION)

    def to_request(self, fmt: Format) -> RunRequest:
        return dataclasses.replace(super().to_request(fmt), step=self.step)


class GraphQuery(RunOptionsBody):
    """`GET /api/v1/graph.*`: the program and its options in the query string, so any HTTP cache can keep it."""

    # A cache-busting parameter is harmless; a query string is text, so "true" and "7" are read as their types.
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, strict=False)

    source: str = Field(description="The program.")
    target: str | None = Field(None, pattern=IDENTIFIER, description="Backward target variable.")
    gradient: str | None = Field(None, max_length=2_000, description="Gradient expression for the target.")
    times: int = Field(1, ge=1, description="Backward passes on the target; at most max_backward_times.")
    step: Annotated[int, Field(ge=0)] | None = Field(None, description=STEP_DESCRIPTION)
    collapse: str = Field(
        "",
        max_length=MAX_COLLAPSED * 65,
        pattern=r"^([A-Za-z0-9_.*]+(,[A-Za-z0-9_.*]+)*)?$",
        description=COLLAPSE_DESCRIPTION + " Comma-separated.",
    )

    def to_request(self, fmt: Format) -> RunRequest:
        passes = BackwardPasses(self.target, self.gradient, self.times) if self.target else None
        return RunRequest(
            source=self.source,
            seed=self.seed,
            zero_grad=self.zero_grad,
            backward=passes,
            show_saved=self.show_saved,
            collapse=tuple(dict.fromkeys(p for p in self.collapse.split(",") if p))[:MAX_COLLAPSED],
            format=fmt,
            step=self.step,
        )


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable error code, e.g. `syntax_error`, `limit_exceeded`.")
    message: str = Field(description="What went wrong, and what is supported instead.")
    line: int | None = Field(description="1-based line of the program the error concerns, if any.")
    col: int | None = Field(description="0-based column, if any.")


class ErrorResponse(BaseModel):
    error: ErrorBody


class Variable(BaseModel):
    shape: list[int]
    dtype: str = Field(description="e.g. float32")
    requires_grad: bool
    is_leaf: bool
    grad_fn: str | None = Field(description="Name of the backward node that made it, e.g. AddBackward0.")
    value: Any = Field(description="Nested lists; NaN/Infinity/-Infinity as strings; null if summarised.")
    grad: Any = Field(
        description="Exactly `.grad` as PyTorch holds it at this point, as nested lists: null where `.grad` is None "
        "(a non-leaf that did not call retain_grad(), or before any backward)."
    )
    summary: dict[str, Any] | None = Field(description="numel, min, max, mean, norm, head: for large tensors.")
    grad_summary: dict[str, Any] | None = Field(description="The same for a large gradient.")
    grad_flow: Any = Field(
        None,
        description="Present only for a named non-leaf a backward reached: the gradient of the latest "
        "backward's output with respect to it "
        "(d graph.flow_target / d this), which flowed through it but which PyTorch does not keep (null if summarised).",
    )
    grad_flow_summary: dict[str, Any] | None = Field(None, description="The same summary, for a large grad_flow.")


class StepOut(BaseModel):
    index: int
    line: int = Field(description="Source line (0 for the extra backward passes).")
    col: int
    source: str
    kind: Literal["forward", "backward", "grad-change", "optimizer", "print", "other"]
    output: str = Field(description="What this step printed.")
    variables: dict[str, Variable]
    values: dict[str, Any] = Field(
        description="The program's numbers, booleans and short lists of them (at most 10) after this step: loop "
        "counters, a learning rate; NaN/Infinity/-Infinity as strings."
    )
    frame: dict[str, Any] | None = Field(
        description="Null at the top level; inside a call of the program's own function: `function`, `call_line` "
        "(the line that called it), `depth` (1 for a call from the top level), and its local `variables` "
        "(tensors, as in `variables`) and `values` (numbers)."
    )


class GraphOut(BaseModel):
    nodes: list[dict[str, Any]] = Field(
        description="Each node's `first_step` is the step that made it: the graph after step k is the nodes with "
        "first_step <= k, and the edges between them. `group` is the path of the named module that made the node "
        "or holds it (`model.fc1`), or null."
    )
    edges: list[dict[str, str]] = Field(
        description="source -> target; kind flow, saved, summary, view, or cut (no gradient flows: the target "
        "holds the source's values made outside its graph, and `label` says how and where, e.g. "
        "`cut by detach() at line 7`)."
    )
    notes: list[str]
    flow_target: str = Field(
        description="What the latest backward differentiated (a variable name, or `output`): each node's grad_flow "
        "is d flow_target / d node. Empty when no node has a grad_flow."
    )
    groups: list[dict[str, str]] = Field(
        default_factory=list,
        description="The modules the nodes belong to, outer ones first: `path` (`model.fc1`, what nodes' `group` "
        "names; a submodule's path extends its parent's) and `title` (`fc1: Linear(3 → 4)`).",
    )


class Inserted(BaseModel):
    option: Literal["zero_grad", "backward"] = Field(description="The request option that adds this code.")
    line: int = Field(description="The program line it applies to.")
    code: str = Field(
        description="What the option amounts to there, as Python: `w.grad.zero_()` run before the backward on "
        "that line (zero_grad, only where it changed a gradient), or `retain_graph=True` added to that backward "
        "call so the extra passes can run (backward)."
    )


MAX_EXPECTED = 64  # the most elements a gradient check nudges (app.engine.gradcheck.MAX_CHECKED_ELEMENTS)
Finite = Annotated[float, Field(allow_inf_nan=False)]


class GradCheckBody(RunOptionsBody):
    """`POST /api/v1/gradcheck`: a program, a leaf of it, and optionally the `.grad` the learner expects for it."""

    source: str = Field(description="The program.")
    leaf: str = Field(pattern=IDENTIFIER, description="The leaf tensor variable to check, e.g. `x`.")
    expected: Annotated[list[Finite], Field(max_length=MAX_EXPECTED)] | Finite | None = Field(
        None,
        description="The gradient the learner expects for the leaf in the program's last backward: its numbers in "
        "row-major order (the leaf flattened), or one number for every element.",
    )

    def to_request(self) -> RunRequest:
        expected = self.expected
        return RunRequest(
            source=self.source,
            seed=self.seed,
            zero_grad=self.zero_grad,
            format="gradcheck",
            check_leaf=self.leaf,
            expected=None if expected is None else tuple(expected if isinstance(expected, list) else [expected]),
        )


class GradCheckOut(BaseModel):
    """The answer of `/gradcheck`: the leaf's gradient from autograd, from finite differences, and as expected; or
    `error`, when the check cannot be made (the program fails, the leaf is changed in place, the backward is not
    on one number, the leaf is too large, a limit stops the runs)."""

    leaf: str
    error: dict[str, Any] | None = Field(None, description="Why the check could not be made: code, message, line.")
    target: str | None = Field(None, description="What the last backward reaching the leaf differentiated.")
    line: int | None = Field(None, description="The line of that backward call.")
    shape: list[int] = Field(default_factory=list)
    autograd: list[float] = Field(default_factory=list, description="What that backward added to .grad, flattened.")
    numeric: list[float] = Field(
        default_factory=list,
        description="Central differences (f(x+h) − f(x−h)) / 2h of the target, each element nudged by "
        "h = step·max(1, |x|) where the program makes the leaf, flattened.",
    )
    step: float | None = None
    agree: bool | None = Field(
        None, description="Whether autograd and finite differences agree (rtol 1e-2, atol 1e-3)."
    )
    differ_at: list[list[int]] = Field(default_factory=list, description="The indices where they do not.")
    expected: dict[str, Any] | None = Field(
        None,
        description="With an expected gradient: its `values`, whether they `agree` with autograd, and `differ_at`.",
    )


class RunData(BaseModel):
    """The run as data: the answer of `graph.json`, and of `/run` without its SVG."""

    source: str = Field(description="The program run (the compiled source, for a chain).")
    steps: list[StepOut]
    variables: dict[str, Variable] = Field(description="Tensor variables after the run.")
    output: str = Field(description="Everything printed.")
    error: ErrorBody | None = Field(
        description="Runtime error that ended the run, or null. A failed extra backward pass says which pass "
        "(`Run backward, pass 2: ...`); the passes before it happened, it did not."
    )
    executed: int = Field(description="Statements executed, recorded as steps or not.")
    unrecorded: int = Field(
        description="Statements that ran without being recorded as steps: a long loop is recorded by sample (its "
        "first two and last iterations and every k-th); `variables` is always the whole final state."
    )
    series: dict[str, list[Any]] = Field(
        description="After each pass of a top-level loop, the program's numbers (plain numbers and one-number "
        "tensors, e.g. a loss): name -> one value per pass (null where a pass had none), for a plot."
    )
    inserted: list[Inserted] = Field(
        description="Code the options added to the program, where it changed something: the program itself runs "
        "exactly as written otherwise."
    )
    graph: GraphOut


class RunResponse(RunData):
    """The answer of `/run`: the run as data, with its graph drawn."""

    svg: str = Field(description="The whole run's graph; each node's <g> id matches graph.nodes[].id.")


def publish_bounds(openapi: dict[str, Any], max_backward_times: int) -> dict[str, Any]:
    """Write into the OpenAPI document the bounds its models cannot hold; returns the document, changed in place.

    `times` is bounded by the settings the app runs with, not by a constant. FastAPI keeps numeric bounds as
    floats, and SEED_MAX is not one: as 9.223372036854776e18 it would admit seeds the server refuses.
    """
    bounds = {"seed": SEED_MAX, "times": max_backward_times}
    fields: list[tuple[str, dict[str, Any]]] = []
    for model in openapi.get("components", {}).get("schemas", {}).values():
        fields += model.get("properties", {}).items()
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            fields += [(p["name"], p["schema"]) for p in operation.get("parameters", []) if "schema" in p]
    for name, schema in fields:
        if name in bounds and schema.get("type") == "integer":
            schema["maximum"] = bounds[name]
            if isinstance(schema.get("minimum"), float):
                schema["minimum"] = int(schema["minimum"])
    return openapi
