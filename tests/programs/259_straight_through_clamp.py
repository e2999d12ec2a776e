import torch

# A clamp whose backward lets the gradient straight through, next to torch.clamp that stops it at the edges.
class StraightThroughClamp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clamp(-1.0, 1.0)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output

x = torch.tensor([-2.0, -0.5, 0.0, 0.7, 3.0], requires_grad=True)
y = StraightThroughClamp.apply(x)
print(y)
print(y.grad_fn is not None, y.requires_grad)
(y * torch.arange(1.0, 6.0)).sum().backward()
print("straight through:", x.grad)

x2 = x.detach().clone().requires_grad_()
z = torch.clamp(x2, -1.0, 1.0)
(z * torch.arange(1.0, 6.0)).sum().backward()
print("torch.clamp:     ", x2.grad)
print("equal forward:", torch.equal(y, z))
