import torch

a = torch.rand(2)
b = torch.randn(2)
c = torch.rand(2, requires_grad=True)
d = torch.randn_like(c)
e = torch.rand(1)

print(a)
print(b)
print(c)
print(d)
print(e)
print(e.item())
