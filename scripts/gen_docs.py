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
  `if`/`elif`/`else`, `break`, `continue`, `pass`, `with torch.no_grad():` and `with torch.enable_grad():`.
- Imports: `import torch` and `import torch.nn.functional as F`. `torch` is available from the first line, as in
  a notebook whose first cell imported it, so notebook cells paste verbatim.
- Expressions: numbers, strings, `True`/`False`/`None`, lists and tuples, `+ - * / // % ** @`, unary `-`/`+`,
  `not`, comparisons, `and`/`or`, `x if c else y`, indexing and slicing (`x[0]`, `x[:, 1:3]`, `x[..., -1]`),
  f-strings with format specs, and calls of the operations below.
- Not supported (each is refused with its line and column): function and class definitions, lambdas,
  comprehensions, generators, `while`, `try`, other imports, names starting with `__`, private attributes,
  dictionaries and sets, and string operations other than `print` and f-strings.

## Where it differs from plain Python, on purpose

- `torch` needs no import (a notebook's first cell imported it); everything else behaves as after `import torch`.
- With the `backward` request option ("Run backward"), every backward call in the program keeps its graph
  (`retain_graph=True`), so the extra passes can reuse it; a program's own second backward then does not fail.
- `torch.empty(...)` starts from zeros (never memory another run left behind), and `torch.Tensor(...)` takes
  data only (`torch.Tensor([1, 2])`), since its size form would show uninitialised memory.
- Named intermediate tensors show their gradient after backward without `retain_grad()`; what the program itself
  reads from `.grad` is exactly what PyTorch gives (None for a non-leaf).

## Limits

Every run is bounded; each limit is checked before the work it guards. Defaults (environment variable
`AGX_<NAME>` overrides each; `GET /api/v1/limits` gives the values in force):

| limit | default |
| --- | --- |
"""


def render() -> str:
    out = [INTRO]
    for name, value in Limits().as_dict().items():
        out.append(f"| `{name}` | {value:,} |\n" if isinstance(value, int) else f"| `{name}` | {value} |\n")
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
