"""Write docs/language.md from the catalogue table (a test checks the file is up to date).

python scripts/gen_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine import catalogue  # noqa: E402
from app.engine.limits import Limits  # noqa: E402

TARGET = ROOT / "docs" / "language.md"
INTRO = """# The language

A program is Python source, run by Autograd Explorer's own interpreter (never `eval`/`exec`). It is the
subset of Python a learner needs to study autograd, plus the operations below — one table in
`app/engine/catalogue.py` lists them, and this page and `GET /api/v1/ops` are generated from it.

- Statements: assignment (`a = ...`, `a, b = ...`, `t[i] = ...`, `t.grad = None`), augmented assignment
  (`w -= lr * w.grad`), expression statements, `for name in range(n):` (also over a list, tuple or tensor),
  `while test:`, both with `else`, `if`/`elif`/`else`, `break`, `continue`, `pass`, `assert test, message`,
  `del name`, `with torch.no_grad():` and `with torch.enable_grad():`. A `while` loop is bounded like a `for`
  loop: at most `max_loop_iterations` passes each time it runs.
- Functions: `def` with positional, default, keyword-only, `*args` and `**kwargs` parameters, `return`, nested
  functions and closures over the names where they are defined, recursion (at most `max_call_depth` calls deep),
  `global` and `nonlocal` declarations, `lambda`, the decorators `@torch.no_grad()`, `@torch.enable_grad()` and
  `@torch.inference_mode()` (and, on
  an autograd Function's backward, `@staticmethod` with `@once_differentiable` from `torch.autograd.function`;
  on a class's method, `@staticmethod`, `@classmethod` and `@property`),
  and calls with `*items` and `**mapping`. Each statement inside a function is a step of its own, with the function's
  name and the line that called it; a tensor named inside a function is drawn as `function.name`.
- Imports as tutorials write them: `import torch` (also `as` another name), `import torch.nn as nn`,
  `import torch.optim as optim`, `import torch.nn.functional as F`, `from torch import nn, optim, tensor`,
  `from torch.autograd import grad`, `from torch.nn import functional as F`, `import math` (its functions and
  constants), `import random` (seeded with the run's seed, like torch),
  `from collections import OrderedDict, Counter` (an
  `nn.Sequential(OrderedDict([...]))` names its layers), `import copy` (`copy.deepcopy` of tensors, models
  and the lists and dicts that hold them, counted against `max_total_elements` first),
  `from torch.func import grad, vmap`
  (over the program's own functions) and `import numpy as np` (see NumPy below). Other `torch.*` modules import
  harmlessly; what they hold is refused when it is used. `torch` is available from the first line, as in a
  notebook whose first cell imported it, so notebook cells paste verbatim.
- Exceptions: `try`/`except`/`else`/`finally`, `except RuntimeError as e:` (catching the backward-twice error is
  a classic lesson), `raise ValueError("...")` and a bare `raise` in a handler, with Python's built-in exception
  classes and the program's own derived from them (`class Diverged(RuntimeError): pass`). A limit, the time budget
  or the answer budget always end the run: no `except` catches them. A
  statement that fails inside `try` is a step of its own, as Python ran its line: the learner sees the line that
  raised, then the handler.
- Expressions: numbers, strings, `True`/`False`/`None`, lists, tuples, dicts (`{"lr": 0.1, **base}`) and sets,
  with `*items` spread inside (`[*hidden, 1]`, `(*x.shape, 1)`, `t[*index]`; at most `max_loop_iterations` items
  in all), `+ - * / // % ** @`, unary `-`/`+`/`~`, `not`, comparisons (chained, `in`, `not in`, `is`), `and`/`or`,
  `x if c else y`, indexing and slicing (`x[0]`, `x[:, 1:3]`, `x[..., -1]`, `config["lr"]`, `name[0]`), list, set
  and dict comprehensions and generator expressions (at most `max_comprehension_items` items, and
  `max_loop_iterations` per `for` clause), f-strings and `str.format` with format specs (plain fields only:
  `{}`, `{0}`, `{name}`, also inside a spec: `{:>{width}}`; widths and precisions at most 1000), and calls of
  the operations below. Targets unpack as in Python: `a, *rest = xs`,
  `for i, (x, y) in enumerate(zip(xs, ys)):`; `d[key] = value` sets an item of a list or dict. A generator
  expression is worked out at once (a list), which is what `sum`, `any`, `all` and loops see anyway.
  `(n := len(xs))` binds as in Python (in a comprehension, in the scope around it).
  Annotated assignments (`history: list[float] = []`) assign; their annotations, like a function's, are
  checked but not run.
  `xs += [y]` extends the list in place (bounded like `extend`), `s += (a,)` makes a new tuple. `iter(xs)` and
  `next(it)` / `next(it, default)` go over lists, tuples, ranges, strings, dicts and their views, a tensor's
  rows and a data loader (`next(iter(loader))`); a `for` loop, `list()` or `zip()` over an iterator reads
  what it still holds.
- NumPy, as tutorials use it beside torch: `np.array` of (nested) numbers, `np.zeros`, `np.ones`, `np.arange`,
  `np.linspace`, `np.random.seed`/`rand`/`randn` (the run's own generator, seeded with the run's seed, as
  `np.random.seed(seed)` would), `np.float32` and the other dtypes, `np.pi`; an array's `.shape`, `.dtype`,
  `.T`, `.sum()`, `.mean()` and the methods below, arithmetic and comparisons with numbers and arrays,
  broadcasting, indexing and setting items (`X[:, 0] = 1.0`), loops and `zip` over its rows; `t.numpy()`
  (PyTorch's own error on a tensor that requires grad: `.detach().numpy()`), `torch.from_numpy(a)` and
  `torch.tensor(a)`. Arrays print exactly as NumPy prints them, are sized before they
  are made, as tensors are (`max_tensor_elements`, `max_tensor_dims`), and the arrays a run holds at once count
  towards `max_total_elements`. The rest of NumPy is refused by name.
- torch.nn, torch.optim and torch.utils.data as PyTorch has them: layers (`nn.Linear`, `nn.Conv2d`, `nn.LSTM`,
  ...), `nn.Sequential`, `nn.ModuleList` and `nn.ModuleDict`, losses, `nn.init`, optimizers over
  `model.parameters()` or parameter groups, learning-rate schedules (a `LambdaLR`'s function is the program's
  own), `TensorDataset`, `DataLoader` and `random_split` (shuffled and split on the run's seeded generator). A
  model is called as `model(x)`; `model[0].weight.grad`, `opt.param_groups[0]["lr"]` and `opt.state[p]` read as in
  PyTorch; models and optimizers print exactly as PyTorch prints them. Each layer's tensors are sized from its
  arguments before it allocates them, each call of a layer before it runs (also inside a `Sequential`), and a
  model's modules (`max_modules`, counted each time a model holds one; `max_module_depth`) before anything walks
  them; a loop over a loader or `model.parameters()` is bounded by `max_loop_iterations`, counted before it starts.
  A loader's batches are made one per pass, as in Python (also through `enumerate`, `zip` and `iter`), so a
  Dataset's own `__getitem__` runs just before the pass that uses it, and its `__len__` as often as in Python. A
  Dataset of the program's own (or a `random_split` part of one) is read as Python reads it, by a `for` straight
  over it and by `enumerate`, `zip`, `iter`, `list` and `sum`: `dataset[0]`, `dataset[1]`, ... one per pass
  until `__getitem__` raises `IndexError`, bounded by `max_loop_iterations` as each item is made.
- Classes: plain ones (a scalar autograd engine's `Value`, with `__add__`, `__mul__`, `__radd__`, `__neg__`,
  `__repr__`... run for `+`, `*`, `-v` and `print`), and classes deriving from `nn.Module`,
  `torch.autograd.Function`, `Dataset`, a built-in exception or another class of the program.
- Not supported (each is refused with its line and column): `yield`, other imports, names starting with `__` (but
  `__name__`, which reads
  `"__main__"`), private attributes, and methods outside the table below.

## Where it differs from plain Python, on purpose

- `torch` needs no import (a notebook's first cell imported it); everything else behaves as after `import torch`.
- The request options never change the program silently. The program runs exactly as written, its own errors
  included (a second backward without `retain_graph=True` still fails). The `backward` option ("Run backward")
  runs `target.backward(retain_graph=True)` more times after the program, as if the program's last backward on
  the target had kept its graph: when it did not, the program is run again with `retain_graph=True` on that one
  call, and the answer lists it under `inserted`. The `zero_grad` option zeroes every leaf's `.grad` before each
  backward call; `inserted` lists the lines where that changed a gradient.
- A backward (or `torch.autograd.grad`, `jacobian`...) started inside a running backward, from a hook or a
  Function's `backward`, nests at most 50 deep, then the run ends with `limit_exceeded`: PyTorch itself stops
  the whole process when one starts 61 deep.
- `torch.empty(...)` starts from zeros (never memory another run left behind), and `torch.Tensor(...)` takes
  data only (`torch.Tensor([1, 2])`), since its size form would show uninitialised memory.
- `.grad` is exactly what PyTorch holds, at every step: None for a non-leaf unless `retain_grad()` was called.
  What flowed through a named non-leaf in the latest backward is shown apart, as `grad_flow` (the graph labels
  it ∂loss/∂a), never as `.grad`.
- An object Python prints with its memory address (a backward node, `<MulBackward0 object at 0x7f3a...>`, or the
  generator `torch.manual_seed` returns) prints a placeholder address instead: `0x0000000000000001` for the first
  such object the run prints, `0x0000000000000002` for the next, and the same object always the same one. A real
  address would show how the server's memory is laid out, and would change from run to run.
- `dir(module)` lists the names the language offers in that module (`dir(math)` gives `['ceil', 'cos', ...]`),
  not every name Python's module holds, dunders included: `"sqrt" in dir(math)` answers as Python does for every
  name the language offers; printing `dir(torch)` whole differs.
- `torch.set_printoptions(...)` changes how tensors print for the rest of that run only: every run starts from
  torch's defaults and leaves them behind, whatever it set (torch keeps them for the whole process). Its numbers
  are bounded (precision at most 100, linewidth 1 to 10,000, edgeitems at most 10,000), and a print that would
  show more than `max_output_chars` characters (`threshold=float("inf")` on a large tensor) is refused before
  the text is made. `torch.__version__` is the one name starting with `__` a program may read.

## Limits

Every run is bounded; each limit is checked before the work it guards. Defaults (environment variable
`AGX_<NAME>` overrides each; `GET /api/v1/limits` gives the values in force):

| limit | default |
| --- | --- |
"""
ANSWERS = """
Answers are bounded too. A tensor with more than `max_value_elements` elements, or with no elements but more
than that many rows (`torch.zeros(100000, 0)`), is sent as a summary: shape, numel, min, max, mean, norm and its
first 20 values. Values are sent whole until `max_response_values` numbers have been sent, counting every step
that sends them (an unchanged tensor is sent again at every step), and as summaries after. The whole answer —
every step's record with its variables, the final variables, the printed output, the graph with its per-step
`changes`, and the drawing — takes at most `max_answer_bytes` bytes, counted as it is built:

- a run whose records would pass four fifths of it (the rest is kept for the graph and its drawing) stops at the
  statement that would, with the error `answer_too_large`; the steps before it are kept and shown, as after any
  other runtime error;
- an answer whose graph and drawing would still not fit is refused whole: `answer_too_large`, HTTP 422.

The graph holds at most `AGX_GRAPH_MAX_NODES` nodes and about `AGX_GRAPH_MAX_EDGES` arrows (600 and 2,000 unless
the server says otherwise): past either, the graph keeps what the variables hold at the end (the output, `loss`),
where each backward starts, the leaves they reach, then the path down from them and the first nodes found, and
folds the middle into one summary node, before the graph is laid out; the summary node and a note under the graph
say what was folded. The nodes a long loop made (20 or more) form one group, "line 4 × 1,000 iterations",
collapsible into one node as a module is.
"""


def render() -> str:
    out = [INTRO]
    for name, value in Limits().as_dict().items():
        out.append(f"| `{name}` | {value:,} |\n" if isinstance(value, int) else f"| `{name}` | {value} |\n")
    out.append(ANSWERS)
    by_category: dict[str, list[dict[str, object]]] = {}
    for entry in catalogue.ops_listing():
        by_category.setdefault(str(entry["category"]), []).append(entry)
    out.append(f"\n## Operations ({len(catalogue.TABLE)})\n")
    for category, entries in by_category.items():
        out.append(
            f"\n### {category}\n\n| name | written as | what it does | example | keywords |\n"
            "| --- | --- | --- | --- | --- |\n"
        )
        for e in entries:
            forms = ", ".join(f"`{f}`" for f in e["forms"])  # type: ignore[attr-defined]
            example = f"`{e['example']}`" if e["example"] else ""
            keywords = ", ".join(f"`{k}`" for k in e["keywords"])  # type: ignore[attr-defined]
            out.append(f"| {e['name']} | {forms} | {e['doc']} | {example} | {keywords} |\n")
    out.append("\nDtypes: " + ", ".join(f"`torch.{d}`" for d in sorted(catalogue.DTYPES)) + ".\n")
    return "".join(out)


if __name__ == "__main__":
    TARGET.write_text(render())
    print(f"wrote {TARGET.relative_to(ROOT)}")
