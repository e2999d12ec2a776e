import torch

# A custom Function (x * exp(x)) checked numerically with torch.autograd.gradcheck in double precision.


class XExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        e = torch.exp(x)
        ctx.save_for_backward(x, e)
        ctx.scale = scale
        return scale * x * e

    @staticmethod
    def backward(ctx, grad_out):
        x, e = ctx.saved_tensors
        grad_x = grad_out * ctx.scale * (1 + x) * e if ctx.needs_input_grad[0] else None
        return grad_x, None


torch.manual_seed(0)
x = torch.randn(4, dtype=torch.double, requires_grad=True)
ok = torch.autograd.gradcheck(lambda t: XExp.apply(t, 2.0), (x,), eps=1e-6, atol=1e-4)
print("gradcheck passed:", ok)
y = XExp.apply(x, 2.0).sum()
y.backward()
print(x.grad)
print(torch.allclose(x.grad, 2 * (1 + x) * torch.exp(x)))
