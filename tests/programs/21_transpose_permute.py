import torch

x = torch.rand(2, 3, requires_grad=True)
t = x.transpose(0, 1)
t2 = torch.transpose(x, 1, 0)

cube = torch.rand(2, 3, 4, requires_grad=True)
p = cube.permute(2, 0, 1)

print(x)
print(t)
print(t.shape, t2.shape)
print(p.shape)

w = torch.tensor([1.0, 2.0])
y = (t @ w).sum() + (p[0] * 2).sum()
y.backward()
print(x.grad)
print(cube.grad)
