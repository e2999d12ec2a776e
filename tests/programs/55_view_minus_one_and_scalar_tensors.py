import torch

x = torch.arange(12.0).view(3, 4)
x.requires_grad_(True)
flat = x.view(-1)
pairs = x.reshape(-1, 2)

s = torch.tensor(3.0, requires_grad=True)
scaled = pairs * s
out = scaled.sum() + flat[5] * s

print(flat.shape, pairs.shape)
print(s, s.shape)
print(out)
out.backward()
print(x.grad)
print(s.grad)
