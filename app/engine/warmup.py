"""Pay PyTorch's one-time start-up costs before the first program runs, not inside its wall-time budget.

The first optimizer imports torch._dynamo and the first backward with an explicit gradient imports sympy:
slow imports, once per process. Worker processes call warm_up() before serving; so do in-process runners.
Imports the engine only.
"""

from __future__ import annotations

import functools

from app.engine.interpreter import RunOptions, run_program
from app.engine.language import parse_program
from app.engine.limits import Limits

PROGRAM = """\
import torch.nn.functional as F
w = torch.rand(3, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
adam = torch.optim.Adam([w], lr=0.1)
y = (w * 2 + 1) @ torch.ones(3)
z = w.exp() * 2
z.backward(torch.ones(3), retain_graph=True)
g = torch.autograd.grad(z.sum(), [w])
loss = F.cross_entropy(torch.rand(2, 3, requires_grad=True), torch.tensor([0, 2]))
loss.backward()
opt.step()
adam.step()
opt.zero_grad()
print(f"{w} {y:.3f} {w.shape}")
"""


@functools.cache
def warm_up() -> None:
    """Run one small program touching the lazily-initialised parts of torch; once per process."""
    limits = Limits(wall_time_s=600.0)
    run_program(parse_program(PROGRAM, limits), RunOptions(), limits)
