import torch
import torch.nn as nn

# Binarized weights: forward uses sign(w), backward passes the gradient where |w| <= 1 (straight-through).
torch.manual_seed(0)

class BinarySign(torch.autograd.Function):
    @staticmethod
    def forward(ctx, w):
        ctx.save_for_backward(w)
        return torch.where(w >= 0, torch.ones_like(w), -torch.ones_like(w))

    @staticmethod
    def backward(ctx, grad_output):
        (w,) = ctx.saved_tensors
        return grad_output * (w.abs() <= 1).float()

class BinaryLinear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * 0.3)

    def forward(self, x):
        return x @ BinarySign.apply(self.weight).t()

layer = BinaryLinear(3, 2)
print("real weights:", layer.weight)
x = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 2.0]])
target = x @ torch.tensor([[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]]).t()
opt = torch.optim.SGD(layer.parameters(), lr=0.05)
for step in range(10):
    opt.zero_grad()
    loss = ((layer(x) - target) ** 2).mean()
    loss.backward()
    opt.step()
    print(step, loss.item())
print("binary weights:", BinarySign.apply(layer.weight).detach())
print("grad:", layer.weight.grad)
