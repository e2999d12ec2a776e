import torch

# A custom Function taking a tensor and a plain number: backward returns None for the number.
class MulConstant(torch.autograd.Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
y = MulConstant.apply(x, 5.0)
z = MulConstant.apply(y, -0.5)
print(y)
print(z)
z.mean().backward()
print(x.grad)
print(z.grad_fn)
