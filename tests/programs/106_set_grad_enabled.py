import torch

x = torch.ones(2, requires_grad=True)
with torch.set_grad_enabled(False):
    y = x * 2
z = x * 2
print(y.requires_grad, z.requires_grad)
