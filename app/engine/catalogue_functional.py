"""Catalogue rows for torch.nn.functional forms beyond catalogue.py's (the losses, convolutions and pooling the
layers use), torch.nn.init, torch.nn.utils' gradient clipping and parameter vectors, and pad_sequence. Joined into
the one table in catalogue.py; convolutions, pooling and lookups are sized before they run
(nnguard.check_functional), vectors and padding in nnutils. Imports torch and the engine's entries and nnutils only.
"""

from __future__ import annotations

import torch.nn.functional as F
from torch import nn

from app.engine import nnutils
from app.engine.entries import Entry, op

_R = ("reduction",)
# torch.nn.functional forms not in catalogue.py: (name, doc, example, keywords, check).
_FUNCTIONAL: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("smooth_l1_loss", "Smooth L1 loss.", "F.smooth_l1_loss(x, y)", _R + ("beta",), "broadcast"),
    ("huber_loss", "Huber loss.", "F.huber_loss(x, y, delta=0.5)", _R + ("delta",), "broadcast"),
    (
        "binary_cross_entropy_with_logits",
        "Sigmoid and BCE, computed stably.",
        "F.binary_cross_entropy_with_logits(x, y)",
        _R + ("weight", "pos_weight"),
        "broadcast",
    ),
    (
        "kl_div",
        "KL divergence; input as log-probabilities.",
        "F.kl_div(F.log_softmax(x, dim=1), F.softmax(y, dim=1), reduction='batchmean')",
        _R + ("log_target",),
        "broadcast",
    ),
    (
        "dropout",
        "Zero elements with probability p (when training), scaling the rest.",
        "F.dropout(x, p=0.5)",
        ("p", "training", "inplace"),
        "post",
    ),
    ("silu", "x * sigmoid(x).", "F.silu(x)", (), "post"),
    ("softplus", "log(1 + exp(x)), smoothly.", "F.softplus(x)", ("beta", "threshold"), "post"),
    ("elu", "x above 0, alpha * (exp(x) - 1) below.", "F.elu(x)", ("alpha",), "post"),
    ("layer_norm", "Normalise over the last dims.", "F.layer_norm(x, (3,))", ("weight", "bias", "eps"), "post"),
    ("normalize", "Divide by the p-norm along dim.", "F.normalize(x, dim=1)", ("p", "dim", "eps"), "post"),
    (
        "one_hot",
        "Class indices as one-hot rows.",
        "F.one_hot(torch.tensor([0, 2]), num_classes=3)",
        ("num_classes",),
        "conv",
    ),
    (
        "embedding",
        "Rows of a weight table, by index.",
        "F.embedding(torch.tensor([1, 0]), x)",
        ("padding_idx",),
        "conv",
    ),
    (
        "conv1d",
        "1-d convolution.",
        "F.conv1d(x.unsqueeze(0), y[:, :2].unsqueeze(0))",
        ("bias", "stride", "padding", "dilation", "groups"),
        "conv",
    ),
    (
        "conv2d",
        "2-d convolution.",
        "F.conv2d(x.reshape(1, 1, 2, 3), y.reshape(1, 1, 2, 3))",
        ("bias", "stride", "padding", "dilation", "groups"),
        "conv",
    ),
    (
        "max_pool1d",
        "Maximum over windows.",
        "F.max_pool1d(x.unsqueeze(0), 2)",
        ("kernel_size", "stride", "padding", "dilation", "ceil_mode"),
        "conv",
    ),
    (
        "max_pool2d",
        "Maximum over 2-d windows.",
        "F.max_pool2d(x.reshape(1, 1, 2, 3), 2)",
        ("kernel_size", "stride", "padding", "dilation", "ceil_mode"),
        "conv",
    ),
    (
        "avg_pool2d",
        "Mean over 2-d windows.",
        "F.avg_pool2d(x.reshape(1, 1, 2, 3), 2)",
        ("kernel_size", "stride", "padding", "ceil_mode"),
        "conv",
    ),
)
_INIT: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("zeros_", "Fill with zeros, in place.", "torch.nn.init.zeros_(torch.empty(2, 3))", ()),
    ("ones_", "Fill with ones, in place.", "torch.nn.init.ones_(torch.empty(2, 3))", ()),
    ("constant_", "Fill with a value, in place.", "torch.nn.init.constant_(torch.empty(2, 3), 0.5)", ("val",)),
    (
        "normal_",
        "Fill from N(mean, std), in place.",
        "torch.nn.init.normal_(torch.empty(2, 3), std=0.1)",
        ("mean", "std"),
    ),
    ("uniform_", "Fill from U(a, b), in place.", "torch.nn.init.uniform_(torch.empty(2, 3), -0.1, 0.1)", ("a", "b")),
    (
        "xavier_uniform_",
        "Glorot's uniform fill, in place.",
        "torch.nn.init.xavier_uniform_(torch.empty(2, 3))",
        ("gain",),
    ),
    ("xavier_normal_", "Glorot's normal fill, in place.", "torch.nn.init.xavier_normal_(torch.empty(2, 3))", ("gain",)),
    (
        "kaiming_uniform_",
        "He's uniform fill, in place.",
        "torch.nn.init.kaiming_uniform_(torch.empty(2, 3))",
        ("a", "mode", "nonlinearity"),
    ),
    (
        "kaiming_normal_",
        "He's normal fill, in place.",
        "torch.nn.init.kaiming_normal_(torch.empty(2, 3))",
        ("a", "mode", "nonlinearity"),
    ),
)

_CLIP: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "clip_grad_norm_",
        "Scale the parameters' gradients, in place, so their total norm is at most max_norm; returns the norm before.",
        "torch.nn.utils.clip_grad_norm_([x], max_norm=1.0)",
        ("max_norm", "norm_type", "error_if_nonfinite"),
    ),
    (
        "clip_grad_value_",
        "Clamp each gradient, in place, to [-clip_value, clip_value].",
        "torch.nn.utils.clip_grad_value_([x], clip_value=0.5)",
        ("clip_value",),
    ),
)

ROWS: tuple[Entry, ...] = (
    *(
        op(name, "F", "functional", doc, example, kwargs=keywords, check=check, impl=getattr(F, name))
        for name, doc, example, keywords, check in _FUNCTIONAL
    ),
    *(
        op(
            name,
            where,
            "init",
            doc,
            example,
            kind="grad-change",
            kwargs=keywords,
            mutates=True,
            impl=getattr(module, name),
        )
        for where, module, rows in (("nn.init", nn.init, _INIT), ("nn.utils", nn.utils, _CLIP))
        for name, doc, example, keywords in rows
    ),
    op(
        "parameters_to_vector",
        "nn.utils",
        "init",
        "All the given parameters flattened into one new vector, in order.",
        "torch.nn.utils.parameters_to_vector([x, y])",
        impl=nnutils.parameters_to_vector,
        needs_ctx=True,
    ),
    op(
        "vector_to_parameters",
        "nn.utils",
        "init",
        "Set the given parameters, in order, from consecutive slices of one vector (as long as all of them).",
        "torch.nn.utils.vector_to_parameters(torch.zeros(12), [x, y])",
        kind="grad-change",
        impl=nnutils.vector_to_parameters,
        needs_ctx=True,
        mutates=True,
    ),
    op(
        "pad_sequence",
        "nn.utils.rnn",
        "init",
        "Stack tensors of different lengths into one, padding each to the longest with padding_value "
        "(sequence first, or batch first).",
        "torch.nn.utils.rnn.pad_sequence([x[0], x[1, :2]], batch_first=True, padding_value=-1.0)",
        kwargs=("batch_first", "padding_value", "padding_side"),
        impl=nnutils.pad_sequence,
        needs_ctx=True,
    ),
)
