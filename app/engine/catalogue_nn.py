"""Catalogue rows for torch.nn: layers, losses, and what a program may call or read on any module. Joined into the
one table in catalogue.py; the implementations are in nnlib.py and the size checks in nnguard.py. Imports torch and
the engine's entries and nnlib only.
"""

from __future__ import annotations

from typing import Any

from torch import nn

from app.engine import nnguard, nnlib
from app.engine.entries import Entry, attr, op

# Layers: (name, doc, example, keywords). Their sizes are checked before they allocate (check="layer").
_LAYERS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Linear", "x @ weight.T + bias, weight out x in.", "torch.nn.Linear(3, 2)", ("bias",)),
    ("Bilinear", "x1 @ weight @ x2 + bias.", "torch.nn.Bilinear(3, 3, 2)", ("bias",)),
    (
        "Conv1d",
        "1-d convolution over (N, C, L).",
        "torch.nn.Conv1d(2, 4, 3)",
        ("stride", "padding", "dilation", "groups", "bias", "padding_mode"),
    ),
    (
        "Conv2d",
        "2-d convolution over (N, C, H, W).",
        "torch.nn.Conv2d(1, 4, kernel_size=3, padding=1)",
        ("kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode"),
    ),
    ("Embedding", "Rows of a table, looked up by index.", "torch.nn.Embedding(10, 3)", ("padding_idx",)),
    (
        "BatchNorm1d",
        "Normalise each feature over the batch; running averages for eval().",
        "torch.nn.BatchNorm1d(3)",
        ("eps", "momentum", "affine", "track_running_stats"),
    ),
    (
        "BatchNorm2d",
        "Normalise each channel over the batch and the pixels.",
        "torch.nn.BatchNorm2d(3)",
        ("eps", "momentum", "affine", "track_running_stats"),
    ),
    (
        "LayerNorm",
        "Normalise over the last dims of each sample.",
        "torch.nn.LayerNorm(3)",
        ("eps", "elementwise_affine", "bias"),
    ),
    *(
        (
            name,
            f"A {gates} over a sequence (seq, batch, features); returns (output, {state}).",
            f"torch.nn.{name}(3, 4)",
            ("num_layers", "bias", "batch_first", "dropout", "bidirectional")
            + (("nonlinearity",) if name == "RNN" else ("proj_size",) if name == "LSTM" else ()),
        )
        for name, gates, state in (
            ("RNN", "recurrent layer", "h_n"),
            ("LSTM", "long short-term memory", "(h_n, c_n)"),
            ("GRU", "gated recurrent unit", "h_n"),
        )
    ),
    (
        "RNNCell",
        "One step of an RNN: h' = tanh(x W_ih + h W_hh + b).",
        "torch.nn.RNNCell(3, 4)",
        ("bias", "nonlinearity"),
    ),
    ("LSTMCell", "One step of an LSTM: returns (h', c').", "torch.nn.LSTMCell(3, 4)", ("bias",)),
    ("GRUCell", "One step of a GRU: returns h'.", "torch.nn.GRUCell(3, 4)", ("bias",)),
    ("ReLU", "max(x, 0).", "torch.nn.ReLU()", ("inplace",)),
    ("LeakyReLU", "x, or negative_slope * x below 0.", "torch.nn.LeakyReLU(0.1)", ("negative_slope", "inplace")),
    ("Tanh", "Hyperbolic tangent.", "torch.nn.Tanh()", ()),
    ("Sigmoid", "Logistic sigmoid.", "torch.nn.Sigmoid()", ()),
    ("GELU", "Gaussian error linear unit.", "torch.nn.GELU()", ("approximate",)),
    ("Softmax", "exp(x) / sum(exp(x)) along dim.", "torch.nn.Softmax(dim=1)", ("dim",)),
    ("LogSoftmax", "log(softmax(x)) along dim.", "torch.nn.LogSoftmax(dim=1)", ("dim",)),
    ("Flatten", "Collapse dims start_dim..end_dim into one.", "torch.nn.Flatten()", ("start_dim", "end_dim")),
    (
        "Dropout",
        "Zero each element with probability p in training, scaling the rest.",
        "torch.nn.Dropout(0.5)",
        ("p", "inplace"),
    ),
    ("Identity", "Returns its input.", "torch.nn.Identity()", ()),
    (
        "MaxPool1d",
        "Maximum over sliding windows of (N, C, L).",
        "torch.nn.MaxPool1d(2)",
        ("kernel_size", "stride", "padding", "dilation", "ceil_mode"),
    ),
    (
        "MaxPool2d",
        "Maximum over sliding windows of (N, C, H, W).",
        "torch.nn.MaxPool2d(2)",
        ("kernel_size", "stride", "padding", "dilation", "ceil_mode"),
    ),
    (
        "AvgPool2d",
        "Mean over sliding windows of (N, C, H, W).",
        "torch.nn.AvgPool2d(2)",
        ("kernel_size", "stride", "padding", "ceil_mode"),
    ),
)
_R = ("reduction",)
_LOSSES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("MSELoss", "Mean squared error: loss_fn(prediction, target).", _R),
    ("L1Loss", "Mean absolute error.", _R),
    ("SmoothL1Loss", "Squared below beta, absolute above.", _R + ("beta",)),
    ("HuberLoss", "Squared below delta, linear above.", _R + ("delta",)),
    ("BCELoss", "Binary cross-entropy of probabilities.", _R + ("weight",)),
    ("BCEWithLogitsLoss", "Sigmoid and binary cross-entropy, computed stably.", _R + ("weight", "pos_weight")),
    (
        "CrossEntropyLoss",
        "Log-softmax and NLL against class indices (or probabilities).",
        _R + ("weight", "ignore_index", "label_smoothing"),
    ),
    ("NLLLoss", "Negative log-likelihood of log-probabilities.", _R + ("weight", "ignore_index")),
    ("KLDivLoss", "KL divergence, input as log-probabilities.", _R + ("log_target",)),
)
_LINEAR = "torch.nn.Linear(3, 2)"
# Methods of any module: (name, doc, example, keywords, kind, mutates).
_METHODS: tuple[tuple[str, str, str, tuple[str, ...], str, bool], ...] = (
    (
        "parameters",
        "Its parameters, and its submodules', each once (a generator).",
        f"list({_LINEAR}.parameters())",
        ("recurse",),
        "other",
        False,
    ),
    (
        "named_parameters",
        "(name, parameter) pairs: `fc1.weight`, ...",
        f"list({_LINEAR}.named_parameters())",
        ("prefix", "recurse"),
        "other",
        False,
    ),
    (
        "buffers",
        "Its buffers (BatchNorm's running statistics).",
        f"list({_LINEAR}.buffers())",
        ("recurse",),
        "other",
        False,
    ),
    (
        "named_buffers",
        "(name, buffer) pairs.",
        f"list({_LINEAR}.named_buffers())",
        ("prefix", "recurse"),
        "other",
        False,
    ),
    ("children", "Its direct submodules.", f"list({_LINEAR}.children())", (), "other", False),
    (
        "named_children",
        "(name, submodule) pairs of its direct submodules.",
        f"list({_LINEAR}.named_children())",
        (),
        "other",
        False,
    ),
    ("modules", "Itself and every submodule, each once.", f"list({_LINEAR}.modules())", (), "other", False),
    (
        "named_modules",
        "(name, module) pairs: itself as '' and every submodule.",
        f"list({_LINEAR}.named_modules())",
        ("prefix",),
        "other",
        False,
    ),
    (
        "state_dict",
        "Every parameter and buffer by name, detached (an OrderedDict).",
        f"{_LINEAR}.state_dict()",
        (),
        "other",
        False,
    ),
    (
        "load_state_dict",
        "Copy values from a state_dict into its parameters and buffers.",
        f"{_LINEAR}.load_state_dict({_LINEAR}.state_dict())",
        ("strict",),
        "grad-change",
        True,
    ),
    (
        "train",
        "Training mode (Dropout drops, BatchNorm uses the batch); returns the module.",
        f"{_LINEAR}.train()",
        ("mode",),
        "other",
        False,
    ),
    ("eval", "Evaluation mode (Dropout off, BatchNorm's running statistics).", f"{_LINEAR}.eval()", (), "other", False),
    (
        "zero_grad",
        "Reset every parameter's .grad (to None by default).",
        f"{_LINEAR}.zero_grad()",
        ("set_to_none",),
        "optimizer",
        True,
    ),
    (
        "requires_grad_",
        "Start or stop recording operations on every parameter (freezing).",
        f"{_LINEAR}.requires_grad_(False)",
        ("requires_grad",),
        "grad-change",
        True,
    ),
    (
        "to",
        "Convert every parameter to a dtype (or device: only the CPU here).",
        f"{_LINEAR}.to(torch.float64)",
        ("dtype", "device"),
        "grad-change",
        True,
    ),
    ("float", "Every parameter as float32.", f"{_LINEAR}.float()", (), "grad-change", True),
    ("double", "Every parameter as float64.", f"{_LINEAR}.double()", (), "grad-change", True),
    ("cpu", "The module on the CPU (itself here).", f"{_LINEAR}.cpu()", (), "other", False),
)
_SEQ = "torch.nn.Sequential(torch.nn.Linear(3, 2))"


def _loss(cls: type[nn.Module]) -> Any:
    def build(*args: Any, **kwargs: Any) -> nn.Module:
        return cls(*args, **kwargs)

    build.__name__ = cls.__name__
    return build


def _apply(ctx: Any, module: nn.Module, fn: Any) -> nn.Module:
    """model.apply(fn): torch calls fn (the program's own function) on every submodule, children first, then the
    model itself; the model's size was checked first, so the visit is bounded."""
    nnguard.check_tree(ctx.limits, module, ".apply()")
    return module.apply(fn)


def _module_hook(name: str, in_backward: bool) -> Any:
    """module.register_forward_hook(fn) and its kin: torch calls fn (the program's own function) as the module
    runs forward, or as backward reaches it; the handle's remove() takes it off."""

    def register(ctx: Any, module: nn.Module, hook: Any) -> Any:
        if in_backward:
            ctx.program_hooks = True  # a backward may now run the program's code: nothing else may run one quietly
        return getattr(module, name)(hook)

    return register


_MODULE_HOOKS = (
    (
        "register_forward_hook",
        "Run a function (module, inputs, output) after each forward; what it returns (if not None) replaces the "
        "output.",
        False,
    ),
    (
        "register_forward_pre_hook",
        "Run a function (module, inputs) before each forward; what it returns (if not None) replaces the inputs.",
        False,
    ),
    (
        "register_full_backward_hook",
        "Run a function (module, grad_input, grad_output) as backward passes through the module; what it returns "
        "(if not None) replaces grad_input.",
        True,
    ),
)


ROWS: tuple[Entry, ...] = (
    *(
        op(
            name,
            "module",
            "module",
            doc,
            f"{_LINEAR}.{name}(lambda *args: None)",
            kind="other",
            impl=_module_hook(name, in_backward),
            needs_ctx=True,
            takes_functions=True,
        )
        for name, doc, in_backward in _MODULE_HOOKS
    ),
    *(
        op(
            name,
            "nn",
            "layer",
            doc,
            example,
            kind="other",
            check="layer",
            kwargs=tuple(dict.fromkeys(nnguard.size_keywords(name) + keywords + ("dtype", "device"))),
            impl=nnlib.layer(getattr(nn, name)),
            needs_ctx=True,
        )
        for name, doc, example, keywords in _LAYERS
    ),
    op(
        "Sequential",
        "nn",
        "layer",
        "Layers applied one after another; model[i], len(model), for layer in model, model.append(layer).",
        _SEQ,
        kind="other",
        impl=nnlib.sequential,
        needs_ctx=True,
    ),
    op(
        "ModuleList",
        "nn",
        "layer",
        "A list of layers, registered as submodules.",
        "torch.nn.ModuleList([torch.nn.Linear(3, 2)])",
        kind="other",
        impl=nnlib.module_list,
        needs_ctx=True,
    ),
    op(
        "add_module",
        "module",
        "module",
        "Add a submodule under a name: `module.name`, in children() and the state_dict.",
        f"{_LINEAR}.add_module('extra', torch.nn.ReLU())",
        kind="other",
        impl=nnlib.add_module,
        needs_ctx=True,
        mutates=True,
    ),
    op(
        "ParameterList",
        "nn",
        "layer",
        "A list of parameters, registered with the module that holds it.",
        "torch.nn.ParameterList([torch.nn.Parameter(torch.zeros(2))])",
        kind="other",
        impl=nnlib.parameter_list,
        needs_ctx=True,
    ),
    *(
        op(
            name,
            "module",
            "module",
            doc,
            f"{_LINEAR}.{name}('extra', {value})",
            kwargs=kwargs,
            kind="other",
            impl=nnlib.register_tensor(name),
            mutates=True,
        )
        for name, doc, value, kwargs in (
            (
                "register_buffer",
                "Keep a tensor that is not a parameter (a constant, a running statistic): `module.name`, in "
                "buffers() and the state_dict.",
                "torch.zeros(2)",
                ("persistent",),
            ),
            (
                "register_parameter",
                "Add a parameter under a name: `module.name`, in parameters() and the state_dict.",
                "torch.nn.Parameter(torch.zeros(2))",
                (),
            ),
        )
    ),
    op(
        "ModuleDict",
        "nn",
        "layer",
        "Layers by name, registered as submodules.",
        "torch.nn.ModuleDict({'fc': torch.nn.Linear(3, 2)})",
        kind="other",
        impl=nnlib.module_dict,
        needs_ctx=True,
    ),
    op(
        "Parameter",
        "nn",
        "layer",
        "A tensor a module registers as its parameter (requires grad).",
        "torch.nn.Parameter(torch.zeros(3))",
        kind="other",
        kwargs=("data", "requires_grad"),
        impl=nnlib.parameter,
        needs_ctx=True,
    ),
    *(
        op(name, "nn", "loss", doc, f"torch.nn.{name}()", kind="other", kwargs=keywords, impl=_loss(getattr(nn, name)))
        for name, doc, keywords in _LOSSES
    ),
    *(
        op(
            name,
            "module",
            "module",
            doc,
            example,
            kind=kind,
            kwargs=keywords,
            mutates=mutates,
            impl=nnlib.walked(name),
            needs_ctx=True,
        )
        for name, doc, example, keywords, kind, mutates in _METHODS
    ),
    op(
        "apply",
        "module",
        "module",
        "Call a function on every submodule, then on the module itself (e.g. to set weights); returns the module.",
        f"{_LINEAR}.apply(lambda m: None)",
        kind="other",
        impl=_apply,
        needs_ctx=True,
        takes_functions=True,
        mutates=True,
    ),
    *(
        op(name, "module", "module", doc, example, kind="other", impl=nnlib.grown(name), needs_ctx=True)
        for name, doc, example in (
            ("append", "Add a layer at the end of a Sequential or ModuleList.", f"{_SEQ}.append(torch.nn.ReLU())"),
            ("extend", "Add the layers of a list at the end.", f"{_SEQ}.extend([torch.nn.ReLU()])"),
            ("insert", "Insert a layer at an index.", f"{_SEQ}.insert(0, torch.nn.ReLU())"),
        )
    ),
    *(
        op(
            name,
            "module",
            "module",
            f"A ModuleDict's {name}.",
            f"torch.nn.ModuleDict({{'fc': torch.nn.ReLU()}}).{name}()",
            kind="other",
            impl=nnlib.dict_view(name),
        )
        for name in ("keys", "values", "items")
    ),
    *(
        attr(name, "module", f"The module's `{name}` (where torch documents it).", nnlib.attribute(name))
        for name in nnlib.ATTRIBUTES
    ),
)
