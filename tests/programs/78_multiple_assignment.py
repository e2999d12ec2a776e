import torch

a = b = torch.zeros(2)
x, y = torch.rand(2, requires_grad=True), torch.rand(2, requires_grad=True)
p, q = x * 2, y * 3

z = (p * q).sum()
z.backward()
print(a is b)
print(x.grad, y.grad)
print(p, q)
