import torch

x = torch.tensor([2.0, 3.0], requires_grad=True)
h = x * 3
h.retain_grad()
z = h.sigmoid()
z.retain_grad()
out = z.sum()

out.backward()
print(h.is_leaf, z.is_leaf)
print(z.grad)
print(h.grad)
print(x.grad)
