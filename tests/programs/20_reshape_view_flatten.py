import torch

x = torch.arange(6.0, requires_grad=True)

r = x.reshape(2, 3)
v = x.view(3, 2)
r2 = torch.reshape(x, (3, -1))
f = r.flatten()
f2 = torch.flatten(v)

print(r)
print(v)
print(r2.shape)
print(f)
print(f2)

y = (r * torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum() + v[0].sum()
y.backward()
print(x.grad)
