"""Hostile programs for the tensor operations sized by their arguments, for test_hostile_engine.py: an einsum's
output, intermediate products and work from its equation, a batched product's work, the pieces chunk and split
make, the rows nonzero makes, the draws multinomial makes, a Jacobian's size, gradcheck's runs and the linear
algebra's cubic work, each refused before the work; arguments torch refuses
are refused in its words. A program's own Generator stays usable, and bounded, after many draws."""

from __future__ import annotations

from typing import Any

T = "import torch\n"


def cases(case: Any) -> list[Any]:
    return [
        case(
            "einsum-outer-product-huge-output",
            T + "a = torch.ones(100000)\nc = torch.einsum('i,j->ij', a, a)\n",
            message="max_tensor_elements",
            line=3,
        ),
        case(
            "einsum-contraction-huge-work",
            T + "a = torch.ones(1000, 1000)\nc = torch.einsum('ij,jk->ik', a, a)\n",
            message="max_matmul_flops",
            line=3,
        ),
        case(
            "einsum-huge-intermediate-small-output",
            T + "a = torch.ones(3000)\nc = torch.einsum('i,j,ij->', a, a, torch.ones(1, 1))\n",
            message="an intermediate product of einsum(...)",
            line=3,
        ),
        case(
            "einsum-malformed-equation",
            T + "a = torch.ones(3)\nc = torch.einsum('i,j->k', a, a)\n",
            code="runtime_error",
            message="einsum(): output subscript k does not appear in the equation for any input operand",
            line=3,
        ),
        case(
            "einsum-operands-without-an-equation",
            T + "a = torch.ones(3)\nc = torch.einsum(a, [0], a, [0])\n",
            code="runtime_error",
            message="torch.einsum takes an equation string first",
            line=3,
        ),
        case(
            "bmm-huge-work",
            T + "a = torch.ones(1, 1000, 1000)\nc = torch.bmm(a, a)\n",
            message="max_matmul_flops",
            line=3,
        ),
        case(
            "bmm-huge-batch-output",
            T + "a = torch.ones(1000, 100, 1)\nb = torch.ones(1000, 1, 100)\nc = a.bmm(b)\n",
            message="max_tensor_elements",
            line=4,
        ),
        case(
            "topk-k-huge",
            T + "x = torch.ones(10)\nv, i = x.topk(10**9)\n",
            code="runtime_error",
            message="selected index k out of range",
            line=3,
        ),
        case(
            "chunk-a-billion-chunks",
            T + "x = torch.ones(100000)\nparts = x.chunk(10**9)\n",
            message="max_loop_iterations",
            line=3,
        ),
        case(
            "split-size-zero",
            T + "x = torch.ones(4)\nparts = torch.split(x, 0)\n",
            code="runtime_error",
            message="split_size can only be 0 if dimension size is 0",
            line=3,
        ),
        case(
            "split-size-negative",
            T + "x = torch.ones(4)\nparts = x.split(-1)\n",
            code="runtime_error",
            message="split expects split_size be non-negative",
            line=3,
        ),
        case(
            "split-into-single-elements",
            T + "x = torch.ones(1000000)\nparts = torch.split(x, 1)\n",
            message="max_loop_iterations",
            line=3,
        ),
        case(
            "unbind-a-million-rows",
            T + "x = torch.ones(1000000, 1)\nrows = x.unbind(0)\n",
            message="max_loop_iterations",
            line=3,
        ),
        case(
            "nonzero-rows-past-the-limit",
            T + "x = torch.ones(100, 100, 100)\nidx = torch.nonzero(x)\n",
            message="max_tensor_elements",
            line=3,
        ),
        case(
            "multinomial-huge-num-samples",
            T + "p = torch.tensor([0.5, 0.5])\ni = torch.multinomial(p, 10**9, replacement=True)\n",
            message="multinomial(num_samples=1,000,000,000)",
            line=3,
        ),
        case(
            "multinomial-num-samples-times-rows",
            T + "p = torch.ones(1000, 2)\ni = p.multinomial(2000, True)\n",
            message="max_tensor_elements",
            line=3,
        ),
        case(
            "multinomial-more-than-the-categories-without-replacement",
            T + "p = torch.tensor([0.5, 0.5])\ni = torch.multinomial(p, 3)\n",
            code="runtime_error",
            message="cannot sample n_sample > prob_dist.size(-1) samples without replacement",
            line=3,
        ),
        case(
            "multinomial-num-samples-not-whole",
            T + "p = torch.tensor([0.5, 0.5])\ni = torch.multinomial(p, 1.5)\n",
            code="runtime_error",
            message="num_samples must be a whole number",
            line=3,
        ),
        case(
            "generator-after-many-draws",
            T + "g = torch.Generator().manual_seed(1)\nfor i in range(5000):\n    torch.rand(200, generator=g)\n"
            "print(torch.randperm(4, generator=g).shape)\n",
            code=None,
            message="torch.Size([4])",
        ),
        case(
            "generator-drawing-a-huge-tensor",
            T + "g = torch.Generator().manual_seed(1)\nx = torch.randn(10**8, generator=g)\n",
            message="max_tensor_elements",
            line=3,
        ),
        case(
            "generator-drawing-a-huge-permutation",
            T + "g = torch.Generator().manual_seed(1)\nfor i in range(3):\n  p = torch.randperm(10**8, generator=g)\n",
            message="max_tensor_elements",
            line=4,
        ),
        case(
            "jacrev-of-a-big-output",
            T + "x = torch.ones(2000)\nj = torch.func.jacrev(lambda v: v * 2)(x)\n",
            message="jacrev(): a Jacobian of 2,000 outputs by 2,000 inputs",
            line=3,
        ),
        case(
            "jacrev-hessian-of-a-big-input",
            T + "x = torch.ones(1500)\nh = torch.func.jacrev(torch.func.jacrev(lambda v: (v**3).sum()))(x)\n",
            message="max_tensor_elements",
            line=3,
        ),
        case(
            "gradcheck-of-a-big-input",
            T + "x = torch.ones(5000, dtype=torch.double, requires_grad=True)\n"
            "ok = torch.autograd.gradcheck(lambda t: t.exp(), (x,))\n",
            message="gradcheck() would run the function 10,000 times",
            line=3,
        ),
        case(
            "linalg-inverse-of-a-huge-matrix",
            T + "a = torch.rand(1000, 1000)\ni = torch.linalg.inv(a)\n",
            message="inv(...) of 1000x1000 matrices",
            line=3,
        ),
        case(
            "linalg-det-of-a-batch-of-big-matrices",
            T + "a = torch.rand(2, 700, 700)\nd = torch.det(a)\n",
            message="max_matmul_flops",
            line=3,
        ),
        case(
            "linalg-solve-huge",
            T + "a = torch.rand(900, 900)\nx = torch.linalg.solve(a, torch.ones(900))\n",
            message="max_matmul_flops",
            line=3,
        ),
        case(
            "linalg-nuclear-norm-huge",
            T + "a = torch.rand(1000, 1000)\nn = torch.linalg.norm(a, ord='nuc')\n",
            message="max_matmul_flops",
            line=3,
        ),
        case(
            "linalg-singular-matrix",
            T + "a = torch.zeros(2, 2)\nx = torch.linalg.inv(a)\n",
            code="runtime_error",
            message="singular",
            line=3,
        ),
    ]
