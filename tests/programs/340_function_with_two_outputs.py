import torch

# A custom Function returning two tensors, sin and cos of its input: backward receives one gradient for each.
class SinCos(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.sin(), x.cos()

    @staticmethod
    def backward(ctx, grad_sin, grad_cos):
        (x,) = ctx.saved_tensors
        return grad_sin * x.cos() - grad_cos * x.sin()

x = torch.tensor([0.0, 0.5, 1.0], requires_grad=True)
s, c = SinCos.apply(x)
loss = (2 * s + c).sum()
loss.backward()
print(s, c)
print("custom:", x.grad)

x2 = torch.tensor([0.0, 0.5, 1.0], requires_grad=True)
(2 * x2.sin() + x2.cos()).sum().backward()
print("autograd:", x2.grad)
print(torch.allclose(x.grad, x2.grad))
