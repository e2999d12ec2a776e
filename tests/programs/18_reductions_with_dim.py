import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)

s0 = x.sum(dim=0)
s1 = torch.sum(x, dim=1, keepdim=True)
m = x.mean(dim=1)
mk = x.mean(dim=0, keepdim=True)
p = x.prod(dim=1)
n = x.norm()
n1 = torch.norm(x, dim=1)

print(s0, s0.shape)
print(s1, s1.shape)
print(m)
print(mk)
print(p)
print(n)
print(n1)

total = s0.sum() + s1.sum() + m.sum() + mk.sum() + p.sum() + n + n1.sum()
total.backward()
print(x.grad)
