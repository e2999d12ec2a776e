"""The one table of what the language supports: functions, methods, attributes and constants.

Adding an operation is one row here. The interpreter, the checker, GET /api/v1/ops and the docs all read this
table. Imports torch and the engine's own calls module only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import Any

import torch

from app.engine import (
    calls,
    catalogue_data,
    catalogue_functional,
    catalogue_nn,
    catalogue_numpy,
    catalogue_optim,
    catalogue_program,
    catalogue_tensor,
    catalogue_tutorial,
    classes,
    pycalls,
)
from app.engine.entries import NAMESPACES, Entry, attr, op

__all__ = ["NAMESPACES", "Entry", "attr", "op"]  # the row makers and the namespaces live in entries.py

# What a program may import, module -> the namespace it becomes. Other `torch.*` modules import (a tutorial's
# unused `import torch.utils.data` does no harm); using what they hold is refused when it is reached.
MODULES = {
    "torch": "torch",
    "torch.nn": "nn",
    "torch.nn.functional": "F",
    "torch.optim": "optim",
    "torch.autograd": "autograd",
    "torch.autograd.functional": "autograd.functional",
    "torch.cuda": "cuda",
    "torch.utils": "utils",
    "torch.utils.data": "utils.data",
    "torch.nn.init": "nn.init",
    "torch.nn.utils": "nn.utils",
    "torch.optim.lr_scheduler": "optim.lr_scheduler",
    "torch.func": "func",
    "numpy": "np",
    "numpy.random": "np.random",
    "math": "math",
    "random": "random",
    "copy": "copy",
}
# The exception classes a program may name, catch and raise.
EXCEPTIONS: dict[str, type[BaseException]] = {
    cls.__name__: cls
    for cls in (
        Exception,
        RuntimeError,
        ValueError,
        TypeError,
        ZeroDivisionError,
        ArithmeticError,
        AssertionError,
        KeyError,
        IndexError,
        LookupError,
        NameError,
        AttributeError,
        NotImplementedError,
        StopIteration,
        OverflowError,
    )
}
# The types isinstance() may name.
TYPES: dict[str, type] = {t.__name__: t for t in (int, float, str, bool, list, tuple, dict, set)}
# Values a namespace holds (math.pi), read as attributes.
CONSTANTS: dict[tuple[str, str], Any] = {
    **catalogue_tutorial.CONSTANTS,
    **catalogue_numpy.CONSTANTS,
    ("math", "pi"): math.pi,
    ("math", "e"): math.e,
    ("math", "tau"): math.tau,
    ("math", "inf"): math.inf,
    ("math", "nan"): math.nan,
}

# Keyword groups, so each row names what it accepts without repeating long lists.
CREATE = ("size", "dtype", "requires_grad", "device", "generator")
LIKE = ("dtype", "requires_grad")
DIM = ("dim", "keepdim")
RED = ("dim", "keepdim", "dtype", "axis")


def _saved_reader(name: str) -> Callable[[Any], Any]:
    attribute = f"_saved_{name}"

    def read(node: Any) -> Any:
        if not hasattr(node, attribute):
            raise AttributeError(f"'{type(node).__name__}' object has no attribute '{attribute}'")
        return getattr(node, attribute)  # one of the fixed names above, never a program's string

    return read


EW = "elementwise"
TABLE: tuple[Entry, ...] = (
    # creation
    op(
        "tensor",
        "torch",
        "creation",
        "Tensor from (nested) numbers.",
        "torch.tensor([1.0, 2.0])",
        check="create",
        kwargs=("dtype", "requires_grad", "device"),
    ),
    op(
        "Tensor",
        "torch",
        "creation",
        "Older tutorials' float tensor from data, as torch.tensor(data).float().",
        "torch.Tensor([1, 2, 3])",
        check="create",
        impl=calls.legacy_tensor,
    ),
    op("rand", "torch", "creation", "Uniform [0, 1) random tensor.", "torch.rand(2, 3)", check="create", kwargs=CREATE),
    op(
        "randn",
        "torch",
        "creation",
        "Standard normal random tensor.",
        "torch.randn(2, 3)",
        check="create",
        kwargs=CREATE,
    ),
    op(
        "randint",
        "torch",
        "creation",
        "Random integers in [low, high).",
        "torch.randint(0, 5, (2, 3))",
        check="create",
        kwargs=("size", "dtype", "generator"),
    ),
    op("zeros", "torch", "creation", "Tensor of zeros.", "torch.zeros(2, 3)", check="create", kwargs=CREATE),
    op(
        "empty",
        "torch",
        "creation",
        "Tensor to fill in place (e.g. .uniform_()); its values here are zeros.",
        "torch.empty(2, 3).uniform_()",
        check="create",
        kwargs=CREATE,
        impl=calls.empty,
    ),
    op("ones", "torch", "creation", "Tensor of ones.", "torch.ones(2, 3)", check="create", kwargs=CREATE),
    op(
        "full",
        "torch",
        "creation",
        "Tensor filled with one value.",
        "torch.full((2, 3), 7.0)",
        check="create",
        kwargs=("size", "fill_value", "dtype", "requires_grad"),
    ),
    op(
        "arange",
        "torch",
        "creation",
        "Evenly spaced values in [start, end).",
        "torch.arange(6.0)",
        check="create",
        kwargs=("start", "end", "step", "dtype", "requires_grad"),
    ),
    op(
        "linspace",
        "torch",
        "creation",
        "`steps` values from start to end.",
        "torch.linspace(0, 1, 5)",
        check="create",
        kwargs=("start", "end", "steps", "dtype", "requires_grad"),
    ),
    op(
        "eye",
        "torch",
        "creation",
        "Identity matrix.",
        "torch.eye(3)",
        check="create",
        kwargs=("n", "m", "dtype", "requires_grad"),
    ),
    op("zeros_like", "torch", "creation", "Zeros shaped like a tensor.", "torch.zeros_like(x)", kwargs=LIKE),
    op("ones_like", "torch", "creation", "Ones shaped like a tensor.", "torch.ones_like(x)", kwargs=LIKE),
    op(
        "full_like",
        "torch",
        "creation",
        "A value, shaped like a tensor.",
        "torch.full_like(x, 2.0)",
        kwargs=("fill_value",) + LIKE,
    ),
    op("rand_like", "torch", "creation", "Uniform random, shaped like a tensor.", "torch.rand_like(x)", kwargs=LIKE),
    op("randn_like", "torch", "creation", "Normal random, shaped like a tensor.", "torch.randn_like(x)", kwargs=LIKE),
    op(
        "manual_seed",
        "torch",
        "creation",
        "Seed the random generator.",
        "torch.manual_seed(0)",
        kind="other",
        impl=calls.manual_seed,
    ),
    # elementwise math
    op("add", "torch tensor", EW, "a + alpha * b.", "torch.add(x, y)", check="broadcast", kwargs=("alpha",)),
    op("sub", "torch tensor", EW, "a - alpha * b.", "torch.sub(x, y)", check="broadcast", kwargs=("alpha",)),
    op("mul", "torch tensor", EW, "Elementwise product.", "torch.mul(x, y)", check="broadcast"),
    op(
        "div",
        "torch tensor",
        EW,
        "Elementwise quotient.",
        "torch.div(x, y)",
        check="broadcast",
        kwargs=("rounding_mode",),
    ),
    op("pow", "torch tensor", EW, "Elementwise power.", "torch.pow(x, 2)", check="broadcast", kwargs=("exponent",)),
    op("neg", "torch tensor", EW, "Negation.", "torch.neg(x)"),
    op("exp", "torch tensor", EW, "e to the x.", "torch.exp(x)"),
    op("log", "torch tensor", EW, "Natural logarithm.", "torch.log(x)"),
    op("log1p", "torch tensor", EW, "log(1 + x).", "torch.log1p(x)"),
    op("sqrt", "torch tensor", EW, "Square root.", "torch.sqrt(x)"),
    op("square", "torch tensor", EW, "x * x.", "torch.square(x)"),
    op("abs", "torch tensor", EW, "Absolute value.", "torch.abs(x - 0.5)"),
    op("sign", "torch tensor", EW, "Sign of each element: -1, 0 or 1 (its gradient is zero).", "torch.sign(x - 0.5)"),
    op("sin", "torch tensor", EW, "Sine.", "torch.sin(x)"),
    op("cos", "torch tensor", EW, "Cosine.", "torch.cos(x)"),
    op("tanh", "torch tensor F", EW, "Hyperbolic tangent.", "torch.tanh(x)"),
    op("sigmoid", "torch tensor F", EW, "Logistic sigmoid.", "torch.sigmoid(x)"),
    op("relu", "torch tensor F", EW, "max(x, 0).", "torch.relu(x - 0.5)"),
    op("clamp", "torch tensor", EW, "Limit to [min, max].", "torch.clamp(x, min=0.2, max=0.8)", kwargs=("min", "max")),
    op("maximum", "torch tensor", EW, "Elementwise maximum of two tensors.", "torch.maximum(x, y)", check="broadcast"),
    op("minimum", "torch tensor", EW, "Elementwise minimum of two tensors.", "torch.minimum(x, y)", check="broadcast"),
    op("where", "torch", EW, "Pick from a where cond holds, else b.", "torch.where(x > 0.5, x, y)", check="broadcast"),
    # reductions
    op("sum", "torch tensor", "reduction", "Sum, over all or along dim.", "torch.sum(x, dim=1)", kwargs=RED),
    op("mean", "torch tensor", "reduction", "Mean, over all or along dim.", "x.mean(dim=0, keepdim=True)", kwargs=RED),
    op("prod", "torch tensor", "reduction", "Product, over all or along dim.", "x.prod(dim=1)", kwargs=RED),
    op("max", "torch tensor", "reduction", "Maximum; along dim gives (values, indices).", "x.max()", kwargs=DIM),
    op("min", "torch tensor", "reduction", "Minimum; along dim gives (values, indices).", "x.min()", kwargs=DIM),
    op(
        "norm",
        "torch tensor",
        "reduction",
        "p-norm, over all or along dim.",
        "x.norm()",
        kwargs=("p", "dim", "keepdim"),
    ),
    op("std", "torch tensor", "reduction", "Standard deviation.", "x.std()", kwargs=DIM + ("correction",)),
    op("var", "torch tensor", "reduction", "Variance.", "x.var()", kwargs=DIM + ("correction",)),
    op(
        "logsumexp",
        "torch tensor",
        "reduction",
        "log(sum(exp(x))) along dim, computed stably.",
        "torch.logsumexp(x, dim=1)",
        kwargs=DIM,
    ),
    op("argmax", "torch tensor", "reduction", "Index of the maximum.", "x.argmax(dim=1)", kwargs=DIM),
    op("argmin", "torch tensor", "reduction", "Index of the minimum.", "x.argmin(dim=1)", kwargs=DIM),
    # linear algebra
    op(
        "matmul",
        "torch tensor",
        "linear algebra",
        "Matrix product (also the @ operator).",
        "torch.matmul(x, y.T)",
        check="matmul",
    ),
    op("mm", "torch tensor", "linear algebra", "2-D matrix product.", "torch.mm(x, y.T)", check="matmul"),
    op("dot", "torch tensor", "linear algebra", "Dot product of 1-D tensors.", "torch.dot(x[0], y[0])", check="matmul"),
    op(
        "outer",
        "torch tensor",
        "linear algebra",
        "Outer product of 1-D tensors.",
        "torch.outer(x[0], y[0])",
        check="matmul",
    ),
    op("t", "torch tensor", "shape", "Transpose of a 2-D tensor.", "x.t()"),
    # shape
    op("reshape", "torch tensor", "shape", "Same elements, new shape.", "x.reshape(3, 2)", kwargs=("shape",)),
    op("view", "tensor", "shape", "New shape sharing storage.", "x.view(-1)"),
    op("transpose", "torch tensor", "shape", "Swap two dims.", "x.transpose(0, 1)"),
    op("permute", "torch tensor", "shape", "Reorder dims.", "x.permute(1, 0)", kwargs=("dims",)),
    op("unsqueeze", "torch tensor", "shape", "Insert a dim of size 1.", "x.unsqueeze(0)", kwargs=("dim",)),
    op("squeeze", "torch tensor", "shape", "Remove dims of size 1.", "x.unsqueeze(0).squeeze(0)", kwargs=("dim",)),
    op(
        "flatten",
        "torch tensor",
        "shape",
        "Collapse dims into one.",
        "torch.flatten(x)",
        kwargs=("start_dim", "end_dim"),
    ),
    op(
        "cat",
        "torch",
        "shape",
        "Join tensors along an existing dim.",
        "torch.cat([x, y], dim=0)",
        check="concat",
        kwargs=("dim",),
    ),
    op(
        "stack",
        "torch",
        "shape",
        "Join tensors along a new dim.",
        "torch.stack([x, y])",
        check="concat",
        kwargs=("dim",),
    ),
    op("expand", "tensor", "shape", "Broadcast view to a larger shape (no copy).", "x[0].expand(4, 3)", check="expand"),
    op("repeat", "tensor", "shape", "Tile the tensor (copies).", "x.repeat(2, 1)", check="repeat"),
    op("clone", "torch tensor", "shape", "Copy that stays in the graph.", "x.clone()"),
    op("contiguous", "tensor", "shape", "Contiguous copy if needed.", "x.t().contiguous()"),
    # conversions and inspection
    op("item", "tensor", "inspection", "The Python number in a one-element tensor.", "x.sum().item()", kind="other"),
    op("tolist", "tensor", "inspection", "Nested Python lists.", "x.tolist()", kind="other"),
    op("numel", "torch tensor", "inspection", "Number of elements.", "x.numel()", kind="other"),
    op("size", "tensor", "inspection", "The shape, or one dim's size.", "x.size(0)", kind="other"),
    op("dim", "tensor", "inspection", "Number of dims.", "x.dim()", kind="other"),
    op("float", "tensor", "conversion", "Convert to float32.", "x.float()"),
    op("double", "tensor", "conversion", "Convert to float64.", "x.double()"),
    op("long", "tensor", "conversion", "Convert to int64.", "x.long()"),
    op(
        "to",
        "tensor",
        "conversion",
        "Convert to a dtype (or device: only the CPU here).",
        "x.to(torch.float64)",
        kwargs=("dtype", "device"),
    ),
    op("device", "torch", "creation", "A device: only the CPU here.", "torch.device('cpu')", impl=calls.device),
    op("cpu", "tensor", "creation", "The tensor on the CPU (itself here).", "x.cpu()", kind="forward"),
    op(
        "randperm",
        "torch",
        "creation",
        "A random order of 0 .. n-1.",
        "torch.randperm(5)",
        kwargs=("dtype", "generator"),
        impl=calls.randperm,
        needs_ctx=True,
    ),
    op(
        "multinomial",
        "torch tensor",
        "creation",
        "Indices drawn from each row of probabilities (num_samples of them; replacement=True draws with repeats).",
        "torch.multinomial(torch.tensor([0.2, 0.8]), 3, replacement=True)",
        check="samples",
        kwargs=("num_samples", "replacement", "generator"),
    ),
    op(
        "Generator",
        "torch",
        "creation",
        "A random generator of the program's own, for generator= (made in this run, seeded with manual_seed).",
        "torch.Generator().manual_seed(0)",
        kind="other",
        impl=calls.generator,
    ),
    op(
        "manual_seed",
        "Generator",
        "creation",
        "Seed this generator; it returns the generator.",
        "torch.Generator().manual_seed(0)",
        kind="other",
        impl=calls.generator_seed,
    ),
    op(
        "equal",
        "torch tensor",
        "comparison",
        "Whether two tensors have the same shape and values.",
        "torch.equal(x, x)",
        kind="other",
    ),
    op(
        "allclose",
        "torch tensor",
        "comparison",
        "Whether two tensors are close everywhere.",
        "torch.allclose(x, x + 1e-9)",
        check="broadcast",
        kwargs=("rtol", "atol", "equal_nan"),
        kind="other",
    ),
    op(
        "isclose",
        "torch tensor",
        "comparison",
        "Where two tensors are close.",
        "torch.isclose(x, x)",
        check="broadcast",
        kwargs=("rtol", "atol", "equal_nan"),
    ),
    op(
        "is_available",
        "cuda",
        "creation",
        "Whether a GPU is there: never, here (`device = 'cuda' if torch.cuda.is_available() else 'cpu'` works).",
        "torch.cuda.is_available()",
        impl=lambda: False,
        kind="other",
    ),
    *(
        op(
            name,
            "autograd.functional",
            "autograd",
            doc,
            example,
            kwargs=("create_graph", "strict", "vectorize", "strategy"),
            impl=getattr(torch.autograd.functional, name),
            kind="backward",
        )
        for name, doc, example in (
            (
                "jacobian",
                "The Jacobian of a function at an input.",
                "torch.autograd.functional.jacobian(lambda t: t.exp(), x)",
            ),
            (
                "hessian",
                "The Hessian of a scalar function at an input.",
                "torch.autograd.functional.hessian(lambda t: (t ** 3).sum(), x)",
            ),
            (
                "vjp",
                "A vector-Jacobian product: (output, v @ J).",
                "torch.autograd.functional.vjp(lambda t: t * 2, x, torch.ones(2, 3))",
            ),
            (
                "jvp",
                "A Jacobian-vector product: (output, J @ v).",
                "torch.autograd.functional.jvp(lambda t: t * 2, x, torch.ones(2, 3))",
            ),
        )
    ),
    op(
        "Variable",
        "autograd",
        "autograd",
        "The legacy wrapper: today it is the tensor itself, with requires_grad if asked.",
        "torch.autograd.Variable(torch.ones(2), requires_grad=True)",
        kwargs=("requires_grad", "volatile"),
    ),
    op(
        "is_grad_enabled",
        "torch",
        "autograd",
        "Whether operations are being recorded.",
        "torch.is_grad_enabled()",
        kind="other",
    ),
    # autograd
    op(
        "backward",
        "tensor",
        "autograd",
        "Accumulate d(self)/d(leaf) into every leaf's .grad.",
        "x.sum().backward()",
        kind="backward",
        kwargs=("gradient", "retain_graph", "create_graph", "inputs"),
        impl=calls.backward,
        needs_ctx=True,
        mutates=True,
    ),
    op(
        "backward",
        "autograd",
        "autograd",
        "One backward from several outputs at once (each with its grad_tensors entry), into the leaves' .grad.",
        "torch.autograd.backward([x.sum(), (x * 2).sum()])",
        kind="backward",
        kwargs=("tensors", "grad_tensors", "retain_graph", "create_graph", "inputs"),
        impl=calls.autograd_backward,
        needs_ctx=True,
        mutates=True,
    ),
    op(
        "grad",
        "autograd",
        "autograd",
        "Return gradients instead of accumulating them.",
        "torch.autograd.grad(x.sum(), [x])",
        kind="backward",
        kwargs=("outputs", "inputs", "grad_outputs", "retain_graph", "create_graph", "allow_unused"),
        impl=calls.autograd_grad,
        needs_ctx=True,
    ),
    op("detach", "tensor", "autograd", "Same values, cut from the graph.", "x.detach()", kind="grad-change", cuts=True),
    op(
        "requires_grad_",
        "tensor",
        "autograd",
        "Start or stop recording operations on a leaf.",
        "x.detach().requires_grad_()",
        kind="grad-change",
        kwargs=("requires_grad",),
        mutates=True,
    ),
    op(
        "retain_grad",
        "tensor",
        "autograd",
        "Keep .grad for a non-leaf tensor.",
        "(x * 2).retain_grad()",
        kind="grad-change",
        mutates=True,
    ),
    op(
        "zero_",
        "tensor",
        "autograd",
        "Fill with zeros in place (e.g. x.grad.zero_()).",
        "x.detach().clone().zero_()",
        kind="grad-change",
        mutates=True,
    ),
    op(
        "fill_",
        "tensor",
        "autograd",
        "Fill with a value in place.",
        "x.detach().clone().fill_(1.0)",
        kind="grad-change",
        mutates=True,
    ),
    op(
        "normal_",
        "tensor",
        "creation",
        "Fill in place with normal random values (weight init).",
        "x.detach().clone().normal_(0.0, 0.1)",
        kind="grad-change",
        kwargs=("mean", "std"),
        mutates=True,
    ),
    op(
        "uniform_",
        "tensor",
        "creation",
        "Fill in place with uniform random values in [from, to).",
        "x.detach().clone().uniform_(-1, 1)",
        kind="grad-change",
        mutates=True,
    ),
    op(
        "add_",
        "tensor",
        "autograd",
        "In-place add.",
        "x.detach().clone().add_(1.0)",
        kind="grad-change",
        check="broadcast",
        kwargs=("alpha",),
        mutates=True,
    ),
    op(
        "sub_",
        "tensor",
        "autograd",
        "In-place subtract.",
        "x.detach().clone().sub_(1.0)",
        kind="grad-change",
        check="broadcast",
        kwargs=("alpha",),
        mutates=True,
    ),
    op(
        "mul_",
        "tensor",
        "autograd",
        "In-place multiply.",
        "x.detach().clone().mul_(2.0)",
        kind="grad-change",
        check="broadcast",
        mutates=True,
    ),
    op(
        "no_grad",
        "torch",
        "autograd",
        "`with torch.no_grad():` records nothing inside.",
        kind="other",
        impl=calls.context_only,
    ),
    op(
        "inference_mode",
        "torch",
        "autograd",
        "`with torch.inference_mode():` (or as a decorator) records nothing, and its tensors never can be.",
        kind="other",
        impl=calls.context_only,
    ),
    op(
        "enable_grad",
        "torch",
        "autograd",
        "`with torch.enable_grad():` records again inside no_grad.",
        kind="other",
        impl=calls.context_only,
    ),
    op(
        "set_grad_enabled",
        "torch",
        "autograd",
        "`with torch.set_grad_enabled(flag):` records only if flag; called alone, it sets the mode from there on.",
        kind="grad-change",
        impl=calls.set_grad_enabled,
    ),
    attr("grad", "tensor", "Accumulated gradient of a leaf (None until backward).", lambda t: t.grad),
    attr("requires_grad", "tensor", "Whether operations on it are recorded.", lambda t: t.requires_grad),
    attr("is_leaf", "tensor", "Made by the user, not by an operation.", lambda t: t.is_leaf),
    attr("grad_fn", "tensor", "The backward node that made it (None for leaves).", lambda t: t.grad_fn),
    attr("device", "tensor", "Where it lives: the CPU here.", lambda t: t.device),
    attr("shape", "tensor", "The size of each dim.", lambda t: t.shape),
    attr("dtype", "tensor", "The element type.", lambda t: t.dtype),
    attr("ndim", "tensor", "Number of dims.", lambda t: t.ndim),
    attr("data", "tensor", "The values, outside the graph.", lambda t: t.data, cuts=True),
    attr("T", "tensor", "Reversed dims (transpose of a matrix).", lambda t: t.T),
    # torch.nn.functional
    op(
        "softmax",
        "torch tensor F",
        "functional",
        "exp(x) / sum(exp(x)) along dim.",
        "F.softmax(x, dim=1)",
        kwargs=("dim", "dtype"),
    ),
    op(
        "log_softmax",
        "torch tensor F",
        "functional",
        "log(softmax(x)) along dim, computed stably.",
        "F.log_softmax(x, dim=1)",
        kwargs=("dim", "dtype"),
    ),
    op(
        "leaky_relu",
        "F",
        "functional",
        "x if x > 0 else slope * x.",
        "F.leaky_relu(x - 0.5, 0.1)",
        kwargs=("negative_slope",),
    ),
    op("gelu", "F", "functional", "Gaussian error linear unit.", "F.gelu(x)"),
    op("linear", "F", "functional", "x @ weight.T + bias.", "F.linear(x, y)", check="matmul", kwargs=("bias",)),
    op("mse_loss", "F", "loss", "Mean squared error.", "F.mse_loss(x, y)", kwargs=("reduction",)),
    op("l1_loss", "F", "loss", "Mean absolute error.", "F.l1_loss(x, y)", kwargs=("reduction",)),
    op(
        "cross_entropy",
        "F",
        "loss",
        "Softmax + negative log-likelihood against class indices.",
        "F.cross_entropy(x, torch.tensor([0, 2]))",
        kwargs=("reduction", "label_smoothing"),
    ),
    op(
        "nll_loss",
        "F",
        "loss",
        "Negative log-likelihood of log-probabilities.",
        "F.nll_loss(F.log_softmax(x, dim=1), torch.tensor([1, 0]))",
        kwargs=("reduction",),
    ),
    op(
        "binary_cross_entropy",
        "F",
        "loss",
        "BCE of probabilities against targets.",
        "F.binary_cross_entropy(torch.sigmoid(x), y)",
        kwargs=("reduction",),
    ),
    # optimizers and schedules: catalogue_optim.py
    # graph nodes and multi-value results
    op(
        "name",
        "node",
        "autograd",
        "The backward node's name, e.g. AddBackward0.",
        "x.grad_fn.name()",
        kind="other",
        impl=lambda n: n.name(),
    ),
    attr("next_functions", "node", "The nodes this one passes gradients to.", lambda n: n.next_functions),
    # What a backward node saved, read only (the autograd-mechanics notes teach it); after a backward that did
    # not keep its graph, reading one raises PyTorch's own error.
    *(
        attr(
            f"_saved_{name}", "node", f"The `{name}` tensor or value this node saved for backward.", _saved_reader(name)
        )
        for name in ("self", "other", "result", "exponent", "mat1", "mat2", "dim", "input")
    ),
    attr("values", "result", "Values of a max/min along a dim, of a sort or a topk.", lambda r: r.values),
    attr("indices", "result", "Indices of a max/min along a dim, of a sort or a topk.", lambda r: r.indices),
    # Python lists and builtins
    op(
        "append",
        "list",
        "builtin",
        "Add an item to a list (e.g. a loss history).",
        "[x].append(y)",
        kind="other",
        impl=calls.append,
        needs_ctx=True,
    ),
    op(
        "print",
        "builtin",
        "builtin",
        "Print values, as Python does.",
        kind="print",
        kwargs=("sep", "end"),
        impl=calls.print_,
        needs_ctx=True,
    ),
    op("range", "builtin", "builtin", "Integers for a for loop.", impl=calls.range_, needs_ctx=True, kind="other"),
    op("len", "builtin", "builtin", "Length of a tensor's first dim or a list.", impl=len, kind="other"),
    op(
        "sum",
        "builtin",
        "builtin",
        "Sum of a list of numbers (or tensors).",
        "sum([x, y])",
        impl=calls.sum_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "enumerate",
        "builtin",
        "builtin",
        "(index, item) pairs, for a for loop.",
        "enumerate([x, y], start=1)",
        kwargs=("start",),
        impl=calls.enumerate_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "zip",
        "builtin",
        "builtin",
        "Items of several lists side by side, for a for loop.",
        "zip([x], [y])",
        impl=calls.zip_,
        needs_ctx=True,
        kind="other",
    ),
    # the math module, and the random module seeded with the run's seed
    *(
        op(name, "math", "math", doc, example, kind="other")
        for name, doc, example in (
            ("sqrt", "Square root of a number.", "math.sqrt(2.0)"),
            ("exp", "e to a power.", "math.exp(1.0)"),
            ("log", "Natural logarithm (or to a base).", "math.log(8, 2)"),
            ("log10", "Logarithm to base 10.", "math.log10(100)"),
            ("log2", "Logarithm to base 2.", "math.log2(8)"),
            ("sin", "Sine.", "math.sin(0.5)"),
            ("cos", "Cosine.", "math.cos(0.5)"),
            ("tan", "Tangent.", "math.tan(0.5)"),
            ("tanh", "Hyperbolic tangent.", "math.tanh(0.5)"),
            ("fabs", "Absolute value, as a float.", "math.fabs(-2)"),
            ("floor", "Largest whole number not above.", "math.floor(2.5)"),
            ("ceil", "Smallest whole number not below.", "math.ceil(2.5)"),
            ("isclose", "Whether two numbers are close.", "math.isclose(0.1 + 0.2, 0.3)"),
            ("isnan", "Whether a number is NaN.", "math.isnan(1.0)"),
            ("isinf", "Whether a number is infinite.", "math.isinf(1.0)"),
            ("isfinite", "Whether a number is finite.", "math.isfinite(1.0)"),
        )
    ),
    op(
        "pow",
        "math",
        "math",
        "A number to a power, as a float.",
        "math.pow(2, 0.5)",
        impl=pycalls.math_pow,
        kind="other",
    ),
    op(
        "deepcopy",
        "copy",
        "copy",
        "A copy of tensors, a model, or the lists and dicts that hold them (a state_dict), sharing nothing.",
        "copy.deepcopy({'w': x})",
        impl=pycalls.deepcopy_,
        needs_ctx=True,
        kind="other",
    ),
    *(
        op(name, "random", "random", doc, example, impl=pycalls.seeded(name), needs_ctx=True, kind="other")
        for name, doc, example in (
            ("random", "A float in [0, 1).", "random.random()"),
            ("uniform", "A float between two numbers.", "random.uniform(-1, 1)"),
            ("randint", "A whole number between two, both included.", "random.randint(1, 6)"),
            ("gauss", "A normally distributed float.", "random.gauss(0, 1)"),
            ("choice", "One item of a list.", "random.choice([1, 2, 3])"),
            ("shuffle", "Shuffle a list in place.", "random.shuffle([1, 2, 3])"),
            ("sample", "Some distinct items of a list.", "random.sample([1, 2, 3], 2)"),
            ("seed", "Seed the generator.", "random.seed(0)"),
        )
    ),
    # Python's builtins and the methods of lists, dicts and strings (app/engine/pycalls.py)
    op(
        "list",
        "builtin",
        "builtin",
        "A list of the items.",
        "list(range(3))",
        impl=pycalls.list_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "tuple",
        "builtin",
        "builtin",
        "A tuple of the items.",
        "tuple([1, 2])",
        impl=pycalls.tuple_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "set",
        "builtin",
        "builtin",
        "A set of the items.",
        "set([1, 1, 2])",
        impl=pycalls.set_,
        needs_ctx=True,
        kind="other",
        check="walk",
    ),
    op(
        "dict",
        "builtin",
        "builtin",
        "A dict from pairs or keywords.",
        "dict(lr=0.1)",
        kwargs=("*",),
        impl=pycalls.dict_,
        needs_ctx=True,
        kind="other",
        check="walk",
    ),
    op(
        "sorted",
        "builtin",
        "builtin",
        "The items in order.",
        "sorted([3, 1, 2])",
        kwargs=("key", "reverse"),
        impl=pycalls.sorted_,
        needs_ctx=True,
        kind="other",
        check="walk",
    ),
    op(
        "reversed",
        "builtin",
        "builtin",
        "The items last to first.",
        "reversed([1, 2])",
        impl=pycalls.reversed_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "any",
        "builtin",
        "builtin",
        "Whether any item is true.",
        "any([False, True])",
        impl=pycalls.any_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "all",
        "builtin",
        "builtin",
        "Whether every item is true.",
        "all([True, True])",
        impl=pycalls.all_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "map",
        "builtin",
        "builtin",
        "A function applied to each item (a list).",
        "map(lambda v: v * 2, [-1, 2])",
        impl=pycalls.map_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "filter",
        "builtin",
        "builtin",
        "The items a function keeps (a list).",
        "filter(None, [0, 1])",
        impl=pycalls.filter_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "str",
        "builtin",
        "builtin",
        "A value's text, as print shows it.",
        "str(1.5)",
        impl=pycalls.str_,
        needs_ctx=True,
        kind="other",
        check="text",
    ),
    op("bool", "builtin", "builtin", "A value's truth.", "bool(0)", impl=bool, kind="other"),
    op(
        "isinstance",
        "builtin",
        "builtin",
        "Whether a value is of a type (int, float, str, bool, list, tuple, dict, set, torch.Tensor, an exception).",
        "isinstance(1.5, float)",
        impl=isinstance,
        kind="other",
    ),
    op(
        "extend",
        "list",
        "builtin",
        "Add the items of another list.",
        "[1].extend([2])",
        impl=pycalls.extend,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "insert",
        "list",
        "builtin",
        "Insert an item at an index.",
        "[1].insert(0, 2)",
        impl=pycalls.insert,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "pop",
        "list dict",
        "builtin",
        "Remove and return an item.",
        "[1, 2].pop()",
        impl=lambda c, *a: c.pop(*a),
        kind="other",
        check="walk",
    ),
    op(
        "index",
        "list str",
        "builtin",
        "Where an item first is.",
        "[1, 2].index(2)",
        impl=lambda c, *a: c.index(*a),
        kind="other",
        check="walk",
    ),
    op(
        "count",
        "list str",
        "builtin",
        "How often an item occurs.",
        "[1, 1].count(1)",
        impl=lambda c, v: c.count(v),
        kind="other",
        check="walk",
    ),
    op("copy", "list dict", "builtin", "A shallow copy.", "[1].copy()", impl=lambda c: c.copy(), kind="other"),
    op(
        "items",
        "dict",
        "builtin",
        "The (key, value) pairs.",
        "{'a': 1}.items()",
        impl=lambda d: d.items(),
        kind="other",
    ),
    op("keys", "dict", "builtin", "The keys.", "{'a': 1}.keys()", impl=lambda d: d.keys(), kind="other"),
    op("values", "dict", "builtin", "The values.", "{'a': 1}.values()", impl=lambda d: d.values(), kind="other"),
    op(
        "get",
        "dict",
        "builtin",
        "The value for a key, or a default.",
        "{'a': 1}.get('b', 0)",
        impl=lambda d, *a: d.get(*a),
        kind="other",
        check="walk",
    ),
    op(
        "update",
        "dict",
        "builtin",
        "Add the pairs of another dict.",
        "{}.update(a=1)",
        kwargs=("*",),
        impl=pycalls.update,
        needs_ctx=True,
        kind="other",
        check="walk",
    ),
    op(
        "setdefault",
        "dict",
        "builtin",
        "The value for a key, set first if missing.",
        "{}.setdefault('a', [])",
        impl=pycalls.setdefault,
        needs_ctx=True,
        kind="other",
        check="walk",
    ),
    op(
        "clear",
        "list dict",
        "builtin",
        "Remove every item.",
        "[1, 2].clear()",
        impl=lambda xs: xs.clear(),
        kind="other",
    ),
    op(
        "format",
        "str",
        "builtin",
        "Fill `{}` fields (plain fields only).",
        "'{:.3f}'.format(0.5)",
        kwargs=("*",),
        impl=pycalls.format_,
        needs_ctx=True,
        kind="other",
        check="text",
    ),
    op(
        "join",
        "str",
        "builtin",
        "Strings joined by this one.",
        "', '.join(['a', 'b'])",
        impl=pycalls.join,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "replace",
        "str",
        "builtin",
        "Occurrences replaced.",
        "'a-b'.replace('-', '+')",
        impl=pycalls.replace,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "split",
        "str",
        "builtin",
        "Words, or parts between a separator.",
        "'a b'.split()",
        impl=lambda t, *a: t.split(*a),
        kind="other",
    ),
    op(
        "strip",
        "str",
        "builtin",
        "Without surrounding spaces.",
        "' a '.strip()",
        impl=lambda t, *a: t.strip(*a),
        kind="other",
    ),
    op("upper", "str", "builtin", "In capitals.", "'a'.upper()", impl=lambda t: t.upper(), kind="other"),
    op("lower", "str", "builtin", "In small letters.", "'A'.lower()", impl=lambda t: t.lower(), kind="other"),
    op("title", "str", "builtin", "Each word capitalised.", "'a b'.title()", impl=lambda t: t.title(), kind="other"),
    op(
        "startswith",
        "str",
        "builtin",
        "Whether it starts with a text.",
        "'ab'.startswith('a')",
        impl=lambda t, *a: t.startswith(*a),
        kind="other",
    ),
    op(
        "endswith",
        "str",
        "builtin",
        "Whether it ends with a text.",
        "'ab'.endswith('b')",
        impl=lambda t, *a: t.endswith(*a),
        kind="other",
    ),
    op(
        "center",
        "str",
        "builtin",
        "Centred in a width.",
        "'a'.center(5, '-')",
        impl=pycalls.padded("center"),
        needs_ctx=True,
        kind="other",
    ),
    op(
        "ljust",
        "str",
        "builtin",
        "Left-aligned in a width.",
        "'a'.ljust(5)",
        impl=pycalls.padded("ljust"),
        needs_ctx=True,
        kind="other",
    ),
    op(
        "rjust",
        "str",
        "builtin",
        "Right-aligned in a width.",
        "'a'.rjust(5)",
        impl=pycalls.padded("rjust"),
        needs_ctx=True,
        kind="other",
    ),
    op(
        "zfill",
        "str",
        "builtin",
        "Padded with zeros to a width.",
        "'7'.zfill(3)",
        impl=pycalls.padded("zfill"),
        needs_ctx=True,
        kind="other",
    ),
    op("float", "builtin", "builtin", "A Python float.", impl=float, kind="other"),
    op("int", "builtin", "builtin", "A Python int.", impl=int, kind="other"),
    op("abs", "builtin", "builtin", "Absolute value.", impl=abs, kind="other"),
    op(
        "divmod",
        "builtin",
        "builtin",
        "(a // b, a % b) of two numbers.",
        "divmod(7, 2)",
        impl=calls.divmod_,
        kind="other",
    ),
    op("round", "builtin", "builtin", "Round a number.", impl=calls.round_, kind="other"),
    op(
        "min",
        "builtin",
        "builtin",
        "Smallest of numbers, or of items by a key function (of a tensor's elements: x.min()).",
        'min({"a": 2.0, "b": 1.0}, key={"a": 2.0, "b": 1.0}.get)',
        kwargs=("key", "default"),
        impl=calls.min_,
        needs_ctx=True,
        kind="other",
    ),
    op(
        "max",
        "builtin",
        "builtin",
        "Largest of numbers, or of items by a key function (of a tensor's elements: x.max()).",
        "max([3.0, -5.0], key=abs)",
        kwargs=("key", "default"),
        impl=calls.max_,
        needs_ctx=True,
        kind="other",
    ),
    *catalogue_tensor.ROWS,  # masks, sorting, pieces, einsum, in-place clamp_/copy_/detach_
    *catalogue_nn.ROWS,  # torch.nn: layers, losses, modules
    *catalogue_functional.ROWS,  # torch.nn.functional and torch.nn.init
    *catalogue_optim.ROWS,  # torch.optim and its schedules
    *catalogue_data.ROWS,  # torch.utils.data
    *catalogue_tutorial.ROWS,  # torch.func, print options, iter/next/dir, NumPy's bridge
    *catalogue_numpy.ROWS,  # import numpy as np
) + catalogue_program.ROWS

DTYPES: dict[str, torch.dtype] = {
    "float32": torch.float32,
    "float": torch.float32,
    "float64": torch.float64,
    "double": torch.float64,
    "float16": torch.float16,
    "half": torch.float16,
    "bfloat16": torch.bfloat16,
    "int64": torch.int64,
    "long": torch.int64,
    "int32": torch.int32,
    "int": torch.int32,
    "int16": torch.int16,
    "int8": torch.int8,
    "uint8": torch.uint8,
    "bool": torch.bool,
}
SUBMODULES = {
    ("torch", "nn"): "nn",
    ("nn", "functional"): "F",
    ("torch", "optim"): "optim",
    ("torch", "autograd"): "autograd",
    ("torch", "cuda"): "cuda",
    ("autograd", "functional"): "autograd.functional",
    ("torch", "utils"): "utils",
    ("utils", "data"): "utils.data",
    ("nn", "init"): "nn.init",
    ("nn", "utils"): "nn.utils",
    ("optim", "lr_scheduler"): "optim.lr_scheduler",
    ("torch", "func"): "func",
    ("np", "random"): "np.random",
}
# The classes a program's class may derive from, where they are reached: ("nn", "Module") -> nn.Module.
BASE_CLASSES: dict[tuple[str, str], type] = {
    (key.rsplit(".", 1)[0], key.rsplit(".", 1)[1]): cls for key, cls in classes.BASES.items()
}
CONTEXT_MANAGERS = ("no_grad", "enable_grad", "set_grad_enabled", "inference_mode")
SETTABLE_ATTRIBUTES = ("grad", "requires_grad", "data")

_BY_PLACE: dict[tuple[str, str], Entry] = {(w, e.name): e for e in TABLE for w in e.where}


def lookup(where: str, name: str) -> Entry | None:
    """The entry reachable as `name` from `where` (a namespace or a receiver kind), if any."""
    return _BY_PLACE.get((where, name))


def names_at(where: str) -> list[str]:
    return sorted(n for (w, n) in _BY_PLACE if w == where)


@functools.cache
def all_names() -> frozenset[str]:
    """Every name a program may write after a dot."""
    subs = {name for (_, name) in SUBMODULES}
    constants = {name for (_, name) in CONSTANTS}
    bases = {name for (_, name) in BASE_CLASSES}
    return frozenset(n for (_, n) in _BY_PLACE) | frozenset(DTYPES) | subs | constants | bases


# Receivers named by their kind rather than their type: "scheduler" for every schedule, and so on.
RECEIVERS: tuple[tuple[type, str], ...] = (
    (torch.optim.lr_scheduler.LRScheduler, "scheduler"),
    (torch.utils.data.DataLoader, "loader"),
    (torch.utils.data.Dataset, "dataset"),
    (dict, "dict"),  # state_dict()'s OrderedDict, an optimizer's state
    (torch.torch_version.TorchVersion, "str"),  # torch.__version__: a string that compares as a version
)


def receiver_of(value: Any) -> str:
    """The receiver kind catalogue rows name for a value that is none of the engine's own kinds."""
    return next((kind for cls, kind in RECEIVERS if isinstance(value, cls)), type(value).__name__)


def builtin_names() -> Iterable[str]:
    return names_at("builtin")


def ops_listing() -> list[dict[str, Any]]:
    """The catalogue as plain data, for GET /api/v1/ops and the docs."""
    return [e.to_dict() for e in TABLE]


def offered(where: str) -> list[str]:
    """What dir(module) lists: the names the language offers in that namespace, sorted as dir() sorts."""
    names = set(names_at(where)) | {n for (w, n) in SUBMODULES if w == where}
    names |= {n for (w, n) in (*CONSTANTS, *BASE_CLASSES) if w == where}
    if where == "torch":
        names |= set(DTYPES)
    return sorted(names)
