"""Catalogue rows for the tensor operations tutorials reach for past the basics: masks, picking and sorting,
splitting into pieces, batched products and einsum, checks for NaN, and a few in-place methods.

Joined into the one table by catalogue.py. Imports torch and the row makers only.
"""

from __future__ import annotations

from app.engine.entries import Entry, op

EW = "elementwise"
SORT = ("dim", "descending", "stable")

ROWS: tuple[Entry, ...] = (
    # masks and picking
    op(
        "masked_fill",
        "torch tensor",
        EW,
        "A value where a mask holds (e.g. -inf on masked attention scores), the tensor elsewhere.",
        "x.masked_fill(x > 0.5, 0.0)",
        check="broadcast",
        kwargs=("mask", "value"),
    ),
    op(
        "masked_select",
        "torch tensor",
        "indexing",
        "The elements where a mask holds, as a 1-D tensor.",
        "x.masked_select(x > 0.5)",
        check="broadcast",
        kwargs=("mask",),
    ),
    op(
        "gather",
        "torch tensor",
        "indexing",
        "Along dim, the element each index names (e.g. each target's log-probability).",
        "x.gather(1, torch.tensor([[0], [2]]))",
        kwargs=("dim", "index", "sparse_grad"),
    ),
    op(
        "nonzero",
        "torch tensor",
        "indexing",
        "The indices of the non-zero (true) elements, a row each.",
        "torch.nonzero(x > 0.5)",
        check="nonzero",
        kwargs=("as_tuple",),
    ),
    op("isnan", "torch tensor", "comparison", "Where the values are NaN.", "torch.isnan(x.log())"),
    op("isinf", "torch tensor", "comparison", "Where the values are infinite.", "torch.isinf(1 / (x - x))"),
    op("isfinite", "torch tensor", "comparison", "Where the values are neither NaN nor infinite.", "torch.isfinite(x)"),
    op(
        "any",
        "torch tensor",
        "reduction",
        "Whether any element is true, over all or along dim.",
        "(x > 0.5).any()",
        kwargs=("dim", "keepdim"),
    ),
    op(
        "all",
        "torch tensor",
        "reduction",
        "Whether every element is true, over all or along dim.",
        "(x > 0.5).all(dim=1)",
        kwargs=("dim", "keepdim"),
    ),
    # sorting and ranking
    op(
        "topk",
        "torch tensor",
        "reduction",
        "The k largest (or smallest) along dim: (values, indices).",
        "x.topk(2, dim=1)",
        kwargs=("k", "dim", "largest", "sorted"),
    ),
    op(
        "sort",
        "torch tensor",
        "reduction",
        "Sorted along dim: (values, indices).",
        "torch.sort(x, descending=True)",
        kwargs=SORT,
    ),
    op(
        "argsort",
        "torch tensor",
        "reduction",
        "The order that sorts along dim.",
        "torch.argsort(x, dim=1)",
        kwargs=SORT,
    ),
    op(
        "cumsum",
        "torch tensor",
        "reduction",
        "Running sum along dim.",
        "torch.cumsum(x, dim=1)",
        kwargs=("dim", "dtype"),
    ),
    # products
    op(
        "bmm",
        "torch tensor",
        "linear algebra",
        "Batched matrix product of 3-D tensors (b, n, m) and (b, m, p).",
        "torch.bmm(x.unsqueeze(0), y.T.unsqueeze(0))",
        check="matmul",
    ),
    op(
        "einsum",
        "torch",
        "linear algebra",
        "Products and sums written as an equation of subscripts, e.g. 'bij,bjk->bik'.",
        "torch.einsum('ij,kj->ik', x, y)",
        check="einsum",
    ),
    op(
        "diagonal",
        "torch tensor",
        "shape",
        "The diagonal of a matrix (or of two dims), as a view.",
        "x.diagonal()",
        kwargs=("offset", "dim1", "dim2"),
    ),
    # pieces
    op(
        "chunk",
        "torch tensor",
        "shape",
        "Split into a number of (nearly) equal pieces along dim.",
        "x.chunk(3, dim=1)",
        check="pieces",
        kwargs=("chunks", "dim"),
    ),
    op(
        "split",
        "torch tensor",
        "shape",
        "Split into pieces of a size (or of a list of sizes) along dim.",
        "torch.split(x, 2, dim=1)",
        check="pieces",
        kwargs=("split_size", "split_size_or_sections", "dim"),
    ),
    op(
        "unbind",
        "torch tensor",
        "shape",
        "The slices along dim, as a tuple, that dim removed.",
        "x.unbind(1)",
        check="pieces",
        kwargs=("dim",),
    ),
    # distances
    op(
        "cosine_similarity",
        "torch F",
        "functional",
        "Cosine of the angle between vectors along dim.",
        "F.cosine_similarity(x, y)",
        check="broadcast",
        kwargs=("dim", "eps"),
    ),
    op(
        "pairwise_distance",
        "torch F",
        "functional",
        "p-norm distance between rows.",
        "F.pairwise_distance(x, y)",
        check="broadcast",
        kwargs=("p", "eps", "keepdim"),
    ),
    # in place, and the inference flag
    op(
        "clamp_",
        "tensor",
        "autograd",
        "Limit to [min, max] in place.",
        "x.detach().clone().clamp_(min=0.2, max=0.8)",
        kind="grad-change",
        kwargs=("min", "max"),
        mutates=True,
    ),
    op(
        "copy_",
        "tensor",
        "autograd",
        "Copy another tensor's values in, in place (broadcast to this one's shape).",
        "x.detach().clone().copy_(y)",
        kind="grad-change",
        check="broadcast",
        kwargs=("non_blocking",),
        mutates=True,
    ),
    op(
        "detach_",
        "tensor",
        "autograd",
        "Cut this tensor itself from the graph: it becomes a leaf that does not require grad.",
        "(x * 2).detach_()",
        kind="grad-change",
        mutates=True,
    ),
    op(
        "is_inference",
        "tensor",
        "inspection",
        "Whether it was made under torch.inference_mode().",
        "x.is_inference()",
        kind="other",
    ),
)
