"""The mutable state of one run, shared by everything that runs a part of it (statements, expressions, calls):
bindings, printed output, captured gradients, element accounting, the size guard and the current step's kinds.

Named non-leaf tensors get a gradient hook, so the gradient that flowed through them in the latest backward is
shown as its own field (`grad_flow`), while `.grad` stays exactly what PyTorch holds. The run options (zeroing,
keeping one backward's graph for the extra passes) are applied here and recorded, so the answer can show them
as code. Imports torch and the engine's own modules only.
"""

from __future__ import annotations

import contextlib
import functools
import random
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import torch

from app.engine import module_groups, walk
from app.engine.addresses import StableAddresses
from app.engine.budget import AnswerBudget
from app.engine.errors import RunLimitExceeded
from app.engine.guards import Guard
from app.engine.limits import MAX_BACKWARD_NESTING, Limits
from app.engine.result import STEP_KINDS, Binding, Step, TensorView
from app.engine.snapshot import (
    is_leaf,
    same_data,
    snapshot_size,
    tensor_snapshot,
    value_summary,
    value_summary_of,
    version_of,
)


@dataclass
class CheckedBackward:
    """A backward call seen while a gradient check follows a leaf: which assignment of the leaf was current, the
    line, the target's value (None unless one number), what the call added to the leaf's .grad, and the leaf's
    version counter then."""

    ordinal: int
    line: int
    target: str
    value: float | None
    added: torch.Tensor | None
    version: int


@dataclass
class CheckedLeaf:
    """The leaf a gradient check follows: its latest assignment (counted), its version when made, the backward
    calls seen so far."""

    leaf: torch.Tensor
    ordinal: int
    version: int
    backwards: list[CheckedBackward]


def _capture(state: weakref.ref[RunState], key: int, grad: torch.Tensor) -> None:
    live = state()
    if live is not None:
        live._capture(key, grad)


class RunState:
    """What the statement runner, the expression evaluator and the catalogue's calls share during a run."""

    def __init__(self, limits: Limits, *, zero_grad: bool, retain_at: int | None = None, seed: int = 0) -> None:
        self.limits = limits
        self.random = random.Random(seed)  # the program's `import random`, seeded like torch
        self.seed = seed  # np.random's, made when a program first draws (nplib)
        self.guard = Guard(limits)
        self.zero_grad = zero_grad
        # The ordinal of the program's backward call whose graph the extra passes need (None: no such call);
        # `extra_passes` is set while they run, each keeping its graph for the next.
        self.retain_at = retain_at
        self.extra_passes = False
        self.line = 0  # the statement running now, as the statement runner last said
        # Every backward call of the program, in order: (its receiver, its line, whether it kept its graph).
        self.backward_calls: list[tuple[torch.Tensor, int, bool]] = []
        self.zeroed: dict[int, list[str]] = {}  # line -> the leaves the zeroing option zeroed there
        self.flow_target = ""  # what the latest backward differentiated, e.g. `loss`
        # How each named tensor looked at each step where that changed (see TensorView), for the graph as of
        # any step; and when each backward function's saved tensors were freed: id(fn) -> (step, line).
        self.step_index = 0
        self.timeline: dict[int, list[tuple[int, TensorView]]] = {}
        self._last_snap: dict[int, dict[str, Any]] = {}
        self.freed_at: dict[int, tuple[int, int]] = {}
        self._freed_fns: list[Any] = []  # kept referenced, so no id() in freed_at is reused
        # Leaves a backward reached (an unnamed parameter too), followed at every step that may change them.
        self._watched: dict[int, torch.Tensor] = {}
        self._flowing: set[int] = set()  # tensors whose last view shows a gradient flow
        # Tensors made from others but cut off from their graph: (origin, result, how, line).
        self.cuts: list[tuple[torch.Tensor, torch.Tensor, str, int]] = []
        self._walked: set[int] = set()
        self._dirty = False
        self.max_loop_iterations = limits.max_loop_iterations
        self.bindings: list[Binding] = []
        self._tensors: dict[int, torch.Tensor] = {}  # every tensor ever bound, by identity (kept alive)
        self._flow_hooked: set[int] = set()  # of those, the ones whose gradient flow is captured
        self._storages: set[int] = set()
        self._elements = 0
        self._captured: dict[int, torch.Tensor] = {}
        self._hooks_off = False
        # Backward passes (and torch.autograd.grad calls) running now: the program's own code may run inside them.
        self.autograd_running = 0
        self._autograd_calls = 0  # the program's calls that run autograd, running now (nested from hooks)
        self._output: list[str] = []
        self.addresses = StableAddresses()  # objects the program printed with an address, numbered
        self._chars = 0
        # Numbers sent whole, over every step (max_response_values): past it, snapshots send summaries.
        self._budget = limits.max_response_values
        # Bytes the run adds to its answer (max_answer_bytes), and the size of each snapshot made, by id().
        self.answer = AnswerBudget(limits)
        self._snapshot_sizes: dict[int, int] = {}
        # Snapshots of unchanged tensors are reused until something may have written to a tensor or a grad:
        # id(t) -> (t, snapshot, the value limit it was made with, the numbers it sends whole).
        self._fresh: dict[int, tuple[torch.Tensor, dict[str, Any], int, int]] = {}
        self._kinds: set[str] = set()
        # Modules the program named: their paths and titles, their parameters' owners, the ones hooked (by id).
        self.module_groups: dict[str, str] = {}
        self.parameter_group: dict[int, str] = {}
        self._hooked: set[int] = set()
        self._modules: list[torch.nn.Module] = []  # kept referenced, so no id() in _hooked is reused
        self._optimizers: list[torch.optim.Optimizer] = []  # those that stepped, whose state views show
        # The latest backward calls walked node by node (see walk.py); whether the current one should be: the
        # statement runner says so for the statements it records.
        self.walks: list[walk.Walk] = []
        self.walk_wanted: Callable[[], bool] = lambda: True
        self.checked: CheckedLeaf | None = None  # the leaf a gradient check follows (see gradcheck.py)
        self.program_hooks = False  # the program registered a tensor hook (its code runs during backward)
        self._weak = weakref.ref(self)  # what the gradient-flow hooks hold

    # --- the current step -------------------------------------------------------------------------------
    def start_step(self, index: int) -> None:
        """Step `index` starts: what it does is recorded from here."""
        self.step_index = index
        self._kinds = set()

    def resume_step(self, index: int, kinds: set[str]) -> None:
        """A call the step made has returned, after recording steps of its own: the step goes on, as number
        `index`, with what it had done before the call and what the call did."""
        self.step_index = index
        self._kinds = kinds | self._kinds

    def kinds_so_far(self) -> set[str]:
        return set(self._kinds)

    def did(self, kind: str) -> None:
        """The current statement did something of this kind (one of result.STEP_KINDS)."""
        self._kinds.add(kind)

    def step_kind(self) -> str:
        """The kind of the current statement: the first of STEP_KINDS it did."""
        return next((k for k in STEP_KINDS if k in self._kinds), "other")

    # --- bindings and gradients -------------------------------------------------------------------------
    def bind(self, binding: Binding) -> None:
        t = binding.tensor
        self.bindings.append(binding)
        known = id(t) in self._tensors
        if not known:
            self._tensors[id(t)] = t
            self.account(t)
        # A tensor first named where it needed no grad (inside a Function's forward) may need one now: hooked once.
        if t.requires_grad and not is_leaf(t) and id(t) not in self._flow_hooked:
            self._flow_hooked.add(id(t))
            # Weakly: a hook that holds the state would keep the whole run alive through torch's C++ graph.
            t.register_hook(functools.partial(_capture, self._weak, id(t)))  # type: ignore[no-untyped-call]

    def name_module(self, name: str, module: torch.nn.Module) -> None:
        """The program named a module: its parameters are named by their path (`model.fc1.weight`) and the
        graph groups the nodes each of its modules makes."""
        self._modules.append(module)
        module_groups.watch(name, module, self.module_groups, self.parameter_group, self._hooked)
        for path, p in module.named_parameters():
            self.bind(Binding(self.step_index, self.line, f"{name}.{path}", p))

    def note_optimizer(self, optimizer: torch.optim.Optimizer) -> None:
        """An optimizer stepped: what it holds for each parameter is shown with the parameter from now on."""
        if not any(o is optimizer for o in self._optimizers):
            self._optimizers.append(optimizer)

    def _optimizer_state(self, t: torch.Tensor) -> tuple[tuple[str, str], ...]:
        shown: list[tuple[str, str]] = []
        for optimizer in self._optimizers:
            held = optimizer.state.get(t) if t in optimizer.state else None
            for key, value in (held or {}).items():
                text = value_summary(value) if isinstance(value, torch.Tensor) else None
                text = str(value) if text is None else text
                shown.append((f"{type(optimizer).__name__} {key}", text))
        return tuple(shown)

    def affordable(self, elements: int, what: str) -> None:
        """Refuse `elements` more kept past max_total_elements, before they are made (account counts them)."""
        if self._elements + elements > self.limits.max_total_elements:
            raise RunLimitExceeded(
                f"{what} would make {elements:,} more elements, past max_total_elements="
                f"{self.limits.max_total_elements:,} with the {self._elements:,} the program's tensors hold"
            )

    def account(self, t: torch.Tensor) -> None:
        """Count a tensor the program keeps (in a variable or a list) towards max_total_elements."""
        if torch._C._functorch.is_functorch_wrapped_tensor(t):  # inside torch.func.grad or vmap: no storage
            return  # of its own, and gone when the transform returns
        storage = t.untyped_storage()
        if storage.data_ptr() in self._storages:
            return
        self._storages.add(storage.data_ptr())
        self._elements += storage.nbytes() // max(t.element_size(), 1)
        if self._elements > self.limits.max_total_elements:
            raise RunLimitExceeded(
                f"the program's tensors hold more than max_total_elements={self.limits.max_total_elements:,} elements"
            )

    def _capture(self, key: int, grad: torch.Tensor) -> None:
        if self._hooks_off:
            return
        previous = self._captured.get(key)  # hooks fire once per backward, but a retained graph may fire twice
        self._captured[key] = grad.detach().clone() if previous is None else previous + grad.detach()

    @contextlib.contextmanager
    def autograd_call(self) -> Iterator[None]:
        """A call of the program's that runs autograd (backward, torch.autograd.grad, jacobian...): one started
        from a hook or a Function's backward inside another nests, at most MAX_BACKWARD_NESTING deep."""
        if self._autograd_calls >= MAX_BACKWARD_NESTING:
            raise RunLimitExceeded(
                f"a backward started inside a backward (from a hook or a Function's backward) more than "
                f"{MAX_BACKWARD_NESTING} deep: PyTorch itself stops past 60"
            )
        self._autograd_calls += 1
        try:
            yield
        finally:
            self._autograd_calls -= 1

    @contextlib.contextmanager
    def ignoring_hooks(self) -> Iterator[None]:
        """torch.autograd.grad returns gradients; it does not accumulate them, so nothing is captured."""
        self._hooks_off = True
        self.autograd_running += 1
        try:
            yield
        finally:
            self._hooks_off = False
            self.autograd_running -= 1

    def grad_of(self, t: torch.Tensor) -> torch.Tensor | None:
        """Exactly what `t.grad` gives in PyTorch: None for a non-leaf that does not retain its grad."""
        if is_leaf(t) or t.retains_grad:  # reading .grad of other non-leaves only warns and gives None
            return t.grad
        return None

    def grad_flow_of(self, t: torch.Tensor) -> torch.Tensor | None:
        """The gradient of the latest backward's output with respect to the non-leaf `t`, which PyTorch passes
        through `t` without keeping it; None for leaves and tensors that retain their grad (they have .grad)."""
        if is_leaf(t) or t.retains_grad:
            return None
        return self._captured.get(id(t))

    def before_backward(self, receiver: torch.Tensor, keeps_graph: bool) -> bool:
        """A backward call is about to run on `receiver`: apply the zeroing option, start a fresh gradient flow,
        and say whether the extra passes need this call to keep its graph (retain_graph=True)."""
        self._zero_leaf_grads()
        self._captured.clear()
        self.flow_target = self.name_of(receiver) or "output"
        if self.extra_passes:
            return True
        retain = len(self.backward_calls) == self.retain_at
        self.backward_calls.append((receiver, self.line, keeps_graph or retain))
        self._walk_backward(receiver.grad_fn, frees=not (keeps_graph or retain))
        return retain

    @contextlib.contextmanager
    def walking(self, receiver: torch.Tensor | list[torch.Tensor], vector: Any = None) -> Iterator[None]:
        """A backward call from `receiver` runs inside: it is walked node by node if it is small and recorded,
        and what it added to a leaf under a gradient check is noted. A backward from several roots at once
        (torch.autograd.backward of a list) is not walked."""
        single = receiver if isinstance(receiver, torch.Tensor) else None
        self.autograd_running += 1
        try:
            check = self.checked
            before = None
            if check is not None and check.leaf.grad is not None:
                before = check.leaf.grad.detach().clone()
            wanted = single is not None and single.grad_fn is not None and self.walk_wanted()
            nodes = walk.reachable(single.grad_fn) if single is not None and wanted else None
            if nodes is None:  # nothing to walk, a statement not kept as a step, or a graph too big to walk
                yield
            else:
                record = walk.Walk(self.step_index, self.line, self.flow_target)
                # With a vector, backward computes vᵀ·J: J is shown too when small, computed first by extra backward
                # passes that must run nothing of the program's (no hooks of its own) and capture nothing.
                quiet = vector is not None and not self.program_hooks
                with self.ignoring_hooks() if quiet else contextlib.nullcontext():
                    jacobian = walk.jacobian(single, vector, nodes) if quiet and single is not None else None
                with walk.walking(nodes, record, vector, jacobian):
                    yield
                self.walks = [*self.walks, record][-walk.MAX_WALKS :]
            if check is not None:
                after = check.leaf.grad
                added = None if after is None else after.detach().clone() - (0 if before is None else before)
                value = single.detach().double().sum().item() if single is not None and single.numel() == 1 else None
                check.backwards.append(
                    CheckedBackward(check.ordinal, self.line, self.flow_target, value, added, version_of(check.leaf))
                )
        finally:
            self.autograd_running -= 1

    def follow_leaf(self, t: torch.Tensor, nudge: tuple[int, int, float] | None) -> None:
        """The leaf a gradient check follows was assigned (again): count it, and nudge the one asked for
        (its ordinal, a flat index, an amount) before anything uses it."""
        ordinal = (self.checked.ordinal if self.checked else 0) + 1
        if nudge is not None and nudge[0] == ordinal and t.is_floating_point() and 0 <= nudge[1] < t.numel():
            index = tuple(int(i) for i in torch.unravel_index(torch.tensor(nudge[1]), t.shape))
            with torch.no_grad():
                t[index] += nudge[2]
        backwards = self.checked.backwards if self.checked else []
        self.checked = CheckedLeaf(t, ordinal, version_of(t), backwards)

    def _walk_backward(self, root: Any, frees: bool) -> None:
        """Note the leaves this backward will fill, and, when it does not keep its graph, every backward function
        whose saved tensors it frees (all it reaches). A part walked before is not walked again unless it
        still has to be noted as freed, so a run walks each function at most twice."""
        stack = [root] if root is not None else []
        while stack:
            fn = stack.pop()
            if id(fn) in self.freed_at or (not frees and id(fn) in self._walked):
                continue
            self._walked.add(id(fn))
            self._freed_fns.append(fn)
            if frees:
                self.freed_at[id(fn)] = (self.step_index, self.line)
            leaf = getattr(fn, "variable", None)
            if isinstance(leaf, torch.Tensor):
                self._watched.setdefault(id(leaf), leaf)
            stack.extend(u for u, _ in getattr(fn, "next_functions", ()) if u is not None)

    def _zero_leaf_grads(self) -> None:
        """The "zero gradients" option: every leaf's .grad is zeroed before each backward call. Where that changes
        something (a gradient that was not all zeros), the line and the leaves are recorded."""
        if not self.zero_grad:
            return
        names = {id(b.tensor): b.name for b in reversed(self.bindings)}
        for t in self._tensors.values():
            if is_leaf(t) and t.grad is not None:
                if bool(t.grad.any()):
                    zeroed = self.zeroed.setdefault(self.line, [])
                    name = names.get(id(t), "a leaf")
                    if name not in zeroed:
                        zeroed.append(name)
                t.grad.zero_()

    def note_cut(self, origin: Any, result: Any, how: str) -> None:
        """`result` holds `origin`'s values (or values made from it) outside its graph: `detach()`, `.data`,
        or an operation under torch.no_grad()."""
        if isinstance(origin, torch.Tensor) and isinstance(result, torch.Tensor) and origin.requires_grad:
            if not result.requires_grad:
                self.cuts.append((origin, result, how, self.line))

    def name_of(self, t: torch.Tensor) -> str | None:
        """The variable that last bound `t`, if any."""
        return next((b.name for b in reversed(self.bindings) if b.tensor is t), None)

    def last_backward_on(self, target: torch.Tensor) -> tuple[int, bool] | None:
        """The ordinal of the program's last backward call on `target`, and whether it kept its graph."""
        for ordinal in range(len(self.backward_calls) - 1, -1, -1):
            receiver, _line, kept = self.backward_calls[ordinal]
            if receiver is target:
                return ordinal, kept
        return None

    # --- printed output ---------------------------------------------------------------------------------
    def write(self, text: str) -> None:
        self._chars += len(text)
        if self._chars > self.limits.max_output_chars:
            raise RunLimitExceeded(
                f"the program printed more than max_output_chars={self.limits.max_output_chars:,} characters"
            )
        self.answer.spend_output(text)
        self._output.append(text)

    def output_mark(self) -> int:
        return len(self._output)

    def output_since(self, mark: int) -> str:
        return "".join(self._output[mark:])

    def output_text(self) -> str:
        return "".join(self._output)

    # --- snapshots --------------------------------------------------------------------------------------
    def changed(self) -> None:
        """Something may have written to tensors or gradients (in place, backward, an optimizer, t.grad = ...).
        Version counters cannot tell: writes through .data bypass them."""
        self._fresh.clear()
        self._dirty = True

    def note_unnamed(self, scope: dict[str, Any]) -> None:
        """After a step that may have changed tensors: note the views of the leaves backward reached that the
        program does not name in `scope` (those it names were noted by their snapshots)."""
        if not self._dirty:
            return
        self._dirty = False
        named = {id(v) for v in scope.values() if isinstance(v, torch.Tensor)}
        for key, t in self._watched.items():
            if key not in named:
                self._note_view(t, self.grad_of(t), self.grad_flow_of(t))
        # A flow lasts until the next backward: tensors no longer named lose theirs then too.
        for key in [k for k in self._flowing if k not in named and k not in self._watched]:
            held = self._tensors.get(key)
            if held is not None:
                self._note_view(held, self.grad_of(held), self.grad_flow_of(held))

    def count_step(self, step: Step) -> None:
        """A step is about to be kept: count its record towards the answer's budget, which may end the run."""
        self.answer.spend_step(step, self._snapshot_sizes)

    def count_series(self, row: dict[str, Any]) -> None:
        """A loop pass's numbers are about to join the answer's series: count them, which may end the run."""
        self.answer.spend_series(row)

    def snapshot(self, t: torch.Tensor, final: bool) -> dict[str, Any]:
        """`t` as a step (or, final, the end of the run) sends it. Values are sent whole until the answer's budget
        of numbers is spent, or at the end its budget of bytes, and as summaries after."""
        most = self.limits.max_value_elements
        limit = (0 if self.answer.exhausted else most) if final else (most if self._budget > 0 else 0)
        fresh = self._fresh.get(id(t))
        if fresh is not None and fresh[0] is t and (fresh[2] == limit or (not final and not fresh[3])):
            # Unchanged since its last snapshot, made with the same limit or sending no numbers: sent again.
            snap = fresh[1]
            if final:
                self.answer.count(self._snapshot_sizes[id(snap)])
            else:
                self._budget -= fresh[3]
            return snap
        grad = self.grad_of(t)
        flow = self.grad_flow_of(t)
        snap = tensor_snapshot(t, grad, flow, limit)
        size = snapshot_size(snap, t, grad, flow, limit)
        last = self._last_snap.get(id(t))
        unchanged = last is not None and same_data(last, snap)  # a deep compare of plain data: cheaper than summarising
        if last is not None and unchanged and self._snapshot_sizes[id(last)] == size:
            # The same data as the last snapshot (written to, say, but not changed): that one is sent again, and
            # the new one, a copy, is dropped at once instead of being kept by the step, for the rest of the run.
            snap = last
        else:
            self._snapshot_sizes[id(snap)] = size
        if final:
            self.answer.count(size)
        else:
            numbers = min(t.numel(), limit)
            numbers += min(grad.numel(), limit) if grad is not None else 0
            numbers += min(flow.numel(), limit) if flow is not None else 0
            self._budget -= numbers
            self._fresh[id(t)] = (t, snap, limit, numbers)
            if not unchanged:
                self._last_snap[id(t)] = snap
                self._note_view(t, grad, flow, last, snap)
        return snap

    def _note_view(
        self,
        t: torch.Tensor,
        grad: torch.Tensor | None,
        flow: torch.Tensor | None,
        last: dict[str, Any] | None = None,
        snap: dict[str, Any] | None = None,
    ) -> None:
        """Note how `t` looks now, if that changed. With the last and the new snapshot, a part whose plain data
        did not change keeps its summary instead of being summarised again."""
        views = self.timeline.get(id(t))
        before = views[-1][1] if views else None

        def same(*keys: str) -> bool:
            return (
                before is not None
                and last is not None
                and snap is not None
                and all(same_data(last.get(k), snap.get(k)) for k in keys)
            )

        def summary(part: torch.Tensor, key: str) -> str | None:
            # From the values the new snapshot has just read of it, if any: the tensor is not read again.
            return value_summary(part) if snap is None else value_summary_of(part, snap.get(key))

        view = TensorView(
            value=before.value if before and same("value", "summary") else summary(t, "value"),
            grad=before.grad
            if before and same("grad", "grad_summary")
            else (None if grad is None else summary(grad, "grad")),
            grad_flow=(
                before.grad_flow
                if before and same("grad_flow", "grad_flow_summary")
                else (None if flow is None else summary(flow, "grad_flow"))
            ),
            requires_grad=t.requires_grad,
            version=version_of(t),
            optimizer=self._optimizer_state(t) if self._optimizers else (),
        )
        views = self.timeline.setdefault(id(t), [])
        if not views or views[-1][1] != view:
            views.append((self.step_index, view))
        if view.grad_flow is None:
            self._flowing.discard(id(t))
        else:
            self._flowing.add(id(t))
            self.answer.spend_view(view)
