import torch

a = torch.full((2,), 3.0, requires_grad=True)
b = torch.ones(2, 2, dtype=torch.float64, requires_grad=True)
c = torch.zeros(3, requires_grad=True)
d = torch.eye(2, requires_grad=True)
e = torch.randn((2, 2), dtype=torch.float64)
f = torch.tensor([[1, 2], [3, 4]], dtype=torch.float32)
g = torch.rand(2).requires_grad_()

print(a, b, c, d, sep="\n")
print(e)
print(f, f.dtype)
print(g.requires_grad, g.is_leaf)

y = (a * a).sum() + (b @ e).sum() + (c + 1).prod() + (d * f).sum() + g.sum()
y.backward()
print(a.grad, b.grad, c.grad, d.grad, g.grad, sep="\n")
