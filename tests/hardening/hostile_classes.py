"""Hostile programs that define classes, hooks and autograd Functions, for test_hostile_engine.py: each is refused
by the checker or stopped by the engine's own bounds with a clear error."""

from __future__ import annotations

from typing import Any

MODULE = "import torch\nimport torch.nn as nn\n"
FOREVER_MODULE = (
    MODULE + "class Loop(nn.Module):\n    def forward(self, x):\n        return self(x)\ny = Loop()(torch.zeros(1))\n"
)
RAISING_HOOK = """x = torch.ones(2, requires_grad=True)
def bad(g):
    raise ValueError("this hook refuses")
h = x.register_hook(bad)
(x * 2).sum().backward()
"""
# A backward started from a hook of the backward running: PyTorch aborts the process 61 deep.
BACKWARD_IN_HOOK = """x = torch.ones(2, requires_grad=True)
y = (x * 2).sum()
def again(g):
    y.backward(retain_graph=True)
    return g
x.register_hook(again)
y.backward(retain_graph=True)
"""
GRAD_IN_HOOK = BACKWARD_IN_HOOK.replace(
    "y.backward(retain_graph=True)\n    return", "torch.autograd.grad(y, x, retain_graph=True)\n    return"
)
BACKWARD_IN_FUNCTION = """class Again(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 2

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        with torch.enable_grad():
            z = x.detach().requires_grad_()
            Again.apply(z).sum().backward()
        return g * 2
x = torch.ones(2, requires_grad=True)
Again.apply(x).sum().backward()
"""
# Batches a for loop takes from a loader are sized before torch stacks them, as next(iter(loader)) is.
DEEP_BATCHES = """from torch.utils.data import DataLoader
t = torch.zeros(1)
for k in range(500):
    for b in DataLoader([t]):
        t = b
"""
WIDE_BATCH = """from torch.utils.data import DataLoader
t = torch.zeros(1000, 1000)
for b in DataLoader([t] * 100, batch_size=100):
    s = b.sum()
"""
LOOPING_FUNCTION = """class Forever(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        n = 0
        while True:
            n += 1
        return x

    @staticmethod
    def backward(ctx, g):
        return g
y = Forever.apply(torch.zeros(1))
"""
LOOPING_BACKWARD = """class Slow(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        n = 0
        while True:
            n += 1
        return g
x = torch.ones(2, requires_grad=True)
Slow.apply(x).sum().backward()
"""
HUGE_DATASET = """from torch.utils.data import DataLoader, Dataset
class Big(Dataset):
    def __len__(self):
        return 10**12

    def __getitem__(self, i):
        return torch.zeros(1)
for b in DataLoader(Big(), batch_size=1):
    pass
"""
# Read straight by a for loop, a Dataset ends only where __getitem__ raises IndexError: this one never does.
ENDLESS_DATASET = """from torch.utils.data import Dataset
class Endless(Dataset):
    def __getitem__(self, i):
        return i
for item in Endless():
    pass
"""
LOOP = "for item in Endless():\n    pass\n"
ENDLESS_READS = [
    ("enumerated", "for i, item in enumerate(Endless()):\n    pass\n", "max_loop_iterations"),
    ("zipped", "for a, b in zip(Endless(), Endless()):\n    pass\n", "max_loop_iterations"),
    ("listed", "items = list(Endless())\n", "list() over a Dataset"),
    ("summed", "total = sum(Endless())\n", "sum() over a Dataset"),
]
# Small when the loop is counted, then a billion: the shuffling sampler asks again and draws a billion samples.
GROWING_DATASET = """from torch.utils.data import DataLoader, Dataset
class Growing(Dataset):
    def __init__(self):
        self.asked = 0

    def __len__(self):
        self.asked += 1
        return 2 if self.asked < 4 else 10**9

    def __getitem__(self, i):
        return torch.zeros(1)
for b in DataLoader(Growing(), batch_size=1, shuffle=True):
    pass
"""
MANY_MODELS = (
    MODULE
    + """class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(1000, 1000))
ms = []
for i in range(1000):
    ms.append(M())
"""
)


def cases(case: Any) -> list[Any]:
    """The cases, made with test_hostile_engine's Case."""
    return [
        case("module-calls-itself", FOREVER_MODULE, message="max_call_depth", line=5),
        case("hook-raises", RAISING_HOOK, code="runtime_error", message="this hook refuses", line=3),
        case("backward-inside-hook", BACKWARD_IN_HOOK, message="inside a backward", line=4, max_bytes=2_000_000),
        case("grad-inside-hook", GRAD_IN_HOOK, message="inside a backward", line=4, max_bytes=2_000_000),
        case(
            "backward-inside-function", BACKWARD_IN_FUNCTION, message="inside a backward", line=12, max_bytes=2_000_000
        ),
        case("loader-batch-deeper-each-pass", DEEP_BATCHES, message="max_tensor_dims", line=4, max_bytes=2_000_000),
        case("loader-batch-too-wide", WIDE_BATCH, message="max_tensor_elements", line=3),
        case(  # a property read inside its own getter: a recursion of the program's own function
            "property-reads-itself",
            "class Net(torch.nn.Module):\n    @property\n    def size(self):\n        return self.size\n"
            "n = Net().size\n",
            message="max_call_depth",
            line=4,
        ),
        case(  # a program's __repr__ that prints itself, and an operator that calls itself: recursions
            "repr-of-itself",
            'class V:\n    def __repr__(self):\n        return f"{self}"\nprint(V())\n',
            message="max_call_depth",
            line=3,
        ),
        case(
            "add-without-end",
            "class V:\n    def __add__(self, other):\n        return self + other\nv = V() + 1\n",
            message="max_call_depth",
            line=3,
        ),
        case("function-forward-loops", LOOPING_FUNCTION, message="max_loop_iterations", line=5, max_bytes=400_000),
        case("function-backward-loops", LOOPING_BACKWARD, message="max_loop_iterations", line=9, max_bytes=400_000),
        case("dataset-of-a-trillion", HUGE_DATASET, message="max_loop_iterations", line=8),
        case(  # max_loop_iterations passes run before the one too many
            "dataset-without-end", ENDLESS_DATASET, message="max_loop_iterations", line=5, max_bytes=2_000_000
        ),
        # enumerate(), zip(), list() and sum() read such a Dataset one item at a time, bounded as they go; each
        # item read is a step of __getitem__, so the answer is as large as a loop's
        *(
            case(
                f"dataset-without-end-{how}",
                ENDLESS_DATASET.replace(LOOP, read),
                message=said,
                line=5,
                max_bytes=2_000_000,
            )
            for how, read, said in ENDLESS_READS
        ),
        case(  # max_loop_iterations passes run before the one too many: an answer as large as such a loop's
            "dataset-that-grows",
            GROWING_DATASET,
            message="more batches than its length said",
            line=12,
            max_bytes=2_000_000,
        ),
        case("a-thousand-models", MANY_MODELS, message="max_total_elements"),
        case(
            "metaclass",
            MODULE + "class M(nn.Module, metaclass=type):\n    pass\n",
            code="unsupported",
            status=400,
            line=3,
        ),
        case(
            "dunder-method",
            MODULE + "class M(nn.Module):\n    def __getattr__(self, name):\n        return 1\n",
            code="unsupported",
            status=400,
            line=4,
        ),
        case(
            "private-registry",
            MODULE + "class M(nn.Module):\n    pass\np = M()._parameters\n",
            code="unknown_name",
            status=400,
            line=5,
        ),
        case(
            "set-private",
            MODULE + "m = nn.Linear(2, 2)\nm._forward_hooks = {}\n",
            code="unsupported",
            status=400,
            line=4,
        ),
        case(  # a plain class may not reach past its own: a base of Python's (other than an exception) is refused
            "plain-class-over-a-builtin-type",
            "class Point(dict):\n    pass\n",
            code="runtime_error",
            message="a class derives from classes",
            line=1,
        ),
        case(
            "super-class",
            MODULE + "class M(nn.Module):\n    def __init__(self):\n        c = super().__class__\n",
            code="unsupported",
            status=400,
            line=5,
        ),
        case(
            "layer-attribute-not-its-own",
            MODULE + "m = nn.Linear(2, 2)\nm.extra = 3\n",
            code="runtime_error",
            message="attribute 'extra' cannot be set here",
            line=4,
        ),
    ]
