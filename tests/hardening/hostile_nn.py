"""Hostile programs for torch.nn, optimizers and data loaders, for test_hostile_engine.py: each layer is sized from
its arguments before it allocates, each call of a layer before it runs, a model's tree before it is walked, and a
loader's batches before a loop goes over them."""

from __future__ import annotations

from typing import Any

NN = "import torch\nimport torch.nn as nn\n"
# A model holding 2**60 modules, built in 60 statements: printing it or its state_dict() would never end.
DOUBLED = NN + "m = nn.Linear(1, 1)\nfor i in range(60):\n    m = nn.Sequential(m, m)\n"
# The same with the program's own class, which registers its submodules unchecked: 2**40 modules, 41 deep.
# A model that holds its inner model twice, forty times over: refused where it comes to hold too much (line 7,
# `self.b = inner`), before anything prints or walks it.
TWICE = (
    NN
    + "class Twice(nn.Module):\n    def __init__(self, inner):\n        super().__init__()\n        self.a = inner\n"
    + "        self.b = inner\nm = nn.Linear(1, 1)\nfor i in range(40):\n    m = Twice(m)\n"
)


def cases(case: Any) -> list[Any]:
    return [
        case(
            "ordered-dict-of-no-pairs",
            NN + "from collections import OrderedDict\nd = OrderedDict([1, 2])\n",
            code="runtime_error",
            message="takes (key, value) pairs",
            line=4,
        ),
        case(
            "counter-of-a-billion",
            NN + "from collections import Counter\nc = Counter(range(10**9))\n",
            message="max_loop_iterations",
            line=4,
        ),
        case(  # a module added to itself: a tree that holds itself is refused before anything walks it
            "add-module-to-itself",
            NN + "m = nn.Sequential(nn.Linear(1, 1))\nm.add_module('again', m)\nprint(m)\n",
            message="holds itself",
            line=4,
        ),
        case(  # a buffer may not take a private name (or a dunder's): torch would set it on the module
            "register-buffer-dunder",
            NN + "m = nn.Linear(2, 2)\nm.register_buffer('__class__', torch.zeros(1))\n",
            code="runtime_error",
            message="not starting with _",
            line=4,
        ),
        # pad_sequence's result is as long as the longest sequence for every one: sized before it is made
        case(
            "pad-sequence-of-many-long",
            NN + "from torch.nn.utils.rnn import pad_sequence\n"
            "xs = [torch.zeros(1_000_000)] + [torch.zeros(1) for i in range(9)]\n"
            "batch = pad_sequence(xs, batch_first=True)\n",
            message="pad_sequence() would make 10,000,000 more elements",
            line=5,
        ),
        case(
            "add-param-group-huge",
            NN + "w = torch.zeros(1, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n"
            "ws = [w for i in range(10_000)]\nopt.add_param_group({'params': ws})\n",
            message="max_loop_iterations",
            line=6,
        ),
        # a vector too short would leave the first parameters overwritten and the rest not: refused before any is
        case(
            "vector-to-parameters-too-short",
            NN + "from torch.nn.utils import vector_to_parameters\nm = nn.Linear(3, 2)\n"
            "vector_to_parameters(torch.zeros(3), m.parameters())\n",
            code="runtime_error",
            message="a vector of 3 elements for parameters of 8",
            line=5,
        ),
        case(  # a forward hook that runs its module again: a recursion of the program's own function
            "forward-hook-runs-its-module",
            NN + "m = nn.Linear(2, 2)\ndef again(module, inputs, output):\n    return module(inputs[0])\n"
            "m.register_forward_hook(again)\ny = m(torch.ones(2))\n",
            message="max_call_depth",
            line=5,
        ),
        case(  # each copy is counted before it is made: 4 x 1M elements, then copies of them
            "deepcopy-past-total",
            NN + "import copy\nms = [nn.Linear(1000, 999) for i in range(4)]\nc = copy.deepcopy(ms)\n",
            message="max_total_elements",
            line=5,
        ),
        case(
            "deepcopy-deep-list",
            NN + "import copy\nxs = []\nfor i in range(500):\n    xs = [xs]\nc = copy.deepcopy(xs)\n",
            message="nested more than 100 deep",
            line=7,
        ),
        case(
            "deepcopy-an-optimizer",
            NN
            + "import copy\nm = nn.Linear(2, 1)\no = torch.optim.SGD(m.parameters(), lr=0.1)\nc = copy.deepcopy(o)\n",
            code="runtime_error",
            message="copy.deepcopy() copies tensors, models",
            line=6,
        ),
        case("huge-linear", NN + "layer = nn.Linear(100000, 100000)\n", message="max_tensor_elements", line=3),
        case("huge-embedding", NN + "table = nn.Embedding(10**9, 512)\n", message="max_tensor_elements", line=3),
        case("conv2d-absurd-kernel", NN + "conv = nn.Conv2d(3, 64, kernel_size=10**6)\n", message="elements", line=3),
        case("lstm-huge-hidden", NN + "lstm = nn.LSTM(10, 10**6)\n", message="max_tensor_elements", line=3),
        case(
            "lstm-a-million-layers",
            NN + "lstm = nn.LSTM(2, 2, num_layers=10**6)\n",
            message="max_total_elements",
            line=3,
        ),
        case(
            "linears-kept-in-a-list",
            NN + "layers = []\nfor i in range(100):\n    layers.append(nn.Linear(1000, 1000))\n",
            message="max_total_elements",
            line=5,
        ),
        case(
            "conv-padding-makes-a-huge-output",
            NN + "conv = nn.Conv2d(1, 1, 3, padding=20000)\ny = conv(torch.zeros(1, 1, 1, 1))\n",
            message="max_tensor_elements",
            line=4,
        ),
        case(
            "embedding-lookup-huge-output",
            NN + "e = nn.Embedding(10, 100000)\ny = e(torch.zeros(1000, 100, dtype=torch.long))\n",
            message="max_tensor_elements",
            line=4,
        ),
        case(
            "linear-inside-sequential-huge-work",
            NN + "m = nn.Sequential(nn.Linear(1000, 1000), nn.Linear(1000, 1000))\ny = m(torch.zeros(1000, 1000))\n",
            message="max_matmul_flops",
            line=4,
        ),
        case(
            "functional-conv2d-huge-padding",
            NN + "import torch.nn.functional as F\nx = torch.zeros(1, 1, 1, 1)\ny = F.conv2d(x, x, padding=30000)\n",
            message="max_tensor_elements",
            line=5,
        ),
        case("linear-with-a-bool-size", NN + "layer = nn.Linear(True, 10**7)\n", message="max_tensor_elements", line=3),
        case(
            "one-hot-of-a-huge-class",
            NN + "import torch.nn.functional as F\ny = F.one_hot(torch.tensor([10**9]))\n",
            message="max_tensor_elements",
            line=4,
        ),
        case("sequential-of-itself-doubled", DOUBLED, message="max_modules", line=5),
        case("print-doubled-model", TWICE + "print(m)\n", message="max_modules", line=7),
        case("f-string-of-doubled-model", TWICE + "s = f'{m}'\n", message="max_modules", line=7),
        case("state-dict-of-doubled-model", TWICE + "sd = m.state_dict()\n", message="max_modules", line=7),
        case(
            "load-into-doubled-model",
            TWICE + "r = m.load_state_dict({}, strict=False)\n",
            message="max_modules",
            line=7,
        ),
        case(
            "sequential-appended-into-itself",
            NN + "m = nn.Sequential(nn.ReLU())\nm.append(m)\n",
            message="holds itself",
            line=4,
        ),
        case(
            "models-nested-deeply",
            NN + "m = nn.ReLU()\nfor i in range(1000):\n    m = nn.Sequential(m)\n",
            message="max_module_depth",
            line=5,
        ),
        case(
            "dataloader-batch-size-zero",
            NN + "from torch.utils.data import DataLoader, TensorDataset\n"
            "loader = DataLoader(TensorDataset(torch.zeros(4, 1)), batch_size=0)\n",
            code="runtime_error",
            message="batch_size",
            line=4,
        ),
        case(
            "dataloader-loop-over-too-many-batches",
            NN + "from torch.utils.data import DataLoader, TensorDataset\n"
            "loader = DataLoader(TensorDataset(torch.zeros(20000, 1)), batch_size=1)\nfor xb in loader:\n    pass\n",
            message="max_loop_iterations",
            line=5,
        ),
        case(
            "dataloader-worker-processes",
            NN + "from torch.utils.data import DataLoader, TensorDataset\n"
            "loader = DataLoader(TensorDataset(torch.zeros(4, 1)), num_workers=4)\n",
            code="runtime_error",
            message="num_workers",
            line=4,
        ),
        # next() reads torch's own generators: a spent one is Python's StopIteration, on its line.
        case(
            "next-on-a-spent-generator",
            NN + "p = next(nn.ReLU().parameters())\n",
            code="runtime_error",
            message="StopIteration",
            line=3,
        ),
        case(
            "next-on-a-model-too-big-to-hold",
            DOUBLED + "p = next(m.parameters())\n",
            message="max_modules",
        ),
        # model.apply(fn) visits every module: measured first, and a function that applies itself again recurses
        # until the program's call depth stops it.
        case("apply-on-a-model-too-big-to-walk", DOUBLED + "m.apply(lambda module: None)\n", message="max_modules"),
        case(
            "apply-that-applies-itself",
            NN + "m = nn.Sequential(nn.Linear(2, 2))\ndef f(module):\n    m.apply(f)\nm.apply(f)\n",
            message="max_call_depth",
            line=5,
        ),
    ]
