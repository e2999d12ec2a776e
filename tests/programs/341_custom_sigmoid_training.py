import torch

# A sigmoid written as a custom Function (saving its output), fitted in a loop next to torch.sigmoid.
class Sigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = 1 / (1 + torch.exp(-x))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        return grad_output * out * (1 - out)

x = torch.tensor([-2.0, -1.0, 1.0, 2.0])
y = torch.tensor([0.0, 0.0, 1.0, 1.0])
w = torch.tensor(0.1, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
for step in range(30):
    p = Sigmoid.apply(w * x + b)
    loss = ((p - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 1.0 * w.grad
        b -= 1.0 * b.grad
    w.grad.zero_()
    b.grad.zero_()
print(f"w {w.item():.4f}  b {b.item():.4f}  loss {loss.item():.6f}")
with torch.no_grad():
    mine = Sigmoid.apply(w * x + b)
print(mine, torch.allclose(mine, torch.sigmoid(w * x + b)))
