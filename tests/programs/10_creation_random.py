import torch

a = torch.rand(3)
b = torch.randn(2, 3)
c = torch.rand((2, 2))
d = torch.randn(size=(4,))
e = torch.rand(2, 2, dtype=torch.float64)
f = torch.randn(3, requires_grad=True)

print(a)
print(b)
print(c)
print(d)
print(e)
print(f)
print(a.shape, b.shape, c.shape, d.shape)
print(e.dtype, f.dtype)
