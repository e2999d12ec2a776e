import torch

x = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)

a = torch.exp(x)
b = torch.mean(x, dim=0)
c = torch.matmul(x, x)
d = torch.sigmoid(x)
e = torch.sqrt(torch.abs(x))
f = torch.prod(x)
g = torch.max(x, dim=1, keepdim=True)

print(a)
print(b)
print(c)
print(d)
print(e)
print(f)
print(g[0])

total = a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f + g[0].sum()
total.backward()
print(x.grad)
