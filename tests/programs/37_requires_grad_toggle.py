import torch

x = torch.ones(2, 2)
print(x.requires_grad, x.is_leaf)

x.requires_grad_(True)
y = x * 5
print(x.requires_grad, y.requires_grad, y.is_leaf)

x.requires_grad_(False)
z = x * 5
print(x.requires_grad, z.requires_grad, z.is_leaf)
print(y)
print(z)
