import torch

x = torch.rand(2, 3, requires_grad=True)

z = torch.zeros_like(x)
o = torch.ones_like(x)
r = torch.rand_like(x)
n = torch.randn_like(x)

print(z)
print(o)
print(r)
print(n)
print(z.requires_grad, o.shape)

y = (x * o + r).sum()
y.backward()
print(x.grad)
