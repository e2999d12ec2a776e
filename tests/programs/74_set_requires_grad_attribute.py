import torch

x = torch.linspace(0, 1, 4)
print(x.requires_grad)

x.requires_grad = True
y = (x * x).sum()
y.backward()

print(x.requires_grad, y.requires_grad)
print(x.grad)
